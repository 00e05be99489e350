"""A conversation as text: one answer as plain text for the clipboard, the whole chat as Markdown.

`Turn` is what the web UI records for each answered question (the question, the filters it was
asked under, the Answer, and the unfiltered Answer when a filter left nothing). `answer_text`
gives an answer with its numbered sources as plain text; `conversation_markdown` the whole
conversation as a Markdown file with its citations. Text from users and posts is escaped so that
a Markdown viewer shows it literally (no raw HTML, no links or images are made from it).
Does not call the assistant, import gradio or produce HTML (see render.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.types import Answer, Citation


@dataclass(frozen=True)
class Turn:
    """One answered question of a conversation in the web UI."""

    question: str
    answer: Answer
    filters: tuple[str, ...] = ()  # labels of the filters it was asked under, e.g. ("Day 2",)
    unfiltered: Answer | None = None  # asked again without filters, when the filtered answer was refused


def source_line(c: Citation) -> str:
    """'[n] Session (Day) · part: “quote”' on one line."""
    day = f" ({c.day})" if c.day else ""
    part = f" · {c.part}" if c.part and c.part != c.quote else ""
    return f"[{c.n}] {c.session}{day}{part}: “{c.quote}”"


def answer_text(ans: Answer) -> str:
    """The answer with its numbered sources, as plain text (what the copy button copies)."""
    out = [f"Note: {ans.notice}", ""] if ans.notice else []
    out.append(ans.text.strip())
    if ans.citations:
        out += ["", "Sources:", *(source_line(c) for c in ans.citations)]
    return "\n".join(out)


_MD_SPECIAL = re.compile(r"([\\`*_<>\[\]])")
_LINE_START = re.compile(r"(?m)^(\s*)([#>=+-])")
_MARKER = re.compile(r"\\\[(\d+)\\\](?![(:])")


def md_escape(text: str) -> str:
    """Text that a Markdown viewer shows literally: no HTML, links, images or emphasis made from it.

    Citation markers such as [3] stay readable (a lone [3] is never a link without a definition).
    """
    text = _MD_SPECIAL.sub(r"\\\1", re.sub(r"\r\n?", "\n", text))
    return _LINE_START.sub(r"\1\\\2", _MARKER.sub(r"[\1]", text))


def _md_answer(ans: Answer) -> list[str]:
    out = [f"> **Note:** {md_escape(ans.notice)}", ""] if ans.notice else []
    if ans.refused:
        out += ["**Not covered by the post.**", ""]
    out += [md_escape(ans.text.strip()), ""]
    if ans.citations:
        out += ["Sources:", ""]
        for c in ans.citations:
            day = f" ({md_escape(c.day)})" if c.day else ""
            part = f" · {md_escape(c.part)}" if c.part and c.part != c.quote else ""
            where = f"{md_escape(c.source)}, characters {c.start}–{c.end}"
            out.append(f"- [{c.n}] **{md_escape(c.session)}**{day}{part}: “{md_escape(c.quote)}” ({where})")
        out.append("")
    return out


def conversation_markdown(turns: Sequence[Turn], *, title: str = "", exported: str = "") -> str:
    """The conversation as a Markdown document: each question, its answer and its cited sources."""
    out = ["# Conference Assistant: conversation", ""]
    if title:
        out += [f"About: {md_escape(title)}", ""]
    if exported:
        out += [f"Exported: {md_escape(exported)}", ""]
    for i, t in enumerate(turns, 1):
        out += [f"## {i}. {md_escape(' '.join(t.question.split()))}", ""]
        if t.filters:
            out += [f"*Asked within: {md_escape(', '.join(t.filters))}*", ""]
        out += _md_answer(t.answer)
        if t.unfiltered is not None:
            out += ["**Without the filter:**", "", *_md_answer(t.unfiltered)]
    return "\n".join(out).rstrip() + "\n"
