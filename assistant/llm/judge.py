"""Does the cited evidence support a claim? Meaning, not only words.

A claim is supported by its cited sources (assistant/llm/sources.py) when
- **words**: the sentence (or whole bullet) of a source that best matches it covers enough of the
  claim's content words (idf-weighted; the source's session, part and day count for less), or its
  embedding is close to the claim's (the packaged MiniLM) and it still shares some of the words —
  number words and digits, and "two-day" / "two days", are the same words;
- **entities**: every person, session, day and number in the claim appears in that evidence or is a
  fact about it (a person is named in, or credited with, the quoted sentence — a claim that someone
  *said* something needs a sentence attributed to them, not a list of panelists; "6 panelists" is a
  fact about a panelists line; a number stays bound to what it counts: "37 participants" is not
  supported by "250 participants from 37 countries");
- **roles**: "X gave the keynote at S" / "X sat on S" agree with the facts table;
- **polarity**: a negated claim is not supported by affirmative evidence, nor an affirmative one by
  evidence that negates the same words.
Several cited sources support a claim together. A claim's words that repeat the question need no
support from a sentence the offline answerer verified as answering that question (`Asked`): "the
panelist who was into tools for non-programmers is Sasha Luccioni" restates the question and adds
the name, which the verified sentence must then carry. Does not rewrite text or decide what to keep.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.answering.facts import Facts
from assistant.ingest.knowledge import Knowledge, Unit
from assistant.llm.agreement import Agreement
from assistant.llm.asked import Asked, bound_span, less
from assistant.llm.claims import Meaning, Reader, normal, stems_of
from assistant.llm.sources import Candidate, Source

LEXICAL_MIN = 0.6  # idf-weighted share of the claim's words the evidence must cover
CONTEXT_WEIGHT = 0.4  # a word found only in the source's session, part or day counts this much
EMBED_MIN = 0.6  # cosine from which a paraphrase counts (score LEXICAL_MIN + (cos - EMBED_MIN))
EMBED_LEXICAL = 0.3  # ... provided the evidence still covers this share of the claim's words
PART_MIN = 0.35  # a cited source contributes a quote when it alone covers this much
TOPIC_SHIFT = 0.07  # words the evidence lacks change the claim's topic when dropping them moves it this much
                    # closer to the evidence (cosine gain, plus half of how far the claim moves from itself)
_FRAME = re.compile(r"^(?:(?:according to|as (?:stated|mentioned|noted|described|said|shown|reported) in|in|per|"
                    r"based on) the post,?\s*|the post (?:states|says|mentions|notes|shows|reports|records|"
                    r"explains|indicates|highlights|describes|confirms|lists)(?: that)?\s+)", re.I)


@dataclass(frozen=True)
class Verdict:
    """Whether the sources support a claim, the quotes that do, and why not."""

    supported: bool
    cites: tuple[Candidate, ...] = ()
    score: float = 0.0
    reason: str = ""


class Judge:
    """Support of claims by Sources, over one Knowledge (and, when given, the offline pipeline)."""

    def __init__(self, knowledge: Knowledge, *, embedder: Any = None, offline: Any = None) -> None:
        self.k = knowledge
        self.embedder = embedder
        self.facts: Facts = offline.facts if offline is not None else Facts(knowledge)
        self.reader = Reader(knowledge, _resolver(offline))
        known = getattr(getattr(offline, "evidence", None), "unit_vec", None)
        self._vec: dict[tuple[str, int], Any] = dict(known) if known else {}
        self._text_vec: dict[str, Any] = {}
        self._stems: dict[tuple[str, int, int], frozenset[str]] = {}
        df: Counter[str] = Counter()
        for u in knowledge.units:
            df.update(set(self.stems(u)))
        n = max(1, len(knowledge.units))
        self._idf = {s: math.log(1 + n / (1 + d)) for s, d in df.items()}
        self.df = dict(df)
        self._idf_unknown = math.log(1 + n)
        self.agree = Agreement(knowledge, self.facts, self, evidence_model=getattr(offline, "evidence", None),
                               queries=getattr(getattr(offline, "vectors", None), "queries", None))

    # ---- words ---------------------------------------------------------------------------------
    def stems(self, u: Unit) -> frozenset[str]:
        """A unit's content stems (its bold label too)."""
        key = (u.source, u.start, u.end)
        if key not in self._stems:
            self._stems[key] = frozenset(stems_of(f"{u.text} {u.label}"))
        return self._stems[key]

    def weight(self, stems: set[str] | frozenset[str]) -> float:
        """Idf weight: rare words (names, topics) weigh more than words every session uses."""
        return sum(self._idf.get(s, self._idf_unknown) for s in stems)

    def coverage(self, claim: frozenset[str], evidence: set[str], context: set[str] = frozenset()) -> float:
        """Idf-weighted share of the claim's stems in the evidence (words only in the context count less)."""
        total = self.weight(claim)
        if not total:
            return 0.0
        return (self.weight(claim & evidence) + CONTEXT_WEIGHT * self.weight((claim & context) - evidence)) / total

    def candidates(self, s: Source) -> list[Candidate]:
        """Each unit of a source, and each bullet of several sentences as one span."""
        out = [Candidate(u, (u,), s) for u in s.units]
        run: list[Unit] = []
        for u in [*s.units, None]:
            if u is None or u.first_in_bullet or u.heading or (run and run[-1].chunk_id != u.chunk_id):
                if len(run) > 1:
                    a, b = run[0], run[-1]
                    text = a.text if a.end == b.end else self._span(a, b)
                    if text is not None:
                        whole = Unit(**{**a.__dict__, "end": b.end, "text": text})
                        out.append(Candidate(whole, tuple(run), s))
                run = []
            if u is not None and not u.heading:
                run.append(u)
        return out

    def _span(self, a: Unit, b: Unit) -> str | None:
        post = next((p for p in self.k.posts if p.source == a.source), None)
        return post.text[a.start:b.end] if post is not None else None

    def evidence_stems(self, c: Candidate) -> set[str]:
        """What a candidate states, as stems (a fact line's own text too)."""
        out: set[str] = set()
        for u in c.units:
            out |= self.stems(u)
        if c.source.kind == "fact":
            out |= set(stems_of(c.source.text))
        return out

    def context_stems(self, c: Candidate) -> set[str]:
        """What a candidate's place says, as stems: its source's heading, session, part, day and people."""
        u = c.units[0]
        names = " ".join(self.agree.named(c))
        return set(stems_of(f"{c.source.header} {u.session} {u.part} {u.day} {names}"))

    # ---- vectors -------------------------------------------------------------------------------
    def cosine(self, qvec: Any, c: Candidate) -> float:
        """Cosine of a vector with the closest unit of a candidate (a fact line's own text too); 0 without one."""
        if qvec is None:
            return 0.0
        todo = [u for u in c.units if (u.source, u.start) not in self._vec]
        if todo:
            for u, v in zip(todo, self.embedder.embed_array([u.text for u in todo]), strict=True):
                self._vec[(u.source, u.start)] = v
        best = max(float(qvec @ self._vec[(u.source, u.start)]) for u in c.units)
        if c.source.kind == "fact":
            if c.source.text not in self._text_vec:
                self._text_vec[c.source.text] = self.embedder.embed_query_array(c.source.text)
            best = max(best, float(qvec @ self._text_vec[c.source.text]))
        return best

    def prime(self, claims: Sequence[str]) -> None:
        """Look up the near words of these claims' specific words in one model call, before judging them."""
        self.agree.prime([self.reader.read(self.core(c)) for c in claims])

    def vectors(self, claims: list[str]) -> list[Any]:
        """Claim vectors in one model call (the embedder memoises them; None without an embedder)."""
        if self.embedder is None or not claims:
            return [None] * len(claims)
        return [np.asarray(v) for v in self.embedder.embed_queries(claims)]

    # ---- the verdict ---------------------------------------------------------------------------
    def core(self, claim: str) -> str:
        """The claim without a leading 'According to the post,' / 'The post states that'."""
        return _FRAME.sub("", claim.strip()) or claim

    def support(self, claim: str, sources: Sequence[Source], *, threshold: float = LEXICAL_MIN,
                together: bool = True, qvec: Any = None, asked: Asked | None = None, parts: bool = False) -> Verdict:
        """Whether `sources` (a claim's cited ones; `together`: jointly) support `claim` (markers removed).

        `parts`: jointly by every sentence that carries a part of the claim, several from one source
        ("a keynote by A and B, who discussed X and introduced Y" over the bullets of X and of Y).

        `asked`: the question and the offline answer's verified spans; a candidate quoting one of those
        spans is scored on the claim's words less those that repeat the question."""
        text = self.core(claim)
        m = self.reader.read(text)
        if not m.stems or not sources:
            return Verdict(False, reason="no claim" if not m.stems else "nothing cited")
        if qvec is None and self.embedder is not None:
            qvec = self.vectors([text])[0]

        bound = bound_span(self, m, asked) if asked is not None else None
        told = less(m, asked) if asked is not None else m  # what the claim adds to the question

        def meaning(c: Candidate) -> Meaning:
            return told if asked is not None and asked.answers(c, bound) else m

        best: list[tuple[float, Candidate]] = []
        for s in sources:
            scored = [(self._score(meaning(c), qvec, c), c) for c in self.candidates(s)]
            if not scored:
                continue
            fit = [x for x in scored if not self.agree.conflict(m, [x[1]])]
            best.append(max(fit or scored, key=lambda x: x[0]))
            if parts:  # every sentence carrying a part of the claim, not only each source's best
                best += [x for x in scored if x[0] >= PART_MIN and x[1] is not best[-1][1]]
        if not best:
            return Verdict(False, reason="the cited sources hold no sentence")
        if not together:
            return self._alone(m, best, threshold, meaning)
        return self._jointly(m, told, best, threshold, qvec, asked, bound, parts, meaning)

    def _alone(self, m: Meaning, best: list[tuple[float, Candidate]], threshold: float,
               meaning: Callable[[Candidate], Meaning]) -> Verdict:
        """Supported by one cited sentence on its own: the best that covers enough and agrees."""
        ok = [(sc, c) for sc, c in best if sc >= threshold and not self.agree.conflict(m, [c])
              and not self.agree.polarity(meaning(c), c)]
        if not ok:
            top = max(best, key=lambda x: x[0])
            why = (self.agree.conflict(m, [top[1]]) or self.agree.polarity(meaning(top[1]), top[1])
                   or f"covers {top[0]:.2f}")
            return Verdict(False, score=min(1.0, top[0]), reason=why)
        sc, c = max(ok, key=lambda x: x[0])
        return Verdict(True, (c,), min(1.0, sc))

    def _jointly(self, m: Meaning, told: Meaning, best: list[tuple[float, Candidate]], threshold: float,
                 qvec: Any, asked: Asked | None, bound: Any, parts: bool,
                 meaning: Callable[[Candidate], Meaning]) -> Verdict:
        """Supported by the cited sentences together (those covering a part), or by a fact about them."""
        top_score, top = max(best, key=lambda x: x[0])
        chosen = [c for sc, c in best if sc >= PART_MIN] or [top]
        if parts:
            chosen = self._cover(m, [c for sc, c in sorted(best, key=lambda x: -x[0]) if sc >= PART_MIN] or [top])
        new = told if asked is not None and any(asked.answers(c, bound) for c in chosen) else m
        joint = self.coverage(new.stems, set().union(*(self.evidence_stems(c) for c in chosen)),
                              set().union(*(self.context_stems(c) for c in chosen)))
        score = min(1.0, max(top_score, joint))
        fact = self.agree.fact_claim(m, [c for _sc, c in best])
        if fact is not None:  # "S had no keynote": a fact about the cited session, not a sentence of it
            return Verdict(True, (fact,), max(score, threshold))
        if score < threshold:
            return Verdict(False, score=score, reason=f"the cited text covers {score:.2f} of the claim")
        why = (self.agree.conflict(m, chosen) or self.agree.polarity(meaning(top), top)
               or self._added_topic(new, chosen, qvec))
        if why:
            return Verdict(False, score=score, reason=why)
        return Verdict(True, tuple(chosen), score)

    def _cover(self, m: Meaning, cands: list[Candidate]) -> list[Candidate]:
        """Of candidates in order of score, those that add a word of the claim the ones before did not carry."""
        out: list[Candidate] = []
        have: set[str] = set()
        for c in cands:
            adds = (m.stems & self.evidence_stems(c)) - have
            if adds or not out:
                out.append(c)
                have |= adds
        return out

    def _added_topic(self, m: Meaning, cands: Sequence[Candidate], qvec: Any) -> str:
        """Why the claim is about something its quotes are not ("" when it is not): the words the quotes
        lack pull the claim away from them ("blockchain for trust" against "algorithmic transparency for
        trust"), where mere rewording ("lasted two days" for "two-day") does not."""
        missing = self.agree.missing(m, cands)
        if not missing:
            return ""
        if qvec is None:
            odd = self.agree.rare(missing)
            return f"the cited text says nothing of {', '.join(odd)}" if odd else ""
        without = re.sub(r"\b(?:" + "|".join(re.escape(w) for w in missing) + r")\b", " ", normal(m.text))
        vec = self.vectors([without])[0]
        full = max(self.cosine(qvec, c) for c in cands)
        closer = max(self.cosine(vec, c) for c in cands)
        shift = (closer - full) + (0.9 - float(qvec @ vec)) / 2
        return f"the cited text says nothing of {', '.join(missing)}" if shift >= TOPIC_SHIFT else ""

    def _score(self, m: Meaning, qvec: Any, c: Candidate) -> float:
        ev = self.evidence_stems(c)
        if not m.stems & ev and c.source.kind != "fact":
            return 0.0
        lex = self.coverage(m.stems, ev, self.context_stems(c))
        score = lex
        if qvec is not None and lex >= EMBED_LEXICAL:
            cos = self.cosine(qvec, c)
            if cos >= EMBED_MIN:
                score = max(lex, LEXICAL_MIN + (cos - EMBED_MIN))
        # Not capped, and words break ties: of two candidates that both support the claim (a sentence and
        # the whole bullet it opens), the one covering more of its words is the quote.
        return score + lex / 1000


def _resolver(offline: Any) -> Any:
    """The offline pipeline's resolver without its embedding look-ups (a claim names sessions by their words)."""
    if offline is None:
        return None
    from assistant.answering.mentions import Resolver

    r = offline.resolver
    return Resolver(r.c, r.v, r.is_common, near=None)


