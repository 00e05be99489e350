"""The public records: Passage, Citation, Answer.

Owns only plain data and its JSON form. Does not retrieve, answer or format for a UI.
Every field named in the README's contract is kept; new fields are only ever added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """One retrieved chunk of a post: verbatim text with its place in the source file."""

    session: str  # the session's heading text exactly as in the post
    day: str  # "Day 1", "Day 2", or "" for overview sections (Introduction, Summary, ...)
    text: str  # verbatim source[start:end]
    score: float
    start: int
    end: int
    source: str  # path of the post relative to the project, e.g. "corpus/ospos-for-good-2024.md"
    part: str = ""  # e.g. "Keynote by Philip Thigo", "Key insight 3: Private Sector Involvement"
    kind: str = ""  # session kind: keynote | panel | plenary | overview | action_points
    speakers: tuple[str, ...] = ()  # keynote speakers and panelists of the session
    post: str = ""  # the post's title (front matter)
    chunk_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        d = asdict(self)
        d["speakers"] = list(self.speakers)
        return d


@dataclass(frozen=True)
class Citation:
    """A numbered source for `[n]` in Answer.text: a verbatim quote and where it stands."""

    n: int
    session: str
    day: str
    quote: str  # verbatim: source_text[start:end] == quote
    start: int
    end: int
    source: str
    post: str = ""
    part: str = ""
    speakers: tuple[str, ...] = ()
    passage: str = ""  # the whole passage the quote was taken from (for "show more")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        d = asdict(self)
        d["speakers"] = list(self.speakers)
        return d


@dataclass(frozen=True)
class Answer:
    """What `Assistant.ask` returns."""

    text: str  # with [n] markers that refer to citations
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False  # True when the post does not answer the question
    question: str = ""
    backend: str = "offline"
    notice: str = ""  # e.g. "The LLM server did not answer; answered offline instead."
    guard: dict[str, Any] = field(default_factory=dict)  # what the citation guard changed (LLM path)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "question": self.question,
            "text": self.text,
            "refused": self.refused,
            "backend": self.backend,
            "notice": self.notice,
            "citations": [c.to_dict() for c in self.citations],
            "guard": dict(self.guard),
            "timings": dict(self.timings),
        }


def drain(pieces: Iterator[str | Answer]) -> Answer:
    """The final Answer of a stream."""
    final = None
    for piece in pieces:
        if isinstance(piece, Answer):
            final = piece
    assert final is not None, "an answer stream always ends with an Answer"
    return final
