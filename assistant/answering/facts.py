"""Stage 4, Facts: a per-post table of (subject, relation, object, evidence span).

Read off the parsed structure, never inferred from free text:
  session      post title -> session title (n = programme order)      evidence: its heading
  on_day       session -> "Day N"                                      its heading
  role         overview section -> introduction | summary | action_items | conclusion
  keynote_by   session -> speaker                                      the keynote heading
  panelist_of  session -> panelist                                     the panelists line
  affiliation  person -> "(...)" text on the panelists line            the panelists line
  said         person -> a sentence attributed to them                 that sentence
  item         section -> numbered item title (n = its number)         the item's title
  theme        summary section -> theme title (n = order)              the theme's title
  conclusion   session -> its conclusion sentence                      that sentence
  keynote_point session -> a keynote bullet's first sentence           that sentence
  length       post title -> "N days" as the post states it            the sentence saying it
  venue        post title -> the introduction's sentence naming a place
  pronoun      person -> "he" | "she", as the post's sentences about them alone say (only when they all agree)
Each post's rows stay separate (`source`); nothing is merged across posts. Does not rank text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.corpus import Session
from assistant.ingest.knowledge import Knowledge, Unit
from assistant.ingest.shape import shape

# The words of each pronoun, as the posts write them of a person and as a question refers back with them.
PRONOUN_WORDS = {"he": frozenset({"he", "him", "his", "himself"}), "she": frozenset({"she", "her", "hers", "herself"})}
_PRONOUNS = tuple((re.compile(rf"\b(?:{'|'.join(sorted(ws))})\b", re.I), p) for p, ws in PRONOUN_WORDS.items())
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}


@dataclass(frozen=True)
class Fact:
    """One row of the table."""

    source: str
    subject: str
    relation: str
    object: str
    unit: Unit
    n: int = 0


class Facts:
    """The facts of every post in one Knowledge, queried by relation, subject, object and post."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.k = knowledge
        self.rows: list[Fact] = []
        for post in knowledge.posts:
            sessions = [s for s in post.sessions if (s.source, s.title) in knowledge.heads]
            for s in sessions:
                self._session_rows(s, post.title)
            self._post_rows(post.source, post.title, sessions)
        for person in knowledge.people.values():
            for u in person.remarks:
                self.rows.append(Fact(u.source, person.name, "said", u.text, u))
        self._pronoun_rows()
        self.pronouns: dict[str, str] = {}  # person -> "he" | "she": the pronoun rows as a table (the first of a name)
        for f in self.where("pronoun"):
            self.pronouns.setdefault(f.subject, f.object)

    def where(self, relation: str, *, subject: str | None = None, obj: str | None = None,
              source: str | None = None) -> list[Fact]:
        """Rows of a relation, optionally with this subject / object / post."""
        return [f for f in self.rows if f.relation == relation and (subject is None or f.subject == subject)
                and (obj is None or f.object == obj) and (source is None or f.source == source)]

    def one(self, relation: str, **kw: str) -> Fact | None:
        """The first matching row, or None."""
        rows = self.where(relation, **kw)
        return rows[0] if rows else None

    def day(self, source: str, title: str) -> str:
        """The day a session was held ("Day 1"), or "" (an overview section, or no such session)."""
        f = self.one("on_day", subject=title, source=source)
        return f.object if f is not None else ""

    def body(self, head: Unit) -> list[Unit]:
        """The sentences under a numbered item's or theme's title (same chunk, not headings)."""
        return [u for u in self.k.units if u.chunk_id == head.chunk_id and not u.heading and u.start > head.start]

    # ---- building --------------------------------------------------------------------------------
    def _session_rows(self, s: Session, post_title: str) -> None:
        head = self.k.head(s)
        add = self.rows.append
        if s.day:
            add(Fact(s.source, post_title, "session", s.title, head, s.order))
            add(Fact(s.source, s.title, "on_day", s.day, head))
        elif s.role:
            add(Fact(s.source, s.title, "role", s.role, head))
        units = self.k.units_of(s.title, s.source)
        keynote = next((u for u in units if u.heading and u.part_kind == "keynote"), head)
        panel = next((u for u in units if u.part_kind == "panelists" and not u.heading), head)
        for name in s.keynote_speakers:
            add(Fact(s.source, s.title, "keynote_by", name, keynote))
        for name in s.panelists:
            add(Fact(s.source, s.title, "panelist_of", name, panel))
        for name, aff in s.affiliations.items():
            add(Fact(s.source, name, "affiliation", aff, panel if name in s.panelists else keynote))
        for u in units:
            if u.heading and u.part_kind in ("insight", "action_point"):
                add(Fact(s.source, s.title, "item", u.text, u, _number(u.part)))
            elif u.heading and u.part_kind == "theme":
                add(Fact(s.source, s.title, "theme", u.text, u, len(self.where("theme", subject=s.title)) + 1))
            elif u.part_kind == "conclusion" and not u.heading:
                add(Fact(s.source, s.title, "conclusion", u.text, u))
            elif u.part_kind == "keynote" and not u.heading and u.first_in_bullet:
                add(Fact(s.source, s.title, "keynote_point", u.text, u))

    def _pronoun_rows(self) -> None:
        """'he' or 'she' for a person when the sentences credited to them alone use only that one ("She announced
        the Common Furrow Fund", "Her foundation …"); none where they say neither or both."""
        found: dict[str, dict[str, Unit]] = {}
        for u in self.k.units:
            who = self.k.spoken_by(u) if not u.heading and u.part_kind != "panelists" else []
            if len(who) != 1:
                continue
            for word, pron in _PRONOUNS:
                if word.search(u.text):
                    found.setdefault(who[0], {}).setdefault(pron, u)
        for name, prons in found.items():
            if len(prons) == 1:
                pron, u = next(iter(prons.items()))
                self.rows.append(Fact(u.source, name, "pronoun", pron, u))

    def _post_rows(self, source: str, title: str, sessions: list[Session]) -> None:
        days = sorted({s.day for s in sessions if s.day})
        n = len(days)
        said = re.compile(shape().patterns["length"].format(n=n, word=_WORDS.get(n, "-")), re.I)
        units = [u for u in self.k.units if u.source == source]
        stated = next((u for u in units if said.search(u.text)), None)
        if stated is not None:
            self.rows.append(Fact(source, title, "length", f"{n} days", stated, n))
        place = shape().pattern("place")
        intro = {s.title for s in sessions if s.role == "introduction"}
        venue = next((u for u in units if u.session in intro and place.search(u.text)), None)
        if venue is not None:
            self.rows.append(Fact(source, title, "venue", venue.text, venue))


def _number(part: str) -> int:
    m = re.search(r"(\d+)", part)
    return int(m.group(1)) if m else 0
