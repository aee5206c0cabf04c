//! Builds the iCalendar text. Pure: events in, RFC 5545 text out.
//!
//! Times are written in UTC (`…Z`), which every calendar shows in its own zone: correct on both
//! sides of a daylight-saving change without shipping VTIMEZONE rules. X-WR-TIMEZONE tells
//! clients the centre's zone.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

pub struct FeedEvent {
    pub uid: String,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    /// "Samvær · Rum 2": no names, no case details.
    pub summary: String,
    pub location: String,
    pub url: String,
    /// "Se detaljer i appen: <url>"
    pub description: String,
    pub cancelled: bool,
    pub updated: DateTime<Utc>,
    /// Grows with every change, so calendars replace the event they hold.
    pub sequence: u32,
}

/// `now` is the DTSTAMP: when this copy of the calendar was made (RFC 5545 with METHOD).
pub fn calendar(name: &str, events: &[FeedEvent], now: DateTime<Utc>) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Samvaer//Samvaer portal//DA"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"));
    cal.name(name).timezone("Europe/Copenhagen").ttl(&chrono::Duration::hours(1));
    for e in events {
        let mut ev = Event::new();
        ev.uid(&e.uid)
            .summary(&e.summary)
            .starts(e.starts)
            .ends(e.ends)
            .location(&e.location)
            .url(&e.url)
            .description(&e.description)
            .timestamp(now)
            .last_modified(e.updated)
            .sequence(e.sequence)
            .status(if e.cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
        cal.push(ev.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn events_are_written_in_utc_with_status() {
        let at = |h| Utc.with_ymd_and_hms(2026, 12, 5, h, 0, 0).single().unwrap_or_default();
        let text = calendar(
            "Samvær",
            &[FeedEvent {
                uid: "appointment-7@samvaer".into(),
                starts: at(9),
                ends: at(11),
                summary: "Samvær · Rum 2".into(),
                location: "Fjordvej 12, 4000 Roskilde".into(),
                url: "https://samvaer.example/mine-samvaer/7".into(),
                description: "Se detaljer i appen: https://samvaer.example/mine-samvaer/7".into(),
                cancelled: true,
                updated: at(8),
                sequence: 3,
            }],
            at(10),
        );
        assert!(text.contains("DTSTAMP:20261205T100000Z"));
        assert!(text.contains("SEQUENCE:3"));
        assert!(text.contains("BEGIN:VCALENDAR"));
        assert_eq!(text.matches("PRODID:").count(), 1);
        assert!(text.contains("DTSTART:20261205T090000Z"));
        assert!(text.contains("SUMMARY:Samvær · Rum 2"));
        assert!(text.contains("STATUS:CANCELLED"));
        assert!(text.contains("LOCATION:Fjordvej 12\\, 4000 Roskilde"));
    }
}
