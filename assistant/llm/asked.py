"""A claim that restates the question: which of its words need no support, and from which verified span.

A small model answers "which panelist was into tools that let non-programmers build ai stuff" with
"The panelist who was into tools that let non-programmers build AI stuff is Sasha Luccioni". The
question's casual words are not in the post; what the claim adds (the name) must be. `Asked` holds
the question's stems and the spans the offline answer cited for it (verified as answering it); a
claim quoting the verified span closest to it in meaning (`bound_span`, names left out, so a wrong
name cannot pull it to its own sentence) is judged on its words `less` the question's. Does not
judge support (judge.py does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistant.llm.claims import Meaning
from assistant.llm.sources import Candidate, Source

if TYPE_CHECKING:
    from assistant.llm.judge import Judge


@dataclass(frozen=True)
class Asked:
    """The question a claim answers, and the spans (source, start, end) the offline answer cited for it."""

    stems: frozenset[str]
    spans: tuple[tuple[str, int, int], ...]
    negated: bool = False  # the question itself denies something ("contributions that are not code")

    def answers(self, c: Candidate | Source, bound: tuple[str, int, int] | None = None) -> bool:
        """`c` (a candidate quote, or a whole source) holds a verified span (the one the claim is `bound`
        to, when known: the verified span closest to it in meaning), so the question's words need no
        support from it."""
        spans = [bound] if bound is not None else self.spans
        return any(src == u.source and u.start < end and start < u.end for u in c.units for src, start, end in spans)


def less(m: Meaning, asked: Asked) -> Meaning:
    """The claim's meaning without the question's words it repeats (entities kept), and, when the question
    itself is negated, without a negation of those words ("contributions that are not code" for "… qui ne
    sont pas du code")."""
    negations = tuple(n for n in m.negations if not (asked.negated and n and n <= asked.stems))
    return replace(m, stems=m.stems - asked.stems, negations=negations,
                   words=tuple((st, w) for st, w in m.words if st not in asked.stems))


def bound_span(judge: Judge, m: Meaning, asked: Asked) -> tuple[str, int, int] | None:
    """The verified span the claim restates the question over: the one closest in meaning to the claim
    without its names ("who spoke on teaching AI and who on no-code platforms?": "Craig Ramlal spoke
    of no-code platforms" is bound to the no-code sentence, which is not Craig's). None without an
    embedder (then every verified span may carry the question's words)."""
    if judge.embedder is None or len(asked.spans) < 2:
        return None
    vec = judge.vectors([nameless(m)])[0]
    best: tuple[float, tuple[str, int, int] | None] = (-2.0, None)
    for span in asked.spans:
        unit = judge.k.unit_at(span[0], span[1])
        if unit is None:
            continue
        cos = judge.cosine(vec, Candidate(unit, (unit,), Source("passage", unit.text, (unit,))))
        if cos > best[0]:
            best = (cos, span)
    return best[1]


def nameless(m: Meaning) -> str:
    """The claim's text without the people it names (whole names, then each of their parts)."""
    text = m.text
    for group in m.people:
        for name in sorted(group, key=len, reverse=True):
            text = re.sub(r"(?i)\b" + re.escape(name) + r"\b", " ", text)
            for part in name.split():
                text = re.sub(r"(?i)\b" + re.escape(part) + r"\b", " ", text)
    return text
