"""The Gradio chat web UI (a plain chat for now; the web-UI issue makes it complete).

`build_app(assistant)` returns the Blocks; nothing runs at import. `serve()` binds 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assistant.api import Assistant
from assistant.config import Settings
from assistant.errors import AssistantError


def respond(assistant: Assistant, message: str, history: list[dict[str, Any]]) -> Iterator[str]:
    """Plain generator: stream the answer with its sources (testable without a browser)."""
    hist = [{"role": h["role"], "content": str(h.get("content", ""))} for h in history or []
            if isinstance(h, dict) and h.get("role") in ("user", "assistant")]
    try:
        text = ""
        for piece in assistant.stream(message, hist):
            if isinstance(piece, str):
                text += piece
                yield text
            else:
                src = "\n".join(f"[{c.n}] {c.session} ({c.day}): “{c.quote}”" for c in piece.citations)
                yield piece.text + ("\n\nSources:\n" + src if src else "")
    except AssistantError as exc:
        yield f"⚠️ {exc}"


def build_app(assistant: Assistant) -> Any:
    """The Gradio Blocks for this assistant."""
    import gradio as gr

    def fn(message: str, history: list[dict[str, Any]]) -> Iterator[str]:
        yield from respond(assistant, message, history)

    return gr.ChatInterface(fn, title="OSPOs for Good 2024 — Conference Assistant", api_name="ask")


def serve(*, host: str | None = None, port: int | None = None, backend: str | None = None) -> None:
    """Start the web UI (blocking)."""
    settings = Settings.from_env()
    bot = Assistant(backend=backend, settings=settings)
    bot.index()
    app = build_app(bot)
    app.queue(default_concurrency_limit=settings.ui_concurrency)
    app.launch(server_name=host or settings.ui_host, server_port=port or settings.ui_port, share=False)
