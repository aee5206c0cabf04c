//! Pure helpers for the board: initials, labels and a block's place in the day's hours.

use crate::visits::{Kind, VisitType};

/// "Lene Friis" → "LF"; "Anne-Marie Holm" → "AH".
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect()
}

/// The block's class and short label (a board cell is narrow) for a kind and visit type.
pub fn label(kind: Kind, visit_type: Option<VisitType>) -> (&'static str, &'static str) {
    match (kind, visit_type) {
        (Kind::Visit, t) => ("visit", t.unwrap_or(VisitType::Supported).short()),
        (Kind::KickoffMeeting, _) => ("meeting", "Opstartsmøde"),
        (Kind::FollowupMeeting, _) => ("meeting", "Opfølgning"),
        (Kind::GuidanceBefore, _) => ("guidance", "Vejl. før"),
        (Kind::GuidanceAfter, _) => ("guidance", "Vejl. efter"),
    }
}

/// The hours the day view shows: 07–21, widened to whatever is booked outside them.
pub fn hours(booked: impl Iterator<Item = (u32, u32)>) -> (u32, u32) {
    booked.fold((7, 21), |(first, last), (start_min, end_min)| {
        (first.min(start_min / 60), last.max(end_min.div_ceil(60)).min(24))
    })
}

/// The first quarter hour from `first_hour` and the number of quarters a block covers, for local
/// minutes since midnight; clipped to the shown hours, at least one quarter.
pub fn quarters(start_min: u32, end_min: u32, first_hour: u32, last_hour: u32) -> (u32, u32) {
    let (from, to) = (first_hour * 60, last_hour * 60);
    let s = (start_min.clamp(from, to) - from) / 15;
    let e = (end_min.clamp(from, to) - from).div_ceil(15);
    let last = (to - from) / 15;
    let s = s.min(last.saturating_sub(1));
    (s, e.saturating_sub(s).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_labels() {
        assert_eq!(initials("Lene Friis"), "LF");
        assert_eq!(initials("anne-marie  holm"), "AH");
        assert_eq!(label(crate::visits::Kind::Visit, Some(VisitType::Supervised)).1, "Overvåget");
        assert_eq!(label(crate::visits::Kind::FollowupMeeting, None).0, "meeting");
    }

    #[test]
    fn blocks_are_placed_within_the_shown_hours() {
        assert_eq!(hours([(600, 720)].into_iter()), (7, 21));
        assert_eq!(hours([(360, 450), (1200, 1330)].into_iter()), (6, 23));
        // 10.00–12.00 from 07: quarter 12, eight quarters; 10.05–10.50 covers 10.00–11.00.
        assert_eq!(quarters(600, 720, 7, 21), (12, 8));
        assert_eq!(quarters(605, 650, 7, 21), (12, 4));
        // Clipped at the edges, never invisible.
        assert_eq!(quarters(300, 430, 7, 21), (0, 1));
        assert_eq!(quarters(1270, 1300, 7, 21), (55, 1));
    }
}
