//! Booking: rooms, places and consultants week by week, with double bookings made impossible.
//! `rules` are the pure rules (overlap with buffers, series across daylight saving, exceptions,
//! free slots), `eligibility` the case rules (decision period, § 105 suspension, § 104 consent),
//! `service` books inside one database transaction.

pub mod api;
pub mod board;
#[cfg(feature = "ssr")]
pub mod capacity;
#[cfg(feature = "ssr")]
pub mod change;
#[cfg(feature = "ssr")]
pub mod check;
pub mod detail;
#[cfg(feature = "ssr")]
pub mod eligibility;
#[cfg(feature = "ssr")]
pub mod find;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod parse;
#[cfg(feature = "ssr")]
pub mod places;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod series;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod staffing;
#[cfg(feature = "ssr")]
pub mod suggest;
#[cfg(feature = "ssr")]
pub mod windows;

/// One weekend's capacity: place-time open and booked, visits staffed and not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WeekendCapacity {
    /// "lørdag 28. november – søndag 29. november"
    pub label: String,
    pub open_minutes: i64,
    pub booked_minutes: i64,
    pub staffed: usize,
    pub unstaffed: usize,
}

/// A free time offered by "find a slot", ready to book.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SlotOffer {
    /// "lørdag 5. december kl. 10.00"
    pub when: String,
    /// "2026-12-05" and "10:00": what the booking form takes.
    pub date: String,
    pub time: String,
    pub place_id: crate::setup::PlaceId,
    pub place: String,
    pub staff_id: crate::staff::StaffId,
    pub staff: String,
}

/// A booking as the form sends it, parsed and checked.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct BookingInput {
    pub family_id: crate::cases::FamilyId,
    pub place_id: crate::setup::PlaceId,
    pub staff_ids: Vec<crate::staff::StaffId>,
    /// "visit", "kickoff_meeting" or "followup_meeting".
    pub kind: crate::visits::Kind,
    pub date: chrono::NaiveDate,
    pub at: chrono::NaiveTime,
    pub minutes: i64,
    /// Guidance talks right before and after the visit (0: none), booked as linked slots with the
    /// same place and consultants.
    pub guidance_before_min: i64,
    pub guidance_after_min: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub repeat: rules::Repeat,
    pub until: chrono::NaiveDate,
    /// Dates of the series left out when it is booked (a holiday, say).
    pub skip: Vec<chrono::NaiveDate>,
}

#[cfg(feature = "ssr")]
impl BookingInput {
    pub fn is_visit(&self) -> bool {
        self.kind == crate::visits::Kind::Visit
    }

    /// What one occurrence holds of its place and consultants: the guidance talks and the
    /// hand-over buffers on both sides.
    pub fn block(&self, visit: rules::Span) -> rules::Span {
        rules::Span::new(visit.start - self.guidance_before_min * 60, visit.end + self.guidance_after_min * 60)
            .with_buffers(self.buffer_before_min * 60, self.buffer_after_min * 60)
    }

    /// The occurrences to book (the skipped dates left out), or a clear error when there are none
    /// or more than a series may have.
    pub fn occurrences(&self) -> Result<Vec<rules::Occurrence>, crate::error::AppError> {
        use crate::error::AppError;
        if rules::planned_dates(self.date, &self.repeat, self.until) > rules::MAX_OCCURRENCES {
            return Err(AppError::invalid(
                "until",
                format!("En serie kan højst have {} datoer. Vælg en tidligere slutdato.", rules::MAX_OCCURRENCES),
            ));
        }
        let skip: Vec<rules::Exception> = self.skip.iter().map(|d| rules::Exception::Skip(*d)).collect();
        let occ = rules::expand(self.date, self.at, self.minutes, &self.repeat, self.until, &skip);
        if occ.is_empty() {
            return Err(AppError::invalid("until", "Serien har ingen datoer før slutdatoen."));
        }
        Ok(occ)
    }
}
