"""One interface over the ways a question can be answered, so callers never ask which one it is.

`Answerer` has two calls: `plan` (understand the question; a backend may rewrite a follow-up first)
and `stream` (text pieces as they are produced, then the final Answer). `Extractive` answers offline
from the post's own sentences (the answering/ pipeline); `Generative` asks an OpenAI-compatible
server and guards its citations (generate.py), falling back on the extractive answer. Both are
given the same `Evidence` (engine.py) and answer over the part of the corpus the filters admit.
Does not retrieve, validate input or choose the backend (engine.py chooses it once).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.answering.pipeline import OfflineAnswerer
    from assistant.answering.question import Question
    from assistant.deadline import Deadline
    from assistant.engine import Evidence
    from assistant.llm.generate import LLMAnswerer


class Answerer(Protocol):
    """What Assistant calls for every question, whichever backend answers."""

    name: str  # the backend, as Answer.backend names it
    model: str  # what writes the answers, for info()

    def plan(self, question: str, history: list[dict[str, str]], *, deadline: Deadline | None = None,
             timings: dict[str, float] | None = None) -> Question:
        """The question understood (with `history` only when it leans on it)."""
        ...

    def stream(self, plan: Question, evidence: Evidence, *, t0: float, timings: dict[str, float],
               deadline: Deadline | None = None) -> Iterator[str | Answer]:
        """Text pieces as produced, then the final Answer (authoritative: show it in their place)."""
        ...


class Extractive:
    """Offline answers: the pipeline's own answer over the evidence, streamed line by line."""

    name = "offline"
    model = "offline extractive"

    def __init__(self, pipeline: OfflineAnswerer) -> None:
        self.pipeline = pipeline

    def plan(self, question: str, history: list[dict[str, str]], *, deadline: Deadline | None = None,
             timings: dict[str, float] | None = None) -> Question:
        t = time.perf_counter()
        q = self.pipeline.understand(question, history)
        if timings is not None:
            timings["understand"] = time.perf_counter() - t
        return q

    def stream(self, plan: Question, evidence: Evidence, *, t0: float, timings: dict[str, float],
               deadline: Deadline | None = None) -> Iterator[str | Answer]:
        ans = evidence.offline
        yield from ans.text.splitlines(keepends=True)
        yield replace(ans, backend=self.name, timings={**ans.timings, **timings})


class Generative:
    """Generated, guarded answers from an OpenAI-compatible server (offline answer on any fault)."""

    name = "openai"

    def __init__(self, llm: LLMAnswerer) -> None:
        self.llm = llm
        self.model = llm.settings.model

    def plan(self, question: str, history: list[dict[str, str]], *, deadline: Deadline | None = None,
             timings: dict[str, float] | None = None) -> Question:
        return self.llm.plan(question, history, self.llm.offline.understand, deadline, timings=timings)

    def stream(self, plan: Question, evidence: Evidence, *, t0: float, timings: dict[str, float],
               deadline: Deadline | None = None) -> Iterator[str | Answer]:
        yield from self.llm.stream(plan, evidence.passages, t0=t0, timings=timings, offline=evidence.pipeline,
                                   deadline=deadline, offline_answer=evidence.offline)
