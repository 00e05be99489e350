"""The citation guard: a generated answer -> an Answer whose every [n] points at a verbatim quote.

Runs on every generated answer before it is final. For each sentence it removes markers that
point at no passage, resolves each cited passage to the sentence (unit) inside it that best
supports the claim (content-word overlap, helped by embedding similarity when an embedder is
given), renumbers markers to citations with exact offsets, and drops or flags (`mode`)
sentences that none of their cited passages supports. An unmarked sentence that one passage
clearly supports gets that citation (so does one whose markers point at the wrong
passage). An answer left with nothing supported becomes an honest
refusal citing the nearest thing the post says. Counts of every change go to `Answer.guard`.
Does not call a model or retrieve; it only reads the passages and the knowledge units.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from assistant.answering.compose import Composer
from assistant.ingest.knowledge import Knowledge, Unit
from assistant.text import content_stems, sentences
from assistant.types import Answer, Passage

_MARK = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NOT_SAID = re.compile(r"\b(?:does not|doesn't|do not|did not) (?:say|mention|state|specify|record)|"
                       r"\bne (?:dit|mentionne|précise) pas\b|\bno (?:dice|menciona|especifica)\b", re.I)
LEXICAL_MIN = 0.6  # share of the sentence's content words the quote (with its session/part) must cover
EMBED_MIN = 0.6  # cosine at which a paraphrase counts as supported if it shares at least one content word
UNMARKED_MIN = 0.75  # stricter bar to attach a citation the model did not give
FLAG = " (not supported by the post)"


def _counts() -> dict[str, int]:
    keys = ("sentences", "sentences_kept", "sentences_dropped", "sentences_flagged", "markers_removed",
            "markers_unsupported", "markers_added", "markers_repointed", "quotes_resolved", "model_refused",
            "became_refusal")
    return dict.fromkeys(keys, 0)


def split_sentences(text: str) -> list[tuple[str, str]]:
    """(bullet prefix, sentence) pairs in order; markers written after the full stop move before it."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _BULLET.match(line)
        prefix, body = ("- ", line[m.end():]) if m else ("", line.strip())
        body = _AFTER_STOP.sub(r"\2\1", body)
        for i, (s, e) in enumerate(sentences(body)):
            sent = body[s:e].strip()
            if sent:
                out.append((prefix if i == 0 else "", sent))
    return out


class Guard:
    """Checks generated answers against the passages they were given."""

    def __init__(self, knowledge: Knowledge, *, mode: str = "drop", embedder: Any = None) -> None:
        if mode not in ("drop", "flag"):
            raise ValueError(f"guard mode must be 'drop' or 'flag', not {mode!r}")
        self.k = knowledge
        self.mode = mode
        self.embedder = embedder
        self._vec: dict[tuple[str, int, int], Any] = {}
        df: Counter[str] = Counter()
        for u in knowledge.units:
            df.update(u.stems)
        n = max(1, len(knowledge.units))
        # Rare words (names, topics) weigh more than words every session uses; unknown words most.
        self._idf = {s: math.log(1 + n / (1 + d)) for s, d in df.items()}
        self._idf_unknown = math.log(1 + n)

    def _w(self, stems: set[str]) -> float:
        return sum(self._idf.get(s, self._idf_unknown) for s in stems)

    # ---- support -------------------------------------------------------------------------------
    def units_in(self, p: Passage) -> list[Unit]:
        """Knowledge units lying inside a passage (by offsets)."""
        return [u for u in self.k.units if u.source == p.source and p.start <= u.start and u.end <= p.end]

    def _vectors(self, units: list[Unit]) -> None:
        todo = [u for u in units if (u.source, u.start, u.end) not in self._vec]
        if todo and self.embedder is not None:
            for u, v in zip(todo, self.embedder.embed_array([u.text for u in todo]), strict=True):
                self._vec[(u.source, u.start, u.end)] = v

    def best(self, claim: str, passage: Passage) -> tuple[Unit | None, float]:
        """The unit of `passage` that best supports `claim`, and its support score in [0, 1]."""
        stems = set(content_stems(claim))
        units = self.units_in(passage)
        if not stems or not units:
            return None, 0.0
        ctx = set(content_stems(f"{passage.session} {passage.part}"))
        total = self._w(stems)
        qvec = self.embedder.embed_query_array(claim) if self.embedder is not None else None
        if qvec is not None:
            self._vectors(units)
        best: tuple[Unit | None, float] = (None, 0.0)
        for u in units:
            shared = stems & u.stems
            if not shared:
                continue
            score = (self._w(shared) + 0.4 * self._w((stems & ctx) - u.stems)) / total
            if qvec is not None:
                cos = float(qvec @ self._vec[(u.source, u.start, u.end)])
                if cos >= EMBED_MIN:
                    score = max(score, LEXICAL_MIN + (cos - EMBED_MIN))
            if score > best[1]:
                best = (u, min(1.0, score))
        return best

    # ---- the check -----------------------------------------------------------------------------
    def check(self, text: str, passages: Sequence[Passage], *, question: str, lang: str = "en") -> Answer:
        """The guarded Answer for a generated `text` whose [n] refer to `passages` (1-based)."""
        counts = _counts()
        c = Composer(self.k, lang, question)
        supported = 0
        not_said: list[str] = []
        for prefix, sent in split_sentences(text):
            counts["sentences"] += 1
            marks = [int(n) for group in _MARK.findall(sent) for n in re.split(r"\s*[,;]\s*", group)]
            bare = re.sub(r"\s+([.,;:!?])", r"\1", _MARK.sub("", sent)).strip()
            valid = list(dict.fromkeys(n for n in marks if 1 <= n <= len(passages)))
            counts["markers_removed"] += len(marks) - len([n for n in marks if 1 <= n <= len(passages)])
            if _NOT_SAID.search(bare):
                not_said.append(bare)
                counts["markers_removed"] += len(valid)
                continue
            if not content_stems(bare):  # "Sure." / "Here is what the post says:" carry no claim
                counts["markers_removed"] += len(valid)
                if bare and not bare.endswith(":"):
                    c.add(prefix + bare)
                    counts["sentences_kept"] += 1
                continue
            cites: list[Unit] = []
            for n in valid:
                unit, score = self.best(bare, passages[n - 1])
                if unit is not None and score >= LEXICAL_MIN:
                    cites.append(unit)
                else:
                    counts["markers_unsupported"] += 1
            if not cites:  # unmarked, or marked wrongly: attach only a clearly supporting passage
                found = [self.best(bare, p) for p in passages]
                unit, score = max(found, key=lambda x: x[1], default=(None, 0.0))
                if unit is not None and score >= UNMARKED_MIN:
                    cites.append(unit)
                    counts["markers_added" if not valid else "markers_repointed"] += 1
            if cites:
                counts["quotes_resolved"] += len(cites)
                markers = "".join(dict.fromkeys(c.cite(u) for u in cites))
                c.add(prefix + _with_markers(bare, markers))
                counts["sentences_kept"] += 1
                supported += 1
            elif self.mode == "flag":
                c.add(prefix + _with_markers(bare, FLAG.strip()))
                counts["sentences_flagged"] += 1
            else:
                counts["sentences_dropped"] += 1
        if supported:
            for line in not_said:  # "the post does not say X" next to supported claims is honest context
                c.add(line)
            return _with_counts(c.answer(), counts)
        counts["model_refused"] = int(bool(not_said))
        counts["became_refusal"] = int(not not_said)
        refusal = self.refusal(question, passages, lang, first=not_said[0] if not_said else "")
        return _with_counts(refusal, counts)

    def refusal(self, question: str, passages: Sequence[Passage], lang: str, *, first: str = "") -> Answer:
        """'The post does not say', citing the unit of the passages closest to the question."""
        c = Composer(self.k, lang, question)
        if first:
            c.add(first)
        else:
            c.say("refuse")
        near = [self.best(question, p) for p in passages]
        unit, score = max(near, key=lambda x: x[1], default=(None, 0.0))
        if unit is None and passages:
            units = self.units_in(passages[0])
            unit = units[0] if units else None
        if unit is not None:
            c.say("nearest", text=unit.text, cite=c.cite(unit))
        return c.answer(refused=True)


def _with_markers(sentence: str, markers: str) -> str:
    """'claim.' + '[1]' -> 'claim [1].'"""
    m = re.search(r"[.!?]+[\"”’)]*$", sentence)
    if m:
        return f"{sentence[:m.start()].rstrip()} {markers}{sentence[m.start():]}"
    return f"{sentence} {markers}"


def _with_counts(ans: Answer, counts: dict[str, int]) -> Answer:
    from dataclasses import replace

    return replace(ans, guard=counts)
