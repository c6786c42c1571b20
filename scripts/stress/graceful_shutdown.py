#!/usr/bin/env python3
"""Graceful shutdown: SIGTERM while long requests are in flight. They complete with whole
bodies, new connections are refused, and the process exits 0.

Usage: graceful_shutdown.py BINARY"""
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.request

from fneserver import Server, call

server = Server(sys.argv[1])
# A roadmap big enough for GET /export to take a while.
subprocess.run([server.binary, "generate", "--db", server.database, "--actions", "20000", "--partners", "200", "--envelopes", "50"],
               check=True, capture_output=True)
token = server.token()
server.start()
results = []


def long_request():
    try:
        request = urllib.request.Request(server.url + "/export", headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request, timeout=60) as response:
            document = json.loads(response.read())
            results.append(("complete", len(document["tables"])))
    except Exception as error:  # noqa: BLE001 - any failure is a finding
        results.append(("failed", repr(error)))


threads = [threading.Thread(target=long_request) for _ in range(4)]
for thread in threads:
    thread.start()
time.sleep(0.15)
server.kill(signal.SIGTERM)
time.sleep(0.3)
refused = False
try:
    call(server.url, "GET", "/health", timeout=2)
except OSError:
    refused = True
for thread in threads:
    thread.join()
code = server.wait(timeout=60)
failures = []
if any(state != "complete" for state, _ in results):
    failures.append(f"in-flight requests did not complete: {results}")
if not refused:
    failures.append("a new request was still served after SIGTERM")
if code != 0:
    failures.append(f"exit code {code}")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"graceful shutdown: {len(results)} in-flight exports completed, new requests refused, exit 0")
