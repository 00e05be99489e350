"""Per-question scoring: pure functions from (golden item, answer, retrieved sessions) to Checks.

Every metric is a ratio: each question contributes a numerator and a denominator (den 0 = does not
apply), and a set's score is sum(num) / sum(den). Definitions are in METRICS and evals/README.md.
Support of a sentence by cited text is decided by an injected judge (evals.support.SupportJudge
or anything with the same `judge` method). Does not call the assistant, read files, or aggregate.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant import Answer, Citation
from evals.support import (
    MARKER,
    Sentence,
    Verdict,
    extract_claims,
    is_framing,
    normalize,
    split_sentences,
    verify_claims,
)

# name -> (higher is better, one-line definition)
METRICS: dict[str, tuple[bool, str]] = {
    "hit_at_k": (True, "answerable items with sessions: a gold session is among retrieve(question, k)"),
    "recall_at_k": (True, "answerable items with sessions: mean share of gold sessions in the top k"),
    "key_fact_accuracy": (True, "answerable items with key facts: the answer contains every key fact"),
    "key_fact_rate": (True, "all key facts of answerable items: share found in their answers"),
    "useful": (True, "answerable items with key facts: every key fact present AND the answer is not a refusal"),
    "refusal_accuracy": (True, "unanswerable items: share answered with refused=True"),
    "false_refusal_rate": (False, "answerable items (false_premise included): share with refused=True"),
    "citation_validity": (True, "answers whose [n] all resolve and whose quotes == source[start:end]"),
    "citation_precision": (True, "citations in a gold session or supporting a sentence that cites them"),
    "citation_precision_strict": (True, "citations supporting at least one sentence that cites them"),
    "citation_recall": (True, "claim sentences carrying >=1 marker and supported by their cited text"),
    "grounding": (True, "claim sentences supported by the text of any citation of the answer"),
    "faithfulness": (True, "LLM judge: answer claims (LLM-extracted) supported by the cited passages"),
    "key_facts_seen": (True, "answerable items with key facts: every key fact is in what the model was given"),
}


class Judge(Protocol):
    """Anything that decides whether cited text supports a sentence."""

    def judge(self, sentence: str, evidence: Sequence[str], *, context: Sequence[str] = ()) -> Verdict: ...


@dataclass(frozen=True)
class GoldenItem:
    """One golden question (see evals/README.md for the JSONL format)."""

    id: str
    question: str
    kind: str
    answerable: bool
    sessions: tuple[str, ...] = ()
    key_facts: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    history: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class Check:
    """One metric's verdict on one question: num/den (den 0 = not applicable) and why."""

    metric: str
    num: float
    den: float
    reason: str = ""
    details: tuple[Any, ...] = field(default=(), compare=False)

    @property
    def verdict(self) -> str:
        """'pass' when perfect for this question, 'fail' otherwise, 'n/a' when it does not apply."""
        if self.den == 0:
            return "n/a"
        higher = METRICS.get(self.metric, (True, ""))[0]
        return "pass" if (self.num >= self.den if higher else self.num == 0) else "fail"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"verdict": self.verdict, "num": self.num, "den": self.den, "reason": self.reason}


# --- retrieval --------------------------------------------------------------------------------------


def hit_at_k(retrieved: Sequence[str], gold: Sequence[str], k: int) -> bool:
    """True when any gold session is among the first k retrieved sessions."""
    return bool(set(retrieved[:k]) & set(gold))


def recall_at_k(retrieved: Sequence[str], gold: Sequence[str], k: int) -> float:
    """Share of distinct gold sessions among the first k retrieved sessions."""
    want = set(gold)
    return len(want & set(retrieved[:k])) / len(want) if want else 0.0


# --- answer text ------------------------------------------------------------------------------------


def fact_found(text: str, fact: str) -> bool:
    """True when any ' | '-separated alternative of fact occurs in text (case/accent-insensitive); a
    number up to twenty matches as a word or as digits ("two" is found in "2 keynotes").

    An alternative must start at a word boundary ("ten" is not found in "often"); a number or a
    word of three letters or fewer must also end at one ("6" is not found in "16" or "60", "AI" not
    in "said"). Longer alternatives may end inside a word, so a stem such as "financ" matches.
    """
    hay = normalize(text)
    for alt in _with_digits(fact.split(" | ")):
        a = normalize(alt)
        if not a:
            continue
        whole = len(a) <= 3 or a.replace(",", "").isdigit()
        end = r"(?![a-z0-9])" if whole else ""
        if re.search(r"(?<![a-z0-9])" + re.escape(a) + end, hay):
            return True
    return False


_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty").split()


def _with_digits(alternatives: list[str]) -> list[str]:
    """A number written as a word also as its digits, and the other way round ("two" | "2"), up to twenty:
    the same fact, however the answer writes it."""
    out = list(alternatives)
    for alt in alternatives:
        low = alt.strip().lower()
        if low in _NUMBER_WORDS:
            out.append(str(_NUMBER_WORDS.index(low)))
        elif low.isdigit() and int(low) < len(_NUMBER_WORDS):
            out.append(_NUMBER_WORDS[int(low)])
    return out


def citation_problems(text: str, citations: Sequence[Citation], sources: Mapping[str, str]) -> list[str]:
    """Why the citations are invalid: dangling markers, duplicate numbers, quotes not at their offsets."""
    problems: list[str] = []
    numbers = [c.n for c in citations]
    if len(set(numbers)) != len(numbers):
        problems.append(f"duplicate citation numbers {sorted(numbers)}")
    for n in sorted({int(m) for m in MARKER.findall(text)} - set(numbers)):
        problems.append(f"[{n}] has no citation")
    for c in citations:
        src = sources.get(c.source)
        if src is None:
            problems.append(f"[{c.n}] source {c.source!r} is not a readable file under the project")
        elif not c.quote.strip():
            problems.append(f"[{c.n}] has an empty quote")
        elif src[c.start : c.end] != c.quote:
            problems.append(f"[{c.n}] quote is not {c.source}[{c.start}:{c.end}]")
    return problems


def cited_text(c: Citation) -> tuple[list[str], list[str]]:
    """A citation's evidence (quote, passage) and context (session, part, speakers, day)."""
    return [c.quote, c.passage], [c.session, c.part, ", ".join(c.speakers), c.day]


def _evidence(cits: Sequence[Citation]) -> tuple[list[str], list[str]]:
    ev: list[str] = []
    ctx: list[str] = []
    for c in cits:
        e, x = cited_text(c)
        ev += e
        ctx += x
    return ev, ctx


def claim_sentences(text: str) -> list[Sentence]:
    """Answer sentences that make a claim: all but uncited framing (see support.is_framing) and pieces
    without a word (the "1." a sentence splitter cuts off a numbered line "- 1. Develop ...")."""
    return [s for s in split_sentences(text) if not is_framing(s) and re.search(r"[^\W\d_]", s.clean)]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation; nan for no values."""
    xs = sorted(values)
    if not xs:
        return math.nan
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def faithfulness_score(verdicts: Sequence[bool]) -> float:
    """RAGAS faithfulness: supported claims / claims (nan when there are no claims)."""
    return sum(verdicts) / len(verdicts) if verdicts else math.nan


# --- one question -----------------------------------------------------------------------------------


def score_item(
    item: GoldenItem,
    answer: Answer,
    retrieved: Sequence[str] | None,
    *,
    k: int,
    judge: Judge,
    sources: Mapping[str, str],
    llm: Callable[[str], str] | None = None,
) -> list[Check]:
    """Every check for one question; `retrieved` is None when retrieval was not run."""
    checks: list[Check] = []
    gold = list(item.sessions)
    if retrieved is not None and item.answerable and gold:
        got = list(retrieved[:k])
        checks.append(Check("hit_at_k", float(hit_at_k(got, gold, k)), 1, f"top {k}: {got}"))
        checks.append(Check("recall_at_k", recall_at_k(got, gold, k), 1, f"gold: {gold}"))
    facts = [f for f in item.key_facts if f.strip()] if item.answerable else []
    missing = [f for f in facts if not fact_found(answer.text, f)]
    if facts:
        why = f"missing: {missing}" if missing else "all key facts found"
        checks.append(Check("key_fact_accuracy", float(not missing), 1, why))
        checks.append(Check("key_fact_rate", len(facts) - len(missing), len(facts), why))
        useful = not missing and not answer.refused
        checks.append(Check("useful", float(useful), 1, why if missing else f"refused={answer.refused}; {why}"))
    if item.answerable:
        checks.append(Check("false_refusal_rate", float(answer.refused), 1, f"refused={answer.refused}"))
    else:
        checks.append(Check("refusal_accuracy", float(answer.refused), 1, f"refused={answer.refused}"))
    problems = citation_problems(answer.text, answer.citations, sources)
    checks.append(Check("citation_validity", float(not problems), 1, "; ".join(problems) or "valid"))
    checks += sentence_checks(item, answer, judge)
    if llm is not None:
        checks.append(faithfulness_check(item, answer, llm))
    return checks


def sentence_checks(item: GoldenItem, answer: Answer, judge: Judge) -> list[Check]:
    """citation_recall, grounding, citation_precision(_strict) for one answer."""
    by_n = {c.n: c for c in answer.citations}
    sentences = claim_sentences(answer.text)
    all_ev, all_ctx = _evidence(answer.citations)
    own_ok = any_ok = 0
    notes: list[str] = []
    supports: dict[int, bool] = {c.n: False for c in answer.citations}
    for s in sentences:
        cited = [by_n[n] for n in s.markers if n in by_n]
        own = False
        for c in cited:
            ev, ctx = cited_text(c)
            if judge.judge(s.raw, ev, context=ctx).supported:
                supports[c.n] = own = True
        if not own and len(cited) > 1:  # ALCE: the cited passages together may support what none does alone
            ev, ctx = _evidence(cited)
            own = judge.judge(s.raw, ev, context=ctx).supported
        # Support is monotone in the evidence, so a sentence its own citations support is grounded.
        grounded = own or (bool(all_ev) and judge.judge(s.raw, all_ev, context=all_ctx).supported)
        own_ok += own
        any_ok += grounded
        if not own:
            where = "no [n] marker" if not s.markers else f"not supported by {[c.n for c in cited]}"
            notes.append(f"{s.clean[:70]!r}: {where}{'; grounded elsewhere' if grounded else ''}")
    n = len(sentences)
    gold = set(item.sessions)
    precise = [c.n for c in answer.citations if c.session in gold or supports[c.n]]
    strict = [n_ for n_, ok in supports.items() if ok]
    m = len(answer.citations)
    pnote = f"relevant: {precise} of {sorted(by_n)}"
    snote = f"supporting a sentence: {strict} of {sorted(by_n)}"
    return [
        Check("citation_recall", own_ok, n, "; ".join(notes) or f"{n} sentences, each cited and supported"),
        Check("grounding", any_ok, n, f"{any_ok}/{n} claim sentences supported by the answer's cited text"),
        Check("citation_precision", len(precise), m, pnote),
        Check("citation_precision_strict", len(strict), m, snote),
    ]


def key_facts_seen(item: GoldenItem, seen: str) -> Check:
    """Whether every key fact of an answerable item is in `seen` (what the model was given)."""
    facts = [f for f in item.key_facts if f.strip()] if item.answerable else []
    if not facts:
        return Check("key_facts_seen", 0, 0, "no key facts")
    missing = [f for f in facts if not fact_found(seen, f)]
    return Check("key_facts_seen", float(not missing), 1, f"not shown to the model: {missing}" if missing
                 else "every key fact was in the prompt")


def faithfulness_check(item: GoldenItem, answer: Answer, llm: Callable[[str], str]) -> Check:
    """RAGAS-style faithfulness with an LLM: claims from the answer, each verified against cited text."""
    claims = extract_claims(answer.text, llm, question=item.question)
    context = "\n\n".join(f"[{c.n}] ({c.session}) {c.passage or c.quote}" for c in answer.citations)
    verdicts = verify_claims(claims, context or "(no sources were cited)", llm)
    bad = [c for c, ok in zip(claims, verdicts, strict=True) if not ok]
    why = f"unsupported claims: {bad}" if bad else f"{len(claims)} claims, all supported"
    return Check("faithfulness", sum(verdicts), len(verdicts), why, details=tuple(claims))
