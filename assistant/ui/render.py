"""Answer -> safe HTML for the web UI: the answer, its [n] links, source cards, refusals, errors.

Citations from the same session share one card (each quote keeps its own [n] anchor, speakers are
listed once); after the first few cards and quotes the rest fold away on narrow screens (the
stylesheet shows them all on wide ones). Each answer carries a copy button with its plain text.

Every piece of text that comes from a user, an answer or a post is HTML-escaped here, so a
question such as `<img src=x onerror=...>` is shown literally and never fetched or run. The
output is one HTML block with no blank line, so a Markdown renderer passes it through untouched
(no `*`, `[x](url)` or `![x](url)` in the text is ever turned into markup).
The page's stylesheet and script are package files (`static/app.css`, `static/app.js`).
Does not call the assistant, import gradio or decide anything about the conversation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from assistant.types import Answer, Citation
from assistant.ui.transcript import answer_text

_MARKER = re.compile(r"\[(\d+)\]")
VISIBLE_CARDS = 3  # source cards shown before "Show N more sources" on narrow screens
VISIBLE_QUOTES = 2  # quotes per card shown before "Show N more quotes"


def esc(text: object) -> str:
    """The text HTML-escaped (quotes too), newlines as <br>: always shown literally."""
    text = re.sub(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]", "\n", html.escape(str(text), quote=True))
    return text.replace("\n", "<br>")


def card_id(turn: int, n: int, scope: str = "") -> str:
    """The element id of source n of answer `turn` (unique within the page; `scope` tells apart
    two answers in one turn)."""
    return f"ca-t{turn}{scope}-s{n}"


def _linked(text: str, turn: int, numbers: set[int], scope: str = "") -> str:
    """Escaped text with each known [n] marker turned into a link to its source."""
    def link(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n not in numbers:
            return m.group(0)
        return f'<a class="ca-cite" href="#{card_id(turn, n, scope)}" title="Source {n}">[{n}]</a>'

    return _MARKER.sub(link, esc(text))


_HEADING = re.compile(r"(?m)^#{1,6} +")
_BULLET = re.compile(r"(?m)^[-*] +")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]+\)")


def _plain(markdown: str) -> str:
    """A Markdown excerpt as escaped, readable HTML: bold kept; headings, lists and links simplified.

    Only fixed tags are added around already-escaped text, so no link or image in it is ever made.
    """
    text = _LINK.sub(r"\1", _BULLET.sub("• ", _HEADING.sub("", markdown)))
    return _STRONG.sub(r"<strong>\1</strong>", esc(text)).replace("**", "")


def _highlight(passage: str, quote: str) -> str:
    """The passage as readable HTML, with the quote marked where it occurs."""
    i = passage.find(quote) if quote else -1
    if i < 0:
        return _plain(passage)
    return f"{_plain(passage[:i])}<mark>{_plain(quote)}</mark>{_plain(passage[i + len(quote):])}"


def _folded(items: list[str], visible: int, what: str) -> str:
    """The items, those after the first `visible` inside a 'Show N more …' fold (narrow screens)."""
    if len(items) <= visible:
        return "".join(items)
    rest = len(items) - visible
    return ("".join(items[:visible]) + f'<details class="ca-rest"><summary>Show {rest} more {what}'
            f'{"" if rest == 1 else "s"}</summary>{"".join(items[visible:])}</details>')


def _quote(c: Citation, turn: int, scope: str) -> str:
    """One numbered quote inside a session card: its part, the quote, the whole passage."""
    out = [f'<div class="ca-cq" id="{card_id(turn, c.n, scope)}"><span class="ca-n">{c.n}</span>'
           '<div class="ca-cq-body">']
    if c.part and c.part != c.quote:
        out.append(f'<div class="ca-part">{esc(c.part)}</div>')
    out.append(f'<blockquote class="ca-quote">“{esc(c.quote)}”</blockquote>')
    if c.passage and c.passage.strip() != c.quote.strip():
        out.append(f'<details class="ca-more"><summary>Show the whole passage</summary>'
                   f'<div class="ca-passage">{_highlight(c.passage, c.quote)}</div></details>')
    out.append("</div></div>")
    return "".join(out)


def source_card(cites: Sequence[Citation], turn: int, scope: str = "") -> str:
    """One card per session: session, day and speakers once, then each cited quote with its number."""
    first = cites[0]
    speakers = next((c.speakers for c in cites if c.speakers), ())
    parts = [
        '<div class="ca-card">',
        f'<div class="ca-card-h"><span class="ca-session">{esc(first.session)}</span>'
        f'<span class="ca-day">{esc(first.day or "Overview")}</span></div>',
    ]
    if speakers:
        parts.append(f'<div class="ca-meta">Speakers: {esc(", ".join(speakers))}</div>')
    parts.append(_folded([_quote(c, turn, scope) for c in cites], VISIBLE_QUOTES, "quote"))
    parts.append("</div>")
    return "".join(parts)


def group_citations(citations: Iterable[Citation]) -> list[list[Citation]]:
    """Citations grouped by session (and post), in the order each session is first cited."""
    groups: dict[tuple[str, str], list[Citation]] = {}
    for c in citations:
        groups.setdefault((c.source, c.session), []).append(c)
    return list(groups.values())


def copy_button(text: str) -> str:
    """A copy button for `text`, which rides in the button's `value` (Gradio's sanitizer removes data-*
    attributes but keeps `value`); the page script copies it, newlines included."""
    value = html.escape(text, quote=True).replace("\r", "").replace("\n", "&#10;")
    return (f'<div class="ca-tools"><button type="button" class="ca-copy" value="{value}" '
            'title="Copy the answer with its numbered sources as plain text">Copy answer</button></div>')


def answer_html(ans: Answer, turn: int, *, scope: str = "", label: str = "") -> str:
    """The final answer as one HTML block: notice, text with [n] links, source cards, a copy button."""
    cls = "ca-answer ca-refused" if ans.refused else "ca-answer"
    out = [f'<div class="{cls}">']
    if ans.notice:
        out.append(f'<div class="ca-notice" role="status">⚠ {esc(ans.notice)}</div>')
    if ans.refused:
        out.append(f'<div class="ca-refused-label">{esc(label or "Not covered by the post")}</div>')
    numbers = {c.n for c in ans.citations}
    out.append(f'<div class="ca-text">{_linked(ans.text, turn, numbers, scope)}</div>')
    if ans.citations:
        heading = "Nearest source" if ans.refused else ("Source" if len(ans.citations) == 1 else "Sources")
        out.append(f'<div class="ca-sources"><div class="ca-sources-h">{heading}</div>')
        cards = [source_card(g, turn, scope) for g in group_citations(ans.citations)]
        out.append(_folded(cards, VISIBLE_CARDS, "source"))
        out.append("</div>")
    out.append(copy_button(answer_text(ans)))
    out.append("</div>")
    return "".join(out)


def limited_html(ans: Answer, unfiltered: Answer | None, turn: int, filters: Sequence[str]) -> str:
    """A refusal under filters, then what the whole post says (`None`: still searching)."""
    names = esc(", ".join(filters))
    out = [answer_html(ans, turn, label=f"Not covered within {', '.join(filters)}")]
    if unfiltered is None:
        out.append(f'<div class="ca-limited" role="status">The filter ({names}) may have limited this search. '
                   '<span class="ca-typing">Searching the whole post…</span></div>')
    elif unfiltered.refused:
        out.append(f'<div class="ca-limited" role="status">Without the filter ({names}), the whole post does '
                   'not cover it either.</div>')
    else:
        out.append(f'<div class="ca-limited" role="status">The filter ({names}) limited this search. '
                   'Without it, the post says:</div>')
        out.append(answer_html(unfiltered, turn, scope="u"))
    return f'<div class="ca-turn">{"".join(out)}</div>'


def partial_html(text: str) -> str:
    """Streamed text so far (markers not yet linked: the final Answer replaces it)."""
    if not text:
        return '<div class="ca-answer ca-pending"><span class="ca-typing">Searching the post…</span></div>'
    return f'<div class="ca-answer ca-streaming"><div class="ca-text">{esc(text)}</div></div>'


def error_html(message: str) -> str:
    """A visible error (an AssistantError's message; never a traceback)."""
    return f'<div class="ca-error" role="alert">{esc(message)}</div>'


def question_html(question: str, *, filters: Sequence[str] = ()) -> str:
    """The user's question shown literally, with chips for the filters it was asked under."""
    chips = "".join(f'<span class="ca-chip">{esc(f)}</span>' for f in filters if f)
    chips = f'<div class="ca-chips">{chips}</div>' if chips else ""
    return f'<div class="ca-q">{esc(question)}{chips}</div>'


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}" if n else ""


def header_html(info: dict[str, Any]) -> str:
    """The conference header: post title(s), date, days and sessions, and the active backend."""
    posts: Sequence[dict[str, Any]] = info.get("posts", [])
    titles = " · ".join(esc(p["title"]) for p in posts) or "No posts indexed"
    dates = sorted({str(p.get("date", "")) for p in posts if p.get("date")})
    days = sorted({d for p in posts for d in p.get("days", [])})
    sessions = [s for p in posts for s in p.get("sessions", [])]
    n_sessions = sum(1 for s in sessions if s.get("day"))  # overview sections have no day
    n_overview = len(sessions) - n_sessions
    facts = [f"Post of {esc(', '.join(dates))}" if dates else "", _count(len(days), "day"),
             _count(n_sessions, "session"), _count(n_overview, "overview section")]
    backend = info.get("backend", "offline")
    model = info.get("model", "")
    badge = esc(model if model.startswith(backend) else f"{backend} · {model}" if model else backend)
    return (
        '<div class="ca-header"><div class="ca-title-row"><div>'
        '<div class="ca-kicker">Conference Assistant</div>'
        f'<h1 class="ca-title">{titles}</h1></div>'
        f'<span class="ca-backend" title="Answering backend">Backend: {badge}</span></div>'
        f'<div class="ca-facts">{" · ".join(f for f in facts if f)}</div>'
        '<div class="ca-sub">Every answer cites the session it comes from, with a verbatim quote.</div></div>'
    )


def programme_html(sessions: Iterable[dict[str, Any]]) -> str:
    """The programme: sessions grouped by day, with their speakers."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in sessions:
        groups.setdefault(s.get("day") or "Overview", []).append(s)
    out = ['<div class="ca-programme">']
    for day in sorted(groups, key=lambda d: (d == "Overview", d)):
        out.append(f'<div class="ca-prog-day">{esc(day)}</div><ul>')
        for s in groups[day]:
            speakers = ", ".join(s.get("speakers") or [])
            who = f'<div class="ca-prog-who">{esc(speakers)}</div>' if speakers else ""
            out.append(f'<li><span class="ca-prog-title">{esc(s["title"])}</span>{who}</li>')
        out.append("</ul>")
    out.append("</div>")
    return "".join(out)


@cache
def _static(name: str) -> str:
    return resources.files("assistant.ui").joinpath("static", name).read_text(encoding="utf-8")


def page_css() -> str:
    """The stylesheet for the markup above and the page around it (light and dark themes)."""
    return _static("app.css")


def page_js() -> str:
    """The page script: copy buttons, conversation download, folded sources opened by [n] links."""
    return _static("app.js")
