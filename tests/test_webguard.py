"""The web app's surface, tried as an attacker would, against `assistant serve` in a real process.

Oversized bodies are refused before they are read (and the server's memory stays flat over 100
of them), the upload route and every other route the page does not use are closed, SECURITY.md
lists exactly what is open, and no question reaches the server's log, however malformed the call.
"""

from __future__ import annotations

import json
import os
import re
import select
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from tests.llm_server import free_port

pytestmark = pytest.mark.slow

MIB = 1024 * 1024
MARKER = "ZQXJ-private-question-7731"  # a question nobody else would type: it must never be logged


@dataclass
class Served:
    port: int
    proc: subprocess.Popen[bytes]
    log: Path
    uploads: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        """Resident memory of the server process, in MB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`python -m assistant serve` on a free port, its output (stdout and stderr) in a file."""
    base = tmp_path_factory.mktemp("served")
    port = free_port()
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(base / "idx"), "ASSISTANT_PORT": str(port),
           "ASSISTANT_BACKEND": "offline", "GRADIO_TEMP_DIR": str(base / "gradio-tmp")}
    log = base / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve"], cwd=PROJECT_ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    srv = Served(port, proc, log, base / "gradio-tmp")
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"assistant serve exited with {proc.returncode}: {log.read_text()[-2000:]}")
        if "ready on" in log.read_text(errors="replace"):
            break
        time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("assistant serve was not ready within 600 s")
    # One whole answer, so the warm-up `serve` starts in the background is over before anything is measured.
    status, body = http(f"{srv.url}/gradio_api/call/ask", "POST",
                        json.dumps({"data": ["Who sat on the youth panel?", "", "", "", []]}).encode(),
                        {"Content-Type": "application/json"})
    assert status == 200, body
    assert b"Ruth Ikega" in http(f"{srv.url}/gradio_api/call/ask/{json.loads(body)['event_id']}")[1]
    time.sleep(2.0)
    try:
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def http(url: str, method: str = "GET", body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """(status, body) of one request; HTTP errors are returned, not raised."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _question_of(size: int) -> bytes:
    """A valid /ask request body of `size` bytes: one huge question (what the issue sent)."""
    head, tail = b'{"data": ["', b'", "", "", "", []], "fn_index": 0, "session_hash": "big"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def oversized(port: int, path: str, size: int, *, chunked: bool = False) -> int:
    """POST a `size`-byte request as an attacker would (no waiting); the status code, 0 if none."""
    body = memoryview(_question_of(size))
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                  f"{framing}\r\n\r\n".encode())
        sent = 0
        try:
            while sent < size and not select.select([s], [], [], 0)[0]:  # stop once the server answered
                chunk = body[sent : sent + MIB]
                s.sendall(b"%x\r\n%s\r\n" % (len(chunk), bytes(chunk)) if chunked else chunk)
                sent += len(chunk)
            if chunked and sent >= size:
                s.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed the connection without reading the rest: what it should do
        head = b""
        try:
            while b"\r\n" not in head:
                got = s.recv(4096)
                if not got:
                    break
                head += got
        except ConnectionResetError:
            pass
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return int(m.group(1)) if m else 0


# ---- 4. oversized requests do not grow memory -------------------------------------------------------------


def test_oversized_bodies_are_refused_before_they_are_read_and_memory_stays_flat(served: Served) -> None:
    paths = ["/gradio_api/call/ask", "/gradio_api/queue/join", "/gradio_api/run/predict"]
    for i in range(5):  # warm up the server's allocator on the same kind of request
        oversized(served.port, paths[i % 3], 20 * MIB)
    before = served.rss_mb()
    statuses = [oversized(served.port, paths[i % 3], 20 * MIB, chunked=i % 2 == 1) for i in range(100)]
    after = served.rss_mb()
    print(f"\nRSS of the served app before / after 100 requests of 20 MB: {before:.0f} MB / {after:.0f} MB")
    assert statuses == [413] * 100, statuses
    assert after - before < 25, (before, after)
    status, body = http(f"{served.url}/gradio_api/call/ask", "POST", b"x" * 100_000,
                        {"Content-Type": "application/json"})
    assert status == 413 and b"ASSISTANT_MAX_BODY_BYTES" in body
    # and the app still answers
    status, body = http(f"{served.url}/gradio_api/call/ask", "POST",
                        json.dumps({"data": ["Who sat on the youth panel?", "", "", "", []]}).encode(),
                        {"Content-Type": "application/json"})
    assert status == 200, body
    event = json.loads(body)["event_id"]
    status, body = http(f"{served.url}/gradio_api/call/ask/{event}")
    assert status == 200 and b"Ruth Ikega" in body


# ---- 5. no open upload route; only what the page and the API use ------------------------------------------


def test_the_upload_route_is_closed(served: Served) -> None:
    boundary = "----ca-test"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.html\"\r\n"
            f"Content-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--{boundary}--\r\n").encode()
    status, out = http(f"{served.url}/gradio_api/upload", "POST", body,
                       {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 404, (status, out[:300])
    stored = [p for p in served.uploads.rglob("*") if p.is_file()] if served.uploads.exists() else []
    assert stored == []


def _walk(routes: list, out: list[tuple[str, str]]) -> list[tuple[str, str]]:
    for r in routes:
        if hasattr(r, "original_router"):
            _walk(r.original_router.routes, out)
        elif getattr(r, "path", None):
            for m in sorted(getattr(r, "methods", None) or {"GET"}):
                out.append((m, r.path))
    return out


def test_only_the_routes_the_page_and_the_api_use_are_open(bot) -> None:
    from assistant.ui.app import build_app, launch
    from assistant.ui.webguard import allowed

    app = build_app(bot)
    port = free_port()
    launch(app, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    try:
        routes = _walk(app.server_app.routes, [])
        assert len(routes) > 40  # what Gradio mounts
        closed = []
        for method, path in routes:
            concrete = re.sub(r"\{[^}]+\}", "x", path)
            if allowed(method, concrete):
                continue
            status, _ = http(f"http://127.0.0.1:{port}{concrete}", method,
                             b"{}" if method in ("POST", "PUT") else None, {"Content-Type": "application/json"})
            assert status == 404, (method, path, status)
            closed.append(path)
        assert len(closed) > 30
        for method, path in (("POST", "/gradio_api/upload"), ("GET", "/gradio_api/file=/etc/passwd"),
                             ("GET", "/gradio_api/proxy=http://127.0.0.1:9/"), ("GET", "/monitoring"),
                             ("POST", "/gradio_api/vibe-edit"), ("POST", "/gradio_api/run-history/connect"),
                             ("POST", "/login"), ("GET", "/openapi.json"), ("PUT", "/gradio_api/queue/join")):
            status, _ = http(f"http://127.0.0.1:{port}{path}", method, b"{}" if method != "GET" else None)
            assert status == 404, (method, path, status)
        assert app.max_file_size == 0  # and Gradio itself would accept no file
    finally:
        app.close()


def test_security_md_lists_exactly_the_open_routes() -> None:
    from assistant.ui.webguard import ROUTES

    text = (PROJECT_ROOT / "SECURITY.md").read_text(encoding="utf-8")
    section = text.split("## What the app exposes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(GET|POST)` \| `([^`]+)` \|", section, flags=re.M))
    assert documented == {(m, shown) for m, _pattern, shown, _why in ROUTES}
    assert "no upload" in section.lower() and "404" in section and "413" in section


# ---- 6. questions never reach the logs ------------------------------------------------------------------


def test_no_question_reaches_the_server_log_however_malformed_the_call(served: Served) -> None:
    def post(path: str, payload: object) -> int:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        status, body = http(f"{served.url}{path}", "POST", data, {"Content-Type": "application/json"})
        if status == 200 and path.startswith("/gradio_api/call/"):
            http(f"{served.url}{path}/{json.loads(body)['event_id']}")  # let it run to the end
        return status

    q = f"{MARKER} who spoke about trust?"
    calls = [
        ("/gradio_api/call/ask", {"data": [q]}),  # too few values
        ("/gradio_api/call/ask", {"data": []}),
        ("/gradio_api/call/ask", {"data": [q, ["Day 1"], "", "", []]}),  # filters of the wrong type
        ("/gradio_api/call/ask", {"data": [q, "", {"s": MARKER}, "", []]}),
        ("/gradio_api/call/ask", {"data": [q, "", "", "", f"not a list {MARKER}"]}),
        ("/gradio_api/call/ask", {"data": [q, "", "", "", [{"role": "x", "content": MARKER}]]}),
        ("/gradio_api/call/ask", {"data": [{"q": MARKER}, "", "", "", []]}),
        ("/gradio_api/call/ask", {"data": q}),
        ("/gradio_api/call/ask", f'{{"data": ["{MARKER}'.encode()),  # broken JSON
        ("/gradio_api/call/ask", {"data": [q * 100, "", "", "", []]}),  # over 2,000 characters
        ("/gradio_api/call/ask", {"data": [q, "Day 9", "", "", []]}),
        ("/gradio_api/queue/join", {"data": [q], "fn_index": 0, "session_hash": "s1"}),
        ("/gradio_api/queue/join", {"data": [q], "fn_index": 999, "session_hash": "s1"}),
        ("/gradio_api/queue/join", {"data": [q], "fn_index": "x", "session_hash": "s1"}),
        ("/gradio_api/queue/join", {"data": [q, [], [], MARKER, MARKER, MARKER], "fn_index": 0,
                                    "session_hash": "s1"}),  # the chat turn, with the question as filters
        ("/gradio_api/queue/join", {"data": [q, [], [], "", "", ""], "fn_index": 0, "session_hash": "s1"}),
        ("/gradio_api/queue/join", {"data": [{"x": q}, q, q, q, q, q], "fn_index": 0, "session_hash": "s1"}),
        ("/gradio_api/run/predict", {"data": [q], "fn_index": 0, "session_hash": "s1"}),
        ("/gradio_api/run/predict", {"data": [q, q, q], "fn_index": 3, "session_hash": "s1"}),
        ("/gradio_api/upload", {"data": [q]}),
    ]
    for path, payload in calls:
        post(path, payload)
    for session in ("s1",):  # read the queued answers (and errors) to the end, as a page would
        http(f"{served.url}/gradio_api/queue/data?session_hash={session}")
    time.sleep(1.0)  # let the server write what it would write
    log = served.log.read_text(errors="replace")
    assert MARKER not in log, [line for line in log.splitlines() if MARKER in line][:5]
    assert "Received inputs" not in log and "Exception in ASGI application" not in log, log[-3000:]
    assert http(f"{served.url}/config")[0] == 200  # still serving
