#!/usr/bin/env python3
"""The HTTP boundary of docs issue 12 (hardening): whatever a client sends, the answer is a
4xx application/problem+json, never a 5xx, and the connection is handled as HTTP/1.1 says.

- a sweep over every operation of openapi.yaml (malformed query strings, path parameter
  values, garbage headers, with and without an admin token): no 5xx, every 4xx is
  application/problem+json (except HEAD, 204 and 304);
- the specific answers of the spec: query keys without `=`, bad dates and enums, int64 ids;
- raw-socket checks: malformed chunked body, a client that closes mid-body (499, not 500),
  requests the HTTP parser refuses, HTTP/1.0, Expect: 100-continue, Host headers;
- slow clients (`--idle-timeout 2 --header-timeout 2`), `Vary: Origin` with CORS, and
  idempotency keys belonging to the token rather than its name.

Each check is a function; all run, each prints PASS or FAIL with its reason, and the script
exits 1 if any failed. Talks to 127.0.0.1 only; every server it starts is stopped.

Usage: http_boundary.py BINARY"""
import concurrent.futures
import http.client
import json
import os
import re
import socket
import sys
import threading
import time
import traceback
import urllib.parse

import yaml

from fneserver import Server, ServerStartError, call

BINARY = sys.argv[1] if len(sys.argv) > 1 else sys.exit("usage: http_boundary.py BINARY")
CONTRACT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "openapi.yaml")
CORS_ORIGIN = "https://front.example"


class CheckFailed(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckFailed(message)


# ---------------------------------------------------------------------------------------
# Servers, started once when a check first needs them, stopped at the end.

class Servers:
    def __init__(self):
        self.started = {}
        self.lock = threading.Lock()

    def get(self, name, args=(), tokens=("admin",)):
        """(server, {role: secret}); raises CheckFailed if it cannot start (the reason of the
        first attempt is kept, so that every check using that server reports it)."""
        with self.lock:
            if name not in self.started:
                server = Server(BINARY, args=args)
                try:
                    secrets = {role: server.token(role, name=f"boundary {role}") for role in tokens}
                    server.start()
                    self.started[name] = (server, secrets, None)
                except (ServerStartError, OSError) as error:
                    self.started[name] = (server, {}, f"`fne-api serve {' '.join(args)}` did not start: {str(error)[:300]}")
            server, secrets, error = self.started[name]
        if error:
            raise CheckFailed(error)
        return server, secrets

    def close(self):
        for server, _, _ in self.started.values():
            server.close()


SERVERS = Servers()


def main_server():
    """The server of most checks: default settings, plus CORS for the Vary check."""
    return SERVERS.get("main", args=["--cors-origins", CORS_ORIGIN])


# ---------------------------------------------------------------------------------------
# Raw HTTP/1.1 over a socket, for what urllib and http.client refuse to send.

class RawResponse:
    def __init__(self, status, reason, headers, body, head):
        self.status, self.reason, self.headers, self.body, self.head = status, reason, headers, body, head

    def header(self, name):
        return ", ".join(v for k, v in self.headers if k == name.lower())

    def is_problem(self):
        """Content-Type application/problem+json with a JSON object body."""
        if not self.header("content-type").lower().startswith("application/problem+json"):
            return False
        try:
            return isinstance(json.loads(self.body), dict)
        except ValueError:
            return False

    def describe(self):
        body = self.body[:160].decode("utf-8", "replace")
        return f"{self.status} {self.reason!r}, Content-Type {self.header('content-type') or 'none'!r}, body {body!r}"


def parse_response(buffer, closed):
    """(RawResponse, bytes consumed) when `buffer` starts with a complete response, else None.
    A response without Content-Length nor chunked encoding ends when the connection closes."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = buffer[:end].decode("latin-1")
    lines = head.split("\r\n")
    parts = lines[0].split(" ", 2)
    try:
        status = int(parts[1])
    except (IndexError, ValueError):
        raise CheckFailed(f"unparseable status line {lines[0][:100]!r}")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    response = RawResponse(status, parts[2] if len(parts) > 2 else "", headers, b"", head)
    rest = buffer[end + 4:]
    if 100 <= status < 200 or status in (204, 304):
        return response, end + 4
    length = response.header("content-length")
    if "chunked" in response.header("transfer-encoding").lower():
        body, position = b"", 0
        while True:
            line_end = rest.find(b"\r\n", position)
            if line_end < 0:
                return None
            size = int(rest[position:line_end].split(b";")[0], 16)
            if size == 0:
                trailer_end = rest.find(b"\r\n", line_end + 2)
                if trailer_end < 0:
                    return None
                response.body = body
                return response, end + 4 + trailer_end + 2
            if len(rest) < line_end + 2 + size + 2:
                return None
            body += rest[line_end + 2:line_end + 2 + size]
            position = line_end + 2 + size + 2
    if length:
        if len(rest) < int(length):
            return None
        response.body = rest[:int(length)]
        return response, end + 4 + int(length)
    if not closed:
        return None
    response.body = rest
    return response, len(buffer)


class Raw:
    """One client connection to the server."""

    def __init__(self, port, timeout=5):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""
        self.closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()

    def send(self, data):
        """Sends bytes; False if the server already closed the connection."""
        try:
            self.sock.sendall(data)
            return True
        except (BrokenPipeError, ConnectionResetError):
            return False

    def _receive(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout()
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            self.closed = True
        self.buffer += chunk

    def response(self, timeout=5):
        """The next response; raises CheckFailed on timeout or on a close without one."""
        deadline = time.monotonic() + timeout
        while True:
            parsed = parse_response(self.buffer, self.closed)
            if parsed:
                response, used = parsed
                self.buffer = self.buffer[used:]
                return response
            if self.closed:
                raise CheckFailed("the server closed the connection without a (complete) response"
                                  + (f"; it sent {self.buffer[:120]!r}" if self.buffer else ""))
            try:
                self._receive(deadline)
            except socket.timeout:
                raise CheckFailed(f"no complete response within {timeout} s"
                                  + (f"; got {self.buffer[:120]!r}" if self.buffer else ""))

    def wait_closed(self, timeout):
        """Seconds until the server closes the connection (bytes sent meanwhile stay in the
        buffer), or None if it is still open after `timeout`."""
        started = time.monotonic()
        deadline = started + timeout
        while not self.closed:
            try:
                self._receive(deadline)
            except socket.timeout:
                return None
        return time.monotonic() - started


def request_bytes(method, target, headers=(), body=b"", version="HTTP/1.1"):
    head = f"{method} {target} {version}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1") + body


# ---------------------------------------------------------------------------------------
# Log lines and metrics.

def request_records(text):
    """The per-request log lines of a server output, text or JSON, as dicts (method, path,
    status, ...)."""
    records = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if "status" in record:
                records.append({**record, "line": line})
        elif "status=" in line:
            record = dict(re.findall(r"(\w+)=(\S+)", line))
            records.append({**record, "line": line})
    return records


def metric_counts(server, name="fne_http_requests_total"):
    """{(route, method, status): value} of a counter in /metrics."""
    _, _, text = call(server.url, "GET", "/metrics")
    counts = {}
    for line in (text.decode() if isinstance(text, bytes) else str(text)).splitlines():
        if line.startswith(name + "{"):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', line[:line.index("}") + 1]))
            counts[(labels.get("route"), labels.get("method"), labels.get("status"))] = float(line.rsplit(" ", 1)[1])
    return counts


# ---------------------------------------------------------------------------------------
# (a) The sweep over every operation of the contract.

def contract_operations():
    with open(CONTRACT) as file:
        document = yaml.safe_load(file)

    def resolve(parameter):
        if "$ref" in parameter:
            node = document
            for part in parameter["$ref"].lstrip("#/").split("/"):
                node = node[part]
            return node
        return parameter

    operations = []
    for path, item in document["paths"].items():
        shared = [resolve(p) for p in item.get("parameters", [])]
        for method, operation in item.items():
            if method not in ("get", "post", "patch", "put", "delete", "head", "options"):
                continue
            parameters = shared + [resolve(p) for p in operation.get("parameters", [])]
            operations.append({
                "method": method.upper(), "path": path,
                "path_params": [p["name"] for p in parameters if p["in"] == "path"],
                "query_params": [p["name"] for p in parameters if p["in"] == "query"],
                "body": "requestBody" in operation,
            })
    return operations


GENERIC_QUERIES = ["late", "status", "limit", "&", "a=1&&b", "%", "%zz=1", "limit=%", "=1", "&&&", "=", "a=%C3%28",
                   "%00=%00", "%2", "+", "a=1;b=2", "a[]=1&a[x]=2", "limit=1&limit=%FF", "q=" + "x" * 4000,
                   "cursor=" + "%FF" * 50, "&".join(f"k{i}=v" for i in range(300))]
PARAM_QUERIES = ["{p}", "{p}=", "{p}=%", "{p}=%FF", "{p}=%00", "{p}=99999999999999999999", "{p}=-1", "{p}=1e3",
                 "{p}=%E2%80%AE", "{p}=" + "9" * 2000, "{p}=1&{p}=2", "{p}=true&{p}=%"]
PATH_VALUES = ["0", "-1", "1e3", "1.0", "+1", "01", "0x10", "9223372036854775807", "9223372036854775808",
               "-9223372036854775809", "99999999999999999999999999", "%00", "%FF", "%C3%A9", "%F0%9F%A7%91",
               "%E2%80%AE1", "abc", "%20", "1%2F2", "9" * 3000, "a" * 3000]
HEADER_VALUES = [
    ("If-Match", "garbage"), ("If-Match", '"unterminated'), ("If-Match", 'W/"x", ,,"'), ("If-Match", b"\xff\xfe"),
    ("If-Match", '"' + "x" * 5000 + '"'), ("If-None-Match", "garbage"), ("If-None-Match", "*"),
    ("If-None-Match", b'"\xc3\xa9"'), ("If-None-Match", ",,,"),
    ("Idempotency-Key", "a key with spaces"), ("Idempotency-Key", "clé ☃".encode()), ("Idempotency-Key", "k" * 300),
    ("Idempotency-Key", ""),
    ("Content-Type", "garbage"), ("Content-Type", "application/json; charset=klingon"), ("Content-Type", ";;;="),
    ("Content-Type", b"application/json\xff"), ("Content-Type", "multipart/form-data; boundary="),
    ("Accept", "garbage/;q=x"), ("Accept", "application/xml"), ("Accept", "*/*;q=0"), ("Accept", b"\xff/\xfe"),
    ("X-Request-Id", "a b c"), ("X-Request-Id", "x" * 1000), ("X-Request-Id", b"\xff\xfe"), ("X-Request-Id", "<script>"),
    ("Origin", "null"), ("Origin", "garbage"), ("Origin", b"https://front.example\xff"), ("Origin", CORS_ORIGIN + "/x"),
    ("Range", "bytes=0-0"), ("Range", "bytes=garbage"), ("Cookie", b"session=\xff; ;;="), ("Cookie", "a" * 5000),
    ("Accept-Encoding", "gzip;q=garbage"), ("Accept-Language", b"\xff"),
]
AUTHORIZATION_VALUES = ["Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer fne_1_", "Bearer fne_99999999999999999999999_x",
                        "Bearer fne_-1_x", "Bearer fne_1_" + "a" * 5000, b"Bearer \xff\xfe", "bearer  fne__", "Bearer a b c",
                        "Bearer fne_0_" + "A" * 43, "Negotiate", ""]


def fill(template, values):
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), template)


def sweep_cases(operations, admin):
    """(method, target, headers, body) tuples."""
    cases = []
    for op in operations:
        method, template = op["method"], op["path"]
        # DELETE /tokens/1 would revoke the sweep's decoy only, never its admin token (id 2).
        defaults = {name: "1" for name in op["path_params"]}
        base = fill(template, defaults)
        body = b"{}" if method in ("POST", "PATCH", "PUT") else None
        for token in (None, admin):
            auth = [("Authorization", "Bearer " + token)] if token else []
            for query in GENERIC_QUERIES + [q.format(p=p) for p in op["query_params"] for q in PARAM_QUERIES]:
                cases.append((method, base + "?" + query, auth, body))
            for name in op["path_params"]:
                for value in PATH_VALUES:
                    cases.append((method, fill(template, {**defaults, name: value}), auth, body))
            for header in HEADER_VALUES:
                cases.append((method, base, auth + [header], body))
            if method == "GET":
                for header in HEADER_VALUES[:8] + [("X-Request-Id", "x" * 1000)]:
                    cases.append(("HEAD", base, auth + [header], None))
                cases.append(("HEAD", base + "?%zz=1", auth, None))
        for value in AUTHORIZATION_VALUES:
            cases.append((method, base, [("Authorization", value)], body))
    return cases


class Client(threading.local):
    """A keep-alive http.client connection per worker thread."""

    def __init__(self, port):
        self.port = port
        self.connection = None

    def send(self, method, target, headers, body):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            try:
                self.connection.putrequest(method, target, skip_accept_encoding=True)
                sent = {name.lower() for name, _ in headers}
                for name, value in headers:
                    self.connection.putheader(name, value)
                if body is not None:
                    if "content-type" not in sent:
                        self.connection.putheader("Content-Type", "application/json")
                    self.connection.putheader("Content-Length", str(len(body)))
                self.connection.endheaders(body)
                response = self.connection.getresponse()
                payload = response.read()
                result = (response.status, response.getheader("Content-Type") or "", payload)
                if response.will_close:
                    self.connection.close()
                    self.connection = None
                return result
            except (http.client.HTTPException, ConnectionError, socket.timeout, OSError) as error:
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    return (None, "", f"{type(error).__name__}: {error}".encode())


def check_sweep():
    """Every operation of openapi.yaml with malformed queries, path values and headers, with
    and without an admin token: no 5xx, every 4xx is application/problem+json (except HEAD)."""
    server = Server(BINARY, args=["--cors-origins", CORS_ORIGIN])
    try:
        server.token("admin", name="sweep decoy")  # id 1: what DELETE /tokens/1 revokes
        admin = server.token("admin", name="sweep admin")
        try:
            server.start()
        except ServerStartError as error:
            raise CheckFailed(str(error))
        operations = contract_operations()
        cases = sweep_cases(operations, admin)
        client = Client(server.port)
        problems = {}

        def run(case):
            method, target, headers, body = case
            status, content_type, payload = client.send(method, target, headers, body)
            with_admin = ("Authorization", "Bearer " + admin) in headers
            shown_headers = [(n, v[:40]) for n, v in headers if (n, v) != ("Authorization", "Bearer " + admin)]
            shown = f"{method} {target[:90]}{'…' if len(target) > 90 else ''} {shown_headers}" + (" (admin token)" if with_admin else "")
            if status is None:
                return ("no response", shown, payload.decode()[:100])
            if status >= 500:
                return (f"{status}", shown, payload[:120].decode("utf-8", "replace"))
            if 400 <= status < 500 and method != "HEAD":
                ok = content_type.lower().startswith("application/problem+json")
                try:
                    ok = ok and isinstance(json.loads(payload), dict)
                except ValueError:
                    ok = False
                if not ok:
                    return (f"{status} not problem+json", shown, f"Content-Type {content_type!r}, body {payload[:80]!r}")
            return None

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            for result in pool.map(run, cases):
                if result:
                    problems.setdefault(result[0], []).append(result[1:])
        elapsed = time.monotonic() - started
        if server.process.poll() is not None:
            problems.setdefault("server exited during the sweep", []).append((f"exit status {server.process.returncode}", ""))
        logged = server.server_errors()
        if logged:
            problems.setdefault("5xx in the server log", []).extend((line.strip()[:200], "") for line in logged)
        summary = f"{len(cases)} requests on {len(operations)} operations in {elapsed:.0f} s"
        if problems:
            lines = [f"{summary}:"]
            for kind, examples in sorted(problems.items()):
                lines.append(f"  {len(examples)} × {kind}, e.g.:")
                lines += [f"      {shown} -> {detail}" for shown, detail in examples[:6]]
            raise CheckFailed("\n".join(lines))
        return summary
    finally:
        server.close()


# ---------------------------------------------------------------------------------------
# (b) The specific answers of the spec.

def problem_field(server, path, token=None):
    status, headers, body = call(server.url, "GET", path, token=token)
    content_type = headers.get("Content-Type", "")
    fields = [e.get("field") for e in body.get("errors", [])] if isinstance(body, dict) else []
    return status, content_type, fields, body


def check_query_malformed():
    """Malformed query strings are 400 problem+json; errors[0].field names the parameter
    (`late`, `status`, `limit`) or, when there is none, `query`."""
    server, _ = main_server()
    cases = [("late", {"late"}), ("status", {"status"}), ("limit", {"limit"}), ("&", {"query"}), ("a=1&&b", {"query", "b"}),
             ("%", {"query"}), ("%zz=1", {"query"}), ("limit=%", {"limit", "query"}), ("=1", {"query"})]
    failures = []
    for route in ("/actions", "/partners"):
        for query, expected in cases:
            if route == "/partners" and query == "late":
                continue
            status, content_type, fields, body = problem_field(server, f"{route}?{query}")
            if status != 400 or not content_type.startswith("application/problem+json") or not fields or fields[0] not in expected:
                failures.append(f"GET {route}?{query}: {status} {content_type!r} errors[0].field={fields[:1]} "
                                f"(expected 400 problem+json naming {sorted(expected)}); detail {str((body or {}).get('detail') if isinstance(body, dict) else body)[:100]!r}")
    require(not failures, "\n".join(failures))
    return f"{len(cases) * 2 - 1} malformed query strings answered 400 naming the parameter or `query`"


def check_field_names():
    """`/audit?from=2025-13-45T00:00:00Z` (admin) and `/actions?status=foo` are 400 naming
    `from` and `status`."""
    server, secrets = main_server()
    failures = []
    for path, token, field in [("/audit?from=2025-13-45T00:00:00Z", secrets["admin"], "from"), ("/actions?status=foo", None, "status")]:
        status, content_type, fields, body = problem_field(server, path, token)
        if status != 400 or field not in fields or not content_type.startswith("application/problem+json"):
            failures.append(f"GET {path}: {status} {content_type!r} fields {fields} (expected 400 naming {field!r}); body {str(body)[:160]}")
    require(not failures, "\n".join(failures))
    return "from and status named"


def check_int64_ids():
    """Path ids take the whole int64 range: max -> 404 problem, max + 1 -> 400 naming the
    parameter."""
    server, _ = main_server()
    failures = []
    for template, name in [("/actions/{}", "id"), ("/axes/{}", "id"), ("/partners/{}", "id"), ("/groups/{}", "id"),
                           ("/funding/envelopes/{}", "id"), ("/funding/lines/{}", "id"), ("/funding/plans/{}", "actionId"),
                           ("/groups/1/meetings/{}", "meetingId"), ("/actions/{}/history", "id")]:
        status, content_type, _, body = problem_field(server, template.format(9223372036854775807))
        if status != 404 or not content_type.startswith("application/problem+json"):
            failures.append(f"GET {template.format(9223372036854775807)}: {status} {content_type!r} (expected 404 problem+json); body {str(body)[:120]}")
        status, content_type, fields, body = problem_field(server, template.format(9223372036854775808))
        if status != 400 or name not in fields:
            failures.append(f"GET {template.format(9223372036854775808)}: {status} fields {fields} (expected 400 naming {name!r}); body {str(body)[:120]}")
    require(not failures, "\n".join(failures))
    return "int64 max -> 404, max + 1 -> 400 naming the id"


def check_chunked_malformed():
    """`POST /partners` with Transfer-Encoding: chunked and the chunk size `ZZ` -> 400
    problem+json, never 500."""
    server, secrets = main_server()
    offset = server.log_size()
    with Raw(server.port) as connection:
        connection.send(request_bytes("POST", "/partners", [("Host", "127.0.0.1"), ("Authorization", "Bearer " + secrets["admin"]),
                                                            ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")])
                        + b"ZZ\r\n")
        response = connection.response(timeout=5)
    time.sleep(0.3)
    logged = [r["line"] for r in request_records(server.log_text(offset)) if str(r.get("status", "")).startswith("5")]
    require(response.status == 400 and response.is_problem() and not logged,
            f"got {response.describe()}" + (f"; the log has {logged[0][:160]!r}" if logged else "") + " (expected 400 problem+json)")
    return "400 problem+json"


def check_client_closed_499():
    """Content-Length: 1000, 15 bytes sent, then the client closes: no status 500 in the log nor
    in /metrics; the request is recorded with status 499."""
    server, secrets = main_server()
    before = metric_counts(server)
    offset = server.log_size()
    with Raw(server.port) as connection:
        connection.send(request_bytes("POST", "/partners", [("Host", "127.0.0.1"), ("Authorization", "Bearer " + secrets["admin"]),
                                                            ("Content-Type", "application/json"), ("Content-Length", "1000")])
                        + b'{"name": "trunc')
        time.sleep(0.3)
    deadline = time.monotonic() + 5
    records = []
    while time.monotonic() < deadline:
        records = [r for r in request_records(server.log_text(offset)) if r.get("path") == "/partners"]
        if records:
            break
        time.sleep(0.1)
    time.sleep(0.2)
    text = server.log_text(offset)
    after = metric_counts(server)
    failures = []
    statuses = [str(r.get("status")) for r in records]
    if not records:
        failures.append("no log line for the request within 5 s")
    if "500" in statuses or "status=500" in text or '"status":"500"' in text:
        failures.append(f"the log records status 500: {[l for l in text.splitlines() if '500' in l][:2]}")
    if records and "499" not in statuses:
        failures.append(f"the log line has status {statuses} instead of 499")
    errors = [l for l in text.splitlines() if "unhandled" in l or " error " in l]
    if errors:
        failures.append(f"the log reports an error: {errors[0][:220]!r}")
    grown = {k: v - before.get(k, 0) for k, v in after.items() if v > before.get(k, 0)}
    if any(k[2] == "500" for k in grown):
        failures.append(f"/metrics counted a 500: {[k for k in grown if k[2] == '500']}")
    if not any(k[0] == "/partners" and k[2] == "499" for k in after):
        failures.append('/metrics has no fne_http_requests_total{route="/partners",status="499"}')
    require(not failures, "; ".join(failures))
    return "recorded as 499 in the log and /metrics"


PARSER_REFUSED = [
    ("a 100 KB header value", request_bytes("GET", "/health", [("Host", "127.0.0.1"), ("X-Big", "a" * 100_000)])),
    ("a 100 KB URL", request_bytes("GET", "/" + "a" * 100_000, [("Host", "127.0.0.1")])),
    ("GARBAGE request line", b"GARBAGE\r\n\r\n"),
    ("HTTP/9.9", b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"),
    ("HTTP/9.9 without headers", b"GET / HTTP/9.9\r\n\r\n"),
    ("a header line without a colon", b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n"),
    ("a NUL in a header value", b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\x00b\r\n\r\n"),
    ("a space before the colon", b"GET /health HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n"),
    ("a control character in the method", b"G\x01T /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
]


def check_parser_refused():
    """Requests the HTTP parser refuses get a 400 (or 431 / 414) with an
    application/problem+json JSON body, and the connection is closed."""
    server, _ = main_server()
    failures = []
    for name, data in PARSER_REFUSED:
        try:
            with Raw(server.port) as connection:
                connection.send(data)
                response = connection.response(timeout=5)
                closed = connection.wait_closed(2)
            reasons = []
            if response.status not in (400, 414, 431):
                reasons.append(f"status {response.status} (expected 400, 414 or 431)")
            if not response.is_problem():
                reasons.append("not an application/problem+json JSON body")
            if closed is None:
                reasons.append("connection still open 2 s after the answer")
            if reasons:
                failures.append(f"{name}: {', '.join(reasons)}; got {response.describe()}")
        except CheckFailed as error:
            failures.append(f"{name}: {error}")
    require(not failures, "\n".join(failures))
    return f"{len(PARSER_REFUSED)} refused requests answered with problem+json and closed"


NOTES = []


def check_http10():
    """HTTP/1.0 without Connection: keep-alive: the server closes after the response (EOF
    within 2 s)."""
    server, _ = main_server()
    failures = []
    for target in ("/health", "/axes"):
        with Raw(server.port) as connection:
            connection.send(request_bytes("GET", target, [("Host", "127.0.0.1")], version="HTTP/1.0"))
            try:
                response = connection.response(timeout=5)
            except CheckFailed as error:
                failures.append(f"GET {target} HTTP/1.0: {error}")
                continue
            closed = connection.wait_closed(2)
        if response.status != 200:
            failures.append(f"GET {target} HTTP/1.0: {response.describe()}")
        if closed is None:
            failures.append(f"GET {target} HTTP/1.0 without keep-alive: connection still open 2 s after the response "
                            f"(response headers: Connection {response.header('connection') or 'none'!r})")
        if "chunked" in response.header("transfer-encoding").lower():
            NOTES.append(f"HTTP/1.0 GET {target} was answered with Transfer-Encoding: chunked, which HTTP/1.0 does not have")
    with Raw(server.port) as connection:
        connection.send(request_bytes("GET", "/health", [("Host", "127.0.0.1"), ("Connection", "keep-alive")], version="HTTP/1.0"))
        try:
            connection.response(timeout=5)
            if connection.wait_closed(1) is None:
                NOTES.append("HTTP/1.0 with Connection: keep-alive stays open (allowed)")
            else:
                NOTES.append("HTTP/1.0 with Connection: keep-alive is closed after the response (allowed)")
        except CheckFailed as error:
            failures.append(f"GET /health HTTP/1.0 with keep-alive: {error}")
    require(not failures, "\n".join(failures))
    return "closed after the response"


def check_expect_continue():
    """`Expect: 100-continue`: the server sends `HTTP/1.1 100 Continue` before the client sends
    the body; then the final response."""
    server, secrets = main_server()
    body = json.dumps({"name": f"Expect continue {time.time_ns()}", "kind": "other"}).encode()
    with Raw(server.port) as connection:
        connection.send(request_bytes("POST", "/partners", [("Host", "127.0.0.1"), ("Authorization", "Bearer " + secrets["admin"]),
                                                            ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                                            ("Expect", "100-continue")]))
        try:
            interim = connection.response(timeout=3)
        except CheckFailed as error:
            connection.send(body)
            try:
                final = connection.response(timeout=5).describe()
            except CheckFailed as late:
                final = str(late)
            raise CheckFailed(f"no `100 Continue` before the body ({error}); after sending the body anyway: {final}")
        require(interim.status == 100, f"expected `HTTP/1.1 100 Continue` first, got {interim.describe()}")
        connection.send(body)
        final = connection.response(timeout=5)
    require(final.status == 201, f"after 100 Continue and the body: {final.describe()} (expected 201)")
    return "100 Continue, then 201"


def check_host_headers():
    """Two Host headers -> 400 problem+json; HTTP/1.1 without Host -> 400 problem+json."""
    server, _ = main_server()
    failures = []
    for name, data in [("two Host headers", b"GET /health HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n"),
                       ("HTTP/1.1 without Host", b"GET /health HTTP/1.1\r\n\r\n")]:
        try:
            with Raw(server.port) as connection:
                connection.send(data)
                response = connection.response(timeout=5)
            if response.status != 400 or not response.is_problem():
                failures.append(f"{name}: got {response.describe()} (expected 400 problem+json)")
        except CheckFailed as error:
            failures.append(f"{name}: {error}")
    require(not failures, "\n".join(failures))
    return "both 400 problem+json"


def check_pipelined_order():
    """Pipelined requests keep their order: a refused request waits for the answer before it,
    a `100 Continue` for its turn, and `Connection: close` belongs to the request that asked."""
    server, secrets = main_server()
    admin = secrets["admin"]
    failures = []
    body = json.dumps({"name": f"Pipelined {time.time_ns()}", "kind": "other"}).encode()
    create = request_bytes("POST", "/partners", [("Host", "a"), ("Authorization", f"Bearer {admin}"), ("Content-Type", "application/json"),
                                                 ("Content-Length", str(len(body)))], body)
    cases = [
        ("a valid POST, then two Host headers", create + b"GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", [201, 400]),
        ("a GET, then a POST with Expect: 100-continue", b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n"
         + b"POST /partners HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
         [200, 100, 401]),
        ("a keep-alive GET, then a GET with Connection: close", b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n"
         + b"GET /axes HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", [200, 200]),
    ]
    for name, data, statuses in cases:
        try:
            with Raw(server.port) as connection:
                connection.send(data)
                got = [connection.response(timeout=5) for _ in statuses]
            if [response.status for response in got] != statuses:
                failures.append(f"{name}: statuses {[r.status for r in got]}, expected {statuses}")
            elif "close" in (got[0].header("connection") or "").lower() and statuses == [200, 200]:
                failures.append(f"{name}: the first response says Connection: close")
        except CheckFailed as error:
            failures.append(f"{name}: {error}")
    require(not failures, "\n".join(failures))
    return "answers in order, each with its own connection decision"


def slow_server():
    return SERVERS.get("slow", args=["--idle-timeout", "2", "--header-timeout", "2"])


def check_slow_silent():
    """(`--idle-timeout 2 --header-timeout 2`) a connection that sends nothing is closed within
    ~2-4 s."""
    server, _ = slow_server()
    with Raw(server.port) as connection:
        closed = connection.wait_closed(8)
    require(closed is not None, "still open after 8 s")
    require(1.5 <= closed <= 4.5, f"closed after {closed:.1f} s (expected ~2-4 s)")
    return f"closed after {closed:.1f} s"


def check_slow_half_head():
    """(`--idle-timeout 2 --header-timeout 2`) half a request head, then nothing: closed within
    ~2-4 s; a 408 problem+json may come first."""
    server, _ = slow_server()
    with Raw(server.port) as connection:
        connection.send(b"GET /health HTTP/1.1\r\nHo")
        closed = connection.wait_closed(8)
        leftover = connection.buffer
    require(closed is not None, "still open after 8 s")
    require(1.5 <= closed <= 4.5, f"closed after {closed:.1f} s (expected ~2-4 s)")
    if leftover:
        parsed = parse_response(leftover, True)
        require(parsed and parsed[0].status == 408 and parsed[0].is_problem(),
                f"closed after {closed:.1f} s, but sent {parsed[0].describe() if parsed else leftover[:120]!r} (only a 408 problem+json may come)")
    return f"closed after {closed:.1f} s" + (" with a 408 first" if leftover else "")


def check_slow_keepalive():
    """(`--idle-timeout 2 --header-timeout 2`) a keep-alive client requesting every second for
    6 s is served on the same connection throughout."""
    server, _ = slow_server()
    with Raw(server.port) as connection:
        for number in range(7):
            if number:
                time.sleep(1)
            require(connection.send(request_bytes("GET", "/health", [("Host", "127.0.0.1")])),
                    f"request {number + 1}: the connection was closed by the server")
            try:
                response = connection.response(timeout=3)
            except CheckFailed as error:
                raise CheckFailed(f"request {number + 1} (after {number} s): {error}")
            require(response.status == 200, f"request {number + 1}: {response.describe()}")
    return "7 requests a second apart served on one connection"


def check_vary_origin():
    """(`--cors-origins https://front.example`) every response carries `Vary: Origin`, with or
    without an Origin header, allowed origin or not."""
    server, _ = main_server()
    _, headers, _ = call(server.url, "GET", "/axes/1")
    etag = headers.get("ETag", '"x"')
    evil = "https://evil.example"
    cases = [
        ("GET", "/health", {}), ("GET", "/axes", {}), ("GET", "/axes", {"Origin": CORS_ORIGIN}), ("GET", "/axes", {"Origin": evil}),
        ("HEAD", "/axes", {}), ("HEAD", "/axes", {"Origin": CORS_ORIGIN}), ("GET", "/axes/1", {"If-None-Match": etag}),
        ("GET", "/axes/1", {"If-None-Match": etag, "Origin": CORS_ORIGIN}), ("GET", "/nowhere", {}),
        ("GET", "/nowhere", {"Origin": CORS_ORIGIN}), ("PUT", "/axes", {"Origin": evil}), ("POST", "/axes", {}),
        ("POST", "/axes", {"Origin": CORS_ORIGIN}), ("GET", "/actions?status=foo", {"Origin": evil}),
        ("OPTIONS", "/axes", {"Origin": CORS_ORIGIN, "Access-Control-Request-Method": "POST"}),
        ("OPTIONS", "/axes", {"Origin": evil, "Access-Control-Request-Method": "POST"}), ("OPTIONS", "/axes", {}),
        ("GET", "/metrics", {"Origin": "null"}),
    ]
    missing = []
    for method, path, headers in cases:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            connection.request(method, path, body=b"{}" if method == "POST" else None,
                               headers={**headers, **({"Content-Type": "application/json"} if method == "POST" else {})})
            response = connection.getresponse()
            response.read()
            vary = ", ".join(response.headers.get_all("Vary") or [])
        finally:
            connection.close()
        if "origin" not in [v.strip().lower() for v in vary.split(",")]:
            missing.append(f"{method} {path} {headers.get('Origin', 'without Origin')} -> {response.status}, Vary {vary or 'absent'!r}")
    require(not missing, f"{len(missing)} of {len(cases)} responses lack Vary: Origin:\n" + "\n".join(missing))
    return f"{len(cases)} responses carry Vary: Origin"


def check_idempotency_per_token():
    """Two tokens with the same name, the same Idempotency-Key and the same body: each creates
    its own partner (the first partner is deleted in between, as partner names are unique)."""
    server, _ = main_server()
    first, second = server.token("editor", name="same"), server.token("editor", name="same")
    key = f"boundary-key-{time.time_ns()}"
    body = {"name": f"Idempotence par jeton {time.time_ns()}", "kind": "other"}
    status, headers, created = call(server.url, "POST", "/partners", body, token=first, headers={"Idempotency-Key": key})
    require(status == 201, f"first POST with token 1: {status} {created}")
    status, _, answer = call(server.url, "DELETE", f"/partners/{created['id']}", token=first)
    require(status == 204, f"DELETE of the first partner: {status} {answer}")
    status, headers, again = call(server.url, "POST", "/partners", body, token=second, headers={"Idempotency-Key": key})
    replayed = headers.get("Idempotent-Replayed")
    require(status == 201 and not replayed and again.get("id") != created["id"],
            f"token 2 (same name « same », another token) got {status} Idempotent-Replayed={replayed!r} id {again.get('id') if isinstance(again, dict) else again} "
            f"(token 1 created id {created['id']}): the key was treated as token 1's — keys must belong to the token id, not its name")
    status, headers, replay = call(server.url, "POST", "/partners", body, token=second, headers={"Idempotency-Key": key})
    require(status == 201 and headers.get("Idempotent-Replayed") == "true" and replay.get("id") == again["id"],
            f"the retry with token 2 is not a replay of its own request: {status} {headers.get('Idempotent-Replayed')!r} {replay}")
    return f"token 1 -> partner {created['id']}, token 2 -> partner {again['id']}, token 2's retry replayed"


CHECKS = [check_sweep, check_query_malformed, check_field_names, check_int64_ids, check_chunked_malformed,
          check_client_closed_499, check_parser_refused, check_http10, check_expect_continue, check_host_headers,
          check_pipelined_order,
          check_slow_silent, check_slow_half_head, check_slow_keepalive, check_vary_origin, check_idempotency_per_token]


def main():
    started = time.monotonic()
    results = []
    try:
        for check in CHECKS:
            name = check.__name__.removeprefix("check_")
            print(f"--- {name}: {' '.join(check.__doc__.split())}", flush=True)
            began = time.monotonic()
            try:
                detail = check()
                results.append((name, True, detail))
                print(f"PASS {name} ({time.monotonic() - began:.1f} s): {detail}", flush=True)
            except CheckFailed as error:
                results.append((name, False, str(error)))
                print(f"FAIL {name} ({time.monotonic() - began:.1f} s): {error}", flush=True)
            except Exception as error:  # a bug of the check or an unexpected answer: a failure, not a crash
                results.append((name, False, f"{type(error).__name__}: {error}"))
                print(f"FAIL {name}: unexpected {type(error).__name__}: {error}\n{traceback.format_exc()}", flush=True)
    finally:
        SERVERS.close()
    for note in NOTES:
        print(f"note: {note}")
    failed = [name for name, ok, _ in results if not ok]
    print(f"\nhttp boundary: {len(results) - len(failed)} of {len(results)} checks passed in {time.monotonic() - started:.0f} s"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
