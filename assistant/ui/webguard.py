"""The web app's outer door: only the routes the chat page and its /ask API use, and small bodies.

`Guard` is an ASGI middleware that `app.launch` puts on the FastAPI app Gradio builds:
- a request whose method and path are not in ROUTES gets 404 before Gradio sees it. Gradio mounts
  about 80 routes (file upload, file serving, a proxy, run history, "vibe" editing, monitoring,
  login, ...); this app uses a dozen. SECURITY.md lists ROUTES, and a test keeps the two equal.
  A UI that starts using another route adds it here and there.
- a request body over `max_body` bytes (ASSISTANT_MAX_BODY_BYTES) gets 413 before it is read: by
  its Content-Length, or, for a chunked body, once the bytes received pass the limit. It is never
  parsed, so a flood of huge requests cannot grow the server's memory.
An exception escaping Gradio on a malformed request is logged by type and stack, not by message
(messages quote values), and answered 500. `quiet_inputs(blocks)` turns the errors Gradio raises
while checking inputs (their messages, printed to the server log, quote the values received, i.e.
the question) into user errors that are shown to the caller and never printed.

Does not authenticate, rate-limit (a reverse proxy does, see SECURITY.md) or parse JSON.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# (method, path pattern, the path as SECURITY.md shows it, what uses it). GET also admits HEAD.
ROUTES: tuple[tuple[str, str, str, str], ...] = (
    ("GET", r"/", "/", "the chat page"),
    ("GET", r"/config/?", "/config", "the page's layout (Gradio's config; also read by gradio_client)"),
    ("GET", r"/(?:assets|static|svelte)/[^?#]+", "/assets/… /static/… /svelte/…",
     "the page's scripts, styles and fonts (Gradio's own files)"),
    ("GET", r"/(?:favicon\.ico|theme\.css|robots\.txt)", "/favicon.ico /theme.css /robots.txt",
     "icon, theme, robots"),
    ("GET", r"/gradio_api/startup-events", "/gradio_api/startup-events",
     "Gradio's launch calls it once to start the queue; later calls do nothing"),
    ("GET", r"/gradio_api/info/?", "/gradio_api/info", "the API's description (gradio_client, \"Use via API\")"),
    ("GET", r"/gradio_api/heartbeat/[^/]+", "/gradio_api/heartbeat/…", "keeps a page's session alive"),
    ("POST", r"/gradio_api/queue/join", "/gradio_api/queue/join",
     "asks a question (the page, gradio_client): queued, 4 answered at a time"),
    ("GET", r"/gradio_api/queue/data", "/gradio_api/queue/data", "streams the answer back (server-sent events)"),
    ("POST", r"/gradio_api/run/predict", "/gradio_api/run/predict",
     "the page's small actions: new conversation, sessions of a day, an example question"),
    ("POST", r"/gradio_api/call/ask/?", "/gradio_api/call/ask", "the documented `/ask` endpoint over plain HTTP"),
    ("GET", r"/gradio_api/call/ask/[^/]+", "/gradio_api/call/ask/…", "its result (server-sent events)"),
    ("POST", r"/gradio_api/cancel", "/gradio_api/cancel", "stops a question being answered"),
)
_ALLOWED = [(method, re.compile(pattern)) for method, pattern, _shown, _why in ROUTES]
log = logging.getLogger(__name__)


def allowed(method: str, path: str) -> bool:
    """True when this method and path are one of ROUTES (HEAD counts as GET)."""
    method = "GET" if method == "HEAD" else method
    return any(m == method and rx.fullmatch(path) for m, rx in _ALLOWED)


async def _reply(send: Send, status: int, error: str) -> None:
    body = json.dumps({"error": error}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 413:
        headers.append((b"connection", b"close"))  # the rest of the body is not read
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _too_big(limit: int, size: int | None) -> str:
    what = f"{size:,} bytes" if size is not None else f"over {limit:,} bytes"
    return (f"The request body is {what}; this app reads at most {limit:,} (ASSISTANT_MAX_BODY_BYTES). "
            "A question is at most 2,000 characters and only the last 20 turns of history are used: send less.")


NOT_FOUND = "Not found: this app serves its chat page and the /ask API only (see SECURITY.md)."


class Guard:
    """ASGI middleware: 404 for routes outside ROUTES, 413 for bodies over `max_body`, before Gradio."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # nothing here uses websockets
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not allowed(scope["method"], scope["path"]):
            await _reply(send, 404, NOT_FOUND)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _reply(send, 400, "The Content-Length header is not a number.")
                return
            if size > self.max_body:
                await _reply(send, 413, _too_big(self.max_body, size))
                return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self._run(scope, receive, send)
            return
        # Read the (small) body here, counting, so a chunked body is cut off at the limit too.
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body:
                await _reply(send, 413, _too_big(self.max_body, None))
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self._run(scope, replay, send)

    async def _run(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app; an exception escaping it is logged without its message (which may quote the request)."""
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # noqa: BLE001 - a Gradio bug on a malformed request; not a crash of the server
            log_failure(log, f"{scope['method']} {scope['path']}", exc)
            if not started:
                await _reply(send, 500, "Something went wrong while handling this request; the server log has "
                                        "details.")


def log_failure(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """Log that `what` failed: the exception's type and stack, never its message (it may quote a question)."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("%s failed with %s (its message is left out: it may quote the request)\n%s",
                 what, type(exc).__name__, stack)


def middleware(max_body: int) -> list[Any]:
    """The Guard as FastAPI/Starlette `middleware=` (what `launch` passes in Gradio's app_kwargs)."""
    from starlette.middleware import Middleware

    return [Middleware(Guard, max_body=max_body)]


def quiet_inputs(blocks: Any) -> None:
    """Keep request values out of Gradio's printouts: an input Gradio cannot use is a user error.

    Gradio prints the traceback of every error raised while it checks inputs (too few values, a
    dropdown value not among its choices, a value a component cannot read), and those messages
    quote the values, i.e. the question. Here they become `gr.Error(print_exception=False)`:
    shown to the caller, never printed.
    """
    import gradio as gr

    def validate_inputs(block_fn: Any, inputs: list[Any]) -> None:
        wanted = len(block_fn.inputs)
        if len(inputs) < wanted:
            name = f" /{block_fn.api_name}" if getattr(block_fn, "api_name", None) else ""
            raise gr.Error(f"The endpoint{name} takes {wanted} values and got {len(inputs)}; send all of them "
                           "(gradio_client fills in the defaults).", print_exception=False)

    preprocess = blocks.preprocess_data

    async def preprocess_data(block_fn: Any, inputs: list[Any], state: Any, explicit_call: bool = False) -> Any:
        try:
            return await preprocess(block_fn, inputs, state, explicit_call)
        except gr.Error as exc:
            exc.print_exception = False
            raise
        except Exception as exc:  # noqa: BLE001 - its message quotes the value; the caller gets a short one
            raise gr.Error(f"A value sent to this endpoint could not be used ({type(exc).__name__}); check the "
                           "types of the values sent.", print_exception=False) from None

    blocks.validate_inputs = validate_inputs
    blocks.preprocess_data = preprocess_data
