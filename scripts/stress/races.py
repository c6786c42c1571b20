#!/usr/bin/env python3
"""Races: many clients at once on the same thing.
- the same If-Match on one resource: exactly one update succeeds, the others get 412;
- allocations against the last euros of an envelope: never overdrawn, only what fits wins;
- the same partner registering in a group: exactly one 201, the others 409.

Usage: races.py BINARY"""
import sys
from concurrent.futures import ThreadPoolExecutor

from fneserver import Server, call

server = Server(sys.argv[1])
token = server.token()
server.start()
failures = []
pool = ThreadPoolExecutor(max_workers=32)
try:
    # If-Match
    _, headers, _ = call(server.url, "GET", "/axes/2")
    etag = headers["ETag"]
    statuses = list(pool.map(lambda n: call(server.url, "PATCH", "/axes/2", {"description": f"écrit par le client {n}"}, token=token,
                                             headers={"If-Match": etag})[0], range(40)))
    if statuses.count(200) != 1 or statuses.count(412) != 39:
        failures.append(f"If-Match race: {statuses.count(200)} × 200, {statuses.count(412)} × 412, others {set(statuses) - {200, 412}}")

    # Allocations: 10 000 cents left, 50 clients want 3 000 each: exactly 3 fit.
    _, _, action = call(server.url, "POST", "/actions", {"axisId": 1, "title": "Course aux derniers euros"}, token=token)
    call(server.url, "POST", "/funding/envelopes/3/allocations", {"actionId": action["id"], "amountCents": 1_990_000}, token=token)
    statuses = list(pool.map(lambda n: call(server.url, "POST", "/funding/envelopes/3/allocations",
                                             {"actionId": action["id"], "amountCents": 3_000}, token=token)[0], range(50)))
    _, _, envelope = call(server.url, "GET", "/funding/envelopes/3")
    if statuses.count(201) != 3 or statuses.count(409) != 47 or envelope["remainingCents"] != 1_000:
        failures.append(f"allocation race: {statuses.count(201)} × 201, {statuses.count(409)} × 409, remaining {envelope['remainingCents']}")
    if envelope["allocatedCents"] > envelope["amountCents"]:
        failures.append("allocation race: envelope overdrawn")

    # Registration
    statuses = list(pool.map(lambda n: call(server.url, "POST", "/groups/2/members", {"partnerId": 7, "role": "lead"}, token=token)[0], range(30)))
    _, _, members = call(server.url, "GET", "/groups/2/members")
    if statuses.count(201) != 1 or statuses.count(409) != 29 or len(members["items"]) != 1:
        failures.append(f"registration race: {statuses.count(201)} × 201, {statuses.count(409)} × 409, {len(members['items'])} member(s)")
    failures += [f"5xx: {line.strip()}" for line in server.server_errors()]
finally:
    server.stop()
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("races: one If-Match winner, envelope never overdrawn, one registration")
