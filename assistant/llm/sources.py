"""What the model is shown, numbered: fact lines read off the post's structure, sentences, then passages.

A `Source` is one numbered item of the answer prompt. A *fact line* states facts of the facts table
(answering/facts.py) in one line — "Youth and Open Source Panel (Day 2): 2 panelists: Ruth Ikega
(…) and Mark Pereira (…)" — and carries the verbatim units that state them, so a citation of it
quotes the post. Fact lines come from (1) the offline answer's own lines when the question is a
structure question (who gave / who sat on / which sessions / how many / lists / days) or a corrected
premise: the offline pipeline queries the facts by the understood intent and slots, and each line
cites the units it read; (2) a card per person and per session the question names (roles,
affiliation, day, keynote, panelists). A *quote* is a sentence the offline answer cites from a chunk
no shown passage holds (a summary cites more chunks than the prompt has room for). A *passage* is a
retrieved chunk with its session, day and part. Does not retrieve, call a model or judge support.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.answering.compose import join_names
from assistant.ingest.knowledge import Knowledge, Unit
from assistant.prompts import templates
from assistant.types import Answer, Citation, Passage

STRUCTURE_INTENTS = frozenset({
    "keynote_speaker", "panelists", "person_role", "multi_session_people", "count", "list_sessions",
    "list_keynotes", "no_keynote", "session_day", "extreme", "session_info", "action_points", "numbered_item",
})
MAX_FACTS = 12
MAX_QUOTES = 8
_MARK = re.compile(r"\s*\[(\d+)\]")
_PREMISE_KEYS = ("premise_keynote", "premise_session", "premise_affiliation")


@dataclass(frozen=True)
class Source:
    """One numbered item the model sees: a fact line or a passage, and the verbatim units it may be quoted by."""

    kind: str  # "fact" | "quote" (one cited sentence of the offline answer) | "passage"
    text: str  # what the model reads
    units: tuple[Unit, ...]  # what a citation of it quotes (each a verbatim span of the post)
    header: str = ""  # a passage's "session, day, part"
    sessions: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()  # people a fact line states facts about
    passage: Passage | None = None

    @property
    def context(self) -> str:
        """What the source states besides its units' text: a passage's heading, or a fact line's text."""
        return self.text if self.kind == "fact" else self.header


def passage_source(p: Passage, knowledge: Knowledge) -> Source:
    """A retrieved passage as a Source (its units found by offsets)."""
    units = tuple(u for u in knowledge.units if u.source == p.source and p.start <= u.start and u.end <= p.end)
    header = ", ".join(x for x in (p.session, p.day, p.part) if x)
    return Source("passage", p.text.strip(), units, header=header, sessions=frozenset({p.session}),
                  days=frozenset({p.day} - {""}), passage=p)


def as_sources(items: Sequence[Passage | Source], knowledge: Knowledge) -> list[Source]:
    """Passages (or ready Sources) as Sources, in order."""
    return [x if isinstance(x, Source) else passage_source(x, knowledge) for x in items]


def unit_of(c: Citation, knowledge: Knowledge) -> Unit | None:
    """The unit a citation quotes (a bullet quoted whole spans several sentences: its span is kept)."""
    u = knowledge.unit_at(c.source, c.start)
    if u is None:
        return None
    return u if u.end == c.end else replace(u, end=c.end, text=c.quote)


def fact_sources(plan: Any, offline_answer: Answer, facts: Any, knowledge: Knowledge) -> list[Source]:
    """Fact lines for a question: the offline answer's structure lines, then cards of what it names."""
    out: list[Source] = []
    if not offline_answer.refused:
        out += _answer_lines(plan, offline_answer, knowledge)
    for name in list(dict.fromkeys(n for n, _how in plan.people))[:3]:
        card = person_card(name, facts, knowledge)
        if card is not None:
            out.append(card)
    for title in list(dict.fromkeys(plan.sessions))[:3]:
        card = session_card(title, facts, knowledge)
        if card is not None:
            out.append(card)
    seen: set[str] = set()
    unique = [s for s in out if not (s.text in seen or seen.add(s.text))]  # type: ignore[func-returns-value]
    return unique[:MAX_FACTS]


def quote_sources(offline_answer: Answer, knowledge: Knowledge, *, shown: set[str],
                  limit: int = MAX_QUOTES) -> list[Source]:
    """The offline answer's cited sentences that no shown passage holds (a summary cites more chunks
    than the prompt has room for), each headed by its session, day and part."""
    out: list[Source] = []
    for c in offline_answer.citations:
        u = unit_of(c, knowledge)
        if u is None or u.chunk_id in shown or u.heading:
            continue
        header = ", ".join(x for x in (u.session, u.day, u.part) if x)
        out.append(Source("quote", u.text, (u,), header=header, sessions=frozenset({u.session}),
                          days=frozenset({u.day} - {""})))
    return out[:limit]


def _answer_lines(plan: Any, ans: Answer, knowledge: Knowledge) -> list[Source]:
    """The offline answer's lines that state facts read off the structure, each with the units it cites."""
    kinds = {plan.intent.kind} | {p.intent.kind for p in getattr(plan, "parts", [])}
    structure = bool(kinds & STRUCTURE_INTENTS)
    premise = _premise_prefixes(plan.lang)
    by_n = {c.n: c for c in ans.citations}
    out: list[Source] = []
    head = ""
    for raw in ans.text.splitlines():
        line = raw.strip()
        if not line:
            continue
        text = _MARK.sub("", line).strip()
        if text.endswith(":") and not _MARK.search(line):
            head = text  # "People who appear in more than one session:" heads the list lines after it
            continue
        if not (structure or any(text.startswith(p) for p in premise)):
            continue
        cites = [by_n[int(n)] for n in _MARK.findall(line) if int(n) in by_n]
        units = tuple(u for u in (unit_of(c, knowledge) for c in cites) if u is not None)
        if not units:
            continue
        if line.startswith("- ") and head:
            text = f"{head} {text[2:]}"
        out.append(Source("fact", _tidy(text), units, sessions=frozenset(u.session for u in units),
                          days=frozenset(u.day for u in units if u.day)))
    return out


def _premise_prefixes(lang: str) -> list[str]:
    """The literal openings of the offline templates that correct a premise ("That premise is not …")."""
    t = templates(lang)
    return [t[k].split("{", 1)[0] for k in _PREMISE_KEYS if k in t and len(t[k].split("{", 1)[0]) >= 12]


def _tidy(text: str) -> str:
    return re.sub(r"\s+([.,;:])", r"\1", text).strip()


def person_card(name: str, facts: Any, knowledge: Knowledge) -> Source | None:
    """'Name (affiliation): gave the keynote at A (Day 1); was a panelist on B (Day 2).'"""
    roles: list[tuple[int, str, Unit, str, str]] = []
    for rel, what in (("keynote_by", "gave the keynote at"), ("panelist_of", "was a panelist on")):
        for f in facts.where(rel, obj=name):
            s = knowledge.session(f.subject, f.source)
            roles.append((s.order, f"{what} the {s.title} ({s.day or 'overview'})", f.unit, s.title, s.day))
    if not roles:
        return None
    roles.sort(key=lambda r: r[0])
    aff = facts.one("affiliation", subject=name)
    who = f"{name} ({aff.object})" if aff else name
    units = tuple(dict.fromkeys(r[2] for r in roles))
    return Source("fact", f"{who}: " + "; ".join(r[1] for r in roles) + ".", units,
                  sessions=frozenset(r[3] for r in roles), days=frozenset(r[4] for r in roles if r[4]),
                  people=frozenset({name}))


def session_card(title: str, facts: Any, knowledge: Knowledge) -> Source | None:
    """'S (Day 2, session 3 of 4 that day): no keynote; 7 panelists: A, B, … .'"""
    try:
        s = knowledge.session(title)
    except KeyError:
        return None
    if not s.day:
        return None
    same_day = [x for x in knowledge.sessions if x.source == s.source and x.day == s.day]
    head = knowledge.head(s)
    units = [head]
    parts = []
    keynote = facts.where("keynote_by", subject=s.title, source=s.source)
    if keynote:
        parts.append(f"keynote by {join_names([f.object for f in keynote])}")
        units.append(keynote[0].unit)
    else:
        parts.append("no keynote")
    panel = facts.where("panelist_of", subject=s.title, source=s.source)
    if panel:
        names = []
        for f in panel:
            aff = facts.one("affiliation", subject=f.object, source=s.source)
            names.append(f"{f.object} ({aff.object})" if aff and aff.unit == f.unit else f.object)
        parts.append(f"{len(panel)} panelists: {join_names(names)}")
        units.append(panel[0].unit)
    where = f"{s.day}, session {same_day.index(s) + 1} of {len(same_day)} that day"
    people = {f.object for f in keynote + panel}
    return Source("fact", f"{s.title} ({where}): " + "; ".join(parts) + ".", tuple(dict.fromkeys(units)),
                  sessions=frozenset({s.title}), days=frozenset({s.day}), people=frozenset(people))


def format_sources(sources: Sequence[Source]) -> str:
    """The prompt's numbered block: fact lines first, then passages headed by session, day and part."""
    facts = [f"[{i}] {s.text}" for i, s in enumerate(sources, 1) if s.kind == "fact"]
    quotes = [f"[{i}] {s.header}: “{s.text}”" for i, s in enumerate(sources, 1) if s.kind == "quote"]
    passages = [f"[{i}] {s.header}\n{s.text}" for i, s in enumerate(sources, 1) if s.kind == "passage"]
    blocks = []
    if facts:
        blocks.append("Facts read off the post's structure:\n" + "\n".join(facts))
    if quotes:
        blocks.append("Sentences of the post:\n" + "\n".join(quotes))
    if passages:
        blocks.append("Passages from the post:\n\n" + "\n\n".join(passages))
    return "\n\n".join(blocks)


@dataclass(frozen=True)
class Candidate:
    """What a citation of a source may quote: one sentence, or a whole bullet (a verbatim span)."""

    unit: Unit
    units: tuple[Unit, ...]
    source: Source
