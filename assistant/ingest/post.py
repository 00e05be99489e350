"""The records a post is parsed into — Post, Session, Part — and the reading of a people line
("A, B (role, org) and C") into names and affiliations. Plain data: does not parse markdown
(corpus.py), chunk or answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest.shape import shape


@dataclass(frozen=True)
class Part:
    """A piece of a session: keynote, panelists, one numbered insight, a conclusion, a paragraph."""

    title: str
    kind: str  # keynote | panelists | insight | conclusion | action_point | theme | paragraph
    start: int
    end: int
    number: int = 0  # insight / action point number


@dataclass(frozen=True)
class Session:
    """One `###` session or `##` overview section of a post."""

    title: str  # heading text exactly as in the post
    day: str  # "Day 1", "Day 2", ... or "" for overview sections
    kind: str  # keynote | panel | plenary | workshop | session | overview | action_points
    start: int  # offset of the heading line
    end: int  # end of the section's text
    source: str
    post_title: str
    order: int
    keynote_speakers: tuple[str, ...] = ()
    panelists: tuple[str, ...] = ()
    affiliations: dict[str, str] = field(default_factory=dict)  # name -> "(...)" text on the panelists line
    parts: tuple[Part, ...] = ()
    role: str = ""  # overview sections: introduction | summary | action_items | conclusion | references (shape.toml)

    @property
    def speakers(self) -> tuple[str, ...]:
        """Keynote speakers then panelists, each once."""
        return tuple(dict.fromkeys(self.keynote_speakers + self.panelists))


@dataclass(frozen=True)
class Post:
    """A parsed post: its text, front matter and sessions."""

    path: Path
    source: str  # path relative to the project root when under it, else as given
    text: str
    title: str
    date: str
    summary: str
    tags: tuple[str, ...]
    sessions: tuple[Session, ...]
    sha256: str

    def session(self, title: str) -> Session:
        """The session with this exact heading."""
        for s in self.sessions:
            if s.title == title:
                return s
        raise KeyError(title)


def is_named_person(name: str) -> bool:
    """False for role placeholders such as 'UNICEF Representative' (role words in shape.toml)."""
    return shape().is_named_person(name)


def split_people(raw: str) -> tuple[list[str], dict[str, str]]:
    """'A, B (role, x), C and D' -> names, {name: affiliation} (commas inside parentheses kept)."""
    items, depth, cur = [], 0, ""
    for ch in raw:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    names: list[str] = []
    aff: dict[str, str] = {}
    for item in items:
        item = item.strip().rstrip(".")
        for piece in re.split(r"\s+(?:and|&)\s+(?![^()]*\))", item):
            m = re.match(r"^(.*?)\s*\((.*)\)\s*$", piece.strip())
            name, role = (m.group(1), m.group(2)) if m else (piece.strip(), "")
            if name:
                names.append(name)
                if role:
                    aff[name] = role
    return names, aff
