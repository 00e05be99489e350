"""Sessions by description: which session a phrase like "young people" or "open source in
developing regions" describes, by meaning rather than by shared words.

Each day session is represented by its title's vector and its sentences' vectors (the packaged
MiniLM, the vectors Evidence already holds). A phrase scores a session by cosine to the title plus
the mean of its three closest sentences; the best session is the description's only when it leads
the runner-up by MARGIN, so a vague phrase ("money", "the future") names no session. Does not find
the phrase in a question (mentions.py) or answer.
"""

from __future__ import annotations

import numpy as np

from assistant.answering.vectors import VectorCache
from assistant.ingest.knowledge import Knowledge, Session

MARGIN = 0.08  # lead of the best session's score over the runner-up's for the phrase to name it
TOP = 3  # sentences per session averaged


class Describer:
    """Day sessions of one Knowledge, ready to be matched against a descriptive phrase."""

    def __init__(self, knowledge: Knowledge, vectors: VectorCache, unit_vec: dict[tuple[str, int], np.ndarray]) -> None:
        self.vectors = vectors
        self.sessions = [s for s in knowledge.sessions if s.day]
        self.title_vecs = vectors.texts([s.title for s in self.sessions], "titles")
        self.unit_vecs = []
        for s in self.sessions:
            own = [unit_vec[(u.source, u.start)] for u in knowledge.units
                   if u.session == s.title and u.source == s.source and (u.source, u.start) in unit_vec]
            self.unit_vecs.append(np.stack(own) if own else np.zeros((0, self.title_vecs.shape[1]), np.float32))

    def scores(self, phrase: str, day: str = "") -> list[tuple[float, Session]]:
        """Every day session (of `day`, if given) with its score for the phrase, best first."""
        q = self.vectors.query(phrase)
        out = []
        for s, t, units in zip(self.sessions, self.title_vecs, self.unit_vecs, strict=True):
            if day and s.day != day:
                continue
            top = np.sort(units @ q)[-TOP:] if len(units) else np.zeros(1)
            out.append((float(t @ q) + float(top.mean()), s))
        out.sort(key=lambda x: -x[0])
        return out

    def __call__(self, phrase: str, day: str = "") -> Session | None:
        """The one session the phrase describes, or None when no session stands out."""
        ranked = self.scores(phrase, day)
        if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN):
            return None
        return ranked[0][1]
