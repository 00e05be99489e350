"""Assistant: the public Python API (`ask`, `stream`, `retrieve`, `index`, `chain`, `info`).

Validates input at the edge (one error type, AssistantError, with the fix in its message),
opens the index lazily on first use (thread-safe), and runs the LangChain chain
plan -> retrieve -> answer. The offline answerer is the default; the OpenAI-compatible backend
is chosen by `backend=` or ASSISTANT_BACKEND / OPENAI_* variables (see config.py).
Does not parse, embed, rank or compose answers itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

from assistant.config import Settings
from assistant.errors import ConfigError, InvalidQuestion
from assistant.types import Answer, Passage

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


def _common_word(settings: Settings) -> Any:
    """word -> True when tiktoken's vocabulary has it as one token (a common English word, not a typo)."""
    from assistant.ingest.tokens import encoding

    enc = encoding(settings.tiktoken_cache_dir)
    return lambda w: len(enc.encode(" " + w, disallowed_special=())) == 1


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
        self._engine: dict[str, Any] | None = None
        self._chain: Any = None
        self.build_report: Any = None

    # ---- lifecycle -------------------------------------------------------------------------------
    def _ready(self, progress: Any = None) -> dict[str, Any]:
        if self._engine is not None:
            return self._engine
        with self._lock:
            if self._engine is None:
                from assistant.answering.pipeline import OfflineAnswerer
                from assistant.answering.vectors import VectorCache
                from assistant.ingest.knowledge import Knowledge
                from assistant.retrieval.retrieve import Retriever
                from assistant.store.embeddings import get_embedder
                from assistant.store.index import Index

                embedder = get_embedder()
                index, report = Index.open(self.settings, embedder, progress=progress)
                knowledge = Knowledge(index.posts, index.chunks)
                retriever = Retriever(index, knowledge, embedder)
                vectors = VectorCache(embedder, self.settings.cache_dir / "vectors")
                answerer = OfflineAnswerer(knowledge, vectors, is_common=_common_word(self.settings))
                llm = None
                if self.settings.backend == "openai":
                    from assistant.generate import LLMAnswerer

                    llm = LLMAnswerer(self.settings, knowledge, answerer, embedder=embedder)
                self.build_report = report
                self._engine = {
                    "index": index,
                    "knowledge": knowledge,
                    "retriever": retriever,
                    "vectors": vectors,
                    "answerer": answerer,
                    "llm": llm,
                }
        return self._engine

    def warm(self) -> None:
        """Open the index and answer one question, so the next answers are timed warm."""
        self._ready()
        self.ask("Who gave the keynote at the first session?")

    def index(self, *, progress: Any = None) -> Any:
        """Build or update the index now (otherwise done on first use); returns a BuildReport."""
        self._ready(progress)
        return self.build_report

    # ---- steps used by the chain ---------------------------------------------------------------
    def _plan(self, question: str, history: list[dict[str, str]] | None, deadline: Any = None,
              timings: dict[str, float] | None = None) -> Any:
        eng = self._ready()
        if eng["llm"] is not None:  # the LLM rewrites a follow-up before retrieval
            return eng["llm"].plan(question, history or [], eng["answerer"].understand, deadline, timings=timings)
        return eng["answerer"].understand(question, history)

    def _passages(self, plan: Any, filters: Any = None, k: int = 6) -> list[Passage]:
        from assistant.retrieval.retrieve import Filters

        eng = self._ready()
        return eng["retriever"].search(
            plan.search, k, filters=filters or Filters(), boost_sessions=plan.sessions,
            boost_people=[n for n, _ in plan.people],
        )

    def _answer(self, plan: Any, passages: list[Passage], history: list[dict[str, str]] | None,
                filters: Any = None) -> Answer:
        eng = self._ready()
        if eng["llm"] is not None:
            from assistant.generate import drain

            return drain(eng["llm"].stream(plan, passages, offline=self._answerer_for(filters)))
        return self._answerer_for(filters).answer(plan, passages)

    def _answerer_for(self, filters: Any) -> Any:
        """The offline answerer; over only the admitted posts, days and sessions when filters are set."""
        from dataclasses import replace

        eng = self._ready()
        key = (getattr(filters, "day", ""), getattr(filters, "session", ""), getattr(filters, "source", ""))
        if not any(key):
            return eng["answerer"]
        with self._lock:
            cache = eng.setdefault("filtered_answerers", {})
            if key not in cache:
                from assistant.answering.pipeline import OfflineAnswerer
                from assistant.ingest.knowledge import Knowledge

                index = eng["index"]
                day, session, post = key
                if post and post not in {p.source for p in index.posts}:
                    raise InvalidQuestion(
                        f"post={post!r} is not an indexed post; use one of: "
                        f"{', '.join(sorted(p.source for p in index.posts))}."
                    )
                chunks = [c for c in index.chunks if filters.admits(c)]
                if not chunks:
                    raise InvalidQuestion(
                        f"No part of the corpus matches day={day!r}, session={session!r}, post={post!r}; "
                        "use a day such as 'Day 1' and a session heading exactly as in the post."
                    )
                kept = {(c.source, c.session) for c in chunks}
                posts = [replace(p, sessions=tuple(s for s in p.sessions if (s.source, s.title) in kept))
                         for p in index.posts if any(src == p.source for src, _ in kept)]
                full = eng["answerer"]
                cache[key] = OfflineAnswerer(Knowledge(posts, chunks), eng["vectors"],
                                             is_common=full.normaliser.is_common, intents=full.intents)
            return cache[key]

    def _filters(self, day: object, session: object, post: object) -> Any:
        """Validated filters (each a str or empty)."""
        from assistant.retrieval.retrieve import Filters

        limit = self.settings.max_question_chars
        return Filters(day=validate_filter("day", day, limit), session=validate_filter("session", session, limit),
                       source=validate_filter("post", post, limit))

    def chain(self) -> Any:
        """The LangChain runnable: invoke({'question': ..., 'history': [...]}) -> Answer."""
        if self._chain is None:
            from assistant.chain import build_chain

            self._chain = build_chain(self)
        return self._chain

    def retriever(self, k: int = 4) -> Any:
        """A LangChain BaseRetriever over this assistant."""
        from assistant.chain import AssistantRetriever

        return AssistantRetriever(assistant=self, k=k)

    # ---- public API ------------------------------------------------------------------------------
    def ask(
        self, question: str, history: list[dict[str, str]] | None = None, *, day: str = "", session: str = "",
        post: str = "",
    ) -> Answer:
        """Answer a question from the post(s), with [n] markers and verbatim citations."""
        from dataclasses import replace

        from assistant.store.index import collecting_notes

        t0 = time.perf_counter()
        if self.settings.backend == "openai":  # one path for generated answers: the stream, drained
            from assistant.generate import drain

            return drain(self.stream(question, history, day=day, session=session, post=post))
        q = validate_question(question, self.settings.max_question_chars)
        hist = validate_history(history, self.settings.max_question_chars)
        filters = self._filters(day, session, post)
        with collecting_notes() as notes:  # e.g. the index was rebuilt while answering: say so
            # The chain's three steps, called directly: the LCEL runnable (chain()) runs these same functions
            # but costs a thread per question for its parallel branch, which `ask` does not need.
            plan = self._plan(q, hist)
            ans = self._answer(plan, self._passages(plan, filters), hist, filters)
        return replace(ans, question=question, backend=self.settings.backend if not ans.backend else ans.backend,
                       notice=_with_notes(ans.notice, notes),
                       timings={**ans.timings, "total": time.perf_counter() - t0})

    def stream(
        self, question: str, history: list[dict[str, str]] | None = None, *, day: str = "", session: str = "",
        post: str = "",
    ) -> Iterator[str | Answer]:
        """Yield the answer text in pieces as it is produced, then the final Answer.

        With the openai backend the pieces are the model's raw tokens; the final Answer has been
        through the citation guard and is authoritative (its text may differ: show it instead).
        """
        if self.settings.backend == "openai":
            yield from self._stream_llm(question, history, day=day, session=session, post=post)
            return
        ans = self.ask(question, history, day=day, session=session, post=post)
        yield from ans.text.splitlines(keepends=True)
        yield ans

    def _stream_llm(
        self, question: str, history: Any, *, day: str, session: str, post: str
    ) -> Iterator[str | Answer]:
        from dataclasses import replace

        from assistant.deadline import Deadline
        from assistant.generate import is_smalltalk
        from assistant.store.index import collecting_notes

        t0 = time.perf_counter()
        deadline = Deadline(self.settings.deadline)  # one for the whole question: rewrite, retrieval, answer
        q = validate_question(question, self.settings.max_question_chars)
        hist = validate_history(history, self.settings.max_question_chars)
        filters = self._filters(day, session, post)
        timings: dict[str, float] = {}
        cold = self._engine is None
        llm = self._ready()["llm"]
        if cold:  # opening the index is timed on its own, never as understanding or condensing
            timings["warmup"] = time.perf_counter() - t0
        plan = self._plan(q, hist, deadline, timings)
        passages: list[Passage] = []
        notes: list[str] = []
        if not is_smalltalk(q):  # a greeting is not turned into a search
            t = time.perf_counter()
            with collecting_notes() as notes:
                # The model sees what the offline answerer would cite first, then the search results.
                passages = self._evidence(plan, filters, self.settings.top_k)
            timings["retrieval"] = time.perf_counter() - t
        offline = self._answerer_for(filters) if passages else None
        for piece in llm.stream(plan, passages, t0=t0, timings=timings, offline=offline, deadline=deadline):
            if isinstance(piece, Answer):
                total = time.perf_counter() - t0
                piece = replace(piece, question=question, notice=_with_notes(piece.notice, notes),
                                timings={**piece.timings, "total": total})
            yield piece

    def retrieve(
        self, question: str, k: int = 4, *, day: str = "", session: str = "", post: str = "",
        history: list[dict[str, str]] | None = None,
    ) -> list[Passage]:
        """The k passages that best match the question (with `history`, as a follow-up)."""
        q = validate_question(question, self.settings.max_question_chars)
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 100:
            raise InvalidQuestion(f"k must be a whole number from 1 to 100, not {k!r}.")
        hist = validate_history(history, self.settings.max_question_chars)
        filters = self._filters(day, session, post)
        plan = self._plan(q, hist)
        return self._evidence(plan, filters, k)

    def _evidence(self, plan: Any, filters: Any, k: int) -> list[Passage]:
        """The k passages for a planned question, structure-aware: the passages holding what the
        offline answerer cites come first (for "which sessions had no keynote?" no passage is similar
        to the question, but the answer knows), then the search results."""
        found = self._passages(plan, filters, k=max(k, 6))
        eng = self._ready()
        ans = self._answerer_for(filters).answer(plan, found)  # the offline answerer's evidence, never an LLM call
        by_id = eng["index"].by_id
        first_score = found[0].score if found else 1.0
        evidence: list[Passage] = []
        for c in ans.citations:
            unit = eng["knowledge"].unit_at(c.source, c.start)
            chunk = by_id.get(unit.chunk_id) if unit else None
            if chunk is None:
                chunk = next((x for x in eng["index"].chunks
                              if x.source == c.source and x.start <= c.start < x.end), None)
            if chunk is not None and filters.admits(chunk) and chunk.id not in {p.chunk_id for p in evidence}:
                evidence.append(eng["retriever"].passage(chunk, first_score))
        seen = {p.chunk_id for p in evidence}
        return (evidence + [p for p in found if p.chunk_id not in seen])[:k]

    def info(self) -> dict[str, Any]:
        """What is indexed: posts (title, date, source), days and sessions; and the backend."""
        eng = self._ready()
        posts = []
        for p in eng["index"].posts:
            posts.append({
                "title": p.title, "date": p.date, "source": p.source,
                "days": sorted({s.day for s in p.sessions if s.day}),
                "sessions": [{"title": s.title, "day": s.day, "kind": s.kind, "speakers": list(s.speakers)}
                             for s in p.sessions],
            })
        return {"backend": self.settings.backend, "model": self.settings.model if self.settings.backend == "openai"
                else "offline extractive", "posts": posts}
