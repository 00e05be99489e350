"""Stage 7, Render: numbered citations of verbatim units, and sentences that carry them.

A Composer collects lines of answer text and the citations they use; `cite(unit)` returns the
`[n]` marker for a unit (the same unit is cited once). Citations always hold the exact span of
the source text. Does not decide what to say.
"""

from __future__ import annotations

import re

from assistant.ingest.knowledge import Knowledge, Unit
from assistant.prompts import say
from assistant.text import sentences
from assistant.types import Answer, Citation

_VERB_START = re.compile(r"^(?:[A-Z][a-z]+ed|Spoke|Led|Shared|Presented|Introduced|Urged|Stressed|Addressed|"
                         r"Discussed|Highlighted|Emphasized|Identified)\b")


class Composer:
    """Accumulates answer lines and their citations."""

    def __init__(self, knowledge: Knowledge, lang: str, question: str) -> None:
        self.k = knowledge
        self.lang = lang
        self.question = question
        self.lines: list[str] = []
        self.citations: list[Citation] = []
        self._n: dict[tuple[str, int, int], int] = {}
        self.repeats = 0  # lines not added because the answer already had them
        self.keys: list[str] = []  # the templates said, in order

    def cite(self, unit: Unit) -> str:
        """The [n] marker for a unit, adding its citation the first time."""
        key = (unit.source, unit.start, unit.end)
        if key not in self._n:
            n = len(self.citations) + 1
            self._n[key] = n
            session = self.k.session(unit.session, unit.source)
            self.citations.append(
                Citation(
                    n=n, session=unit.session, day=unit.day, quote=unit.text, start=unit.start, end=unit.end,
                    source=unit.source, post=session.post_title, part=unit.part, speakers=session.speakers,
                    passage=self.k.chunk_text(unit.chunk_id),
                )
            )
        return f"[{self._n[key]}]"

    def mark(self) -> tuple[int, int, int, int]:
        """Where the answer is now, to go back to with `undo`."""
        return len(self.lines), len(self.citations), len(self.keys), self.repeats

    def undo(self, mark: tuple[int, int, int, int]) -> None:
        """Drop the lines, citations and template keys added since `mark`."""
        lines, cites, keys, self.repeats = mark
        del self.lines[lines:]
        del self.citations[cites:]
        del self.keys[keys:]
        self._n = {k: n for k, n in self._n.items() if n <= cites}

    def say(self, key: str, **values: object) -> str:
        """Render a template in the answer's language and add it as a line (once)."""
        line = say(self.lang, key, **values)
        self.keys.append(key)
        self.add(line)
        return line

    def render(self, key: str, **values: object) -> str:
        """A template in the answer's language, rendered but not added."""
        return say(self.lang, key, **values)

    def add(self, line: str) -> None:
        """Add a ready line, unless the answer already has it."""
        if line not in self.lines:
            self.lines.append(line)
        elif line.strip():
            self.repeats += 1

    def answer(self, *, refused: bool = False, notice: str = "") -> Answer:
        """The Answer built so far."""
        text = "\n".join(_each_sentence_cited(line) for line in self.lines if line.strip())
        text = re.sub(r"\s+([.,;:])", r"\1", text)
        return Answer(text=text, citations=list(self.citations), refused=refused, question=self.question,
                      notice=notice)


_MARKER = re.compile(r"\s*\[(\d+)\]")


def _each_sentence_cited(line: str) -> str:
    """Every sentence before a marker carries it: a quoted bullet of three sentences followed by [2]
    becomes "A [2]. B [2]. C [2]", so each claim is tied to its source, not only the last one.
    Sentences inside quotation marks (“…”) are left as they are: a quotation is one claim."""
    out, last = [], 0
    for m in _MARKER.finditer(line):
        segment = line[last:m.start()]
        spans = sentences(segment)
        pieces, at = [], 0
        for start, end in spans[:-1]:
            body = segment[start:end]
            if segment[:end].count("“") != segment[:end].count("”"):  # inside a quotation
                continue
            if _MARKER.search(body) or not re.search(r"[.!?][\"”’)]*$", body):  # already cited, or no end
                continue
            if len(re.findall(r"[^\W\d_]{2,}", body)) < 3:  # "- 2." of a numbered line, "Dr.": not a claim
                continue
            # "claim [n]." before the full stop; after a closing quotation mark ('…Cooperation.” [n]').
            stop = len(body.rstrip(".!?")) if body[-1] in ".!?" else len(body)
            pieces.append(segment[at:start + stop] + f" [{m.group(1)}]")
            at = start + stop
        out.append("".join(pieces) + segment[at:] + m.group(0))
        last = m.end()
    return "".join(out) + line[last:]


def join_names(names: list[str] | tuple[str, ...]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def claim(unit: Unit, knowledge: Knowledge) -> str:
    """A unit as a sentence that names its subject when the post's bullet leaves it implicit."""
    text = unit.text.rstrip()
    if text.endswith("."):
        text = text[:-1]
    if _VERB_START.match(text):
        subject = "The panel"
        session = knowledge.session(unit.session, unit.source)
        named = knowledge.bullet_subject(unit) if not unit.first_in_bullet else ""
        if named:
            subject = named
        elif unit.part_kind == "keynote" and session.keynote_speakers:
            names = session.keynote_speakers
            subject = names[0] if len(names) == 1 else " and ".join(names)
            if subject.endswith("Representative"):
                subject = f"The {subject}"
        elif unit.part_kind in ("theme", "paragraph", "action_point") or not session.day:
            subject = "The post"
        text = f"{subject} {text[0].lower()}{text[1:]}"
    return text
