"""Stage 2b, Understand: which intent a question has, chosen by scoring, not by handler order.

Every intent in `intents.toml` has example phrasings. A question (its entities masked the same way
as the examples: people -> "maria", sessions -> "alpha") is compared with every example twice:
by embedding similarity (packaged MiniLM, mean of the best three per intent) and by word and
word-pair overlap (tf-idf cosine, best example). The two are added with the slot fit: an intent
whose needed slot is missing is ruled out, a preferred slot adds, an avoided one subtracts.
The result is an Intent with its confidence (margin over the runner-up). Low confidence is left
for the pipeline to route to evidence extraction. Does not find entities or answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from assistant.answering.vocab import intents_data
from assistant.store.vectors import VectorCache
from assistant.text import stem

FILLERS = {"{session}": "the alpha panel", "{person}": "maria", "{day}": "day 2"}
NEED_PENALTY = 1.0  # a needed slot missing rules the intent out


@dataclass(frozen=True)
class Scoring:
    """How the parts of an intent's score are weighed (intents.toml [scoring], fitted on the tune split)."""

    lexical: float = 0.35
    prefer: float = 0.04
    avoid: float = 0.08
    min_score: float = 0.45  # below this the best intent is too unlike every example: extract instead
    bias: tuple[tuple[str, float], ...] = ()  # per intent, added to its score


def scoring() -> Scoring:
    """The weights in intents.toml [scoring]."""
    d = intents_data().get("scoring", {})
    return Scoring(**d.get("weights", {}), bias=tuple(d.get("bias", {}).items()))


@dataclass(frozen=True)
class Spec:
    """What an intent needs from the question."""

    needs: tuple[str, ...]
    prefers: tuple[str, ...]
    avoids: tuple[str, ...]
    excludes: tuple[str, ...] = ()  # slots that rule it out: an answer it cannot give ("what time …" of a list)


@dataclass(frozen=True)
class Intent:
    """The chosen intent and how sure the choice is."""

    kind: str
    score: float
    ranked: tuple[tuple[str, float], ...] = field(default=(), compare=False)


def fill(example: str) -> str:
    """An example with its placeholders replaced by the masking fillers."""
    for k, v in FILLERS.items():
        example = example.replace(k, v)
    return example.lower()


def _grams(text: str) -> list[str]:
    toks = [stem(t) for t in re.findall(r"[a-z0-9]+", text.lower())]
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


class TfIdf:
    """tf-idf cosine over stemmed words and word pairs, as one dense matrix (examples are few)."""

    def __init__(self, docs: list[str]) -> None:
        grams = [Counter(_grams(d)) for d in docs]
        df = Counter(g for c in grams for g in c)
        n = len(docs)
        self.index = {g: i for i, g in enumerate(df)}
        self.idf = np.array([math.log(1 + n / df[g]) for g in df], dtype=np.float32)
        self.matrix = np.stack([self._vec(c) for c in grams]) if docs else np.zeros((0, len(df)), np.float32)

    def _vec(self, counts: Counter[str]) -> np.ndarray:
        v = np.zeros(len(self.index), dtype=np.float32)
        for g, c in counts.items():
            i = self.index.get(g)
            if i is not None:
                v[i] = (1 + math.log(c)) * self.idf[i]
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v

    def similarities(self, text: str) -> np.ndarray:
        """Cosine of text with every document (only the columns of the text's own grams are read)."""
        q = self._vec(Counter(_grams(text)))
        cols = np.flatnonzero(q)
        return self.matrix[:, cols] @ q[cols] if cols.size else np.zeros(self.matrix.shape[0], np.float32)


class IntentModel:
    """Scores every intent of intents.toml for a masked question."""

    def __init__(self, vectors: VectorCache) -> None:
        data = intents_data()["intents"]
        self.specs = {k: Spec(tuple(v.get("needs", ())), tuple(v.get("prefers", ())), tuple(v.get("avoids", ())),
                              tuple(v.get("excludes", ()))) for k, v in data.items()}
        self.labels: list[str] = []
        texts: list[str] = []
        for kind, v in data.items():
            for ex in v["examples"]:
                self.labels.append(kind)
                texts.append(fill(ex))
        self.vecs = vectors.texts(texts, "intents")
        self.tfidf = TfIdf(texts)
        self.kinds = list(data)
        self._rows = {k: np.array([i for i, lab in enumerate(self.labels) if lab == k]) for k in self.kinds}
        self.scoring = scoring()
        self.words = {k: frozenset(stem(w) for ex, lab in zip(texts, self.labels, strict=True) if lab == k
                                   for w in re.findall(r"[a-z0-9]+", ex)) for k in self.kinds}

    def components(self, masked: str, qvec: np.ndarray, slots: set[str]) -> dict[str, tuple[float, ...]]:
        """Per intent: (embedding similarity, lexical similarity, needed slots missing, preferred present,
        avoided present) — the parts `classify` weighs."""
        emb = self.vecs @ qvec
        lex = self.tfidf.similarities(masked)
        out = {}
        for kind in self.kinds:
            rows, spec = self._rows[kind], self.specs[kind]
            out[kind] = (float(np.sort(emb[rows])[-3:].mean()), float(lex[rows].max()),
                         float(sum(1 for s in spec.needs if not set(s.split("|")) & slots)
                               + sum(1 for s in spec.excludes if s in slots)),
                         float(sum(1 for s in spec.prefers if s in slots)),
                         float(sum(1 for s in spec.avoids if s in slots)))
        return out

    def classify(self, masked: str, qvec: np.ndarray, slots: set[str], weights: Scoring | None = None) -> Intent:
        """The best intent for a masked question with these slots present."""
        return rank(self.components(masked, qvec, slots), weights or self.scoring)



def rank(parts: dict[str, tuple[float, ...]], w: Scoring) -> Intent:
    """The intents ordered by weighted score; the best first."""
    bias = dict(w.bias)
    scored = sorted(((k, e + w.lexical * lx - NEED_PENALTY * miss + w.prefer * pre - w.avoid * av + bias.get(k, 0.0))
                     for k, (e, lx, miss, pre, av) in parts.items()), key=lambda x: -x[1])
    best = scored[0]
    return Intent(kind=best[0], score=best[1], ranked=tuple(scored))
