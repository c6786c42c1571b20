#!/usr/bin/env python3
"""Storage faults (issue 12, docs: /work/spec/hardening.md, "Storage faults"): what the server
does when the disk, the file or another process gets in the way of its SQLite database.

- disk_full: the database on a 4 MiB tmpfs (root only, skipped otherwise), filled with writes
  until the server refuses them: refusals are 503/507 problem+json, never 500; every write
  acknowledged 201 is still there once the files are copied to a roomy disk and a server
  restarted on them; PRAGMA integrity_check ok.
- lock_held: another process holds `BEGIN IMMEDIATE`; a POST with an Idempotency-Key answers
  503 problem+json within the busy timeout and creates nothing; after the release the retry
  with the same key creates exactly one, a second retry is a replay, still one.
- lock_after_create: the lock taken the instant the server's create has committed (before it
  stores the key's response): the POST is a 201, or a 503 only if nothing was stored; retries
  with the key, at once and after the key would count as stale (60 s), never make a second copy.
- disk_full also sends half its writes with an Idempotency-Key, and checks that no write
  refused with 503/507 was stored anyway.
- file_deleted / file_replaced: the database file removed (or another SQLite file renamed over
  it) under a running server: the next POST is a 503 problem+json, /health 503, the log says
  the database file was deleted or replaced; once that server is stopped, a start on the same
  path fails (non-zero exit naming the path) instead of silently creating a new database.
- fresh_path: a start where nothing ever existed creates and seeds the database (4 axes).
- corruption: a page of the `action` table overwritten with garbage while the server is
  stopped: `serve` refuses to start (non-zero exit, message: damaged / quick_check).
- backup_killed: `backup` killed with SIGKILL half-way leaves no file at its target.
- restore_broken: `restore` from a file whose header is zeroed fails saying it is not a
  database (or damaged), not "readonly", and leaves the database in place untouched.

file_replaced also tries the restart on the path; its outcome is printed as a NOTE, not
counted: the spec requires the refused restart after a deletion.

Every check runs on its own servers and temporary directories, is bounded in time, and
cleans up (servers killed, tmpfs unmounted, directories removed) even when it fails.

Usage: storage_faults.py BINARY [CHECK ...]   (default: every check)"""
import http.client
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid

from fneserver import Server, call, free_port

BUSY_TIMEOUT = 5.0          # the server's SQLite busy timeout
LOCK_HOLD = 6.5             # how long the other process holds the write lock
REFUSAL_WINDOW = 10.0       # a start that must fail has this long to exit


class CheckFailed(Exception):
    pass


class Skipped(Exception):
    pass


# MARK: - helpers

def header(headers, name):
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def problem_mismatch(status, headers, body, allowed):
    """None when the answer is a problem+json with one of the `allowed` statuses, else why not."""
    content_type = header(headers, "Content-Type") or ""
    if status not in allowed:
        return f"status {status} (expected {'/'.join(map(str, allowed))}), body {short(body)}"
    if not content_type.startswith("application/problem+json"):
        return f"status {status} with Content-Type {content_type!r}, not application/problem+json"
    if not isinstance(body, dict) or body.get("status") != status:
        return f"status {status} with a body that is not a problem document: {short(body)}"
    return None


def short(value, limit=300):
    text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def safe_call(*args, **kwargs):
    """call(), with a transport failure (connection refused or cut) as status None."""
    try:
        return call(*args, **kwargs)
    except (OSError, http.client.HTTPException) as error:
        return None, {}, repr(error)


def log_text(server):
    path = os.path.join(server.workdir, "server.log")
    if server.log and not server.log.closed:
        server.log.flush()
    try:
        with open(path, errors="replace") as log:
            return log.read()
    except FileNotFoundError:
        return ""


def stop(server, timeout=15):
    """SIGTERM, then SIGKILL after `timeout`; safe on a server that never started."""
    if server.process and server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)
    if server.log and not server.log.closed:
        server.log.close()


def run(binary, *args, timeout=120):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout)


def start_expecting_refusal(binary, database, workdir, window=REFUSAL_WINDOW):
    """Starts `serve` on `database`: (exit code or None if it was still running after `window`
    seconds or answered /health, its output). The process is always gone afterwards."""
    port = free_port()
    log_path = os.path.join(workdir, f"refused-start-{port}.log")
    with open(log_path, "w") as log:
        process = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", database],
                                   stdout=log, stderr=subprocess.STDOUT)
        code, served = None, False
        deadline = time.monotonic() + window
        try:
            while time.monotonic() < deadline:
                code = process.poll()
                if code is not None:
                    break
                status, _, _ = safe_call(f"http://127.0.0.1:{port}", "GET", "/health", timeout=1)
                if status is not None:
                    served = True
                    break
                time.sleep(0.1)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    with open(log_path, errors="replace") as log:
        output = log.read()
    if served:
        output = f"(it started and answered /health)\n{output}"
    return (None if served else code), output


def leftovers(database):
    return [os.path.basename(database) + suffix for suffix in ("", "-wal", "-shm") if os.path.exists(database + suffix)]


def sqlite_integrity(path):
    connection = sqlite3.connect(path, timeout=5)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()


def words(rng, count):
    return " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyzéè") for _ in range(rng.randint(3, 10))) for _ in range(count))


class TempDir:
    def __init__(self, prefix):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


# MARK: - disk full

def check_disk_full(binary):
    """Disk full on a 4 MiB tmpfs: refusals 503/507 problem+json, acknowledged writes kept."""
    if os.geteuid() != 0:
        raise Skipped("not root: cannot mount a tmpfs (run as root to check a full disk)")
    with TempDir("fne-diskfull-") as work:
        mount_point = os.path.join(work, "tmpfs")
        os.mkdir(mount_point)
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount_point], capture_output=True, text=True, timeout=30)
        if mounted.returncode != 0:
            raise Skipped(f"cannot mount a tmpfs: {mounted.stderr.strip() or mounted.returncode}")
        server = Server(binary, workdir=work, database=os.path.join(mount_point, "full.sqlite"))
        restarted = None
        try:
            token = server.token()
            server.start()
            rng = random.Random(12)
            acked = []              # (path of the resource, field, value)
            refusals, wrong = [], []
            first_refusal = None
            for number in range(3000):
                if first_refusal is not None and number > first_refusal + 15:
                    break
                tag = uuid.uuid4().hex[:10]
                if number % 2:
                    path, table, field = "/partners", "partner", "name"
                    body = {"name": f"Disque plein {number} {tag}", "kind": "association", "notes": words(rng, 1100)}
                else:
                    path, table, field = "/actions", "action", "title"
                    body = {"axisId": 1 + number % 4, "title": f"Disque plein {number} {tag}", "description": words(rng, 1100)}
                # Every other pair with an Idempotency-Key: storing its response is one more write.
                headers = {"Idempotency-Key": f"full-{tag}"} if number % 4 < 2 else None
                status, headers, answer = safe_call(server.url, "POST", path, body, token=token, headers=headers, timeout=30)
                if status == 201:
                    acked.append((f"{path}/{answer['id']}", field, body[field]))
                    continue
                if first_refusal is None:
                    first_refusal = number
                if status is None:
                    wrong.append(f"write {number}: no answer ({answer})")
                    break
                mismatch = problem_mismatch(status, headers, answer, (503, 507))
                if mismatch:
                    wrong.append(f"write {number} {path}: {mismatch}")
                else:
                    refusals.append((table, field, body[field]))
            print(f"  {len(acked)} writes acknowledged, {len(refusals)} refused as 503/507 problem+json, {len(wrong)} wrong answers")
            failures = []
            if first_refusal is None:
                failures.append("the disk never filled: no write refused in 3000 (test setup)")
            if wrong:
                failures.append(f"refusals that are not 503/507 problem+json: {'; '.join(wrong[:3])}")
            five_hundreds = [line.strip() for line in log_text(server).splitlines() if "status=500" in line]
            if five_hundreds:
                failures.append(f"{len(five_hundreds)} log line(s) with status=500, e.g. {short(five_hundreds[0], 200)}")
            stop(server)
            # Free space: a copy of the files on a roomy disk, a server restarted on it.
            copy_dir = os.path.join(work, "copy")
            os.mkdir(copy_dir)
            copy = os.path.join(copy_dir, "full.sqlite")
            for suffix in ("", "-wal"):
                if os.path.exists(server.database + suffix):
                    shutil.copyfile(server.database + suffix, copy + suffix)
            restarted = Server(binary, workdir=copy_dir, database=copy)
            try:
                restarted.start()
            except RuntimeError:
                raise CheckFailed("; ".join(failures + [f"no server starts on the copied files: {short(log_text(restarted)[-500:])}"]))
            missing = []
            for path, field, value in acked:
                status, _, answer = safe_call(restarted.url, "GET", path, timeout=10)
                if status != 200 or not isinstance(answer, dict) or answer.get(field) != value:
                    missing.append(f"{path}: {status}")
            stop(restarted)
            if missing:
                failures.append(f"{len(missing)} of {len(acked)} acknowledged writes lost after restart, e.g. {', '.join(missing[:5])}")
            integrity = sqlite_integrity(copy)
            if integrity != [("ok",)]:
                failures.append(f"integrity_check: {integrity[:5]}")
            else:
                # A refusal says the write was not made: it must not be stored all the same.
                connection = sqlite3.connect(copy, timeout=5)
                stored = [value for table, field, value in refusals
                          if connection.execute(f"SELECT count(*) FROM {table} WHERE {field} = ?", (value,)).fetchone()[0]]
                connection.close()
                if stored:
                    failures.append(f"{len(stored)} of {len(refusals)} writes refused with 503/507 were stored anyway, e.g. {stored[0]!r}")
            if failures:
                raise CheckFailed("; ".join(failures))
            return f"{len(acked)} acknowledged writes all kept, {len(refusals)} refusals 503/507 problem+json, integrity ok"
        finally:
            stop(server)
            if restarted:
                stop(restarted)
            unmounted = subprocess.run(["umount", mount_point], capture_output=True, text=True, timeout=30)
            if unmounted.returncode != 0:
                subprocess.run(["umount", "-l", mount_point], capture_output=True, timeout=30)


# MARK: - lock held by another process

def check_lock_held(binary):
    """Write lock held elsewhere: 503 creating nothing, then exactly one create, then a replay."""
    with TempDir("fne-lock-") as work:
        server = Server(binary, workdir=work)
        try:
            token = server.token()
            server.start()
            # An action: nothing in the schema stops two with one title, so a second copy would show.
            name = f"Verrou {uuid.uuid4().hex}"
            key = f"lock-{uuid.uuid4().hex}"
            body = {"axisId": 2, "title": name}
            headers = {"Idempotency-Key": key}

            def count():
                reader = sqlite3.connect(server.database, timeout=2)
                try:
                    return reader.execute("SELECT count(*) FROM action WHERE title = ?", (name,)).fetchone()[0]
                finally:
                    reader.close()

            failures = []
            result = {}

            def post():
                started = time.monotonic()
                result["answer"] = safe_call(server.url, "POST", "/actions", body, token=token, headers=headers, timeout=30)
                result["elapsed"] = time.monotonic() - started

            locker = sqlite3.connect(server.database, isolation_level=None, timeout=2)
            try:
                locker.execute("BEGIN IMMEDIATE")
                held = time.monotonic()
                thread = threading.Thread(target=post)
                thread.start()
                thread.join(timeout=LOCK_HOLD)
                answered_while_held = not thread.is_alive()
                during = count()
                time.sleep(max(0.0, LOCK_HOLD - (time.monotonic() - held)))
            finally:
                if locker.in_transaction:
                    locker.execute("ROLLBACK")
                locker.close()
            thread.join(timeout=30)
            status, response_headers, answer = result.get("answer", (None, {}, "no answer at all"))
            if not answered_while_held:
                failures.append(f"no answer within {LOCK_HOLD} s while the lock was held (busy timeout {BUSY_TIMEOUT} s); "
                                f"after the release: {status} after {result.get('elapsed', 0):.1f} s")
            else:
                mismatch = problem_mismatch(status, response_headers, answer, (503,))
                if mismatch:
                    failures.append(f"POST while the lock was held: {mismatch}")
            time.sleep(0.3)
            after = count()
            if during or after:
                failures.append(f"the refused POST created the action anyway ({during} row(s) while held, {after} after release)")
            print(f"  while locked: {status} after {result.get('elapsed', 0):.2f} s; rows: {during} during, {after} after release")
            status, response_headers, first = safe_call(server.url, "POST", "/actions", body, token=token, headers=headers)
            rows = count()
            if status != 201 or header(response_headers, "Idempotent-Replayed"):
                failures.append(f"retry with the same key after the release: {status} "
                                f"(Idempotent-Replayed: {header(response_headers, 'Idempotent-Replayed')}), body {short(first)}; expected a new 201")
            if rows != 1:
                failures.append(f"after the first retry: {rows} action(s) titled {name!r}, expected 1")
            status, response_headers, second = safe_call(server.url, "POST", "/actions", body, token=token, headers=headers)
            replayed = header(response_headers, "Idempotent-Replayed")
            rows = count()
            if status != 201 or (replayed or "").lower() != "true":
                failures.append(f"second retry: {status} with Idempotent-Replayed {replayed!r}, expected a 201 replay (true)")
            elif isinstance(first, dict) and isinstance(second, dict) and first.get("id") != second.get("id"):
                failures.append(f"the replay answers action {second.get('id')}, the retry created {first.get('id')}")
            if rows != 1:
                failures.append(f"after the second retry: {rows} action(s) titled {name!r}, expected 1")
            if failures:
                raise CheckFailed("; ".join(failures))
            return "503 problem+json creating nothing while locked, then one create and a replay, one row"
        finally:
            stop(server)


STALE_AFTER = 60.0          # the server takes a key still in progress after this long as lost


def check_lock_after_create(binary):
    """Write lock taken just after the server stored a create: a 503 never hides a stored change, no second copy."""
    with TempDir("fne-lock-race-") as work:
        server = Server(binary, workdir=work)
        try:
            token = server.token()
            server.start()
            reader = sqlite3.connect(server.database, timeout=5, isolation_level=None)
            failures = []
            try:
                def count(name):
                    return reader.execute("SELECT count(*) FROM action WHERE title = ?", (name,)).fetchone()[0]

                for trial in range(15):
                    name = f"Course {uuid.uuid4().hex}"
                    body = {"axisId": 3, "title": name}
                    headers = {"Idempotency-Key": f"race-{uuid.uuid4().hex}"}
                    result = {}

                    def post():
                        started = time.monotonic()
                        result["answer"] = safe_call(server.url, "POST", "/actions", body, token=token, headers=headers, timeout=30)
                        result["elapsed"] = time.monotonic() - started

                    thread = threading.Thread(target=post)
                    posted = time.monotonic()
                    thread.start()
                    # The moment the action is visible, its transaction has committed: take the
                    # lock before the server's next write (storing the response for the key).
                    seen = False
                    while not seen and thread.is_alive() and time.monotonic() - posted < 5:
                        seen = count(name) > 0
                    if not seen:
                        thread.join(timeout=30)
                        continue
                    locker = sqlite3.connect(server.database, isolation_level=None, timeout=10)
                    try:
                        locker.execute("BEGIN IMMEDIATE")
                        held = time.monotonic()
                        thread.join(timeout=LOCK_HOLD)
                        during = count(name)
                        time.sleep(max(0.0, LOCK_HOLD - (time.monotonic() - held)))
                    finally:
                        if locker.in_transaction:
                            locker.execute("ROLLBACK")
                        locker.close()
                    thread.join(timeout=30)
                    status, response_headers, answer = result.get("answer", (None, {}, "no answer at all"))
                    if result.get("elapsed", 99) < BUSY_TIMEOUT * 0.6:
                        continue        # answered before the lock got in its way: try again
                    print(f"  trial {trial}: lock taken once the action was stored; the POST answered {status} "
                          f"after {result['elapsed']:.2f} s, {during} row(s) while locked")
                    if status != 201:
                        mismatch = problem_mismatch(status, response_headers, answer, (503,))
                        if mismatch:
                            failures.append(f"POST blocked by the lock after its create: {mismatch}")
                        elif during:
                            failures.append(f"the POST answered 503 (not done) but the action was stored ({during} row)")
                    time.sleep(0.3)
                    retry_status, retry_headers, _ = safe_call(server.url, "POST", "/actions", body, token=token, headers=headers)
                    rows = count(name)
                    print(f"  retry with the same key after the release: {retry_status} "
                          f"(Idempotent-Replayed: {header(retry_headers, 'Idempotent-Replayed')}), {rows} row(s)")
                    if retry_status is None or retry_status >= 500:
                        failures.append(f"retry after the release: {retry_status}")
                    if rows != 1:
                        failures.append(f"after the retry: {rows} action(s) titled {name!r}, expected exactly 1")
                    # Once a key still marked in progress counts as lost, a retry must still not
                    # carry the request out a second time.
                    wait = STALE_AFTER + 2 - (time.monotonic() - posted)
                    print(f"  waiting {max(wait, 0):.0f} s (a key in progress is taken as lost after {STALE_AFTER:.0f} s), then retrying")
                    time.sleep(max(0.0, wait))
                    late_status, late_headers, _ = safe_call(server.url, "POST", "/actions", body, token=token, headers=headers)
                    rows = count(name)
                    print(f"  late retry: {late_status} (Idempotent-Replayed: {header(late_headers, 'Idempotent-Replayed')}), {rows} row(s)")
                    if late_status is None or late_status >= 500:
                        failures.append(f"late retry: {late_status}")
                    if rows != 1:
                        failures.append(f"after a retry {STALE_AFTER:.0f} s later: {rows} actions titled {name!r}, a second copy")
                    break
                else:
                    raise Skipped("in 15 tries the lock never got in between the create and the end of the request (timing)")
            finally:
                reader.close()
            if failures:
                raise CheckFailed("; ".join(failures))
            return "no 503 hid a stored create, retries made no second copy"
        finally:
            stop(server)


# MARK: - database file deleted or replaced under the running server

def database_vanishes(binary, replace):
    with TempDir("fne-replaced-" if replace else "fne-deleted-") as work:
        server = Server(binary, workdir=work)
        what = "replaced" if replace else "deleted"
        failures = []
        try:
            token = server.token()
            server.start()
            status, _, answer = safe_call(server.url, "POST", "/partners", {"name": f"Avant {uuid.uuid4().hex}", "kind": "other"}, token=token)
            if status != 201:
                raise CheckFailed(f"a write before the fault already fails: {status} {short(answer)} (test setup)")
            if replace:
                other = os.path.join(work, "other.sqlite")
                foreign = sqlite3.connect(other)
                foreign.execute("CREATE TABLE other(x TEXT)")
                foreign.execute("INSERT INTO other VALUES ('not fne-api')")
                foreign.commit()
                foreign.close()
                os.rename(other, server.database)
            else:
                os.remove(server.database)
            status, headers, answer = safe_call(server.url, "POST", "/partners", {"name": f"Après {uuid.uuid4().hex}", "kind": "other"}, token=token)
            mismatch = problem_mismatch(status, headers, answer, (503,))
            if mismatch:
                failures.append(f"POST after the file was {what}: {mismatch}")
            status, _, answer = safe_call(server.url, "GET", "/health", timeout=10)
            if status != 503:
                failures.append(f"GET /health after the file was {what}: {status} {short(answer, 100)}, expected 503")
            said = []
            deadline = time.monotonic() + 3
            while not said and time.monotonic() < deadline:
                said = [line for line in log_text(server).splitlines()
                        if ("delet" in line.lower() or "replac" in line.lower() or "removed" in line.lower()) and "database" in line.lower()]
                time.sleep(0.2)
            if not said:
                failures.append(f"no log line says the database file was deleted or replaced")
            stop(server)
            remaining = leftovers(server.database)
            print(f"  after stopping the server: {', '.join(remaining) or 'no file'} at the database path")
            code, output = start_expecting_refusal(binary, server.database, work)
            restart = []
            if code is None or code == 0:
                restart.append(f"a new start on the same path was not refused (exit {code}; files there: {', '.join(remaining) or 'none'}): "
                               f"{short(output.strip()[-300:])}")
            elif server.database not in output and os.path.realpath(server.database) not in output:
                restart.append(f"the refused start (exit {code}) does not name {server.database}: {short(output.strip()[-300:])}")
            else:
                print(f"  restart refused (exit {code}): {short(output.strip().splitlines()[-1], 200)}")
            note = ""
            if replace and restart:
                # The spec asks for the refused restart after a deletion; after a replacement
                # the path holds another (foreign) SQLite file: reported, not counted.
                note = f"; NOTE (not counted): {restart[0]}"
                print(f"  NOTE (not counted as a failure): {restart[0]}")
            else:
                failures += restart
            if failures:
                raise CheckFailed("; ".join(failures) + note)
            return f"503 problem+json and /health 503 once {what}, logged" + ("; restart on the path refused" if not note else note)
        finally:
            stop(server)


def check_file_deleted(binary):
    """Database file deleted under a running server (os.remove)."""
    return database_vanishes(binary, replace=False)


def check_file_replaced(binary):
    """Database file replaced under a running server (another SQLite file renamed over it)."""
    return database_vanishes(binary, replace=True)


def check_fresh_path(binary):
    """A start where nothing ever existed creates the database and seeds it (4 axes)."""
    with TempDir("fne-fresh-") as work:
        server = Server(binary, workdir=work, database=os.path.join(work, "fresh.sqlite"))
        try:
            if os.path.exists(server.database):
                raise CheckFailed("the fresh path already exists (test setup)")
            try:
                server.start()
            except RuntimeError:
                raise CheckFailed(f"no server starts on a fresh path: {short(log_text(server).strip()[-400:])}")
            status, _, answer = safe_call(server.url, "GET", "/axes")
            axes = answer.get("items") if isinstance(answer, dict) else None
            if status != 200 or not isinstance(axes, list) or len(axes) != 4:
                raise CheckFailed(f"GET /axes on the fresh database: {status}, {len(axes) if isinstance(axes, list) else short(answer, 100)} axes, expected 4")
            if not os.path.exists(server.database):
                raise CheckFailed(f"no database file at {server.database}")
            return "created and seeded: 4 axes"
        finally:
            stop(server)


# MARK: - corruption

def check_corruption(binary):
    """A page of the `action` table overwritten: serve refuses to start (damaged / quick_check)."""
    with TempDir("fne-corrupt-") as work:
        server = Server(binary, workdir=work)
        try:
            # Enough actions that the table's root page is full (an interior page).
            generated = run(binary, "generate", "--db", server.database, "--actions", "3000", "--partners", "20", "--envelopes", "2", timeout=300)
            if generated.returncode != 0:
                raise CheckFailed(f"generate failed (test setup): {short(generated.stderr or generated.stdout)}")
            server.start()
            stop(server)
        finally:
            stop(server)
        connection = sqlite3.connect(server.database, timeout=5)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        rootpage = connection.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'action'").fetchone()[0]
        before = connection.execute("PRAGMA quick_check").fetchall()
        connection.close()
        if before != [("ok",)]:
            raise CheckFailed(f"the database is damaged before the test damages it: {before[:3]} (test setup)")
        if os.path.exists(server.database + "-wal") and os.path.getsize(server.database + "-wal"):
            raise CheckFailed("the WAL still holds pages after the checkpoint (test setup)")
        garbage = random.Random(7).randbytes(500)
        with open(server.database, "r+b") as file:
            file.seek((rootpage - 1) * page_size + 100)
            file.write(garbage)
            file.flush()
            os.fsync(file.fileno())
        connection = sqlite3.connect(server.database, timeout=5)
        try:
            after = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as error:
            after = [(str(error),)]
        connection.close()
        if after == [("ok",)]:
            raise CheckFailed(f"the garbage on page {rootpage} is not detected by quick_check (test setup)")
        print(f"  garbage on page {rootpage} (page size {page_size}); python quick_check: {short(after[0][0], 120)}")
        code, output = start_expecting_refusal(binary, server.database, work, window=20)
        lowered = output.lower()
        if code is None or code == 0:
            raise CheckFailed(f"serve started on the damaged database (exit {code}): {short(output.strip()[-300:])}")
        if not any(word in lowered for word in ("damaged", "quick_check", "quick check", "corrupt", "malformed", "integrity")):
            raise CheckFailed(f"serve exited {code} without saying the database is damaged: {short(output.strip()[-300:])}")
        return f"serve refused (exit {code}): {short(output.strip().splitlines()[-1], 200)}"


# MARK: - backup and restore

def check_backup_killed(binary):
    """backup killed with SIGKILL half-way leaves no file at its target."""
    with TempDir("fne-backup-") as work:
        database = os.path.join(work, "big.sqlite")
        # Grow the database until a whole backup takes over a second (a release build is quick).
        duration, actions = 0.0, 60000
        for round_number in range(4):
            started = time.monotonic()
            generated = run(binary, "generate", "--db", database, "--actions", str(actions), "--partners", "1000", "--envelopes", "100",
                            "--seed-value", str(2025 + round_number), timeout=900)
            if generated.returncode != 0:
                raise CheckFailed(f"generate failed (test setup): {short(generated.stderr or generated.stdout)}")
            print(f"  added {actions} actions in {time.monotonic() - started:.1f} s: {os.path.getsize(database) / 1e6:.0f} MB")
            good = os.path.join(work, f"good-{round_number}.sqlite")
            started = time.monotonic()
            full = run(binary, "backup", "--db", database, "--to", good, timeout=600)
            duration = time.monotonic() - started
            if full.returncode != 0 or not os.path.exists(good):
                raise CheckFailed(f"a backup left alone fails (test setup): exit {full.returncode} {short(full.stderr or full.stdout)}")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(good + suffix):
                    os.remove(good + suffix)
            print(f"  a whole backup takes {duration:.2f} s")
            if duration >= 1.0:
                break
            actions *= 2
        if duration < 0.5:
            raise CheckFailed(f"the backup takes {duration:.2f} s, too quick to kill half-way (test setup)")
        failures, killed = [], 0
        for fraction in (0.2, 0.5, 0.75):
            target_dir = os.path.join(work, f"kill-{fraction}")
            os.mkdir(target_dir)
            target = os.path.join(target_dir, "backup.sqlite")
            process = subprocess.Popen([binary, "backup", "--db", database, "--to", target], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            spawned = time.monotonic()
            try:
                # Wait for the copy to begin (a file appears), and for the chosen point of its run.
                while time.monotonic() - spawned < 60 and process.poll() is None:
                    if os.listdir(target_dir) and time.monotonic() - spawned >= fraction * duration:
                        break
                    time.sleep(0.005)
                if process.poll() is not None:
                    print(f"  at {fraction:.0%}: the backup had already finished (exit {process.returncode}); no kill")
                    continue
                present = os.listdir(target_dir)
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)
                killed += 1
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=10)
            after = sorted(os.listdir(target_dir))
            print(f"  killed at {time.monotonic() - spawned:.2f} s ({fraction:.0%}); files then: {present}; after: {after}")
            if os.path.exists(target):
                failures.append(f"killed at {fraction:.0%} of its run: a {os.path.getsize(target)}-byte file is left at {target}")
        if not killed:
            failures.append("the backup was never killed mid-way (test setup: make the database bigger)")
        if failures:
            raise CheckFailed("; ".join(failures))
        return f"{killed} backups killed mid-way, none left a file at its target"


def check_restore_broken(binary):
    """restore from a backup whose header is zeroed: not a database (not readonly), nothing replaced."""
    with TempDir("fne-restore-") as work:
        source = os.path.join(work, "source.sqlite")
        database = os.path.join(work, "x.sqlite")
        good = os.path.join(work, "good-backup.sqlite")
        broken = os.path.join(work, "broken-backup.sqlite")
        for step in (("migrate", "--db", source), ("migrate", "--db", database), ("backup", "--db", source, "--to", good)):
            done = run(binary, *step, timeout=120)
            if done.returncode != 0:
                raise CheckFailed(f"{step[0]} failed (test setup): {short(done.stderr or done.stdout)}")
        shutil.copyfile(good, broken)
        with open(broken, "r+b") as file:
            file.write(bytes(100))

        def partners():
            connection = sqlite3.connect(database, timeout=5)
            try:
                return connection.execute("SELECT count(*) FROM partner").fetchone()[0]
            finally:
                connection.close()

        before = partners()
        restored = run(binary, "restore", "--db", database, "--from", broken, timeout=60)
        output = (restored.stdout + restored.stderr).strip()
        lowered = output.lower()
        failures = []
        if restored.returncode == 0:
            failures.append(f"restore from a zeroed header succeeded: {short(output)}")
        if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
            failures.append(f"the message speaks of a read-only database: {short(output)}")
        elif not any(word in lowered for word in ("not a database", "damaged", "corrupt", "malformed")):
            failures.append(f"the message does not say the file is not a database: {short(output)}")
        try:
            integrity, after = sqlite_integrity(database), partners()
            if integrity != [("ok",)] or after != before:
                failures.append(f"the database was changed by the failed restore: integrity {integrity[:3]}, partners {before} -> {after}")
        except sqlite3.DatabaseError as error:
            failures.append(f"the database is unreadable after the failed restore: {error}")
        if failures:
            raise CheckFailed("; ".join(failures))
        return f"restore refused (exit {restored.returncode}): {short(output.splitlines()[-1], 200)}"


CHECKS = [check_disk_full, check_lock_held, check_lock_after_create, check_file_deleted, check_file_replaced, check_fresh_path,
          check_corruption, check_backup_killed, check_restore_broken]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    binary = os.path.abspath(sys.argv[1])
    wanted = sys.argv[2:]
    selected = [check for check in CHECKS if not wanted or check.__name__.removeprefix("check_") in wanted or check.__name__ in wanted]
    if wanted and len(selected) != len(wanted):
        known = ", ".join(check.__name__.removeprefix("check_") for check in CHECKS)
        print(f"unknown check in {wanted}; known: {known}")
        sys.exit(2)
    results = []
    for check in selected:
        name = check.__name__.removeprefix("check_")
        print(f"--- {name}: {check.__doc__.splitlines()[0]}", flush=True)
        started = time.monotonic()
        try:
            outcome, detail = "PASS", check(binary)
        except Skipped as skipped:
            outcome, detail = "SKIP", str(skipped)
        except CheckFailed as failure:
            outcome, detail = "FAIL", str(failure)
        except Exception as error:  # noqa: BLE001 - an unexpected error is a failure of the check
            outcome, detail = "FAIL", f"unexpected {type(error).__name__}: {error}\n{traceback.format_exc()}"
        print(f"{outcome} {name} ({time.monotonic() - started:.1f} s): {detail}", flush=True)
        results.append((outcome, name, detail))
    print("--- storage faults summary")
    for outcome, name, detail in results:
        print(f"{outcome} {name}: {short(detail.splitlines()[0] if detail else '', 400)}")
    failed = [name for outcome, name, _ in results if outcome == "FAIL"]
    if failed:
        print(f"storage faults: {len(failed)} of {len(results)} checks failed: {', '.join(failed)}")
        sys.exit(1)
    print(f"storage faults: every check passed ({sum(1 for outcome, _, _ in results if outcome == 'SKIP')} skipped)")


if __name__ == "__main__":
    main()
