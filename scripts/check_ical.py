#!/usr/bin/env python3
"""Parses an iCalendar file with the third-party `icalendar` package and checks event start times
in Europe/Copenhagen. Used by the integration tests (server/tests/api/calendar.rs).

    check_ical.py FEED.ics UID=YYYY-MM-DD HH:MM [UID=...]

Exits non-zero with a message if the file does not parse, lacks VERSION/PRODID, or a start differs.
"""
import sys
from zoneinfo import ZoneInfo

import icalendar

def main() -> int:
    path, checks = sys.argv[1], sys.argv[2:]
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    for prop in ("VERSION", "PRODID"):
        if prop not in cal:
            print(f"missing {prop}")
            return 1
    zone = ZoneInfo("Europe/Copenhagen")
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    print(f"parsed {len(events)} events")
    for check in checks:
        uid, expected = check.split("=", 1)
        if uid not in events:
            print(f"{uid}: not in the feed")
            return 1
        start = events[uid].decoded("DTSTART").astimezone(zone)
        end = events[uid].decoded("DTEND").astimezone(zone)
        got = start.strftime("%Y-%m-%d %H:%M")
        print(f"{uid}: {start.isoformat()} .. {end.isoformat()}")
        if got != expected:
            print(f"{uid}: starts {got} local, expected {expected}")
            return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
