//! What a parent may tell the centre about an appointment, and when. Pure: no I/O.

use crate::i18n::Lang;
use crate::visits::{Kind, Status};

/// A delay can be reported from this long before the start until the appointment ends.
pub const DELAY_WINDOW_SECS: i64 = 12 * 60 * 60;
pub const MAX_DELAY_MINUTES: i64 = 120;
pub const MAX_MESSAGE_CHARS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotPlanned,
    TooEarly,
    AlreadyOver,
    AlreadyStarted,
    BadMinutes,
    MessageTooLong,
}

impl Refusal {
    pub fn field(self) -> &'static str {
        match self {
            Refusal::BadMinutes => "minutes",
            Refusal::MessageTooLong => "message",
            _ => "_",
        }
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            Refusal::NotPlanned => lang.t(
                "Aftalen er allerede aflyst eller afholdt, så du behøver ikke give besked.",
                "The appointment is already cancelled or held, so you do not need to tell us.",
            ),
            Refusal::TooEarly => lang.t(
                "Du kan give besked om forsinkelse fra 12 timer før. Kan du ikke komme, så brug \u{201c}Jeg kan ikke komme\u{201d}.",
                "You can report a delay from 12 hours before. If you cannot come, use \u{201c}I can't come\u{201d}.",
            ),
            Refusal::AlreadyOver => lang.t(
                "Aftalen er slut. Ring til os, hvis du vil sige noget.",
                "The appointment is over. Call us if you want to tell us something.",
            ),
            Refusal::AlreadyStarted => lang.t(
                "Aftalen er begyndt. Ring til samværscentret.",
                "The appointment has started. Please call the visitation centre.",
            ),
            Refusal::BadMinutes => {
                lang.t("Skriv et antal minutter mellem 5 og 120.", "Enter a number of minutes between 5 and 120.")
            }
            Refusal::MessageTooLong => {
                lang.t("Beskeden må højst være 500 tegn.", "The message can be at most 500 characters.")
            }
        }
    }
}

/// May a parent report being `minutes` late for an appointment at `now`?
pub fn check_delay(status: Status, starts_at: i64, ends_at: i64, now: i64, minutes: i64) -> Result<(), Refusal> {
    if status != Status::Planned {
        return Err(Refusal::NotPlanned);
    }
    if now >= ends_at {
        return Err(Refusal::AlreadyOver);
    }
    if now < starts_at - DELAY_WINDOW_SECS {
        return Err(Refusal::TooEarly);
    }
    if !(5..=MAX_DELAY_MINUTES).contains(&minutes) {
        return Err(Refusal::BadMinutes);
    }
    Ok(())
}

/// May a parent say they cannot come, with this message, at `now`?
pub fn check_cancel(status: Status, starts_at: i64, now: i64, message: &str) -> Result<(), Refusal> {
    if status != Status::Planned {
        return Err(Refusal::NotPlanned);
    }
    if now >= starts_at {
        return Err(Refusal::AlreadyStarted);
    }
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(Refusal::MessageTooLong);
    }
    Ok(())
}

/// "tel:+4572104000" for a Danish number written "72 10 40 00" (or already with +45).
pub fn phone_href(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    match digits.len() {
        8 if !digits.starts_with('+') => Some(format!("tel:+45{digits}")),
        n if n > 8 && digits.starts_with('+') => Some(format!("tel:{digits}")),
        _ => None,
    }
}

/// The parents' list folds each guidance talk into its visit's row when the visit is in the same
/// list (a talk whose visit is not stays a row of its own). `rows` are (id, kind, related visit)
/// in the list's order; answers each row to show, in order, with the indices of its talks.
pub fn fold_talks(rows: &[(i64, Kind, Option<i64>)]) -> Vec<(usize, Vec<usize>)> {
    let is_talk = |kind: &Kind| kind.is_talk();
    let visit_at = |id: i64| rows.iter().position(|r| r.0 == id && !r.1.is_talk());
    let folded: Vec<bool> =
        rows.iter().map(|(_, kind, related)| is_talk(kind) && related.and_then(visit_at).is_some()).collect();
    let mut shown: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, (id, kind, _)) in rows.iter().enumerate() {
        if folded[i] {
            continue;
        }
        let talks = if is_talk(kind) {
            Vec::new()
        } else {
            (0..rows.len()).filter(|t| folded[*t] && rows[*t].2 == Some(*id)).collect()
        };
        shown.push((i, talks));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn talks_fold_into_their_visit_when_it_is_listed() {
        let rows = [
            (10, Kind::GuidanceBefore, Some(11)),
            (11, Kind::Visit, None),
            (12, Kind::GuidanceAfter, Some(11)),
            (13, Kind::FollowupMeeting, None),
            // Its visit is not in this list (the other tab): a row of its own.
            (14, Kind::GuidanceAfter, Some(99)),
            (15, Kind::Visit, None),
        ];
        assert_eq!(fold_talks(&rows), vec![(1, vec![0, 2]), (3, vec![]), (4, vec![]), (5, vec![])]);
        assert_eq!(fold_talks(&[]), vec![]);
    }

    proptest::proptest! {
        #[test]
        fn every_row_is_shown_once_or_folded_under_its_own_visit(
            kinds in proptest::collection::vec((0u8..3, proptest::option::of(0i64..12)), 0..12)
        ) {
            let rows: Vec<(i64, Kind, Option<i64>)> = kinds
                .iter()
                .enumerate()
                .map(|(i, (k, rel))| {
                    let kind = [Kind::Visit, Kind::GuidanceBefore, Kind::GuidanceAfter][*k as usize];
                    (i as i64, kind, if *k == 0 { None } else { *rel })
                })
                .collect();
            let shown = fold_talks(&rows);
            let mut seen: Vec<usize> = shown.iter().flat_map(|(i, t)| std::iter::once(*i).chain(t.iter().copied())).collect();
            seen.sort_unstable();
            proptest::prop_assert_eq!(seen, (0..rows.len()).collect::<Vec<_>>());
            for (i, talks) in &shown {
                for t in talks {
                    proptest::prop_assert_eq!(rows[*t].2, Some(rows[*i].0));
                    proptest::prop_assert_eq!(rows[*i].1, Kind::Visit);
                }
            }
            proptest::prop_assert!(shown.windows(2).all(|w| w[0].0 < w[1].0), "in the list's order");
        }
    }

    const START: i64 = 1_000_000;
    const END: i64 = START + 7200;

    #[test]
    fn a_delay_is_accepted_on_the_day_until_the_visit_ends() {
        assert_eq!(check_delay(Status::Planned, START, END, START - 3600, 15), Ok(()));
        assert_eq!(check_delay(Status::Planned, START, END, START + 600, 15), Ok(()));
        assert_eq!(check_delay(Status::Planned, START, END, END, 15), Err(Refusal::AlreadyOver));
        assert_eq!(check_delay(Status::Planned, START, END, START - DELAY_WINDOW_SECS - 1, 15), Err(Refusal::TooEarly));
        assert_eq!(check_delay(Status::Cancelled, START, END, START - 60, 15), Err(Refusal::NotPlanned));
    }

    #[test]
    fn delay_minutes_must_be_sensible() {
        assert_eq!(check_delay(Status::Planned, START, END, START, 4), Err(Refusal::BadMinutes));
        assert_eq!(check_delay(Status::Planned, START, END, START, 121), Err(Refusal::BadMinutes));
        assert_eq!(check_delay(Status::Planned, START, END, START, 120), Ok(()));
        assert_eq!(Refusal::BadMinutes.field(), "minutes");
    }

    #[test]
    fn cancelling_is_possible_until_the_start() {
        assert_eq!(check_cancel(Status::Planned, START, START - 1, ""), Ok(()));
        assert_eq!(check_cancel(Status::Planned, START, START, ""), Err(Refusal::AlreadyStarted));
        assert_eq!(check_cancel(Status::Held, START, START - 100, ""), Err(Refusal::NotPlanned));
        assert_eq!(check_cancel(Status::Planned, START, 0, &"æ".repeat(500)), Ok(()));
        assert_eq!(check_cancel(Status::Planned, START, 0, &"æ".repeat(501)), Err(Refusal::MessageTooLong));
    }

    #[test]
    fn phone_links_are_international() {
        assert_eq!(phone_href("72 10 40 00").as_deref(), Some("tel:+4572104000"));
        assert_eq!(phone_href("+45 72 10 40 00").as_deref(), Some("tel:+4572104000"));
        assert_eq!(phone_href("1234"), None);
    }
}
