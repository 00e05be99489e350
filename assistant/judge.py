"""Does the cited evidence support a claim? Meaning, not only words.

A claim is supported by its cited sources (assistant/sources.py) when
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
Several cited sources support a claim together. Does not rewrite text or decide what to keep.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.answering.facts import Facts
from assistant.claims import ORDINALS, SCOPE, Meaning, Reader, negations, normal, numbers_in, stems_of
from assistant.knowledge import Knowledge, Unit
from assistant.sources import Source

LEXICAL_MIN = 0.6  # idf-weighted share of the claim's words the evidence must cover
CONTEXT_WEIGHT = 0.4  # a word found only in the source's session, part or day counts this much
EMBED_MIN = 0.6  # cosine from which a paraphrase counts (score LEXICAL_MIN + (cos - EMBED_MIN))
EMBED_LEXICAL = 0.3  # ... provided the evidence still covers this share of the claim's words
PART_MIN = 0.35  # a cited source contributes a quote when it alone covers this much
RARE_DF = 2  # a word at most this many sentences of the posts use is specific: it must be in the evidence
# Words a count states besides the number and what is counted ("six people sat on …", "the post lists 15 …").
COUNT_WORDS = frozenset(stems_of("""people persons members speakers panelists panellists sat seated total count
    number list lists listed had has have featured included includes were was there overall altogether"""))
_RESTRICT = re.compile(r"\b(?:only|solely|exclusively|just|merely|stay|stays|remain|remains|limited to|confined to)\b",
                       re.I)
NEAR = 0.6  # word-embedding cosine at which a word of the evidence stands in for a word of the claim
FOREIGN = 0.45  # a word the posts never use, with no word of theirs this close, is a topic of its own
_EXEMPT = re.compile(r"(?:said|says|stated|argued|argues|stressed|emphasi[sz]ed|highlighted|noted|urged|discussed|"
                     r"spoke|speaks|talked|talks|mentioned|shared|explained|introduced|presented|described|"
                     r"suggested|warned|insisted|advocated|underscored|recommended|proposed|raised|addressed|"
                     r"focused|echoed|keynote|keynotes|keynoted|panelist|panelists|panel|panels|session|sessions)")
_NOT_JUST_CLAIM = re.compile(r"\b(?:not|rather than|than|and|but)\s+(?:just|only|merely|solely)\b", re.I)
_NOT_JUST = re.compile(r"\bnot (?:just|only|merely|solely)\b", re.I)
_FRAME = re.compile(r"^(?:(?:according to|as (?:stated|mentioned|noted|described|said|shown|reported) in|in|per|"
                    r"based on) the post,?\s*|the post (?:states|says|mentions|notes|shows|reports|records|"
                    r"explains|indicates|highlights|describes|confirms|lists)(?: that)?\s+)", re.I)
_DAY = re.compile(r"\bDay (\d+)\b")


@dataclass(frozen=True)
class Candidate:
    """What a citation of a source may quote: one sentence, or a whole bullet (a verbatim span)."""

    unit: Unit
    units: tuple[Unit, ...]
    source: Source


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
        self._evidence_model = getattr(offline, "evidence", None)  # the posts' word vectors (the pipeline's)
        self._queries = getattr(getattr(offline, "vectors", None), "queries", None)
        self._near: dict[str, tuple[frozenset[str], float]] = {}
        known = getattr(getattr(offline, "evidence", None), "unit_vec", None)
        self._vec: dict[tuple[str, int], Any] = dict(known) if known else {}
        self._text_vec: dict[str, Any] = {}
        self._stems: dict[tuple[str, int, int], frozenset[str]] = {}
        df: Counter[str] = Counter()
        for u in knowledge.units:
            df.update(set(self.stems(u)))
        n = max(1, len(knowledge.units))
        self._idf = {s: math.log(1 + n / (1 + d)) for s, d in df.items()}
        self._df = dict(df)
        self._idf_unknown = math.log(1 + n)
        self._said_by: dict[tuple[str, int], set[str]] = {}
        for p in knowledge.people.values():
            for u in p.remarks:
                self._said_by.setdefault((u.source, u.start), set()).add(p.name)
        self._about = self._numbers_about()
        self._title_numbers = {n for p in knowledge.posts for n in numbers_in(p.title)}

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

    def _evidence_stems(self, c: Candidate) -> set[str]:
        out: set[str] = set()
        for u in c.units:
            out |= self.stems(u)
        if c.source.kind == "fact":
            out |= set(stems_of(c.source.text))
        return out

    def _context_stems(self, c: Candidate) -> set[str]:
        u = c.units[0]
        names = " ".join(self.named(c))
        return set(stems_of(f"{c.source.header} {u.session} {u.part} {u.day} {names}"))

    # ---- vectors -------------------------------------------------------------------------------
    def _cosine(self, qvec: Any, c: Candidate) -> float:
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

    def vectors(self, claims: list[str]) -> list[Any]:
        """Claim vectors in one model call (None without an embedder)."""
        if self.embedder is None or not claims:
            return [None] * len(claims)
        return [np.asarray(v) for v in self.embedder.embed_queries(claims)]

    def prime(self, claims: Sequence[str]) -> None:
        """Look up the near words of every specific word of these claims in one model call (before judging)."""
        ev = self._evidence_model
        if ev is None or self._queries is None:
            return
        todo = list(dict.fromkeys((st, w) for c in claims for st, w in self.reader.read(self.core(c)).words
                                  if self._specific(st, w) and st not in self._near))
        if todo:
            for (st, _w), v in zip(todo, self._queries([w for _s, w in todo]), strict=True):
                sims = ev.word_vecs @ np.asarray(v)
                self._near[st] = (frozenset(ev.word_stems[i] for i in np.flatnonzero(sims >= NEAR)), float(sims.max()))

    def _specific(self, st: str, w: str) -> bool:
        """A word that carries topic: not short, not a number, a verb of speech, a role or a count word,
        and rare in the posts (or unknown to them)."""
        return (len(w) > 3 and not w.isdigit() and w not in ORDINALS and st not in COUNT_WORDS
                and not _EXEMPT.fullmatch(w) and self._df.get(st, 0) <= RARE_DF)

    def unexplained(self, m: Meaning, evidence: set[str]) -> list[str]:
        """Specific words of the claim the evidence neither uses nor has a near word for — a word the
        posts use elsewhere ("blockchain" in a claim about transparency), or one far from anything
        they say ("quantum"). A common word the posts happen not to use ("lasted") passes."""
        out = []
        for st, w in m.words:
            if st in evidence or not self._specific(st, w):
                continue
            if st not in self._near:
                self.prime([w])
            near, top = self._near.get(st, (frozenset(), 1.0))
            if near & evidence:
                continue
            if self._df.get(st, 0) >= 1 or top < FOREIGN:
                out.append(w)
        return out

    # ---- entities ------------------------------------------------------------------------------
    def named(self, c: Candidate, *, speech: bool = False) -> set[str]:
        """People the candidate names or is credited to (for a claim of speech: only sentences attributed to them)."""
        out: set[str] = set()
        for u in c.units:
            role_line = u.heading or u.part_kind == "panelists"
            if not (speech and role_line):
                out.update(u.mentions)
            out |= self._said_by.get((u.source, u.start), set())
            subject = self.k.bullet_subject(u)
            if subject:
                out.add(subject)
        if c.source.kind == "fact" and not speech:
            out |= set(c.source.people)
            out |= {n for n in self.k.people if n in c.source.text}
        return out

    def _numbers_about(self) -> dict[tuple[str, int], set[int]]:
        """Numbers that are facts about a unit: how many it lists, its item number, its place in the day."""
        about: dict[tuple[str, int], set[int]] = {}
        groups: dict[tuple[str, str, int], int] = Counter()
        for f in self.facts.rows:
            if f.relation in ("keynote_by", "panelist_of"):
                groups[(f.relation, f.unit.source, f.unit.start)] += 1
        for (_rel, src, start), n in groups.items():
            about.setdefault((src, start), set()).add(n)
        for rel in ("item", "theme"):
            rows = self.facts.where(rel)
            for f in rows:
                total = len([g for g in rows if g.subject == f.subject and g.source == f.source])
                about.setdefault((f.unit.source, f.unit.start), set()).update({f.n, total})
        for f in self.facts.where("length"):
            about.setdefault((f.unit.source, f.unit.start), set()).add(f.n)
        for post in self.k.posts:
            days = sorted({s.day for s in post.sessions if s.day})
            for s in post.sessions:
                if not s.day:
                    continue
                same = [x for x in post.sessions if x.day == s.day]
                head = self.k.heads.get((s.source, s.title))
                if head is not None:
                    about.setdefault((head.source, head.start), set()).update(
                        {same.index(s) + 1, len(same), len(days), sum(1 for x in post.sessions if x.day)})
        return about

    def conflict(self, m: Meaning, cands: Sequence[Candidate]) -> str:
        """Why the candidates do not carry the claim's people, sessions, days, numbers and roles ("" if they do)."""
        names = set().union(*(self.named(c, speech=m.speech) for c in cands)) if cands else set()
        for group in m.people:
            if not names & set(group):
                return f"{group[0]} is not named in the cited text"
        sessions = {u.session for c in cands for u in c.units} | {t for c in cands for t in c.source.sessions}
        texts = " ".join(c.source.text if c.source.kind == "fact" else c.unit.text for c in cands)
        for t in m.sessions - sessions:
            if t not in texts:
                return f"the cited text is not about the {t}"
        days = {u.day for c in cands for u in c.units} | {d for c in cands for d in c.source.days}
        days |= {f"Day {d}" for d in _DAY.findall(texts)}
        if m.days - days:
            return f"the cited text is not about {', '.join(sorted(m.days - days))}"
        reason = self._numbers(m, cands) or self._roles(m, cands, sessions) or self._names(m, cands)
        if reason:
            return reason
        evidence = set().union(*(self._evidence_stems(c) | self._context_stems(c) for c in cands)) if cands else set()
        odd = self.unexplained(m, evidence)
        return f"the cited text says nothing of {', '.join(odd)}" if odd else ""

    def _names(self, m: Meaning, cands: Sequence[Candidate]) -> str:
        """Capitalised words of the claim (places, organisations, programmes) that the cited text does not have."""
        if not m.names:
            return ""
        texts = [t for c in cands for t in (c.source.text, c.source.header, c.unit.session, c.unit.part)]
        texts += [p.title for p in self.k.posts] + [n for c in cands for n in self.named(c)]
        have = set(re.findall(r"[a-z0-9]+", normal(" ".join(texts))))
        missing = [w for w in m.names if w not in have and not any(
            len(w) >= 5 and len(h) >= 5 and (w.startswith(h[:5]) and h.startswith(w[:5])) for h in have)]
        return f"{', '.join(sorted(missing))} is not in the cited text" if missing else ""

    def _numbers(self, m: Meaning, cands: Sequence[Candidate]) -> str:
        if not m.numbers:
            return ""
        allowed = set(self._title_numbers)
        evidence: list[str] = []
        for c in cands:
            text = c.source.text if c.source.kind == "passage" else f"{c.source.text} {c.unit.text}"
            evidence.append(text)
            allowed |= numbers_in(text) | numbers_in(c.source.header)
            for u in c.units:
                allowed |= self._about.get((u.source, u.start), set())
        missing = m.numbers - allowed
        if missing:
            return f"{', '.join(str(n) for n in sorted(missing))} is not in the cited text"
        claimed, stated = _counted(m.text), _counted(" ".join(evidence))
        for n, nouns in claimed.items():
            elsewhere = {k for k, v in stated.items() if k != n and v & nouns}
            if elsewhere and not stated.get(n, set()) & nouns:
                return f"the cited text gives {sorted(elsewhere)[0]}, not {n}, for that"
        return ""

    def _roles(self, m: Meaning, cands: Sequence[Candidate], sessions: set[str]) -> str:
        if not m.roles or not m.people:
            return ""
        where = (m.sessions or sessions) | {t for c in cands for t in c.source.sessions}
        for group in m.people:
            held = {role for role, rel in (("keynote", "keynote_by"), ("panelist", "panelist_of"))
                    for name in group for t in where if self.facts.where(rel, subject=t, obj=name)}
            if m.negated:
                if held & m.roles and any(stems_of(r)[0] in s for r in held for s in m.negations):
                    return f"the post records {group[0]} as {sorted(held)[0]} there"
            elif not held & m.roles:
                return f"the post does not record {group[0]} as {' or '.join(sorted(m.roles))} there"
        return ""

    def _fact_claim(self, m: Meaning, cands: Sequence[Candidate]) -> Candidate | None:
        """A candidate that states a claim as a fact about it: "S had no keynote" (the facts table agrees),
        "the panel had six panelists" (a panelists line listing six), "the post lists 15 action points"."""
        if m.roles == {"keynote"} and m.negated and not m.people and m.sessions:
            if any(self.facts.where("keynote_by", subject=t) for t in m.sessions):
                return None
            return next((c for c in cands if c.unit.session in m.sessions), None)
        if not m.numbers or m.negated:
            return None
        for c in cands:
            about = set().union(*(self._about.get((u.source, u.start), set()) for u in c.units))
            stated = about | numbers_in(c.source.text if c.source.kind == "fact" else "")
            rest = m.stems - {str(n) for n in m.numbers}
            if m.numbers <= stated and rest <= self._evidence_stems(c) | self._context_stems(c) | COUNT_WORDS:
                return c
        return None

    def polarity(self, m: Meaning, c: Candidate) -> str:
        """Why the claim and the evidence disagree in polarity ("" when they agree)."""
        text = c.unit.text + (f" {c.source.text}" if c.source.kind == "fact" else "")
        ev_negs = negations(text, before=SCOPE)  # "intrinsic motivations might not suffice": both sides
        ev = self._evidence_stems(c)
        if m.negations and not ev_negs and any(scope & ev for scope in m.negations):
            if m.roles and m.people and not self._roles(m, [c], set(c.source.sessions)):
                return ""  # "X did not give the keynote" agrees with the facts table
            return "the claim denies what the cited text states"
        if ev_negs and not m.negations and any(scope & m.stems for scope in ev_negs):
            return "the cited text denies what the claim states"
        if _RESTRICT.search(_NOT_JUST_CLAIM.sub(" ", m.text)) and any(set(stems_of(text[x.end():])[:SCOPE]) & m.stems
                                            for x in _NOT_JUST.finditer(text)):
            return "the claim restricts what the cited text says goes further ('not just')"
        if _swapped(m.text, text):
            return "the claim reverses the cited text's comparison"
        return ""

    # ---- the verdict ---------------------------------------------------------------------------
    def core(self, claim: str) -> str:
        """The claim without a leading 'According to the post,' / 'The post states that'."""
        return _FRAME.sub("", claim.strip()) or claim

    def support(self, claim: str, sources: Sequence[Source], *, threshold: float = LEXICAL_MIN,
                together: bool = True, qvec: Any = None) -> Verdict:
        """Whether `sources` (a claim's cited ones; `together`: jointly) support `claim` (markers removed)."""
        text = self.core(claim)
        m = self.reader.read(text)
        if not m.stems or not sources:
            return Verdict(False, reason="no claim" if not m.stems else "nothing cited")
        if qvec is None and self.embedder is not None:
            qvec = self.vectors([text])[0]
        best: list[tuple[float, Candidate]] = []
        for s in sources:
            scored = [(self._score(m, qvec, c), c) for c in self.candidates(s)]
            if not scored:
                continue
            fit = [x for x in scored if not self.conflict(m, [x[1]])]
            best.append(max(fit or scored, key=lambda x: x[0]))
        if not best:
            return Verdict(False, reason="the cited sources hold no sentence")
        if not together:
            ok = [(sc, c) for sc, c in best if sc >= threshold and not self.conflict(m, [c])
                  and not self.polarity(m, c)]
            if not ok:
                top = max(best, key=lambda x: x[0])
                why = self.conflict(m, [top[1]]) or self.polarity(m, top[1]) or f"covers {top[0]:.2f}"
                return Verdict(False, score=top[0], reason=why)
            sc, c = max(ok, key=lambda x: x[0])
            return Verdict(True, (c,), sc)
        top_score, top = max(best, key=lambda x: x[0])
        chosen = [c for sc, c in best if sc >= PART_MIN] or [top]
        joint = self.coverage(m.stems, set().union(*(self._evidence_stems(c) for c in chosen)),
                              set().union(*(self._context_stems(c) for c in chosen)))
        score = max(top_score, joint)
        fact = self._fact_claim(m, [c for _sc, c in best])
        if fact is not None:  # "S had no keynote": a fact about the cited session, not a sentence of it
            return Verdict(True, (fact,), max(score, threshold))
        if score < threshold:
            return Verdict(False, score=score, reason=f"the cited text covers {score:.2f} of the claim")
        why = self.conflict(m, chosen) or self.polarity(m, top)
        if why:
            return Verdict(False, score=score, reason=why)
        return Verdict(True, tuple(chosen), score)

    def _score(self, m: Meaning, qvec: Any, c: Candidate) -> float:
        ev = self._evidence_stems(c)
        if not m.stems & ev and c.source.kind != "fact":
            return 0.0
        lex = self.coverage(m.stems, ev, self._context_stems(c))
        if qvec is not None and lex >= EMBED_LEXICAL:
            cos = self._cosine(qvec, c)
            if cos >= EMBED_MIN:
                lex = max(lex, LEXICAL_MIN + (cos - EMBED_MIN))
        return min(1.0, lex)


def _resolver(offline: Any) -> Any:
    """The offline pipeline's resolver without its embedding look-ups (a claim names sessions by their words)."""
    if offline is None:
        return None
    from assistant.answering.mentions import Resolver

    r = offline.resolver
    return Resolver(r.c, r.v, r.is_common, near=None)


def _swapped(claim: str, evidence: str) -> bool:
    """"more from A than from B" in the evidence, "more from B than A" in the claim."""
    def sides(text: str) -> tuple[set[str], set[str]] | None:
        m = re.search(r"\b(?:more|less|fewer|greater|bigger|smaller)\b(.{0,80}?)\bthan\b(.{0,60})", text, re.I)
        if not m:
            return None
        before = re.split(r"[,;:.]", text[: m.start()])[-1] + m.group(1)
        return set(stems_of(before)), set(stems_of(m.group(2))[:3])

    c, e = sides(claim), sides(evidence)
    if c is None or e is None:
        return False
    return bool(c[1] & e[0]) and not c[1] & e[1]


def _counted(text: str) -> dict[int, set[str]]:
    """Each number of a text and the content stems of the few words after it ("250 participants")."""
    words = re.findall(r"[a-z0-9,]+", normal(text))
    out: dict[int, set[str]] = {}
    for i, w in enumerate(words):
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", w.strip(",")):
            after = stems_of(" ".join(words[i + 1:i + 4]))
            out.setdefault(int(w.strip(",").replace(",", "")), set()).update(s for s in after if not s.isdigit())
    return out
