#!/usr/bin/env python3
"""Secrets never logged (docs issue 12, hardening): with `--log-level trace`, in both log
formats (text and json), requests carrying a bearer token, an Idempotency-Key and a session
cookie go down the error paths (400, 401, 403, 404, 405, 409, 412, 413, 415, 422, malformed
HTTP, a client closing mid-body, a 503 while another process holds the database write lock);
afterwards the server's output (stdout and stderr) contains no part of any token secret (its
random part after `fne_<id>_`, nor any 12-character slice of it), no Idempotency-Key value and
no cookie value.

Each check prints PASS or FAIL with its reason; the script exits 1 if any failed. Talks to
127.0.0.1 only; every server it starts is stopped and its temporary directory removed.

Usage: secrets_in_logs.py BINARY"""
import json
import secrets as random_secrets
import socket
import sqlite3
import sys
import threading
import time
import traceback

from fneserver import Server, ServerStartError, call

BINARY = sys.argv[1] if len(sys.argv) > 1 else sys.exit("usage: secrets_in_logs.py BINARY")
SLICE = 12


class CheckFailed(Exception):
    pass


def random_part(token):
    """The secret part of `fne_<id>_<random>`."""
    prefix, _, rest = token.partition("_")
    _, _, random = rest.partition("_")
    if prefix != "fne" or not random:
        raise CheckFailed(f"`token create` printed {token[:8]}…, not a token of the form fne_<id>_<random>")
    return random


def leaks(log, secret_values):
    """(label, where) of every secret, or 12-character slice of one, found in the log."""
    found = []
    for label, value in secret_values.items():
        slices = {value[i:i + SLICE] for i in range(max(1, len(value) - SLICE + 1))}
        for number, line in enumerate(log.splitlines(), 1):
            hit = value if value in line else next((s for s in slices if s in line), None)
            if hit:
                at = line.index(hit)
                shown = (line[max(0, at - 80):at] + "<<" + label + ">>" + line[at + len(hit):at + len(hit) + 60]).strip()
                found.append(f"{label} ({'whole' if hit == value else f'{SLICE}-character slice'}) on log line {number}: {shown[:260]}")
                break
    return found


def raw(port, data, wait=0.5):
    """Sends raw bytes, reads what comes back for at most `wait` seconds after the last byte,
    returns the status code (or None)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            return None
        s.settimeout(wait)
        answer = b""
        try:
            while len(answer) < 65536:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    try:
        return int(answer.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def hold_write_lock(database, ready, release):
    """Holds SQLite's write lock on `database` (BEGIN IMMEDIATE) from this process until
    `release` is set (at most 30 s)."""
    connection = sqlite3.connect(database, timeout=5, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        ready.set()
        release.wait(30)
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def exercise(server, admin, editor, session):
    """Sends the requests of the error paths; returns (answers {name: status}, request ids sent
    that must be in the log, secret values {label: value})."""
    idempotency = {f"Idempotency-Key {i}": "idem" + random_secrets.token_urlsafe(24) for i in range(1, 6)}
    cookies = {f"cookie {i}": random_secrets.token_urlsafe(24) for i in range(1, 3)}
    wrong = f"fne_{admin.split('_')[1]}_" + random_secrets.token_urlsafe(32)
    secret_values = {"admin token": random_part(admin), "editor token": random_part(editor), "wrong token": random_part(wrong),
                     **idempotency, **cookies}
    cookie = f"session={cookies['cookie 1']}; theme=dark; other={cookies['cookie 2']}"
    answers, request_ids = {}, []

    def send(name, method, path, body=None, token=admin, key=None, headers=None, raw_body=None):
        request_id = f"secrets-{session}-{len(request_ids) + 1}"
        request_ids.append(request_id)
        all_headers = {"Cookie": cookie, "X-Request-Id": request_id, **(headers or {})}
        if key:
            all_headers["Idempotency-Key"] = key
        status, response_headers, answer = call(server.url, method, path, body=body, token=token, headers=all_headers, raw=raw_body, timeout=20)
        answers[name] = status
        return status, response_headers, answer

    send("400 validation", "POST", "/axes", {"number": 0, "title": " "}, key=idempotency["Idempotency-Key 1"])
    send("400 malformed JSON", "POST", "/partners", raw_body=b'{"name": "Gers', key=idempotency["Idempotency-Key 2"])
    send("400 unknown field", "PATCH", "/axes/1", {"nmber": 1})
    send("400 malformed query", "GET", "/actions?%zz=1&late")
    send("400 bad id", "GET", "/actions/99999999999999999999")
    send("400 invalid Idempotency-Key", "POST", "/partners", {"name": "x", "kind": "other"}, key="idem " + idempotency["Idempotency-Key 3"])
    send("401 wrong token", "GET", "/audit", token=wrong)
    send("401 malformed Authorization", "GET", "/audit", token=None, headers={"Authorization": "Token " + admin})
    send("403 editor on /audit", "GET", "/audit", token=editor)
    send("404 unknown id", "GET", "/partners/999999")
    send("404 unknown route", "GET", "/nowhere/" + "x" * 10)
    send("405 other method", "PUT", "/axes", {"number": 9})
    send("409 referenced partner", "DELETE", "/partners/1")
    name = f"Partenaire secret {session}"
    send("201 partner", "POST", "/partners", {"name": name, "kind": "other"}, key=idempotency["Idempotency-Key 4"])
    send("201 replay", "POST", "/partners", {"name": name, "kind": "other"}, key=idempotency["Idempotency-Key 4"])
    send("422 key reused with another body", "POST", "/partners", {"name": name + " bis", "kind": "other"}, key=idempotency["Idempotency-Key 4"])
    send("409 duplicate name", "POST", "/partners", {"name": name, "kind": "other"})
    send("412 stale If-Match", "PATCH", "/axes/1", {"title": "x"}, headers={"If-Match": '"stale"'})
    send("413 body too large", "POST", "/axes", raw_body=json.dumps({"number": 9, "title": "x" * (1 << 20)}).encode())
    send("415 form body", "POST", "/axes", raw_body=b"number=9&title=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    send("422 unknown reference", "POST", "/funding/envelopes", {"funderId": 999999, "label": "x", "amountCents": 100})
    status, headers, _ = send("200 read", "GET", "/axes/1")
    send("304 not modified", "GET", "/axes/1", headers={"If-None-Match": headers.get("ETag", '"x"')})

    # 503: another process holds the write lock; the server's busy timeout is 5 s.
    ready, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(server.database, ready, release), daemon=True)
    holder.start()
    try:
        if not ready.wait(10):
            raise CheckFailed("could not take the write lock with BEGIN IMMEDIATE within 10 s")
        send("503 write lock held", "POST", "/partners", {"name": f"Verrou {session}", "kind": "other"}, key=idempotency["Idempotency-Key 5"])
        send("503 PATCH under the lock", "PATCH", "/axes/1", {"description": "verrou"})
    finally:
        release.set()
        holder.join(10)
    send("201 retry after the lock", "POST", "/partners", {"name": f"Verrou {session}", "kind": "other"}, key=idempotency["Idempotency-Key 5"])

    # Malformed HTTP carrying the same headers (no log line is required for these).
    head = (f"Host: 127.0.0.1\r\nAuthorization: Bearer {admin}\r\nIdempotency-Key: {idempotency['Idempotency-Key 1']}\r\n"
            f"Cookie: {cookie}\r\nContent-Type: application/json\r\n")
    answers["raw malformed chunk size"] = raw(server.port, f"POST /partners HTTP/1.1\r\n{head}Transfer-Encoding: chunked\r\n\r\nZZ\r\n".encode())
    answers["raw header without colon"] = raw(server.port, f"POST /partners HTTP/1.1\r\n{head}No colon here\r\n\r\n".encode())
    answers["raw 100 KB header"] = raw(server.port, f"GET /audit HTTP/1.1\r\n{head}X-Big: {'a' * 100_000}\r\n\r\n".encode())
    answers["raw two Host headers"] = raw(server.port, f"GET /audit HTTP/1.1\r\n{head}Host: other\r\n\r\n".encode())
    answers["raw HTTP/9.9"] = raw(server.port, f"GET /audit HTTP/9.9\r\n{head}\r\n".encode())
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(f"POST /partners HTTP/1.1\r\n{head}Content-Length: 1000\r\n\r\n".encode() + b'{"name": "trunc')
        time.sleep(0.3)
    answers["raw client closes mid-body"] = "sent"

    # A revoked token.
    editor_id = int(editor.split("_")[1])
    send("200 revoke editor", "DELETE", f"/tokens/{editor_id}")
    send("401 revoked token", "PATCH", "/axes/1", {"title": "x"}, token=editor)
    time.sleep(1)  # the close mid-body is logged when the server notices it
    return answers, request_ids, secret_values


def session_checks(log_format):
    """The checks of one server run with `--log-level trace --log-format FORMAT`."""
    results = []
    server = Server(BINARY, args=["--log-level", "trace", "--log-format", log_format])
    try:
        admin, editor = server.token("admin", name="secrets admin"), server.token("editor", name="secrets editor")
        try:
            server.start()
        except ServerStartError as error:
            return [(f"{log_format}: server starts", False, str(error))]
        answers, request_ids, secret_values = exercise(server, admin, editor, log_format)
        server.stop()
        log = server.log_text()

        found = leaks(log, secret_values)
        results.append((f"{log_format}: no secret in the log", not found,
                        f"{len(secret_values)} secrets, {len(log.splitlines())} log lines, none contains a secret or a {SLICE}-character slice of one"
                        if not found else f"{len(found)} secret(s) in the server output:\n" + "\n".join(found)))

        missing = [r for r in request_ids if r not in log]
        results.append((f"{log_format}: the log has every request (the check is not vacuous)", not missing,
                        f"{len(request_ids)} request ids logged" if not missing else f"request ids not in the log: {missing}"))

        wanted = {"400 validation": 400, "401 wrong token": 401, "403 editor on /audit": 403, "404 unknown id": 404,
                  "409 referenced partner": 409, "412 stale If-Match": 412, "413 body too large": 413, "415 form body": 415,
                  "422 key reused with another body": 422, "503 write lock held": 503, "503 PATCH under the lock": 503}
        off = {name: (answers.get(name), status) for name, status in wanted.items() if answers.get(name) != status}
        results.append((f"{log_format}: the error paths were reached", not off,
                        "answers: " + ", ".join(f"{name} -> {status}" for name, status in answers.items())
                        if not off else "; ".join(f"{name}: got {got}, expected {want}" for name, (got, want) in off.items())
                        + " — answers: " + ", ".join(f"{name} -> {status}" for name, status in answers.items())))
        return results
    finally:
        server.close()


def main():
    started = time.monotonic()
    results = []
    for log_format in ("text", "json"):
        print(f"--- server with --log-level trace --log-format {log_format}", flush=True)
        try:
            session = session_checks(log_format)
        except CheckFailed as error:
            session = [(f"{log_format}: session", False, str(error))]
        except Exception as error:  # a bug of the check or an unexpected answer: a failure, not a crash
            session = [(f"{log_format}: session", False, f"unexpected {type(error).__name__}: {error}\n{traceback.format_exc()}")]
        for name, ok, detail in session:
            print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)
        results += session
    failed = [name for name, ok, _ in results if not ok]
    print(f"\nsecrets in logs: {len(results) - len(failed)} of {len(results)} checks passed in {time.monotonic() - started:.0f} s"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
