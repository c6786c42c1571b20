"""Shared helpers of the stress checks: start and stop an fne-api server on a free loopback
port with its own database, create tokens, and send JSON requests (standard library only)."""
import json
import os
import shutil
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


class ServerStartError(RuntimeError):
    """The server exited, or did not answer /health, before becoming ready; the message
    carries the end of its output (for instance the refusal of an unknown flag)."""


class Server:
    """`args`: extra flags of `fne-api serve` (`["--log-level", "trace"]`); `env`: extra
    environment variables for the server process."""

    def __init__(self, binary, workdir=None, database=None, args=(), env=None):
        self.binary = binary
        self.owns_workdir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="fne-stress-")
        self.database = database or os.path.join(self.workdir, "stress.sqlite")
        self.port = free_port()
        self.args = list(args)
        self.env = dict(env or {})
        self.process = None
        self.log = None

    @property
    def log_path(self):
        return os.path.join(self.workdir, "server.log")

    def log_text(self, start=0):
        """The server's output (stdout and stderr) from byte offset `start`."""
        if self.log:
            self.log.flush()
        try:
            with open(self.log_path, "rb") as log:
                log.seek(start)
                return log.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def log_size(self):
        try:
            return os.path.getsize(self.log_path)
        except FileNotFoundError:
            return 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def token(self, role="admin", name=None):
        out = subprocess.run([self.binary, "token", "create", "--db", self.database, "--name", name or f"stress {role} {time.time_ns()}",
                              "--role", role], check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def start(self, timeout=30):
        self.log = open(self.log_path, "a")
        started = time.monotonic()
        offset = self.log_size()
        self.process = subprocess.Popen([self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", self.database]
                                        + self.args, stdout=self.log, stderr=subprocess.STDOUT,
                                        env={**os.environ, **self.env} if self.env else None)
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                tail = self.log_text(offset).strip().splitlines()[-5:]
                raise ServerStartError(f"server exited with status {self.process.returncode} before becoming ready: "
                                       + (" | ".join(tail) or "no output"))
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except OSError:
                time.sleep(0.02)
        self.process.kill()
        self.process.wait(timeout=30)
        raise ServerStartError(f"server did not become ready within {timeout} s")

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
            self.log = None

    def close(self):
        """Stops the server and removes the temporary directory it was given by default."""
        self.stop()
        if self.owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def server_errors(self):
        """Log lines of requests answered with a 5xx (text or JSON log format)."""
        with open(self.log_path) as log:
            return [line for line in log if "status=5" in line or '"status":"5' in line]


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
