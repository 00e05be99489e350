"""Stage 6, Verify: one answerability score for free-text evidence, and the verdict it gives.

p = sigmoid(bias + Σ weight·feature) over the named features of the best candidate (evidence.py:
cover, syn, sim, entity, typed) plus `unknown`, the share of the question's topic that no word of
the posts uses or stands near. Weights and threshold are data (`verify.toml`), fitted on the tune
split by `tools/calibrate.py`. Verdicts: answered (p >= threshold); partly (p >= partly, some topic
words absent from the posts but the rest carried by the quote: extract.py names what is missing and
quotes the rest, not a refusal); or not covered. Structure
answers read from the facts table are not scored here: a fact either exists or it does not.
Does not rank evidence or write text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import tomllib

from assistant.answering.catalog import Catalog
from assistant.answering.evidence import Scored
from assistant.answering.mentions import Mentions
from assistant.answering.refs import tokens_of

VERIFY_FILE = Path(__file__).with_name("verify.toml")
FEATURES = ("cover", "syn", "known", "sim", "tsim", "entity", "typed", "unknown", "unknown_x_known")
GERUND_MIN = 5  # an unknown word ending in "-ing" longer than this is read as a verb ("judging"), not a name


@dataclass(frozen=True)
class Calibration:
    """Weights, bias and threshold of the answerability score."""

    weights: dict[str, float]
    bias: float
    threshold: float
    partly: float = 1.0  # below threshold, at or above this: a partial answer when part of the topic is absent

    def probability(self, feats: dict[str, float]) -> float:
        """sigmoid(bias + Σ weight·feature)."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def calibration() -> Calibration:
    """verify.toml, read once."""
    d = tomllib.loads(VERIFY_FILE.read_text(encoding="utf-8"))
    return Calibration(weights=dict(d["weights"]), bias=float(d["bias"]), threshold=float(d["threshold"]),
                       partly=float(d.get("partly", 1.0)))


def unknown_terms(m: Mentions, catalog: Catalog, near: dict[str, frozenset[str]]) -> tuple[set[str], set[str]]:
    """(topic stems no sentence of the posts uses nor stands near, known stems beside one of them).

    A known word beside an unknown one makes one term with it: the posts' "compute" does not answer
    "quantum computing", nor their "job market" a "job title". A word carried from an earlier turn stands
    where its pronoun does: it makes a term with the unknown word after it ("their budget": the fund's
    budget), not with one before ("get past them": no "past barriers"). An unknown "-ing" word right before a
    known one is a verb acting on it ("judging projects"), the rest in other words, not a missing term."""
    absent = {t for t in m.topic if not catalog.df(t) and not near.get(t)}
    known_at = {i for t, i in zip(m.topic, m.topic_at, strict=False) if t not in absent}
    absent -= {t for t, w, i in zip(m.topic, m.topic_words, m.topic_at, strict=False)  # "on judging projects":
               if w.endswith("ing") and len(w) > GERUND_MIN and i + 1 in known_at}  # an act on a thing they have
    at: dict[int, list[tuple[str, bool]]] = {}
    for t, w, i in zip(m.topic, m.topic_words, m.topic_at, strict=False):
        at.setdefault(i, []).append((t, i < len(m.tokens) and m.tokens[i] == w))
    joined = {t for i, here in at.items() if any(a in absent for a, _typed in here)
              for j in (i - 1, i + 1) for t, typed in at.get(j, []) if typed or j < i}
    return absent, joined - absent


def unknown_share(m: Mentions, catalog: Catalog, near: dict[str, frozenset[str]]) -> float:
    """idf-weighted share of the topic that is unknown (unknown_terms: both kinds). Of alternatives
    ("paying maintainers or funding open source work"), the best known one's: one is enough."""
    absent, joined = unknown_terms(m, catalog, near)
    shares = []
    for group in _alternatives(m):
        total = sum(catalog.idf(t) for t in group)
        if total:
            shares.append(sum(catalog.idf(t) for t in group if t in absent or t in joined) / total)
    return min(shares, default=0.0)


def _alternatives(m: Mentions) -> list[list[str]]:
    """The topic stems split at each "or" of the question (one group when there is none)."""
    return [list(dict.fromkeys(m.topic[j] for j in g)) for g in alternative_groups(m)]


def alternative_groups(m: Mentions, text: str = "") -> list[list[int]]:
    """Indices into the topic, grouped by the question's "or"s: "disease tracking or vaccination data"
    is two alternatives (one group when there is no "or"). Given the question's text (whose tokens are
    m.tokens), its commas part alternatives too: "privacy, security or trust" is three."""
    cuts = [i for i, t in enumerate(m.tokens) if t == "or"]
    if text and len(tokens_of(text)[0]) == len(m.tokens):  # (not a topic carried from an earlier turn)
        cuts += [len(tokens_of(text[: c.start()])[0]) - 1 for c in re.finditer(r"[,;]", text)]
    groups: list[list[int]] = [[] for _ in range(len(cuts) + 1)]
    for j, at in enumerate(m.topic_at[: len(m.topic)]):
        groups[sum(1 for c in cuts if at > c)].append(j)
    return [g for g in groups if g]


def features(best: Scored, unknown: float) -> dict[str, float]:
    """The named features of one candidate."""
    return {"cover": best.cover, "syn": best.syn, "known": best.known, "sim": best.sim, "tsim": best.tsim,
            "entity": best.entity,
            "typed": best.typed, "unknown": unknown, "unknown_x_known": unknown * best.known}


def answerable(best: Scored | None, unknown: float, cal: Calibration | None = None) -> tuple[bool, float]:
    """(verdict, probability) for the best candidate."""
    if best is None:
        return False, 0.0
    cal = cal or calibration()
    p = cal.probability(features(best, unknown))
    return p >= cal.threshold, p
