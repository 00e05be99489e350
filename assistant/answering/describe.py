"""Sessions and people by description. Sessions: which session a phrase like "young people" or "open source in
developing regions" describes, by meaning rather than by shared words.

Each day session is represented by its title's vector and its sentences' vectors (the packaged
MiniLM, the vectors Evidence already holds). A phrase scores a session by cosine to the title plus
the mean of its three closest sentences; the best session is the description's only when it leads
the runner-up by MARGIN, so a vague phrase ("money", "the future") names no session. Does not find
the phrase in a question (mentions.py) or answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from assistant.ingest.knowledge import Knowledge, Session
from assistant.store.vectors import VectorCache
from assistant.text import content_stems, surname_parts

MARGIN = 0.08  # lead of the best session's score over the runner-up's for the phrase to name it
TOP = 3  # sentences per session averaged


class Describer:
    """Day sessions of one Knowledge, ready to be matched against a descriptive phrase."""

    def __init__(self, knowledge: Knowledge, vectors: VectorCache, unit_vec: dict[tuple[str, int], np.ndarray]) -> None:
        self.vectors = vectors
        self.sessions = [s for s in knowledge.sessions if s.day]
        self.title_vecs = vectors.texts([s.title for s in self.sessions], "titles")
        counts: dict[str, int] = {}
        for s in self.sessions:
            for st in set(content_stems(s.title)):
                counts[st] = counts.get(st, 0) + 1
        self.shared = frozenset(st for st, n in counts.items() if n > len(self.sessions) / 2)
        self.unit_vecs = []
        for s in self.sessions:
            own = [unit_vec[(u.source, u.start)] for u in knowledge.units
                   if u.session == s.title and u.source == s.source and (u.source, u.start) in unit_vec]
            self.unit_vecs.append(np.stack(own) if own else np.zeros((0, self.title_vecs.shape[1]), np.float32))

    def scores(self, phrase: str, day: str = "") -> list[tuple[float, Session]]:
        """Every day session (of `day`, if given) with its score for the phrase, best first. Words most
        titles share ("open source" in "… Open Source Community Panel") tell no session apart: left out."""
        kept = [w for w in phrase.split() if not set(content_stems(w)) & self.shared]
        q = self.vectors.query(" ".join(kept) if kept else phrase)
        out = []
        for s, t, units in zip(self.sessions, self.title_vecs, self.unit_vecs, strict=True):
            if day and s.day != day:
                continue
            top = np.sort(units @ q)[-TOP:] if len(units) else np.zeros(1)
            out.append((float(t @ q) + float(top.mean()), s))
        out.sort(key=lambda x: -x[0])
        return out

    def leader(self, phrase: str, day: str = "") -> tuple[float, Session] | None:
        """The session the phrase is nearest, with its lead over the next (infinite when it is the only one);
        None when there is no session."""
        ranked = self.scores(phrase, day)
        if not ranked:
            return None
        return (ranked[0][0] - ranked[1][0] if len(ranked) > 1 else float("inf")), ranked[0][1]

    def __call__(self, phrase: str, day: str = "") -> Session | None:
        """The one session the phrase describes, or None when no session stands out."""
        best = self.leader(phrase, day)
        return best[1] if best is not None and best[0] >= MARGIN else None


PERSON_MARGIN = 0.25  # lead of the best person's score over the runner-up's


class PeopleDescriber:
    """People by description: "the development bank guy", "the minister", "the foundation person".

    Each person's profile is the stems of their title (affiliation lines, and an appositive after
    their name: "Nasra Abdi, Minister for Agriculture, …"), weight 1, and of the sentences that
    attribute remarks to them, weight 0.5. A description's words score each person by idf-weighted
    overlap; the best is meant when it covers half the words and leads the runner-up. Does not find
    the phrase in a question (mentions.py).
    """

    def __init__(self, knowledge: Knowledge, idf: Callable[[str], float],
                 pronouns: dict[str, str] | None = None) -> None:
        self.idf = idf
        self.pronouns = pronouns or {}  # name -> "he" / "she", as the post refers to them (facts.py)
        self.titles: dict[str, set[str]] = {}
        self.said: dict[str, set[str]] = {}
        for s in knowledge.sessions:
            for name, aff in s.affiliations.items():
                self.titles.setdefault(name, set()).update(content_stems(aff))
        for p in knowledge.people.values():
            for u in p.remarks:
                self.said.setdefault(p.name, set()).update(content_stems(u.text))
            # "Nasra Abdi, Minister for Agriculture, …", "Ouédraogo-Laurent, director of IMAO, …": an
            # appositive after the name (or a surname of it) that names a title or an organisation
            forms = [p.name, *surname_parts(p.name.split())]
            pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r"), ([^,.;]{3,80})[,.;]")
            for u in knowledge.units:
                for title in pattern.findall(u.text):
                    if title[0].isupper() or re.search(r"\b(?:of|at|for|from)\b", title):
                        self.titles.setdefault(p.name, set()).update(content_stems(title))

    def by_remark(self, words: list[str], pronoun: str = "") -> str | None:
        """The one person whose recorded remarks have every one of these words ("went through the terms of
        service"), when nobody else's have as many of them (by idf weight, PERSON_MARGIN); else None ("fall
        armyworm": a remark with "fall" alone is no remark about it). `pronoun` breaks a tie (_pick)."""
        total = sum(self.idf(w) for w in words)
        scores = [(sum(self.idf(w) for w in words if w in said) / total, name)
                  for name, said in self.said.items()] if total else []
        return self._pick(scores, 0.99, pronoun)

    def __call__(self, words: list[str], *, titles_only: bool = False, pronoun: str = "") -> str | None:
        """The one person the description's words (stems) fit, or None; `pronoun` breaks a tie (_pick)."""
        total = sum(self.idf(w) for w in words)
        if not total:
            return None
        scores = []
        for name in set(self.titles) | (set() if titles_only else set(self.said)):
            own, said = self.titles.get(name, set()), set() if titles_only else self.said.get(name, set())
            scores.append((sum(self.idf(w) * (1.0 if w in own else 0.5 if w in said else 0.0) for w in words) / total,
                           name))
        return self._pick(scores, 0.5, pronoun)

    def _pick(self, scores: list[tuple[float, str]], floor: float, pronoun: str) -> str | None:
        """The leader of the scores; where none leads, and the description's noun implies a pronoun ("the coffee
        guy": "he"), the leader of those the post does not call by the other one. The pronoun only breaks ties:
        "the man who studied terms of service" is the woman whose remarks say so."""
        best = _leader(scores, floor)
        if best or not pronoun:
            return best
        return _leader([(v, name) for v, name in scores if self.pronouns.get(name, pronoun) == pronoun], floor)


def _leader(scores: list[tuple[float, str]], floor: float) -> str | None:
    """The best-scored person, when their score reaches `floor` and leads the runner-up by PERSON_MARGIN."""
    scores = sorted(scores, reverse=True)
    if not scores or scores[0][0] < floor or (len(scores) > 1 and scores[0][0] - scores[1][0] < PERSON_MARGIN):
        return None
    return scores[0][1]
