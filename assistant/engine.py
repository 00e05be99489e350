"""The parts that answer questions, opened once per Assistant, and retrieval for answering.

`Parts.open(settings)` opens the index (building or repairing it when needed) and wires the
retriever, the offline understanding pipeline and the one `Answerer` the settings choose
(backends.py). `Parts.evidence` is the only retrieval used to answer: `ask`, `stream`, the
LangChain chain and `retrieve` all call it, so they see the same passages for the same question.
`Parts.offline_for(filters)` is the offline pipeline over only the posts, days and sessions the
filters admit; both backends answer (and fall back) through it.
Does not validate input (api.py), compose answers (answering/) or talk to a model (generate.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.answering.pipeline import OfflineAnswerer
from assistant.answering.question import Question
from assistant.backends import Answerer, Extractive, Generative
from assistant.config import Settings
from assistant.errors import InvalidQuestion
from assistant.ingest.knowledge import Knowledge
from assistant.retrieval.retrieve import Filters, Retriever
from assistant.store.embeddings import get_embedder
from assistant.store.index import Index
from assistant.store.vectors import VectorCache
from assistant.text import content_stems, is_smalltalk
from assistant.types import Answer, Passage


@dataclass(frozen=True)
class Evidence:
    """What a question is answered from: the passages (what the offline answer cites first, then the
    search results), the offline answer over them, and the offline pipeline that gave it."""

    passages: list[Passage]
    offline: Answer
    pipeline: OfflineAnswerer


def name_word(settings: Settings) -> Callable[[str], bool]:
    """word -> True when people usually write it capitalised (tiktoken's ranks: "linux", "kenya")."""
    from assistant.ingest.tokens import name_words

    return name_words(settings.tiktoken_cache_dir)


def common_word(settings: Settings) -> Callable[[str], bool]:
    """word -> True when tiktoken's vocabulary has it as one token (a common English word, not a typo)."""
    from assistant.ingest.tokens import common_words

    return common_words(settings.tiktoken_cache_dir)


@dataclass
class Parts:
    """The opened index and everything built on it, for one Assistant."""

    settings: Settings
    index: Index
    knowledge: Knowledge
    retriever: Retriever
    vectors: VectorCache
    pipeline: OfflineAnswerer  # the offline stages over the whole corpus
    answerer: Answerer  # the backend the settings chose, fixed for the life of these parts
    build_report: Any
    _filtered: dict[tuple[str, str, str], OfflineAnswerer] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, settings: Settings, progress: Any = None) -> Parts:
        """Open (or build) the index and wire the parts; the answerer is chosen here, once."""
        embedder = get_embedder()
        embedder.compile_into(settings.cache_dir / "onnx")
        embedder.warm_in_background()  # the model loads while chromadb is imported and the index checked
        index, report = Index.open(settings, embedder, progress=progress)
        knowledge = Knowledge(index.posts, index.chunks)
        vectors = VectorCache(embedder, settings.cache_dir / "vectors")
        pipeline = OfflineAnswerer(knowledge, vectors, is_common=common_word(settings), is_name=name_word(settings))
        answerer: Answerer = Extractive(pipeline)
        if settings.backend == "openai":
            from assistant.llm.generate import LLMAnswerer

            answerer = Generative(LLMAnswerer(settings, knowledge, pipeline, embedder=embedder))
        return cls(settings, index, knowledge, Retriever(index, knowledge, embedder), vectors, pipeline,
                   answerer, report)

    @property
    def llm(self) -> Any:
        """The LLM answerer behind the openai backend (None offline): for developer tools."""
        return getattr(self.answerer, "llm", None)

    def offline_for(self, filters: Filters | None) -> OfflineAnswerer:
        """The offline pipeline over only what the filters admit (the whole corpus without filters)."""
        filters = filters or Filters()
        key = (filters.day, filters.session, filters.source)
        if not any(key):
            return self.pipeline
        with self._lock:
            if key not in self._filtered:
                day, session, post = key
                if post and post not in {p.source for p in self.index.posts}:
                    raise InvalidQuestion(
                        f"post={post!r} is not an indexed post; use one of: "
                        f"{', '.join(sorted(p.source for p in self.index.posts))}."
                    )
                chunks = [c for c in self.index.chunks if filters.admits(c)]
                if not chunks:
                    raise InvalidQuestion(
                        f"No part of the corpus matches day={day!r}, session={session!r}, post={post!r}; "
                        "use a day such as 'Day 1' and a session heading exactly as in the post."
                    )
                kept = {(c.source, c.session) for c in chunks}
                posts = [replace(p, sessions=tuple(s for s in p.sessions if (s.source, s.title) in kept))
                         for p in self.index.posts if any(src == p.source for src, _ in kept)]
                self._filtered[key] = OfflineAnswerer(Knowledge(posts, chunks), self.vectors,
                                                      is_common=self.pipeline.normaliser.is_common,
                                                      is_name=self.pipeline.evidence.is_name,
                                                      intents=self.pipeline.intents)
            return self._filtered[key]

    def search(self, plan: Question, filters: Filters | None, k: int) -> list[Passage]:
        """The k passages most like the planned question (hybrid search, boosted by what it names)."""
        return self.retriever.search(plan.search, k, filters=filters or Filters(), boost_sessions=plan.sessions,
                                     boost_people=[n for n, _ in plan.people])

    @property
    def answer_k(self) -> int:
        """How many passages an answer is built from: ASSISTANT_LLM_TOP_K for the LLM backend (a model
        can read past the few passages the offline answer needs), ASSISTANT_TOP_K offline."""
        return self.settings.llm_top_k if self.settings.backend == "openai" else self.settings.top_k

    def evidence(self, plan: Question, filters: Filters | None = None, k: int | None = None) -> Evidence:
        """The k passages (default `answer_k`) to answer from, structure-aware: the passages holding what
        the offline answer cites come first (for "which sessions had no keynote?" no passage is similar
        to the question, but the facts know), then the search results. The offline answer always reads
        the top ASSISTANT_TOP_K search results, whatever k is, so the LLM backend's fallback is the
        offline backend's answer. A greeting searches nothing."""
        filters = filters or Filters()
        k = k or self.answer_k
        pipeline = self.offline_for(filters)
        if is_smalltalk(plan.original):
            return Evidence([], pipeline.answer(plan, []), pipeline)
        found = self.search(plan, filters, max(k, self.settings.top_k))
        ans = pipeline.answer(plan, found[: self.settings.top_k])
        if ans.refused and plan.leaning:  # "how much money is it?": read with the turn before
            lean = pipeline.understand(plan.leaning)
            found_ = self.search(lean, filters, max(k, self.settings.top_k))
            leaned = pipeline.answer(lean, found_[: self.settings.top_k])
            if not leaned.refused and _covers(leaned, plan):
                found, ans = found_, leaned
        first_score = found[0].score if found else 1.0
        cited: list[Passage] = []
        for c in ans.citations:
            unit = self.knowledge.unit_at(c.source, c.start)
            chunk = self.index.by_id.get(unit.chunk_id) if unit else None
            if chunk is None:
                chunk = next((x for x in self.index.chunks
                              if x.source == c.source and x.start <= c.start < x.end), None)
            if chunk is not None and filters.admits(chunk) and chunk.id not in {p.chunk_id for p in cited}:
                cited.append(self.retriever.passage(chunk, first_score))
        seen = {p.chunk_id for p in cited}
        return Evidence((cited + [p for p in found if p.chunk_id not in seen])[:k], ans, pipeline)


def _covers(ans: Answer, plan: Question) -> bool:
    """Whether the answer's quotes use a word the question asked with besides "it" ("how many funders back it?":
    "funders"); "who runs it?" answered with the fund's description alone does not."""
    own = {t for part in plan.parts or [plan] for t in part.mentions.topic}
    quoted = {t for c in ans.citations for t in content_stems(c.quote)}
    return bool(own & quoted)
