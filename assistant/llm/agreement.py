"""Does the evidence agree with what a claim names, and with how it says it?

For a claim (claims.Meaning) and the candidate quotes that might support it (judge.Candidate):
every person named must be named in, or credited with, the quotes (a claim that someone *said*
something needs a sentence attributed to them, not a list of panelists); every session and day
must be theirs; every number must be stated there or be a fact about them ("6 panelists" of a
panelists line, "item 5 of 15") and stay bound to what it counts ("37 participants" is not
"250 participants from 37 countries"); "X gave the keynote at S" / "X sat on S" must agree with
the facts table; capitalised names (places, programmes) must be there; a specific word (rare in the
posts, or foreign to them) must be there or have a near word there (judge.py tests whether such
words change what the claim is about); and the polarity must agree
(negations, "only" against "not just", a reversed "more … than …"). Says why not, in words.
Does not score word coverage or choose quotes (judge.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.ingest.knowledge import Knowledge
from assistant.llm.claims import ORDINALS, SCOPE, Meaning, negations, normal, numbers_in, stems_of

if TYPE_CHECKING:
    from assistant.llm.sources import Candidate

RARE_DF = 2  # without an embedder: a word this few sentences of the posts use must be in the evidence
# Words a count states besides the number and what is counted ("six people sat on …", "the post lists 15 …").
COUNT_WORDS = frozenset(stems_of("""people persons members speakers panelists panellists sat seated total count
    number list lists listed had has have featured included includes were was there overall altogether took take
    part participated joined appeared spoke"""))
# Words that overstate: a claim using one needs evidence using it too ("removes every barrier" for "lowers barriers").
_ABSOLUTE = re.compile(r"\b(?:every|always|completely|entirely|totally|fully|eliminat\w*|remov\w*|solv\w*|"
                       r"guarantee\w*|everyone|everything|nobody|nothing)\b", re.I)
_RESTRICT = re.compile(r"\b(?:only|solely|exclusively|just|merely|stay|stays|remain|remains|limited to|confined to)\b",
                       re.I)
NEAR = 0.6  # word-embedding cosine at which a word of the evidence stands in for a word of the claim
_EXEMPT = re.compile(r"(?:said|says|stated|argued|argues|stressed|emphasi[sz]ed|highlighted|noted|urged|discussed|"
                     r"spoke|speaks|talked|talks|mentioned|shared|explained|introduced|presented|described|"
                     r"suggested|warned|insisted|advocated|underscored|recommended|proposed|raised|addressed|"
                     r"focused|echoed|call|calls|called|calling|keynote|keynotes|keynoted|panelist|panelists|panel|panels|session|sessions)")
_NOT_JUST_CLAIM = re.compile(r"\b(?:not|rather than|than|and|but)\s+(?:just|only|merely|solely)\b", re.I)
_NOT_JUST = re.compile(r"\bnot (?:just|only|merely|solely)\b", re.I)
_DAY = re.compile(r"\bDay (\d+)\b")


class Agreement:
    """The entity, role, number, name, topic and polarity checks over one Knowledge and its facts."""

    def __init__(self, knowledge: Knowledge, facts: Any, words: Any, *, evidence_model: Any = None,
                 queries: Any = None) -> None:
        self.k = knowledge
        self.facts = facts
        self.words = words  # the Judge: evidence_stems(c), context_stems(c), df
        self._evidence_model = evidence_model  # the posts' word vectors (the offline pipeline's)
        self._queries = queries
        self._near: dict[str, tuple[frozenset[str], float]] = {}
        self._said_by: dict[tuple[str, int], set[str]] = {}
        for p in knowledge.people.values():
            for u in p.remarks:
                self._said_by.setdefault((u.source, u.start), set()).add(p.name)
        self._about = self._numbers_about()
        self._title_numbers = {n for p in knowledge.posts for n in numbers_in(p.title)}

    def prime(self, claims: Sequence[Meaning]) -> None:
        """Look up the near words of every specific word of these claims in one model call (before judging)."""
        ev = self._evidence_model
        if ev is None or self._queries is None:
            return
        self._look_up([(st, w) for c in claims for st, w in c.words if self._specific(st, w)])

    def _look_up(self, pairs: list[tuple[str, str]]) -> None:
        ev = self._evidence_model
        if ev is None or self._queries is None:
            return
        todo = list(dict.fromkeys(p for p in pairs if p[1] not in self._near))  # by word, not stem: see
        if todo:  # Evidence._near (an answer must not depend on which form an earlier one used)
            for (_st, w), v in zip(todo, self._queries([w for _s, w in todo]), strict=True):
                sims = ev.word_vecs @ np.asarray(v)
                self._near[w] = (frozenset(ev.word_stems[i] for i in np.flatnonzero(sims >= NEAR)), float(sims.max()))

    def _specific(self, st: str, w: str) -> bool:
        """A word that may carry topic: not short, not a number, a verb of speech, a role or a count word."""
        return len(w) > 3 and not w.isdigit() and w not in ORDINALS and st not in COUNT_WORDS \
            and not _EXEMPT.fullmatch(w)

    def missing(self, m: Meaning, cands: Sequence[Candidate]) -> list[str]:
        """Words of the claim the quotes neither use nor have a near word for (by the posts' word vectors):
        candidates for a topic the claim adds ("blockchain", "election systems"), or mere wording ("lasted")."""
        evidence: set[str] = set()
        for c in cands:
            evidence |= self.words.evidence_stems(c) | self.words.context_stems(c)
        out = []
        for st, w in m.words:
            if st in evidence or not self._specific(st, w):
                continue
            if w not in self._near:
                self._look_up([(st, w)])
            near, _top = self._near.get(w, (frozenset(), 1.0))
            if not near & evidence:
                out.append(w)
        return out

    def rare(self, words: list[str]) -> list[str]:
        """Of these words, those at most RARE_DF sentences of the posts use (the test without an embedder)."""
        from assistant.text import stem

        return [w for w in words if 1 <= self.words.df.get(stem(w), 0) <= RARE_DF]

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
        return self._numbers(m, cands) or self._roles(m, cands, sessions) or self._names(m, cands)

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

    def fact_claim(self, m: Meaning, cands: Sequence[Candidate]) -> Candidate | None:
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
            if m.numbers <= stated and rest <= self.words.evidence_stems(c) | self.words.context_stems(c) | COUNT_WORDS:
                return c
        return None

    def polarity(self, m: Meaning, c: Candidate) -> str:
        """Why the claim and the evidence disagree in polarity ("" when they agree)."""
        text = c.unit.text + (f" {c.source.text}" if c.source.kind == "fact" else "")
        ev_negs = negations(text, before=SCOPE)  # "intrinsic motivations might not suffice": both sides
        ev = self.words.evidence_stems(c)
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
        over = [w.lower() for w in _ABSOLUTE.findall(m.text) if not re.search(r"\b" + re.escape(w) + r"\b", text, re.I)]
        if over:
            return f"the claim overstates the cited text ({', '.join(over)})"
        return ""


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
