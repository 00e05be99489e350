"""The knowledge layer: facts read off the parsed posts, each tied to a verbatim span.

Builds (1) *units*: the sentences and bullets of every chunk, with offsets, the bullet's bold
label, and the people each one names; (2) *people*: every keynote speaker and panelist with their
roles per session, and the units that attribute remarks to them (by full name, surname, or a
first name the session uses); (3) name matching for questions: full name, surname or first name,
tolerant of missing accents and small typos. Does not retrieve by similarity or compose answers.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.ingest.chunks import Chunk
from assistant.ingest.corpus import Post, Session, is_named_person
from assistant.text import STOP, content_stems, edit_distance, sentences, surname_parts, words

_GENERIC_LABELS = {"main points", "key insights", "conclusion", "panelists"}
_LABEL = re.compile(r"^(\s*(?:-|\d+\.)\s+)?\*\*([^*]+?):\*\*\s*")


@dataclass(frozen=True)
class Unit:
    """One sentence (or heading, or panelists line) of a post, verbatim at [start, end)."""

    source: str
    session: str
    day: str
    part: str
    part_kind: str
    label: str  # the bullet's bold label ("Transparency and Trust"), or ""
    start: int
    end: int
    text: str
    chunk_id: str
    first_in_bullet: bool
    heading: bool = False  # a heading, numbered title or theme title rather than a sentence
    mentions: tuple[str, ...] = ()
    stems: frozenset[str] = frozenset()


@dataclass
class Role:
    """A person's role in one session."""

    session: str
    day: str
    source: str
    role: str  # "keynote" | "panelist"
    affiliation: str
    unit: Unit  # the heading or panelists line stating it


@dataclass
class Person:
    """Someone named as a keynote speaker or panelist."""

    name: str
    roles: list[Role] = field(default_factory=list)
    remarks: list[Unit] = field(default_factory=list)

    @property
    def sessions(self) -> list[str]:
        """Sessions in post order, each once."""
        return list(dict.fromkeys(r.session for r in self.roles))


def _units_of_chunk(post: Post, chunk: Chunk) -> list[Unit]:
    units: list[Unit] = []
    pos = chunk.start
    for raw in post.text[chunk.start : chunk.end].splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        ls = pos
        pos += len(raw)
        if not line.strip():
            continue
        h = re.match(r"^(#{4,6}\s+)(.+?)\s*$", line)
        label = ""
        if h:
            s = ls + len(h.group(1))
            spans = [(s, s + len(h.group(2)))]
        else:
            m = _LABEL.match(line)
            body_at = ls
            if m:
                label = m.group(2).strip()
                body_at = ls + m.end()
            elif re.match(r"^\s*(?:-|\d+\.)\s+", line):
                body_at = ls + re.match(r"^\s*(?:-|\d+\.)\s+", line).end()
            body = post.text[body_at : ls + len(line)]
            if not body.strip():
                # A label-only line: keep numbered titles and summary themes, not "**Main Points:**".
                if not m or label.lower() in _GENERIC_LABELS:
                    continue
                s = ls + m.start(2)
                units.append(_unit(post, chunk, "", s, s + len(label), True, heading=True))
                continue
            spans = sentences(body, body_at)
        for i, (s, e) in enumerate(spans):
            units.append(_unit(post, chunk, label, s, e, i == 0, heading=bool(h)))
    return units


def _unit(post: Post, chunk: Chunk, label: str, s: int, e: int, first: bool, *, heading: bool) -> Unit:
    return Unit(
        source=chunk.source, session=chunk.session, day=chunk.day, part=chunk.part, part_kind=chunk.part_kind,
        label=label, start=s, end=e, text=post.text[s:e], chunk_id=chunk.id, first_in_bullet=first,
        heading=heading, stems=frozenset(content_stems(post.text[s:e] + " " + label)),
    )


@functools.lru_cache(maxsize=4096)  # called for every (unit, person) pair, like name_keys
def _short_surnames(name: str) -> tuple[str, ...]:
    """A name's parts after the first of three letters or fewer, as the post writes them ("Eze" of "Chiamaka
    Eze"): they stand for the person alone only where written capitalised (not "van", "de", "of")."""
    return tuple(w for w in name.split()[1:] if 2 <= len(w) <= 3 and w[:1].isupper() and w.isalpha()
                 and w.lower() not in STOP)


@functools.lru_cache(maxsize=65536)  # called for every (unit, person) pair: quadratic in the corpus size
def name_keys(name: str) -> tuple[str, str, str]:
    """(full, surname, first) folded; the surname is the last word, the first the first word."""
    toks = [t for t in words(name) if t not in ("h", "e")]
    full = " ".join(toks)
    return full, (toks[-1] if toks else ""), (toks[0] if toks else "")


class Knowledge:
    """Units and people of all posts, with lookups by person and session."""

    def __init__(self, posts: list[Post], chunks: list[Chunk]) -> None:
        self.posts = posts
        self.sessions: list[Session] = [s for p in posts for s in p.sessions]
        by_post = {p.source: p for p in posts}
        self.chunk_texts = {c.id: c.text for c in chunks}
        raw_units = [u for c in chunks for u in _units_of_chunk(by_post[c.source], c)]
        self.people: dict[str, Person] = {}
        for post in posts:
            for s in post.sessions:
                for who, role in [(n, "keynote") for n in s.keynote_speakers] + [(n, "panelist") for n in s.panelists]:
                    unit = self._role_unit(raw_units, s, who)
                    p = self.people.setdefault(who, Person(who))
                    p.roles.append(Role(s.title, s.day, s.source, role, s.affiliations.get(who, ""), unit))
        self.units = [self._with_mentions(u) for u in raw_units]
        self._pos = {(u.source, u.start): i for i, u in enumerate(self.units)}
        self.heads: dict[tuple[str, str], Unit] = {}
        first_chunk = {}
        for c in chunks:
            first_chunk.setdefault((c.source, c.session), c.id)
        for post in posts:
            for s in post.sessions:
                at = s.start + len(post.text[s.start :].split(" ", 1)[0]) + 1  # after "### "
                self.heads[(s.source, s.title)] = Unit(
                    source=s.source, session=s.title, day=s.day, part="Heading", part_kind="heading", label="",
                    start=at, end=at + len(s.title), text=post.text[at : at + len(s.title)],
                    chunk_id=first_chunk.get((s.source, s.title), ""), first_in_bullet=True, heading=True,
                )
        sole_keynote = {
            (s.source, s.title): s.keynote_speakers[0]
            for s in self.sessions if len(s.keynote_speakers) == 1
        }
        speakers_of = {(s.source, s.title): frozenset(s.speakers) for s in self.sessions}
        self._spoken: dict[tuple[str, int], list[str]] = {}
        for u in self.units:
            who_spoke = list(u.mentions)
            # A keynote's main points are its speaker's words even where the bullet names no one.
            if u.part_kind == "keynote" and not u.heading and not who_spoke:
                sole = sole_keynote.get((u.source, u.session))
                if sole:
                    who_spoke = [sole]
            speakers = speakers_of.get((u.source, u.session), frozenset())
            for who in who_spoke:
                if u.part_kind in ("panelists",) or u.heading:
                    continue
                if speakers and who not in speakers and re.search(re.escape(who) + r"[’']s\b", u.text):
                    continue  # "the platform adapted by Lan's team", in a session Lan did not speak at: not a remark
                self.people[who].remarks.append(u)
                self._spoken.setdefault((u.source, u.start), []).append(who)

    @staticmethod
    def _role_unit(units: list[Unit], s: Session, who: str) -> Unit:
        for u in units:
            if u.session == s.title and u.source == s.source and who in u.text and (
                u.part_kind == "panelists" or u.text.startswith("Keynote")
            ):
                return u
        return next(u for u in units if u.session == s.title and u.source == s.source)

    def _with_mentions(self, u: Unit) -> Unit:
        folded = f" {' '.join(words(u.text))} "
        found: list[str] = []
        session_people = [n for s in self.sessions if s.title == u.session for n in s.speakers]
        for name in self.people:
            if not is_named_person(name):
                continue
            full, _surname, first = name_keys(name)
            hit = f" {full} " in folded or (name in session_people and any(  # "Castañeda" for "… Castañeda Ortiz"
                f" {w} " in folded for w in surname_parts(full.split())) or name in session_people and any(
                re.search(rf"(?<!\w){re.escape(w)}(?!\w)", u.text) for w in _short_surnames(name)))
            if not hit and name in session_people and len(first) > 2:
                # A first name alone counts when no one else in the session shares it ("Ruth", "Mark").
                same = [n for n in session_people if name_keys(n)[2] == first]
                hit = len(same) == 1 and f" {first} " in folded
            if hit:
                found.append(name)
        if not found:
            return u
        return Unit(**{**u.__dict__, "mentions": tuple(found)})

    def session(self, title: str, source: str | None = None) -> Session:
        """The session with this heading (in this post, if given)."""
        for s in self.sessions:
            if s.title == title and (source is None or s.source == source):
                return s
        raise KeyError(title)

    def find_people(self, question: str) -> list[tuple[str, str]]:
        """People the question names, as (name, how): how is full | surname | first | fuzzy."""
        qw = [w for w in words(question)]
        qs = f" {' '.join(qw)} "
        hits: dict[str, str] = {}
        for name in self.people:
            if not is_named_person(name):
                continue
            full, last, first = name_keys(name)
            if f" {full} " in qs:
                hits[name] = "full"
            elif len(last) > 3 and f" {last} " in qs and last not in STOP:
                hits.setdefault(name, "surname")
            elif len(first) > 2 and f" {first} " in qs and first not in STOP:
                hits.setdefault(name, "first")
        if not hits:
            for name in self.people:
                if not is_named_person(name):
                    continue
                toks = name_keys(name)[0].split()
                for t in toks:
                    if len(t) < 5:
                        continue
                    if any(len(w) >= 4 and w[0] == t[0] and edit_distance(w, t, 2) <= (1 if len(t) < 7 else 2)
                           for w in qw):
                        hits[name] = "fuzzy"
        # A full-name hit hides partial hits it contains ("Mark Anthony Thomas" vs "Mark Pereira").
        if any(h == "full" for h in hits.values()):
            full_words = {w for n, h in hits.items() if h == "full" for w in name_keys(n)[0].split()}
            hits = {n: h for n, h in hits.items() if h == "full" or not set(name_keys(n)[0].split()) <= full_words
                    and name_keys(n)[2] not in full_words and name_keys(n)[1] not in full_words}
        return list(hits.items())

    def units_of(self, session: str, source: str | None = None) -> list[Unit]:
        """Units of one session in reading order."""
        return [u for u in self.units if u.session == session and (source is None or u.source == source)]

    def bullet_subject(self, unit: Unit) -> str:
        """The person named at the start of the unit's bullet, when the unit itself names no one."""
        i = self._pos.get((unit.source, unit.start))
        while i is not None and i > 0 and not self.units[i].first_in_bullet:
            i -= 1
            if self.units[i].chunk_id != unit.chunk_id:
                return ""
        first = self.units[i] if i is not None else None
        return first.mentions[0] if first is not None and first is not unit and first.mentions else ""

    def spoken_by(self, unit: Unit) -> list[str]:
        """Who the post attributes this unit to: the people it names (a first name alone, when unique in
        its session), the person its bullet opens with, or a keynote's sole speaker."""
        who = self._spoken.get((unit.source, unit.start))
        if who:
            return list(who)
        named = self.bullet_subject(unit) if not unit.first_in_bullet else ""
        return [named] if named else []

    def head(self, session: Session) -> Unit:
        """The unit of a session's own heading text."""
        return self.heads[(session.source, session.title)]

    def chunk_text(self, chunk_id: str) -> str:
        """The whole text of the chunk a unit came from."""
        return self.chunk_texts.get(chunk_id, "")

    @functools.cached_property
    def stem_df(self) -> Counter[str]:
        """How many sentence units of the posts use each stem (for idf weights; counted once)."""
        return Counter(st for u in self.units for st in u.stems)

    def units_in(self, source: str, start: int, end: int) -> list[Unit]:
        """The sentence units of one post that lie within [start, end), in reading order."""
        i = self._pos.get((source, start))
        if i is None:
            return []
        out = []
        for u in self.units[i:]:
            if u.source != source or u.end > end:
                break
            out.append(u)
        return out

    def unit_at(self, source: str, start: int) -> Unit | None:
        """The unit that starts at this offset."""
        i = self._pos.get((source, start))
        if i is not None:
            return self.units[i]
        return next((u for u in self.heads.values() if u.source == source and u.start == start), None)
