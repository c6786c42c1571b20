#!/usr/bin/env python3
"""Races: many clients at once on the same thing.
- the same If-Match on one resource: exactly one update succeeds, the others get 412;
- allocations against the last euros of an envelope: never overdrawn, only what fits wins;
- grant acceptances against the last euros of an envelope: exactly the ones that fit win;
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

    # Grant acceptances: envelope 2 (50 000,00 €), 20 requests of 6 000,00 € under review,
    # all accepted at once: exactly 8 fit (48 000,00 €), the others get 409.
    _, _, funded = call(server.url, "POST", "/actions", {"axisId": 2, "title": "Course aux subventions", "budgetCents": 600_000}, token=token)
    grants = []
    for _ in range(20):
        _, _, grant = call(server.url, "POST", "/funding/grants", {"actionId": funded["id"], "envelopeId": 2, "requestedCents": 600_000,
                                                                   "beneficiaries": [{"partnerId": 3, "requestedCents": 600_000}]}, token=token)
        call(server.url, "PATCH", f"/funding/grants/{grant['id']}", {"status": "under_review"}, token=token)
        grants.append(grant["id"])
    statuses = list(pool.map(lambda id: call(server.url, "PATCH", f"/funding/grants/{id}", {"status": "accepted", "grantedCents": 600_000},
                                             token=token)[0], grants))
    _, _, envelope = call(server.url, "GET", "/funding/envelopes/2")
    if statuses.count(200) != 8 or statuses.count(409) != 12 or envelope["remainingCents"] != 200_000:
        failures.append(f"grant race: {statuses.count(200)} × 200, {statuses.count(409)} × 409, remaining {envelope['remainingCents']}")

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
print("races: one If-Match winner, envelope never overdrawn by allocations nor by grant acceptances, one registration")
