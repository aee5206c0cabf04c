use chrono::{NaiveDate, NaiveTime, Weekday};
use proptest::prelude::*;

use super::*;
use crate::time;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

fn local_clock(secs: i64) -> String {
    time::clock(time::from_unix(secs))
}

#[test]
fn buffers_make_back_to_back_bookings_collide() {
    let a = Span::new(1000, 2000);
    let b = Span::new(2000, 3000);
    assert!(!a.overlaps(b), "touching is not overlapping");
    assert!(a.with_buffers(0, 600).overlaps(b.with_buffers(600, 0)));
    let busy = [Busy { span: b.with_buffers(600, 600), what: "Rum 2".into() }];
    assert_eq!(first_collision(a.with_buffers(0, 300), &busy).map(|b| b.what.as_str()), Some("Rum 2"));
    assert_eq!(first_collision(Span::new(0, 1000), &busy), None);
}

#[test]
fn a_weekly_series_keeps_ten_oclock_across_the_october_change() {
    // Summer time ends on Sunday 25 October 2026.
    let occ = expand(d(2026, 10, 17), t(10, 0), 120, &Repeat::EveryWeeks(1), d(2026, 10, 31), &[]);
    let utc: Vec<String> = occ.iter().map(|o| time::from_unix(o.span.start).format("%d %H:%M").to_string()).collect();
    assert_eq!(utc, ["17 08:00", "24 08:00", "31 09:00"]);
    assert!(occ.iter().all(|o| local_clock(o.span.start) == "10.00" && o.span.end - o.span.start == 7200));
}

#[test]
fn a_biweekly_saturday_series_keeps_its_clock_across_the_march_change() {
    // Summer time starts on Sunday 28 March 2027.
    let occ = expand(d(2027, 3, 13), t(10, 0), 90, &Repeat::EveryWeeks(2), d(2027, 4, 30), &[]);
    let dates: Vec<NaiveDate> = occ.iter().map(|o| o.date).collect();
    assert_eq!(dates, [d(2027, 3, 13), d(2027, 3, 27), d(2027, 4, 10), d(2027, 4, 24)]);
    let utc: Vec<String> = occ.iter().map(|o| time::from_unix(o.span.start).format("%H:%M").to_string()).collect();
    assert_eq!(utc, ["09:00", "09:00", "08:00", "08:00"]);
}

#[test]
fn every_fourth_week_until_a_date_inclusive() {
    let occ = expand(d(2026, 12, 5), t(13, 30), 60, &Repeat::EveryWeeks(4), d(2027, 1, 30), &[]);
    assert_eq!(occ.iter().map(|o| o.date).collect::<Vec<_>>(), [d(2026, 12, 5), d(2027, 1, 2), d(2027, 1, 30)]);
}

#[test]
fn exceptions_skip_and_move_one_occurrence() {
    let ex = [
        Exception::Skip(d(2026, 12, 19)),
        Exception::Move { from: d(2026, 12, 26), to: d(2026, 12, 27), at: t(14, 0) },
    ];
    let occ = expand(d(2026, 12, 12), t(10, 0), 120, &Repeat::EveryWeeks(1), d(2027, 1, 2), &ex);
    let got: Vec<(NaiveDate, String, bool)> =
        occ.iter().map(|o| (o.date, local_clock(o.span.start), o.moved)).collect();
    assert_eq!(
        got,
        [
            (d(2026, 12, 12), "10.00".to_string(), false),
            (d(2026, 12, 27), "14.00".to_string(), true),
            (d(2027, 1, 2), "10.00".to_string(), false),
        ]
    );
}

#[test]
fn custom_dates_are_sorted_deduplicated_and_bounded() {
    let dates = vec![d(2027, 1, 9), d(2026, 12, 12), d(2027, 1, 9), d(2027, 3, 1)];
    let occ = expand(d(2026, 12, 12), t(9, 0), 60, &Repeat::Dates(dates), d(2027, 2, 1), &[]);
    assert_eq!(occ.iter().map(|o| o.date).collect::<Vec<_>>(), [d(2026, 12, 12), d(2027, 1, 9)]);
    assert_eq!(expand(d(2026, 1, 1), t(9, 0), 60, &Repeat::EveryWeeks(1), d(2030, 1, 1), &[]).len(), MAX_OCCURRENCES);
}

#[test]
fn planned_dates_count_the_whole_series_before_the_cap() {
    assert_eq!(planned_dates(d(2026, 12, 5), &Repeat::EveryWeeks(2), d(2027, 1, 2)), 3);
    assert_eq!(planned_dates(d(2026, 12, 5), &Repeat::EveryWeeks(2), d(2027, 1, 1)), 2);
    assert_eq!(planned_dates(d(2026, 1, 1), &Repeat::EveryWeeks(1), d(2030, 1, 1)), 209);
    assert_eq!(planned_dates(d(2026, 12, 5), &Repeat::Once, d(2026, 12, 5)), 1);
    let dates = vec![d(2027, 1, 9), d(2026, 12, 12), d(2027, 1, 9), d(2027, 3, 1)];
    assert_eq!(planned_dates(d(2026, 12, 12), &Repeat::Dates(dates), d(2027, 2, 1)), 2);
}

#[test]
fn touching_stretches_cover_as_one() {
    let (a, b, c) = (Span::new(0, 100), Span::new(100, 200), Span::new(250, 300));
    assert!(within(Span::new(50, 150), &[b, a]));
    assert!(!within(Span::new(150, 260), &[a, b, c]));
    assert_eq!(merged(&[c, b, a, Span::new(120, 180)]), vec![Span::new(0, 200), c]);
    assert!(!within(Span::new(10, 20), &[]));
}

fn query(from: NaiveDate) -> SlotQuery {
    SlotQuery {
        from,
        days: 14,
        weekdays: vec![Weekday::Sat, Weekday::Sun],
        earliest: t(9, 0),
        latest: t(16, 0),
        minutes: 120,
        buffer_before_secs: 900,
        buffer_after_secs: 900,
        step_minutes: 30,
        max_results: 5,
    }
}

fn open_all_day(from: NaiveDate, days: u32) -> Vec<Span> {
    (0..days)
        .map(|i| {
            let day = from + chrono::Days::new(u64::from(i));
            Span::new(time::at_local(day, 8, 0).timestamp(), time::at_local(day, 20, 0).timestamp())
        })
        .collect()
}

#[test]
fn free_slots_skip_what_is_taken_and_keep_to_weekends() {
    let from = d(2026, 12, 5); // a Saturday
    let taken = Span::new(time::at_local(from, 9, 0).timestamp(), time::at_local(from, 12, 0).timestamp());
    let places = [Resource { id: 1, open: open_all_day(from, 14), busy: vec![taken] }];
    let staff = [Resource { id: 7, open: open_all_day(from, 14), busy: vec![] }];
    let slots = free_slots(&query(from), &places, &staff, &[]);
    // 12.00 + 15 min buffer: the first start whose buffered span clears the booking is 12.30.
    assert_eq!(local_clock(slots[0].span.start), "12.30");
    assert_eq!(slots[0].place_id, 1);
    assert!(
        slots
            .iter()
            .all(|s| matches!(time::local(time::from_unix(s.span.start)).weekday(), Weekday::Sat | Weekday::Sun))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the first date, clock time, interval and length, every occurrence starts at the
    /// chosen local time (hours outside the 02-03 change window) and lands n weeks apart.
    #[test]
    fn series_keep_local_time_and_spacing(
        day in 0u64..1100, hour in 6u32..22, quarter in 0u32..4, n in prop_oneof![Just(1u32), Just(2), Just(4)],
        weeks in 1u64..80, minutes in 30i64..240,
    ) {
        let first = d(2026, 1, 1) + chrono::Days::new(day);
        let until = first + chrono::Days::new(weeks * 7);
        let at = t(hour, quarter * 15);
        let occ = expand(first, at, minutes, &Repeat::EveryWeeks(n), until, &[]);
        prop_assert!(!occ.is_empty() && occ.len() <= MAX_OCCURRENCES);
        for o in &occ {
            prop_assert_eq!(time::local(time::from_unix(o.span.start)).time(), at);
            prop_assert_eq!(o.span.end - o.span.start, minutes * 60);
            prop_assert!(o.date <= until);
        }
        for w in occ.windows(2) {
            prop_assert_eq!((w[1].date - w[0].date).num_days(), i64::from(n) * 7);
        }
    }

    /// The free-slot search never offers a slot that collides with anything busy, buffers
    /// counted, nor one outside a place's opening hours or the consultant's availability, and it
    /// misses no free start. Opening hours (some days closed) and availability (stretches that may
    /// touch) are generated; the brute-force oracle checks them quarter by quarter itself.
    #[test]
    fn free_slots_never_collide(
        busy in proptest::collection::vec((0i64..14 * 24 * 4, 1i64..16), 0..25),
        family in proptest::collection::vec((0i64..14 * 24 * 4, 1i64..16), 0..5),
        buffer in 0i64..4,
        hours in proptest::collection::vec(proptest::option::weighted(0.85, (6u32..14, 2u32..12)), 28),
        avail in proptest::collection::vec(proptest::collection::vec((28u32..76, 1u32..32), 0..3), 14),
    ) {
        let from = d(2026, 10, 19); // spans the October change
        let base = time::at_local(from, 0, 0).timestamp();
        let spans = |v: &[(i64, i64)]| v.iter().map(|(q, len)| Span::new(base + q * 900, base + (q + len) * 900)).collect::<Vec<_>>();
        let day = |i: usize| from + chrono::Days::new(i as u64);
        // A place's hours per day (None: closed), from hh:00 for n hours.
        let open = |offset: usize| -> Vec<Span> {
            (0..14).filter_map(|i| {
                let (opens, n) = hours[offset + i]?;
                let close = (opens + n).min(23);
                Some(Span::new(time::at_local(day(i), opens, 0).timestamp(), time::at_local(day(i), close, 0).timestamp()))
            }).collect()
        };
        // The consultant's stretches: from quarter q of the day for n quarters (may touch or overlap).
        let available: Vec<Span> = avail.iter().enumerate().flat_map(|(i, v)| v.iter().map(move |(q, n)| {
            let end = (q + n).min(95);
            Span::new(time::at_local(day(i), q / 4, (q % 4) * 15).timestamp(), time::at_local(day(i), end / 4, (end % 4) * 15).timestamp())
        }).collect::<Vec<_>>()).collect();
        let all = spans(&busy);
        let (a, b) = all.split_at(all.len() / 2);
        let places = [Resource { id: 1, open: open(0), busy: a.to_vec() }, Resource { id: 2, open: open(14), busy: b.to_vec() }];
        let staff = [Resource { id: 9, open: available, busy: b.to_vec() }];
        let fam = spans(&family);
        let mut q = query(from);
        q.weekdays = vec![];
        q.minutes = 60;
        q.buffer_before_secs = buffer * 900;
        q.buffer_after_secs = buffer * 900;
        q.max_results = 50;
        let found = free_slots(&q, &places, &staff, &fam);
        // Inside the stretches when every quarter of the span lies in one of them.
        let covered = |span: Span, open: &[Span]| {
            (span.start..span.end).step_by(900).all(|t| open.iter().any(|o| o.start <= t && t + 900 <= o.end))
        };
        // Nothing free is missed: a brute-force pass over the same starts finds the same ones.
        let mut expected = Vec::new();
        for i in 0..q.days as usize {
            for step in 0..=((16 - 9) * 2) {
                let start = time::at_local(day(i), 9 + step / 2, (step % 2) * 30).timestamp();
                let span = Span::new(start, start + q.minutes * 60);
                let held = span.with_buffers(q.buffer_before_secs, q.buffer_after_secs);
                let clear = |r: &Resource<i32>| covered(span, &r.open) && !r.busy.iter().any(|b| b.overlaps(held));
                if !fam.iter().any(|b| b.overlaps(held)) && clear(&staff[0]) && places.iter().any(clear) {
                    expected.push(start);
                }
            }
        }
        expected.truncate(q.max_results);
        prop_assert_eq!(found.iter().map(|s| s.span.start).collect::<Vec<_>>(), expected);
        for s in found {
            let held = s.span.with_buffers(q.buffer_before_secs, q.buffer_after_secs);
            let place = places.iter().find(|p| p.id == s.place_id);
            prop_assert!(place.is_some());
            let Some(place) = place else { continue };
            prop_assert!(!place.busy.iter().any(|b| b.overlaps(held)));
            prop_assert!(!staff[0].busy.iter().any(|b| b.overlaps(held)));
            prop_assert!(!fam.iter().any(|b| b.overlaps(held)));
            prop_assert!(covered(s.span, &place.open) && covered(s.span, &staff[0].open));
        }
    }
}
