"""The records stage 2a produces (Mentions, PersonRef, SessionRef), how a question is cut into
tokens, and the small sequence helpers the finders share. Does not find anything itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text import fold

_LINKS = frozenset("on about for of the a an regarding around into in with at from inside within to".split())
_DETERMINERS = frozenset("the a that this".split())
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


@dataclass(frozen=True)
class PersonRef:
    """A person the question names."""

    name: str
    how: str  # full | surname | first | fuzzy | context
    at: tuple[int, ...] = ()  # token positions


@dataclass(frozen=True)
class SessionRef:
    """A session the question refers to."""

    title: str
    source: str
    how: str  # exact | words | description | ordinal | context
    score: float
    at: tuple[int, ...] = ()
    marked: bool = False  # stands by a session noun ("the youth panel"), so it is a reference, not a topic
    excluded: bool = False  # "apart from the X panel"


@dataclass
class Mentions:
    """Everything stage 2a found in one question."""

    tokens: list[str]
    people: list[PersonRef] = field(default_factory=list)
    sessions: list[SessionRef] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    item: int = 0  # 1-based item ordinal, -1 = last, 0 = none
    numbers: list[int] = field(default_factory=list)
    answer_type: str = ""  # person | number | day | time | place | ""
    topic: list[str] = field(default_factory=list)  # content stems
    topic_words: list[str] = field(default_factory=list)
    references: set[str] = field(default_factory=set)  # person | group | session | thing | ellipsis | ordinal
    used: set[int] = field(default_factory=set)
    framing: int = 0  # tokens before this index are a preamble ("For my article: …"), not the topic
    lead: int = 0  # tokens of a name before ':' that a pronoun after it stands for ("Mark Pereira: is he …")
    counted: frozenset[str] = frozenset()
    excluded_people: list[str] = field(default_factory=list)  # "the other one, not Groh"
    dropped: set[int] = field(default_factory=set)  # "not counting the keynote speakers": not in the request
    day_at: list[tuple[int, ...]] = field(default_factory=list)  # token positions of each day mention
    topic_at: list[int] = field(default_factory=list)  # token positions of the topic words
    event_at: set[int] = field(default_factory=set)  # the event named in full ("OSPOs for Good 2024")
    absent_people: list[str] = field(default_factory=list)  # names no post has, where a speaker stands
    phantom: str = ""  # "the open source and health panel": a session named by words no session answers to

    def keep_topic(self, keep: list[int]) -> None:
        """Keep only the topic words at these indices (of topic, topic_words and topic_at alike)."""
        self.topic, self.topic_words, self.topic_at = ([xs[j] for j in keep]
                                                       for xs in (self.topic, self.topic_words, self.topic_at))

    def drop_topic_words(self, gone: set[str]) -> None:
        """Drop the topic words written as one of `gone` (lower case): what the posts never mention; and a
        person found only by a description made of those words ("the Open Source Initiative" is no "initiative"
        person)."""
        self.keep_topic([j for j, w in enumerate(self.topic_words) if w not in gone])
        self.people = [p for p in self.people if p.how != "description" or not p.at
                       or not {self.tokens[i] for i in p.at if i < len(self.tokens)} <= gone]

    @property
    def named_sessions(self) -> list[SessionRef]:
        """Sessions named as sessions (by title words or description or order), not only as topic words."""
        return [s for s in self.sessions if s.marked or s.how in ("exact", "ordinal", "context", "description")]

    def masked(self) -> str:
        """The question with entities replaced by fixed fillers (and "not counting the keynote" left out),
        for intent scoring."""
        out: list[str] = []
        person_at = {i for p in self.people for i in p.at} | set(self.dropped)
        session_at = {i for s in self.sessions if s.marked or s.how == "exact" for i in s.at}
        if self.lead:  # "Mark Pereira: which organisations is he tied to" reads "which organisations is maria tied to"
            person_at |= {next(i for i, t in enumerate(self.tokens) if i >= self.lead and t in PERSON_PRONOUNS)}
        for i, t in enumerate(self.tokens):
            if i in self.dropped or i < self.lead:
                continue
            fill = "maria" if i in person_at else "alpha" if i in session_at else "conference" if (
                i in self.event_at) else t
            if fill in ("maria", "alpha", "conference") and i - 1 in person_at | session_at | self.event_at \
                    and out and out[-1] == fill:
                continue
            out.append(fill)
        return " ".join(out)


PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})


def tokens_of(text: str) -> tuple[list[str], list[str]]:
    """(folded tokens, tokens as written); "'s" dropped, so "Kramer's" is "kramer"."""
    raw, folded = [], []
    for m in _TOKEN.finditer(text.replace("\u2019", "'")):
        t = m.group(0)
        if t.lower().endswith("'s"):
            t = t[:-2]
        parts = fold(t).split("-")
        if len(parts) > 1 and all(p.isalpha() and len(p) <= 2 for p in parts):
            parts = ["".join(parts)]  # "co-op" is one word, not "co" and "op"
        for part in parts:
            if part:
                folded.append(part)
                raw.append(t)
    return folded, raw


def _find_seq(toks: list[str], seq: tuple[str, ...]) -> tuple[int, ...]:
    """Positions of `seq` in `toks` (ignoring one-letter tokens such as initials), or ()."""
    if not seq:
        return ()
    idx = [i for i, t in enumerate(toks) if len(t) > 1]
    flat = [toks[i] for i in idx]
    for j in range(len(flat) - len(seq) + 1):
        if tuple(flat[j : j + len(seq)]) == seq:
            return tuple(idx[j : j + len(seq)])
    return ()
