//! Pure helpers for the board: initials, labels and a block's place in the day's hours.

/// "Lene Friis" → "LF"; "Anne-Marie Holm" → "AH".
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect()
}

/// The block's label for an appointment kind and visit type.
pub fn label(kind: &str, visit_type: Option<&str>) -> (&'static str, &'static str) {
    match (kind, visit_type) {
        ("visit", Some("supervised")) => ("visit", "Overvåget samvær"),
        ("visit", _) => ("visit", "Støttet samvær"),
        ("kickoff_meeting", _) => ("meeting", "Opstartsmøde"),
        ("followup_meeting", _) => ("meeting", "Opfølgningsmøde"),
        ("guidance_before", _) => ("guidance", "Vejledning før"),
        _ => ("guidance", "Vejledning efter"),
    }
}

/// The hours the day view shows: 07–21, widened to whatever is booked outside them.
pub fn hours(booked: impl Iterator<Item = (u32, u32)>) -> (u32, u32) {
    booked.fold((7, 21), |(first, last), (start_min, end_min)| {
        (first.min(start_min / 60), last.max(end_min.div_ceil(60)).min(24))
    })
}

/// Top and height in tenths of a percent of [first_hour, last_hour), for local minutes since
/// midnight; clipped to the shown hours.
pub fn position(start_min: u32, end_min: u32, first_hour: u32, last_hour: u32) -> (u32, u32) {
    let (from, to) = (first_hour * 60, last_hour * 60);
    let total = to.saturating_sub(from).max(1);
    let s = start_min.clamp(from, to) - from;
    let e = end_min.clamp(from, to) - from;
    (s * 1000 / total, (e.saturating_sub(s) * 1000 / total).max(15))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_labels() {
        assert_eq!(initials("Lene Friis"), "LF");
        assert_eq!(initials("anne-marie  holm"), "AH");
        assert_eq!(label("visit", Some("supervised")).1, "Overvåget samvær");
        assert_eq!(label("followup_meeting", None).0, "meeting");
    }

    #[test]
    fn blocks_are_placed_within_the_shown_hours() {
        assert_eq!(hours([(600, 720)].into_iter()), (7, 21));
        assert_eq!(hours([(360, 450), (1200, 1330)].into_iter()), (6, 23));
        // 10.00–12.00 in 07–21: starts 3/14 down, 2/14 high.
        assert_eq!(position(600, 720, 7, 21), (214, 142));
        // Clipped at the edges, never invisible.
        assert_eq!(position(300, 430, 7, 21), (0, 15));
        assert_eq!(position(1270, 1300, 7, 21), (1000, 15));
    }
}
