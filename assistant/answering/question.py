"""The understood question (what stages 1–3 and the conversation produced) and what answering reads.

`Question` carries the normalised text, the mentions, the intent and the question's embedding;
it also offers the few attributes the LLM path reads (`original`, `question`, `lang`, `people`,
`sessions`). `Ctx` bundles one answer's inputs for the per-intent answer functions: the facts
table, the catalog, the evidence ranker, the retrieved passages and the Composer that collects
the cited lines. Holds no logic beyond small lookups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.answering.catalog import Catalog
from assistant.answering.compose import Composer
from assistant.answering.evidence import Evidence
from assistant.answering.facts import Facts
from assistant.answering.intents import Intent
from assistant.answering.mentions import Mentions
from assistant.answering.normalise import Normalised
from assistant.answering.vocab import Vocab, vocab
from assistant.ingest.corpus import Session
from assistant.ingest.knowledge import Knowledge
from assistant.types import Passage

ANSWERED, REFUSED = "answered", "refused"


@dataclass
class Question:
    """One question (or one part of a multi-part question), understood."""

    norm: Normalised
    mentions: Mentions
    intent: Intent
    vec: np.ndarray = field(repr=False)
    text: str = ""  # the English text of this part
    context: str = ""  # what the conversation supplied, "" when the question stands alone
    parts: list[Question] = field(default_factory=list, repr=False)  # a multi-part question's parts
    # The same question with "it" written out as what the turn before asked about, when "it" may point back though
    # the question has words of its own ("how much money is it?"); "" when there is none. Understood and answered
    # only when the question alone is refused (engine.py).
    leaning: str = ""

    @property
    def original(self) -> str:
        """What the user typed."""
        return self.norm.original

    @property
    def question(self) -> str:
        """The English, standalone question."""
        return self.text or self.norm.english

    @property
    def search(self) -> str:
        """What retrieval searches for: the question, plus what the conversation supplied."""
        m = self.mentions
        if not self.context:
            return self.question
        extra = [p.name for p in m.people if p.how == "context"] + [
            s.title for s in m.sessions if s.how == "context"]
        if "topic" in self.context or "intent" in self.context:
            extra += [w for w in m.topic_words if w not in self.question.lower()]
        return f"{self.question} ({'; '.join(extra)})" if extra else self.question

    @property
    def cleaned(self) -> str:
        """What the user typed, without injected instructions."""
        return self.norm.cleaned

    @property
    def lang(self) -> str:
        """en | fr | es | de."""
        return self.norm.lang

    @property
    def people(self) -> list[tuple[str, str]]:
        """(name, how found) of the people named."""
        return [(p.name, p.how) for p in self.mentions.people]

    @property
    def sessions(self) -> list[str]:
        """Titles of the sessions named, best first."""
        return [s.title for s in self.mentions.named_sessions if not s.excluded]


@dataclass
class Ctx:
    """Everything one answer function reads and writes."""

    q: Question
    c: Composer
    k: Knowledge
    facts: Facts
    catalog: Catalog
    evidence: Evidence
    passages: list[Passage]
    extra: dict[str, Any] = field(default_factory=dict)
    intent_words: frozenset[str] = frozenset()  # stems of the chosen intent's example phrasings

    @property
    def v(self) -> Vocab:
        """The word lists of intents.toml."""
        return vocab()

    @property
    def m(self) -> Mentions:
        """The question's mentions."""
        return self.q.mentions

    def sessions(self, *, described: bool = True) -> list[Session]:
        """The sessions the question names (not those it excludes), as Session records."""
        out = []
        for r in self.m.named_sessions:
            if r.excluded or (r.how == "description" and not described):
                continue
            s = self.k.session(r.title, r.source)
            if s not in out:
                out.append(s)
        return out

    def sources(self) -> list[str]:
        """The posts in scope: those of the named sessions, else every post."""
        named = {s.source for s in self.sessions()}
        return [p.source for p in self.k.posts if not named or p.source in named]
