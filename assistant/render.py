"""Answer -> safe HTML for the web UI: the answer, its [n] links, source cards, refusals, errors.

Every piece of text that comes from a user, an answer or a post is HTML-escaped here, so a
question such as `<img src=x onerror=...>` is shown literally and never fetched or run. The
output is one HTML block with no blank line, so a Markdown renderer passes it through untouched
(no `*`, `[x](url)` or `![x](url)` in the text is ever turned into markup).
Does not call the assistant, import gradio or decide anything about the conversation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.types import Answer, Citation

_MARKER = re.compile(r"\[(\d+)\]")


def esc(text: object) -> str:
    """The text HTML-escaped (quotes too), newlines as <br>: always shown literally."""
    text = re.sub(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]", "\n", html.escape(str(text), quote=True))
    return text.replace("\n", "<br>")


def card_id(turn: int, n: int) -> str:
    """The element id of source card n of answer `turn` (unique within the page)."""
    return f"ca-t{turn}-s{n}"


def _linked(text: str, turn: int, numbers: set[int]) -> str:
    """Escaped text with each known [n] marker turned into a link to its card."""
    def link(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n not in numbers:
            return m.group(0)
        return f'<a class="ca-cite" href="#{card_id(turn, n)}" title="Source {n}">[{n}]</a>'

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


def source_card(c: Citation, turn: int) -> str:
    """One numbered source card: session, day, part, speakers, the quote, the whole passage."""
    day = c.day or "Overview"
    meta = [esc(c.part)] if c.part and c.part != c.quote else []
    if c.speakers:
        meta.append("Speakers: " + esc(", ".join(c.speakers)))
    parts = [
        f'<div class="ca-card" id="{card_id(turn, c.n)}">',
        f'<div class="ca-card-h"><span class="ca-n">{c.n}</span>'
        f'<span class="ca-session">{esc(c.session)}</span><span class="ca-day">{esc(day)}</span></div>',
    ]
    if meta:
        parts.append(f'<div class="ca-meta">{" · ".join(meta)}</div>')
    parts.append(f'<blockquote class="ca-quote">“{esc(c.quote)}”</blockquote>')
    if c.passage and c.passage.strip() != c.quote.strip():
        parts.append(f'<details class="ca-more"><summary>Show the whole passage</summary>'
                     f'<div class="ca-passage">{_highlight(c.passage, c.quote)}</div></details>')
    parts.append("</div>")
    return "".join(parts)


def answer_html(ans: Answer, turn: int) -> str:
    """The final answer as one HTML block: notice, text with [n] links, then source cards."""
    cls = "ca-answer ca-refused" if ans.refused else "ca-answer"
    out = [f'<div class="{cls}">']
    if ans.notice:
        out.append(f'<div class="ca-notice" role="status">⚠ {esc(ans.notice)}</div>')
    if ans.refused:
        out.append('<div class="ca-refused-label">Not covered by the post</div>')
    numbers = {c.n for c in ans.citations}
    out.append(f'<div class="ca-text">{_linked(ans.text, turn, numbers)}</div>')
    if ans.citations:
        label = "Nearest source" if ans.refused else ("Source" if len(ans.citations) == 1 else "Sources")
        out.append(f'<div class="ca-sources"><div class="ca-sources-h">{label}</div>')
        out.extend(source_card(c, turn) for c in ans.citations)
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def partial_html(text: str) -> str:
    """Streamed text so far (markers not yet linked: the final Answer replaces it)."""
    if not text:
        return '<div class="ca-answer ca-pending"><span class="ca-typing">Searching the post…</span></div>'
    return f'<div class="ca-answer ca-streaming"><div class="ca-text">{esc(text)}</div></div>'


def error_html(message: str) -> str:
    """A visible error (an AssistantError's message; never a traceback)."""
    return f'<div class="ca-error" role="alert">{esc(message)}</div>'


def question_html(question: str, *, day: str = "", session: str = "") -> str:
    """The user's question shown literally, with chips for the filters it was asked under."""
    chips = "".join(f'<span class="ca-chip">{esc(f)}</span>' for f in (day, session) if f)
    chips = f'<div class="ca-chips">{chips}</div>' if chips else ""
    return f'<div class="ca-q">{esc(question)}{chips}</div>'


def header_html(info: dict[str, Any]) -> str:
    """The conference header: post title(s), date, days and sessions, and the active backend."""
    posts: Sequence[dict[str, Any]] = info.get("posts", [])
    titles = " · ".join(esc(p["title"]) for p in posts) or "No posts indexed"
    dates = sorted({str(p.get("date", "")) for p in posts if p.get("date")})
    days = sorted({d for p in posts for d in p.get("days", [])})
    n_sessions = sum(len(p.get("sessions", [])) for p in posts)
    facts = [f"Post of {esc(', '.join(dates))}" if dates else "", f"{len(days)} days" if days else "",
             f"{n_sessions} sessions"]
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


# The stylesheet for the markup above (and the page around it); uses Gradio's theme variables so
# that light and dark modes both work.
CSS = """
.gradio-container { max-width: 1280px !important; margin: 0 auto !important; }
#ca-header { padding: 4px 2px 0; }
.ca-header { border-bottom: 1px solid var(--border-color-primary); padding: 6px 2px 14px; }
.ca-title-row { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; }
.ca-kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; font-weight: 600;
  color: var(--color-accent); }
.ca-title { font-size: 24px !important; margin: 2px 0 4px !important; font-weight: 700; line-height: 1.25; }
.ca-facts { color: var(--body-text-color-subdued); font-size: 14px; }
.ca-sub { color: var(--body-text-color-subdued); font-size: 13px; margin-top: 2px; }
.ca-backend { white-space: nowrap; font-size: 12px; font-weight: 600; padding: 4px 10px; border-radius: 999px;
  background: var(--color-accent-soft); color: var(--color-accent); border: 1px solid var(--color-accent); }
#ca-sidebar { gap: 12px; }
.ca-programme { font-size: 13px; max-height: 420px; overflow-y: auto; }
.ca-programme ul { margin: 0 0 10px; padding-left: 16px; }
.ca-programme li { margin: 4px 0; }
.ca-prog-day { font-weight: 700; margin: 8px 0 2px; }
.ca-prog-title { font-weight: 600; }
.ca-prog-who { color: var(--body-text-color-subdued); font-size: 12px; }
#ca-chat .message-row .message, #ca-chat .bot { max-width: 100% !important; }
.ca-q { white-space: normal; overflow-wrap: anywhere; }
.ca-chips { margin-top: 6px; }
.ca-chip { display: inline-block; font-size: 11px; padding: 1px 8px; margin-right: 4px; border-radius: 999px;
  background: rgba(255, 255, 255, .25); border: 1px solid currentColor; opacity: .85; }
.ca-answer { overflow-wrap: anywhere; }
.ca-text { line-height: 1.6; }
.ca-cite { text-decoration: none !important; font-weight: 600; font-size: .85em; vertical-align: super;
  color: var(--color-accent) !important; padding: 0 1px; }
.ca-cite:hover { text-decoration: underline !important; }
.ca-typing { color: var(--body-text-color-subdued); font-style: italic; }
.ca-sources { margin-top: 14px; display: flex; flex-direction: column; gap: 8px; }
.ca-sources-h { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .06em;
  color: var(--body-text-color-subdued); }
.ca-card { border: 1px solid var(--border-color-primary); border-left: 3px solid var(--color-accent);
  border-radius: 8px; padding: 8px 12px; background: var(--background-fill-primary);
  scroll-margin-top: 12px; }
.ca-card:target { box-shadow: 0 0 0 2px var(--color-accent); }
.ca-card-h { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.ca-n { display: inline-flex; align-items: center; justify-content: center; min-width: 20px; height: 20px;
  border-radius: 999px; background: var(--color-accent); color: white; font-size: 12px; font-weight: 700; }
.ca-session { font-weight: 650; }
.ca-day { font-size: 12px; padding: 0 8px; border-radius: 999px; background: var(--background-fill-secondary);
  border: 1px solid var(--border-color-primary); color: var(--body-text-color-subdued); }
.ca-meta { font-size: 12px; color: var(--body-text-color-subdued); margin-top: 2px; }
.ca-quote { margin: 6px 0 2px !important; padding: 0 0 0 10px !important; border-left: 2px solid
  var(--border-color-primary) !important; font-style: italic; }
.ca-more summary { cursor: pointer; font-size: 12px; color: var(--color-accent); margin-top: 4px; }
.ca-passage { font-size: 13px; margin-top: 6px; padding: 8px; border-radius: 6px;
  background: var(--background-fill-secondary); white-space: normal; }
.ca-passage mark { background: var(--color-accent-soft); color: inherit; padding: 0 1px; }
.ca-refused { border-left: 3px solid var(--border-color-primary); padding: 2px 0 2px 12px;
  color: var(--body-text-color-subdued); }
.ca-refused .ca-text { font-style: italic; }
.ca-refused .ca-card { border-left-color: var(--border-color-primary); opacity: .9; }
.ca-refused-label { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .06em;
  margin-bottom: 4px; }
.ca-notice { border: 1px solid #d97706; background: rgba(245, 158, 11, .12); border-radius: 6px;
  padding: 6px 10px; margin-bottom: 8px; font-size: 13px; }
.ca-error { border: 1px solid #dc2626; background: rgba(220, 38, 38, .08); border-radius: 6px;
  padding: 6px 10px; overflow-wrap: anywhere; }
"""
