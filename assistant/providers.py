"""The one boundary to OpenAI and OpenAI-compatible servers (OpenAI, vLLM, llama.cpp, Ollama).

`ChatProvider` sends chat messages through LangChain's `ChatOpenAI` (the `openai` package
underneath) and yields the reply's text as it streams. It owns the transport concerns: the
key and base URL (a placeholder key when only OPENAI_BASE_URL is set, since the client insists
on one), timeouts, bounded retries with backoff for faults that may pass (down, slow, 429, 5xx,
an unreadable or empty stream) and turning every failure into an `LLMFault` whose `notice` is
one line a user can act on. It never logs or prints the key. This is the only module that
imports `openai` / `langchain_openai`; it does not build prompts, retrieve or judge answers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlparse

from assistant.config import Settings
from assistant.errors import BackendError, ConfigError

OPENAI_URL = "https://api.openai.com/v1"
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key, but the openai client requires one
_MAX_BACKOFF = 4.0


class LLMFault(BackendError):
    """The server could not give an answer; `notice` says what happened in one line."""

    def __init__(self, kind: str, notice: str, *, retryable: bool) -> None:
        super().__init__(notice)
        # down | timeout | rate_limit | server_error | garbage | cut | empty | auth | url | model
        # | bad_request
        self.kind = kind
        self.notice = notice
        self.retryable = retryable


def client_config(settings: Settings) -> tuple[str, str]:
    """(base_url, api_key) to use; ConfigError naming the variable when neither is set or the URL is bad."""
    base = settings.openai_base_url.strip().rstrip("/")
    key = settings.openai_api_key.strip()
    if base:
        u = urlparse(base)
        if u.scheme not in ("http", "https") or not u.netloc:
            raise ConfigError(
                f"OPENAI_BASE_URL={base!r} is not an http(s) URL; set it like http://127.0.0.1:8080/v1 "
                "(llama.cpp), http://localhost:11434/v1 (Ollama) or http://localhost:8000/v1 (vLLM)."
            )
        return base, key or PLACEHOLDER_KEY
    if not key:
        raise ConfigError(
            "The openai backend needs OPENAI_API_KEY (for OpenAI) or OPENAI_BASE_URL (for a local server "
            "such as llama.cpp or Ollama); set one, or use backend='offline' / ASSISTANT_BACKEND=offline."
        )
    return OPENAI_URL, key


class ChatProvider:
    """Streams chat completions from one configured server, with bounded retries."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base_url, self._key = client_config(settings)
        self.local = bool(settings.openai_base_url.strip())
        self._llm = None

    def __repr__(self) -> str:  # never shows the key
        return f"ChatProvider(base_url={self.base_url!r}, model={self.settings.model!r})"

    def warm(self) -> None:
        """Import and build the client now (no network), so the first question does not pay for it."""
        self._client()

    def _client(self):  # noqa: ANN202 - ChatOpenAI is imported lazily
        if self._llm is None:
            from langchain_openai import ChatOpenAI

            self._llm = ChatOpenAI(
                model=self.settings.model, api_key=self._key, base_url=self.base_url,
                timeout=self.settings.llm_timeout, max_retries=0, temperature=0.0, stream_usage=False,
            )
        return self._llm

    def _limit(self, max_tokens: int) -> dict[str, object]:
        # llama.cpp's server ignores max_completion_tokens (what ChatOpenAI sends); OpenAI wants it.
        return {"extra_body": {"max_tokens": max_tokens}} if self.local else {"max_tokens": max_tokens}

    def _once(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        finished = False
        try:
            for chunk in self._client().stream(messages, **self._limit(max_tokens)):
                text = chunk.content if isinstance(chunk.content, str) else ""
                finished = finished or bool(chunk.response_metadata.get("finish_reason"))
                if text:
                    yield text
        except LLMFault:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes one LLMFault with a notice
            raise self.fault(exc) from None
        if not finished:  # every OpenAI-compatible server ends a complete reply with a finish_reason
            what = "closed the stream before the answer was complete"
            raise LLMFault("cut", self._notice(what), retryable=True)

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int) -> Iterator[str]:
        """Yield text pieces; retry faults that may pass until the first piece, then raise LLMFault."""
        attempts = self.settings.llm_retries + 1
        for attempt in range(attempts):
            got = False
            try:
                for piece in self._once(messages, max_tokens):
                    got = True
                    yield piece
                if not got:
                    raise LLMFault("empty", self._notice("sent an empty answer"), retryable=True)
                return
            except LLMFault as fault:
                if got:  # the user has seen part of it: no silent restart
                    what = f"stopped in the middle of the answer ({fault.kind})"
                    raise LLMFault(fault.kind, self._notice(what), retryable=False) from None
                if not fault.retryable or attempt == attempts - 1:
                    raise
                time.sleep(min(_MAX_BACKOFF, 0.25 * 2**attempt))

    def complete(self, messages: list[dict[str, str]], *, max_tokens: int) -> str:
        """The whole reply as one string (same retries as `stream`)."""
        return "".join(self.stream(messages, max_tokens=max_tokens))

    # ---- faults ------------------------------------------------------------------------------------
    def _notice(self, what: str, fix: str = "") -> str:
        fix = f"{fix} " if fix else ""
        return f"The LLM server at {self.base_url} {what}; {fix}answered offline instead."

    def fault(self, exc: BaseException) -> LLMFault:
        """Classify an exception from the client into an LLMFault with a one-line notice."""
        import openai

        n = self._notice
        if isinstance(exc, openai.APITimeoutError):
            t = self.settings.llm_timeout
            return LLMFault("timeout", n(f"did not answer (timeout after {t:g} s)"), retryable=True)
        if isinstance(exc, openai.APIConnectionError):
            return LLMFault("down", n("did not answer (connection failed)", "check OPENAI_BASE_URL;"),
                            retryable=True)
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            what = f"rejected the key (HTTP {exc.status_code})"
            return LLMFault("auth", n(what, "set OPENAI_API_KEY to a valid key;"), retryable=False)
        if isinstance(exc, openai.NotFoundError):
            if "model" in f"{exc} {_body_text(exc)}".lower():
                what = f"has no model {self.settings.model!r} (HTTP 404)"
                return LLMFault("model", n(what, "set ASSISTANT_MODEL to one it serves;"), retryable=False)
            fix = "check OPENAI_BASE_URL (it usually ends in /v1);"
            return LLMFault("url", n("has no chat endpoint there (HTTP 404)", fix), retryable=False)
        if isinstance(exc, openai.RateLimitError):
            return LLMFault("rate_limit", n("is rate-limiting requests (HTTP 429)"), retryable=True)
        if isinstance(exc, openai.APIStatusError):
            code = exc.status_code
            if code >= 500:
                return LLMFault("server_error", n(f"failed (HTTP {code})"), retryable=True)
            return LLMFault("bad_request", n(f"refused the request (HTTP {code})"), retryable=False)
        what = f"sent a reply that could not be read ({type(exc).__name__})"
        return LLMFault("garbage", n(what), retryable=True)


def _body_text(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    return str(body).lower() if body else ""
