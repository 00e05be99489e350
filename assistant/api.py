"""Assistant: the public Python API (`ask`, `stream`, `retrieve`, `index`, `chain`, `info`).

Validates input at the edge (one error type, AssistantError, with the fix in its message), opens
the parts lazily on first use (engine.py, thread-safe), and runs every question the same way:
plan -> evidence -> answer through the one `Answerer` the settings chose (backends.py). `ask` is
`stream` drained; the LangChain chain runs the same three steps (`Steps`).
Does not parse, embed, rank or compose answers itself, and never asks which backend it has.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.errors import ConfigError, InvalidQuestion
from assistant.store.chroma import collecting_notes, tell
from assistant.types import Answer, Passage, drain

if TYPE_CHECKING:
    from assistant.engine import Evidence, Parts
    from assistant.retrieval.retrieve import Filters

_ROLES = ("user", "assistant")


def validate_question(question: object, limit: int) -> str:
    """The question, stripped; InvalidQuestion when it is not a usable string."""
    if not isinstance(question, str):
        raise InvalidQuestion(f"The question must be text (str), not {type(question).__name__}; pass a string.")
    q = question.replace("\x00", "").strip()
    if not q:
        raise InvalidQuestion("The question is empty; type a question about the conference.")
    if len(question) > limit:
        raise InvalidQuestion(
            f"The question is {len(question):,} characters long; the limit is {limit:,}. Shorten it and ask again."
        )
    try:
        q.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate (e.g. undecodable bytes on a command line)
        raise InvalidQuestion(
            f"The question has {q[exc.start]!r} at position {exc.start}, which is not a Unicode character; "
            "retype the question as plain text."
        ) from None
    return q


def _text(s: str, limit: int) -> str:
    """History content, cut to 4x the question limit, with lone surrogates replaced (never embedded raw)."""
    return s[: limit * 4].encode("utf-8", "replace").decode("utf-8")


def validate_history(history: object, limit: int) -> list[dict[str, str]]:
    """History as [{'role', 'content'}]; accepts (user, assistant) pairs too."""
    if history is None:
        return []
    if not isinstance(history, (list, tuple)):
        raise InvalidQuestion(
            "history must be a list of {'role': 'user'|'assistant', 'content': str} dicts, "
            f"not {type(history).__name__}."
        )
    out: list[dict[str, str]] = []
    for i, turn in enumerate(history):
        if isinstance(turn, dict):
            role, content = turn.get("role"), turn.get("content")
            if role not in _ROLES or not isinstance(content, str):
                raise InvalidQuestion(
                    f"history[{i}] must have role 'user' or 'assistant' and text content; got role={role!r}, "
                    f"content of type {type(content).__name__}."
                )
            out.append({"role": role, "content": _text(content, limit)})
        elif isinstance(turn, (list, tuple)) and len(turn) == 2 and all(isinstance(t, (str, type(None))) for t in turn):
            if turn[0]:
                out.append({"role": "user", "content": _text(turn[0], limit)})
            if turn[1]:
                out.append({"role": "assistant", "content": _text(turn[1], limit)})
        else:
            raise InvalidQuestion(
                f"history[{i}] is a {type(turn).__name__}; use {{'role': 'user'|'assistant', 'content': str}}."
            )
    return out[-20:]


_FILTER_HINTS = {
    "day": "a day such as 'Day 1'",
    "session": "a session heading exactly as in the post",
    "post": "a post's source path such as 'corpus/ospos-for-good-2024.md'",
}


def validate_filter(name: str, value: object, limit: int) -> str:
    """A day/session/post filter as text ('' for none); InvalidQuestion for any other type."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidQuestion(
            f"{name} must be text (str): {_FILTER_HINTS[name]}, or empty for no restriction; "
            f"got {type(value).__name__}."
        )
    if len(value) > limit:
        raise InvalidQuestion(f"{name} is {len(value):,} characters long; use {_FILTER_HINTS[name]}.")
    return value


def _with_notes(notice: str, notes: list[str]) -> str:
    """The answer's notice after what the index did on its own while answering (rebuilt, reopened)."""
    return " ".join([*notes, notice]).strip()


class Assistant:
    """Cited answers about the conference posts in the corpus folder."""

    def __init__(self, *, backend: str | None = None, settings: Settings | None = None) -> None:
        settings = settings or Settings.from_env()
        if backend is not None:
            if backend not in ("offline", "openai"):
                raise ConfigError(f"backend={backend!r} is not known; use 'offline' or 'openai'.")
            settings = settings.with_(backend=backend)
        self.settings = settings
        self._lock = threading.Lock()
        self._parts: Parts | None = None
        self._chain: Any = None

    # ---- lifecycle -------------------------------------------------------------------------------
    def _ready(self, progress: Any = None) -> Parts:
        """The opened parts (index, retriever, pipeline, the chosen answerer), opened once, thread-safe."""
        if self._parts is not None:
            return self._parts
        with self._lock:
            if self._parts is None:
                from assistant.engine import Parts

                self._parts = Parts.open(self.settings, progress)
        return self._parts

    @property
    def build_report(self) -> Any:
        """What opening the index did (a BuildReport), or None before it is opened."""
        return self._parts.build_report if self._parts is not None else None

    def warm(self) -> None:
        """Open the index and answer one question, so the next answers are timed warm."""
        self._ready()
        self.ask("Who gave the keynote at the first session?")

    def index(self, *, progress: Any = None) -> Any:
        """Build or update the index now (otherwise done on first use); returns a BuildReport."""
        self._ready(progress)
        return self.build_report

    def _filters(self, day: object, session: object, post: object) -> Filters:
        """Validated filters (each a str or empty)."""
        from assistant.retrieval.retrieve import Filters

        limit = self.settings.max_question_chars
        return Filters(day=validate_filter("day", day, limit), session=validate_filter("session", session, limit),
                       source=validate_filter("post", post, limit))

    # ---- LangChain -------------------------------------------------------------------------------
    def chain(self) -> Any:
        """The LangChain runnable: invoke({'question': ..., 'history': [...], 'day'/'session'/'post'}) -> Answer.

        It runs the same steps as `ask` (plan, evidence, answer), as three named runnables."""
        if self._chain is None:
            from assistant.chain import build_chain

            self._chain = build_chain(self.steps())
        return self._chain

    def retriever(self, k: int | None = None) -> Any:
        """A LangChain BaseRetriever over this assistant (`retrieve`); k defaults to ASSISTANT_TOP_K."""
        from assistant.chain import AssistantRetriever

        return AssistantRetriever(retrieve=self.retrieve, k=self.settings.top_k if k is None else k)

    def steps(self) -> Steps:
        """The three steps every answer takes, for composing them elsewhere (the LangChain chain)."""
        return Steps(self)

    # ---- public API ------------------------------------------------------------------------------
    def ask(
        self, question: str, history: list[dict[str, str]] | None = None, *, day: str = "", session: str = "",
        post: str = "",
    ) -> Answer:
        """Answer a question from the post(s), with [n] markers and verbatim citations."""
        return drain(self.stream(question, history, day=day, session=session, post=post))

    def stream(
        self, question: str, history: list[dict[str, str]] | None = None, *, day: str = "", session: str = "",
        post: str = "",
    ) -> Iterator[str | Answer]:
        """Yield the answer text in pieces as it is produced, then the final Answer.

        With the openai backend the pieces are the model's raw tokens; the final Answer has been
        through the citation guard and is authoritative (its text may differ: show it instead).
        """
        t0 = time.perf_counter()
        with collecting_notes() as notes:  # e.g. the index was rebuilt while answering: say so
            begun = self._begin(question, history, day, session, post)
            parts, plan, timings, deadline = self._ready(), begun["plan"], begun["timings"], begun["deadline"]
            t = time.perf_counter()
            evidence = parts.evidence(plan, begun["filters"])
            timings["retrieval"] = time.perf_counter() - t
        for piece in parts.answerer.stream(plan, evidence, t0=t0, timings=timings, deadline=deadline):
            if isinstance(piece, Answer):
                piece = replace(piece, question=question, notice=_with_notes(piece.notice, notes),
                                timings={**piece.timings, "total": time.perf_counter() - t0})
            yield piece

    def _begin(self, question: object, history: object, day: object, session: object,
               post: object) -> dict[str, Any]:
        """Validate, open the parts and understand: {'plan', 'filters', 'deadline', 'timings'}.

        What `stream` and the chain's plan step both do first. The deadline covers the rest of the
        question (rewrite, retrieval, answer) and starts once the index is open: building it on a first
        question is not waiting on the model; that time is "warmup"."""
        from assistant.deadline import Deadline

        t0 = time.perf_counter()
        q = validate_question(question, self.settings.max_question_chars)
        hist = validate_history(history, self.settings.max_question_chars)
        filters = self._filters(day, session, post)
        timings: dict[str, float] = {}
        cold = self._parts is None
        parts = self._ready()
        if cold:  # opening the index is timed on its own, never as understanding or condensing
            timings["warmup"] = time.perf_counter() - t0
            for warning in parts.build_report.warnings:  # a skipped corpus file, a damaged store moved aside:
                tell(warning)  # in the notice of the answer that opened the index, and on the log (the CLI
                # and the web UI open it first and print these at start)
        deadline = Deadline(self.settings.deadline)
        plan = parts.answerer.plan(q, hist, deadline=deadline, timings=timings)
        return {"plan": plan, "filters": filters, "deadline": deadline, "timings": timings}

    def retrieve(
        self, question: str, k: int | None = None, *, day: str = "", session: str = "", post: str = "",
        history: list[dict[str, str]] | None = None,
    ) -> list[Passage]:
        """The k passages (default ASSISTANT_TOP_K, 4) that best match the question (with `history`, as
        a follow-up): the passages holding what the answer cites first, then the search results."""
        q = validate_question(question, self.settings.max_question_chars)
        k = self.settings.top_k if k is None else k
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 100:
            raise InvalidQuestion(f"k must be a whole number from 1 to 100, not {k!r}.")
        hist = validate_history(history, self.settings.max_question_chars)
        filters = self._filters(day, session, post)
        parts = self._ready()
        plan = parts.pipeline.understand(q, hist)  # never a model call: retrieval is offline
        return parts.evidence(plan, filters, k).passages

    def info(self) -> dict[str, Any]:
        """What is indexed: posts (title, date, source), days and sessions; and the backend."""
        posts = []
        parts = self._ready()
        for p in parts.index.posts:
            posts.append({
                "title": p.title, "date": p.date, "source": p.source,
                "days": sorted({s.day for s in p.sessions if s.day}),
                "sessions": [{"title": s.title, "day": s.day, "kind": s.kind, "speakers": list(s.speakers)}
                             for s in p.sessions],
            })
        return {"backend": parts.answerer.name, "model": parts.answerer.model, "posts": posts}


class Steps:
    """An Assistant's answer as three public steps: `plan`, `evidence`, `answer` (what `ask` runs)."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def plan(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """Validate and understand, as `ask` does: adds 'plan', 'filters', 'deadline', 'timings', and
        't0' and 'notes' (what the index did on its own, told in the answer's notice as `ask` does)."""
        t0 = time.perf_counter()
        with collecting_notes() as notes:
            begun = self.assistant._begin(inputs.get("question"), inputs.get("history"), inputs.get("day"),
                                          inputs.get("session"), inputs.get("post"))
        if inputs.get("filters"):  # ready-made Filters win over day/session/post
            begun["filters"] = inputs["filters"]
        return {**inputs, **begun, "t0": t0, "notes": notes}

    def evidence(self, inputs: dict[str, Any]) -> Evidence:
        """The passages (and the offline answer over them) the question is answered from."""
        t = time.perf_counter()
        with collecting_notes() as notes:
            evidence = self.assistant._ready().evidence(inputs["plan"], inputs["filters"])
        inputs.get("notes", []).extend(notes)
        inputs.get("timings", {})["retrieval"] = time.perf_counter() - t
        return evidence

    def answer(self, inputs: dict[str, Any]) -> Answer:
        """The final Answer from the plan and its evidence (timings and notice as `ask` gives them)."""
        parts = self.assistant._ready()
        t0 = inputs.get("t0", time.perf_counter())
        ans = drain(parts.answerer.stream(inputs["plan"], inputs["evidence"], t0=t0,
                                          timings=inputs.get("timings", {}), deadline=inputs.get("deadline")))
        return replace(ans, question=inputs["question"], notice=_with_notes(ans.notice, inputs.get("notes", [])),
                       timings={**ans.timings, "total": time.perf_counter() - t0})
