//! Rows to display types: Danish labels, local times.

use super::repo::AppointmentRow;
use super::{Status, VisitId, VisitSummary, title};
use crate::time;

pub fn cancelled_by_label(who: Option<&str>) -> &'static str {
    match who {
        Some("parent") => "Aflyst af forælder",
        Some("placement") => "Aflyst af anbringelsesstedet",
        Some("child") => "Aflyst efter barnets ønske",
        Some("caseworker") => "Aflyst af rådgiver",
        _ => "Aflyst af samværscentret",
    }
}

pub fn summary(row: &AppointmentRow) -> VisitSummary {
    let start = time::from_unix(row.starts_at);
    let end = time::from_unix(row.ends_at);
    let status = Status::parse(&row.status);
    VisitSummary {
        id: VisitId(row.id),
        title: title(&row.kind, row.visit_type.as_deref()).to_string(),
        when: time::long(start),
        day: time::short_day(time::local(start).date_naive()),
        span: time::span(start, end),
        place: row.place_name.clone().unwrap_or_else(|| "Sted aftales".into()),
        place_address: row.place_address.clone().unwrap_or_default(),
        staff: row.staff_names.clone().unwrap_or_else(|| "Ikke bemandet endnu".into()),
        children: row.children_names.clone().unwrap_or_default(),
        family_code: row.family_code.clone(),
        status,
        status_note: if status == Status::Cancelled {
            cancelled_by_label(row.cancelled_by.as_deref()).to_string()
        } else {
            String::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_visit_says_who_cancelled() {
        let row = AppointmentRow {
            id: 7,
            family_id: 1,
            family_code: "F-01".into(),
            kind: "visit".into(),
            visit_type: Some("supervised".into()),
            starts_at: 1_796_461_200, // 2026-12-05 09:00 UTC
            ends_at: 1_796_468_400,
            status: "cancelled".into(),
            cancelled_by: Some("parent".into()),
            preparation_notes: String::new(),
            place_name: Some("Rum 2".into()),
            place_address: None,
            staff_names: None,
            children_names: Some("Freja, Oskar".into()),
        };
        let s = summary(&row);
        assert_eq!(s.when, "lørdag 5. december kl. 10.00");
        assert_eq!(s.span, "10.00–12.00");
        assert_eq!(s.status_note, "Aflyst af forælder");
        assert_eq!(s.staff, "Ikke bemandet endnu");
    }
}
