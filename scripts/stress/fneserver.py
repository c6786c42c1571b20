"""Shared helpers of the stress checks: start and stop an fne-api server on a free loopback
port with its own database, create tokens, and send JSON requests (standard library only)."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, workdir=None, database=None):
        self.binary = binary
        self.workdir = workdir or tempfile.mkdtemp(prefix="fne-stress-")
        self.database = database or os.path.join(self.workdir, "stress.sqlite")
        self.port = free_port()
        self.process = None
        self.log = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def token(self, role="admin", name=None):
        out = subprocess.run([self.binary, "token", "create", "--db", self.database, "--name", name or f"stress {role} {time.time_ns()}",
                              "--role", role], check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def start(self, timeout=30):
        self.log = open(os.path.join(self.workdir, "server.log"), "a")
        started = time.monotonic()
        self.process = subprocess.Popen([self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", self.database],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        while time.monotonic() - started < timeout:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("server did not become ready")

    def kill(self, sig=signal.SIGKILL):
        self.process.send_signal(sig)

    def wait(self, timeout=30):
        return self.process.wait(timeout=timeout)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.log:
            self.log.close()

    def server_errors(self):
        """Log lines of requests answered with a 5xx."""
        with open(os.path.join(self.workdir, "server.log")) as log:
            return [line for line in log if "status=5" in line]


def call(base, method, path, body=None, token=None, headers=None, raw=None, timeout=30):
    """(status, headers, parsed JSON or raw bytes). Never raises on HTTP errors."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None and not (headers or {}).get("Content-Type"):
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
            status, response_headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        payload = error.read()
        status, response_headers = error.code, dict(error.headers)
    try:
        parsed = json.loads(payload) if payload else None
    except ValueError:
        parsed = payload
    return status, response_headers, parsed
