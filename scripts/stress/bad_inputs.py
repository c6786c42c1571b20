#!/usr/bin/env python3
"""The bad-input catalogue: each input gets its defined answer (a 4xx problem, or a correct
answer where the input is legal), never a 5xx, and nothing already stored changes.

Usage: bad_inputs.py BINARY"""
import json
import socket
import sys

from fneserver import Server, call

server = Server(sys.argv[1])
token = server.token()
server.start()
failures = []


def export():
    """The stored roadmap, without the bookkeeping that legitimately moves (change log,
    id counters)."""
    _, _, document = call(server.url, "GET", "/export", token=token)
    return [t for t in document["tables"] if t["name"] not in ("changeLog", "sqlite_sequence")]


def expect(name, status, allowed, body=None):
    if status not in allowed:
        failures.append(f"{name}: got {status}, expected one of {sorted(allowed)}")
    if status >= 400 and isinstance(body, dict) and not {"type", "title", "status"} <= body.keys():
        failures.append(f"{name}: {status} without a problem body")


def raw_request(text):
    """Sends raw bytes (for what urllib refuses to send) and returns the status code."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(text)
        answer = s.recv(200).decode("latin-1")
    return int(answer.split(" ")[1])


try:
    before = export()
    deep = "[" * 100_000 + "]" * 100_000
    cases = [
        ("body over the 1 MiB limit", "POST", "/axes", json.dumps({"number": 9, "title": "x" * (1 << 20)}).encode(), {413}),
        ("deeply nested JSON", "POST", "/axes", deep.encode(), {400}),
        ("nested objects in a field", "POST", "/axes", json.dumps({"number": 9, "title": {"a": {"b": [1, [2, [3]]]}}}).encode(), {400}),
        ("invalid UTF-8", "POST", "/partners", b'{"name": "\xff\xfe", "kind": "other"}', {400}),
        ("truncated JSON", "POST", "/partners", b'{"name": "Gers', {400}),
        ("huge number", "POST", "/axes", b'{"number": 1e400, "title": "x"}', {400}),
        ("number beyond 64 bits", "POST", "/actions", b'{"axisId": 99999999999999999999999, "title": "x"}', {400}),
        ("negative amount", "POST", "/funding/envelopes", b'{"funderId": 1, "label": "x", "amountCents": -100}', {400}),
        ("fractional cents", "POST", "/funding/envelopes", b'{"funderId": 1, "label": "x", "amountCents": 10.5}', {400}),
        ("amount beyond the cap", "POST", "/funding/envelopes", b'{"funderId": 1, "label": "x", "amountCents": 100000000000000}', {400}),
        ("wrong type", "POST", "/axes", b'{"number": "un", "title": "x"}', {400}),
        ("unknown field", "POST", "/axes", b'{"number": 9, "title": "x", "nmber": 9}', {400}),
        ("null for a required field", "PATCH", "/axes/1", b'{"title": null}', {400}),
        ("array instead of object", "PATCH", "/roadmap", b'[]', {400}),
        ("empty body", "POST", "/actions", b'', {400}),
        ("control characters in a title", "POST", "/axes", b'{"number": 9, "title": "a\\u0000b\\u001b[31m"}', {400}),
        ("form body", "POST", "/axes", b"number=9&title=x", {415}),
    ]
    for name, method, path, raw, allowed in cases:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if name == "form body" else None
        status, _, body = call(server.url, method, path, raw=raw, token=token, headers=headers)
        expect(name, status, allowed, body)

    for path, allowed in [("/axes/0", {404}), ("/axes/-1", {404}), ("/axes/99999999999999999999", {400}), ("/axes/abc", {400}),
                          ("/axes/1.0", {400}), ("/axes/%00", {400}), ("/actions?limit=0", {400}), ("/actions?limit=100000", {400}),
                          ("/actions?limit=-1", {400}), ("/actions?axisId=0", {400}), ("/actions?status=draft&status=nope", {400}),
                          ("/actions?colour=blue&limit=1", {400}), ("/actions?limit=1&limit=2", {400}),
                          ("/actions?q=%27%3B%20DROP%20TABLE%20action%3B--", {200}), ("/partners?q=%25%27%20OR%201%3D1--", {200}),
                          ("/actions?cursor=%27%20OR%201%3D1", {400}), ("/actions?startFrom=2025-02-30", {400}),
                          ("/audit?from=yesterday", {400, 401})]:
        status, _, body = call(server.url, "GET", path, token=token)
        expect(f"GET {path}", status, allowed, body)

    # Texts that look like attacks are stored and returned verbatim (free texts keep
    # formatting characters: emoji sequences need joiners).
    for text in ["'; DROP TABLE partner; --", "Robert\"); DELETE FROM axis;--", "<script>alert('é')</script>", "reversed 🧑 « » Œuvre d’art"]:
        status, _, body = call(server.url, "POST", "/partners", {"name": text, "kind": "other",
                                                                 "notes": text + " \u202ereversed\u202c 🧑\u200d💻\nligne 2\tcolonne"}, token=token)
        expect(f"verbatim {text!r}", status, {201}, body)
        if status == 201:
            _, _, stored = call(server.url, "GET", f"/partners/{body['id']}")
            if stored["name"] != text or stored["notes"] != text + " \u202ereversed\u202c 🧑\u200d💻\nligne 2\tcolonne":
                failures.append(f"{text!r} not returned verbatim: {stored['name']!r}")
            call(server.url, "DELETE", f"/partners/{body['id']}", token=token)

    # Names that would look like another one: invisible formatting characters are refused.
    for text in ["Gers\u200b Numérique", "\ufeffGers Numérique", "Gers Num\u00adérique", "\u202eGers Numérique"]:
        status, _, body = call(server.url, "POST", "/partners", {"name": text, "kind": "other"}, token=token)
        expect(f"invisible character in a name {text!r}", status, {400}, body)

    # Malformed HTTP that urllib would not send.
    expect("header with invalid UTF-8 in If-Match", raw_request(
        b"PATCH /axes/1 HTTP/1.1\r\nHost: x\r\nIf-Match: \xff\xfe\r\nContent-Type: application/json\r\nContent-Length: 2\r\nAuthorization: Bearer "
        + token.encode() + b"\r\nConnection: close\r\n\r\n{}"), {400, 412})

    after = export()
    if before != after:
        changed = [b["name"] for b, a in zip(before, after) if b != a]
        failures.append(f"stored data changed: {changed}")
    failures += [f"5xx: {line.strip()}" for line in server.server_errors()]
finally:
    server.stop()
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"bad inputs: {len(cases) + 18 + 5} cases answered as defined, no 5xx, stored data unchanged")
