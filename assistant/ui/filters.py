"""The page's filters and fresh state: the dropdown values ("All days" …), what they mean as API
filters, the session choices for a day, the example questions, and a new conversation's values.
Plain functions the UI and its tests call. Does not build the page (app.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.ui.transcript import Turn

ALL_DAYS = "All days"
ALL_SESSIONS = "All sessions"
ALL_POSTS = "All posts"
FILTERS = (("day", ALL_DAYS), ("session", ALL_SESSIONS), ("post", ALL_POSTS))
EXAMPLES = (
    "Who gave the keynote at the Open Source and AI panel?",
    "Who sat on the youth panel?",
    "Summarize the Open Source at the UN panel",
    "What was said about trust?",
    "What are the action points?",
)

Messages = list[dict[str, str]]


def _filter(value: str | None, everything: str) -> str:
    """A dropdown value as an API filter: '' for 'All …' or nothing."""
    return "" if not value or value == everything else value


def _short(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


def active_filters(day: str = "", session: str = "", post: str = "",
                   titles: Mapping[str, str] | None = None) -> dict[str, str]:
    """The filters in force as {'day' | 'session' | 'post': label}; 'All …' or empty is no filter."""
    values = {"day": day, "session": session, "post": post}
    out = {k: _filter(values[k], everything) for k, everything in FILTERS}
    if out["post"]:
        out["post"] = (titles or {}).get(out["post"], out["post"])
    return {k: v for k, v in out.items() if v}


def new_conversation() -> tuple[Messages, Messages, Messages, list[Turn], str, str, str, str, str]:
    """A fresh start: (chatbot, shown, history, turns, textbox, day, session, post, export); filters reset."""
    return [], [], [], [], "", ALL_DAYS, ALL_SESSIONS, ALL_POSTS, ""


def session_choices(info: dict[str, Any], day: str = "") -> list[tuple[str, str]]:
    """(label, value) pairs for the session dropdown, limited to a day when one is chosen."""
    day = _filter(day, ALL_DAYS)
    out = [(ALL_SESSIONS, ALL_SESSIONS)]
    seen: set[str] = set()
    for p in info.get("posts", []):
        for s in p.get("sessions", []):
            if (day and s.get("day") != day) or s["title"] in seen:
                continue
            seen.add(s["title"])
            out.append((f"{s.get('day') or 'Overview'} · {s['title']}", s["title"]))
    return out
