//! Rows to display types: labels in the reader's language, local times.

use super::repo::{AppointmentRow, NoticeRow};
use super::{Status, VisitId, VisitSummary, title};
use crate::i18n::Lang;
use crate::time;

/// A map search for an address (OpenStreetMap: no account, no tracking cookies).
pub fn map_url(address: &str) -> Option<String> {
    if address.trim().is_empty() {
        return None;
    }
    let query: String = form_urlencoded::byte_serialize(address.as_bytes()).collect();
    Some(format!("https://www.openstreetmap.org/search?query={query}"))
}

/// "Forsinket 15 min. · sendt fre 4/12 9.42" / "Kan ikke komme: <message> · sendt …"
pub fn notice_label(lang: Lang, n: &NoticeRow, with_author: bool) -> String {
    let what = match (n.kind.as_str(), n.minutes) {
        ("delayed", Some(m)) => format!("{} {m} min.", lang.t("Forsinket", "Delayed")),
        _ if n.message.is_empty() => lang.t("Kan ikke komme", "Cannot come").to_string(),
        _ => format!("{}: {}", lang.t("Kan ikke komme", "Cannot come"), n.message),
    };
    let at = time::from_unix(n.created_at);
    let when = format!(
        "{} {} {}",
        lang.t("sendt", "sent"),
        time::short_day_in(lang, time::today(at)),
        time::clock_in(lang, at)
    );
    if with_author { format!("{what} · {} · {when}", n.author) } else { format!("{what} · {when}") }
}

/// A row of a staff list (the overview, the shifts, the unstaffed visits): the summary with the
/// children's initials but not their names, and notices without who sent them. Names are on the
/// appointment's own page only, and what a list does not show it does not send either.
pub fn staff_row(row: &AppointmentRow, notices: &[NoticeRow]) -> VisitSummary {
    VisitSummary { children: String::new(), ..summary(Lang::Da, row, notices, false) }
}

pub fn summary(lang: Lang, row: &AppointmentRow, notices: &[NoticeRow], with_author: bool) -> VisitSummary {
    let start = time::from_unix(row.starts_at);
    let end = time::from_unix(row.ends_at);
    let status = row.status;
    let address = row.place_address.clone().unwrap_or_default();
    VisitSummary {
        id: VisitId(row.id),
        kind: row.kind,
        title: title(lang, row.kind, row.visit_type).to_string(),
        when: time::long_in(lang, start),
        day: time::short_day_in(lang, time::local(start).date_naive()),
        span: time::span_in(lang, start, end),
        place: row.place_name.clone().unwrap_or_else(|| lang.t("Sted aftales", "Place to be agreed").into()),
        map_url: map_url(&address),
        place_address: address,
        staff: row
            .staff_names
            .clone()
            .unwrap_or_else(|| lang.t("Vi finder en konsulent", "We are finding a consultant").into()),
        children: row.children_names.clone().unwrap_or_default(),
        initials: row.children_initials.clone().unwrap_or_default(),
        unstaffed: row.staff_names.is_none(),
        family_code: row.family_code.clone(),
        status,
        status_note: if status == Status::Cancelled {
            // Not recorded who: plain "Aflyst", never a guess.
            row.cancelled_by.map_or(status.label_in(lang), |by| by.label_in(lang)).to_string()
        } else {
            String::new()
        },
        moved_from: row.moved_from_starts_at.map(|from| {
            format!("{} {}", lang.t("Flyttet fra", "Moved from"), time::long_in(lang, time::from_unix(from)))
        }),
        notices: notices
            .iter()
            .filter(|n| n.appointment_id == row.id)
            .map(|n| notice_label(lang, n, with_author))
            .collect(),
        talks: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visits::CancelledBy;

    fn row() -> AppointmentRow {
        AppointmentRow {
            id: 7,
            family_id: crate::cases::FamilyId(1),
            family_code: "F-01".into(),
            kind: crate::visits::Kind::Visit,
            visit_type: Some(crate::visits::VisitType::Supervised),
            starts_at: 1_796_461_200, // 2026-12-05 09:00 UTC
            ends_at: 1_796_468_400,
            status: Status::Cancelled,
            cancelled_by: Some(CancelledBy::Parent),
            preparation_notes: String::new(),
            place_name: Some("Rum 2".into()),
            place_address: Some("Fjordvej 12, 4000 Roskilde".into()),
            staff_names: None,
            children_names: Some("Freja, Oskar".into()),
            children_initials: Some("FN, ON".into()),
            moved_from_starts_at: Some(1_796_374_800), // a day earlier
            related_visit_id: None,
        }
    }

    #[test]
    fn a_cancelled_visit_says_who_cancelled() {
        let s = summary(Lang::Da, &row(), &[], false);
        assert_eq!(s.when, "lørdag 5. december kl. 10.00");
        assert_eq!(s.span, "10.00–12.00");
        assert_eq!(s.status_note, "Aflyst af forælder");
        assert_eq!(s.staff, "Vi finder en konsulent");
        assert!(s.unstaffed);
        assert_eq!(s.initials, "FN, ON");
        assert_eq!(s.moved_from.as_deref(), Some("Flyttet fra fredag 4. december kl. 10.00"));
        assert_eq!(
            s.map_url.as_deref(),
            Some("https://www.openstreetmap.org/search?query=Fjordvej+12%2C+4000+Roskilde")
        );
    }

    #[test]
    fn english_labels_and_notices() {
        let notice = |appointment_id| NoticeRow {
            appointment_id,
            kind: "delayed".into(),
            minutes: Some(15),
            message: String::new(),
            created_at: 1_796_458_920, // 08.22 UTC = 09.22 local
            author: "Mette Nielsen".into(),
        };
        let s = summary(Lang::En, &row(), &[notice(7), notice(8)], true);
        assert_eq!(s.when, "Saturday 5 December at 10:00");
        assert_eq!(s.status_note, "Cancelled by a parent");
        assert_eq!(s.notices, vec!["Delayed 15 min. · Mette Nielsen · sent Saturday 5/12 09:22".to_string()]);
    }
}
