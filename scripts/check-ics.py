#!/usr/bin/env python3
"""Checks the iCalendar feeds of a running fne-api with a real parser (Python `icalendar`):
creates a meeting whose text has accents, commas, semicolons, backslashes and line breaks,
then parses /groups/{id}/meetings.ics and /meetings.ics and verifies that every text and
instant round-trips, that UIDs are stable, and that no line exceeds 75 octets.

Usage: check-ics.py BASE_URL TOKEN
"""
import json
import sys
import urllib.request
from datetime import datetime, timezone

import icalendar

base, token = sys.argv[1], sys.argv[2]


def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.read()


place = "Auch, salle « Élus » ; 1er étage \\ bâtiment B"
agenda = "1. Médiateurs formés, bilan 2024\n2. Filière de reconditionnement ; ordinateurs\n3. Questions diverses — œuvre commune"
meeting = json.loads(call("POST", "/groups/2/meetings", {
    "startsAt": "2025-03-10T14:00:00+01:00", "endsAt": "2025-03-10T16:30:00+01:00", "place": place, "agenda": agenda}))

for path in ("/groups/2/meetings.ics", "/meetings.ics"):
    raw = call("GET", path)
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, f"{path}: line of {len(line)} octets"
    assert raw.endswith(b"\r\n"), f"{path}: lines must end with CRLF"
    calendar = icalendar.Calendar.from_ical(raw)
    events = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"meeting-{meeting['id']}@fne-api.gers"]
    assert len(events) == 1, f"{path}: the meeting's event is missing"
    event = events[0]
    assert str(event["LOCATION"]) == place, f"{path}: LOCATION {event['LOCATION']!r}"
    assert agenda in str(event["DESCRIPTION"]), f"{path}: DESCRIPTION {event['DESCRIPTION']!r}"
    assert event.decoded("DTSTART") == datetime(2025, 3, 10, 13, 0, tzinfo=timezone.utc), f"{path}: DTSTART {event.decoded('DTSTART')}"
    assert event.decoded("DTEND") == datetime(2025, 3, 10, 15, 30, tzinfo=timezone.utc), f"{path}: DTEND"
    assert "Expérimentation et évolution des usages" in str(event["SUMMARY"]), f"{path}: SUMMARY"

# The UID survives a change of the meeting.
call("PATCH", f"/groups/2/meetings/{meeting['id']}", {"minutes": "Compte rendu : décisions, suites."})
calendar = icalendar.Calendar.from_ical(call("GET", "/groups/2/meetings.ics"))
uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
assert f"meeting-{meeting['id']}@fne-api.gers" in uids
print(f"iCalendar feeds parse and round-trip ({len(uids)} event(s) in the group feed)")

# The deadlines: an action's end, an indicator's measurement, an envelope's end, a grant's
# payment period; whole roadmap and per partner, all-day events with stable UIDs.
action = json.loads(call("POST", "/actions", {"axisId": 2, "title": "Échéance ; « virgule », test", "leadPartnerId": 3,
                                               "endOn": "2027-06-30", "budgetCents": 100000}))
indicator = json.loads(call("POST", f"/actions/{action['id']}/indicators", {
    "name": "agents formés", "unit": "personnes", "targetValue": 40, "measuredOn": "2026-12-31"}))
envelope = json.loads(call("PATCH", "/funding/envelopes/1", {"validFrom": "2025-01-01", "validUntil": "2027-12-31"}))
grant = json.loads(call("POST", "/funding/grants", {"actionId": action["id"], "envelopeId": 1, "requestedCents": 50000,
                                                    "paymentPeriodEnd": "2027-09-30",
                                                    "beneficiaries": [{"partnerId": 3, "requestedCents": 50000}]}))
expected = {
    f"action-{action['id']}-end@fne-api.gers": "2027-06-30",
    f"indicator-{indicator['id']}-measure@fne-api.gers": "2026-12-31",
    "envelope-1-end@fne-api.gers": "2027-12-31",
    f"grant-{grant['id']}-payments-end@fne-api.gers": "2027-09-30",
}
for path in ("/deadlines.ics", "/partners/3/deadlines.ics"):
    raw = call("GET", path)
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, f"{path}: line of {len(line)} octets"
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    for uid, day in expected.items():
        if path.startswith("/partners") and uid.startswith("envelope-"):
            assert uid not in events, f"{path}: partner 3 funds no envelope, yet {uid} is there"
            continue
        assert uid in events, f"{path}: {uid} is missing"
        assert events[uid].decoded("DTSTART").isoformat() == day, f"{path}: {uid} on {events[uid].decoded('DTSTART')}"
    assert "« virgule »" in str(events[f"action-{action['id']}-end@fne-api.gers"]["SUMMARY"]), f"{path}: SUMMARY"
print(f"deadline feeds parse: {len(expected)} kinds of deadline with stable UIDs, whole roadmap and per partner")
