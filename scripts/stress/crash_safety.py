#!/usr/bin/env python3
"""Crash safety: a bounded stream of writes (creates and updates of actions) from several
clients, the server killed with SIGKILL in the middle, then restarted. Every write that got a
2xx must be there, nothing half-written (each action whole, with its search entry), and
PRAGMA integrity_check must answer ok.

Usage: crash_safety.py BINARY [WRITES]"""
import http.client
import sqlite3
import sys
import threading
import time

from fneserver import Server, call

binary = sys.argv[1]
writes = int(sys.argv[2]) if len(sys.argv) > 2 else 2400
clients = 6

server = Server(binary)
token = server.token()
server.start()

acked_creates = {}          # id -> title
acked_updates = {}          # id -> last acknowledged revision number
lock = threading.Lock()
sent = [0]
killed = threading.Event()


def client(number):
    mine = []
    while not killed.is_set():
        with lock:
            if sent[0] >= writes:
                return
            sent[0] += 1
            sequence = sent[0]
        try:
            if len(mine) < 3 or sequence % 3:
                title = f"Crash test {number}-{sequence} « été »"
                status, _, body = call(server.url, "POST", "/actions", {"axisId": 1 + sequence % 4, "title": title}, token=token, timeout=5)
                if status == 201:
                    with lock:
                        acked_creates[body["id"]] = title
                    mine.append(body["id"])
            else:
                target = mine[sequence % len(mine)]
                status, _, _ = call(server.url, "PATCH", f"/actions/{target}", {"notes": f"revision {sequence}"}, token=token, timeout=5)
                if status == 200:
                    with lock:
                        acked_updates[target] = max(acked_updates.get(target, 0), sequence)
        except (OSError, http.client.HTTPException):
            # The kill cut this request short: it was never acknowledged.
            if killed.is_set():
                return


threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
for thread in threads:
    thread.start()
while sent[0] < writes // 2:
    time.sleep(0.005)
server.kill()                # SIGKILL, mid-stream
killed.set()
for thread in threads:
    thread.join()
server.wait()
print(f"killed after {sent[0]} writes sent; {len(acked_creates)} creates and {sum(1 for _ in acked_updates)} updated actions acknowledged")

ready = server.start()
failures = []
for action_id, title in acked_creates.items():
    status, _, body = call(server.url, "GET", f"/actions/{action_id}")
    if status != 200 or body["title"] != title:
        failures.append(f"acknowledged action {action_id} missing or altered: {status}")
        continue
    if action_id in acked_updates:
        notes = body.get("notes") or ""
        revision = int(notes.split()[-1]) if notes.startswith("revision ") else 0
        if revision < acked_updates[action_id]:
            failures.append(f"action {action_id}: acknowledged revision {acked_updates[action_id]}, stored {revision}")
server.stop()

connection = sqlite3.connect(server.database)
integrity = connection.execute("PRAGMA integrity_check").fetchall()
try:
    connection.execute("INSERT INTO actionSearch(actionSearch) VALUES('integrity-check')")
except sqlite3.DatabaseError as error:
    failures.append(f"full-text index out of step with the actions: {error}")
orphans = connection.execute("SELECT count(*) FROM action WHERE id NOT IN (SELECT entityId FROM changeLog WHERE entityType = 'actions' AND operation = 'create')").fetchone()[0]
connection.close()
if integrity != [("ok",)]:
    failures.append(f"integrity_check: {integrity}")
if orphans:
    failures.append(f"{orphans} action(s) without their change-log row: half-written")
if failures:
    print("\n".join(failures[:20]))
    sys.exit(1)
print(f"crash safety: every acknowledged write survived SIGKILL; integrity ok; restarted in {ready:.2f} s")
