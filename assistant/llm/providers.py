"""The one boundary to OpenAI and OpenAI-compatible servers (OpenAI, vLLM, llama.cpp, Ollama).

`ChatProvider` sends chat messages through LangChain's `ChatOpenAI` (the `openai` package
underneath) and yields the reply's text as it streams. It owns the transport concerns: the
key and base URL (a placeholder key when only OPENAI_BASE_URL is set, since the client insists
on one), timeouts (each try waits at most what is left of the question's `Deadline`), bounded
retries with backoff for faults that may pass (down, slow, 429, 5xx, an unreadable or empty
stream; never past the deadline) and turning every failure into an `LLMFault` whose `notice` is
one line a user can act on. It never logs or prints the key. This is the only module that
imports `openai` / `langchain_openai`; it does not build prompts, retrieve or judge answers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlparse

from assistant.config import Settings
from assistant.deadline import Deadline
from assistant.errors import BackendError, ConfigError

OPENAI_URL = "https://api.openai.com/v1"
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key, but the openai client requires one
_MAX_BACKOFF = 4.0


class LLMFault(BackendError):
    """The server could not give an answer; `notice` says what happened in one line."""

    def __init__(self, kind: str, what: str, *, server: str, retryable: bool, fix: str = "", tries: int = 1) -> None:
        # down | timeout | deadline | rate_limit | server_error | garbage | cut | empty | auth | url | model
        # | bad_request
        self.kind = kind
        self.what = what
        self.server = server
        self.fix = fix
        self.retryable = retryable
        self.tries = tries
        super().__init__(self.notice)

    def _say(self, tail: str) -> str:
        fix = f"{self.fix} " if self.fix else ""
        return f"The LLM server at {self.server} {self.what}; {fix}answered offline instead{tail}."

    @property
    def notice(self) -> str:
        """One line: what the server did, the fix if there is one, and that the answer is offline."""
        return self._say("")

    def after(self, waited: float) -> str:
        """The notice with the real wait since the question came (and the tries, when more than one)."""
        tries = f" ({self.tries} tries)" if self.tries > 1 else ""
        return self._say(f" after {waited:.1f} s{tries}")


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

    def _once(self, messages: list[dict[str, str]], max_tokens: int, timeout: float) -> Iterator[str]:
        finished = False
        try:
            for chunk in self._client().stream(messages, timeout=timeout, **self._limit(max_tokens)):
                text = chunk.content if isinstance(chunk.content, str) else ""
                finished = finished or bool(chunk.response_metadata.get("finish_reason"))
                if text:
                    yield text
        except LLMFault:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes one LLMFault with a notice
            raise self.fault(exc, timeout=timeout) from None
        if not finished:  # every OpenAI-compatible server ends a complete reply with a finish_reason
            raise self._fault("cut", "closed the stream before the answer was complete", retryable=True)

    def stream(self, messages: list[dict[str, str]], *, max_tokens: int,
               deadline: Deadline | None = None) -> Iterator[str]:
        """Yield text pieces; retry faults that may pass until the first piece, then raise LLMFault.

        Each try waits at most what is left of `deadline` (without one, ASSISTANT_LLM_TIMEOUT per try,
        as an evaluation's judge wants), and no try starts once it has passed. A caller that must not
        wait past the deadline on a server that keeps sending slowly reads this through `within`.
        """
        deadline = deadline or Deadline(float("inf"))
        attempts = self.settings.llm_retries + 1
        for attempt in range(attempts):
            got = False
            tries = attempt + 1
            timeout = min(self.settings.llm_timeout, deadline.remaining())
            if timeout <= 0.05:
                raise self.deadline_fault(deadline, tries=attempt)
            try:
                for piece in self._once(messages, max_tokens, timeout):
                    got = True
                    yield piece
                if not got:
                    raise self._fault("empty", "sent an empty answer", retryable=True)
                return
            except LLMFault as fault:
                fault.tries = tries
                if got:  # the user has seen part of it: no silent restart
                    what = f"stopped in the middle of the answer ({fault.kind})"
                    raise self._fault(fault.kind, what, retryable=False, tries=tries) from None
                if fault.kind == "timeout" and timeout < self.settings.llm_timeout:
                    raise self.deadline_fault(deadline, tries=tries) from None  # the deadline cut this try
                if not fault.retryable or attempt == attempts - 1:
                    raise
                pause = min(_MAX_BACKOFF, 0.25 * 2**attempt)
                if deadline.remaining() <= pause:
                    raise  # no time for another try: report what the server did
                time.sleep(pause)

    def complete(self, messages: list[dict[str, str]], *, max_tokens: int, deadline: Deadline | None = None) -> str:
        """The whole reply as one string (same retries and deadline as `stream`)."""
        return "".join(self.stream(messages, max_tokens=max_tokens, deadline=deadline))

    def deadline_fault(self, deadline: Deadline, *, tries: int = 1, answering: bool = False) -> LLMFault:
        """The fault for a question whose ASSISTANT_DEADLINE passed (while waiting, or while tokens came)."""
        limit = f"{deadline.seconds:g} s deadline (ASSISTANT_DEADLINE)"
        what = f"was still answering when the {limit} passed" if answering else f"did not answer within the {limit}"
        return self._fault("deadline", what, retryable=False, tries=max(1, tries))

    # ---- faults ------------------------------------------------------------------------------------
    def _fault(self, kind: str, what: str, fix: str = "", *, retryable: bool, tries: int = 1) -> LLMFault:
        return LLMFault(kind, what, server=self.base_url, fix=fix, retryable=retryable, tries=tries)

    def fault(self, exc: BaseException, *, timeout: float | None = None) -> LLMFault:
        """Classify an exception from the client into an LLMFault with a one-line notice."""
        import openai

        f = self._fault
        if isinstance(exc, openai.APITimeoutError):
            t = self.settings.llm_timeout if timeout is None else timeout
            return f("timeout", f"did not answer (timeout after {t:g} s)", retryable=True)
        if isinstance(exc, openai.APIConnectionError):
            return f("down", "did not answer (connection failed)", "check OPENAI_BASE_URL;", retryable=True)
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            what = f"rejected the key (HTTP {exc.status_code})"
            return f("auth", what, "set OPENAI_API_KEY to a valid key;", retryable=False)
        if isinstance(exc, openai.NotFoundError):
            if "model" in f"{exc} {_body_text(exc)}".lower():
                what = f"has no model {self.settings.model!r} (HTTP 404)"
                return f("model", what, "set ASSISTANT_MODEL to one it serves;", retryable=False)
            fix = "check OPENAI_BASE_URL (it usually ends in /v1);"
            return f("url", "has no chat endpoint there (HTTP 404)", fix, retryable=False)
        if isinstance(exc, openai.RateLimitError):
            return f("rate_limit", "is rate-limiting requests (HTTP 429)", retryable=True)
        if isinstance(exc, openai.APIStatusError):
            code = exc.status_code
            if code >= 500:
                return f("server_error", f"failed (HTTP {code})", retryable=True)
            return f("bad_request", f"refused the request (HTTP {code})", retryable=False)
        return f("garbage", f"sent a reply that could not be read ({type(exc).__name__})", retryable=True)


def _body_text(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    return str(body).lower() if body else ""
