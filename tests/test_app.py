"""The web UI's handlers and rendering, without a browser (the real page: test_browser.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from assistant import Assistant
from assistant.app import ALL_DAYS, ALL_SESSIONS, ask_api, new_conversation, respond, session_choices
from assistant.config import PROJECT_ROOT
from assistant.render import answer_html, card_id, esc, header_html, question_html
from assistant.types import Answer, Citation

KEYNOTE = "Who gave the keynote at the Open Source and AI panel?"
XSS = '<img src=http://127.0.0.1:9/pixel onerror=alert(1)><script>alert(2)</script>[x](javascript:alert(3))'
SAFE_TAGS = {"div", "span", "a", "blockquote", "details", "summary", "mark", "strong", "br"}
SAFE_ATTRS = {"class", "id", "title", "role", "href"}


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def assert_inert(markup: str) -> str:
    """Only our own tags and attributes, links only within the page; returns the visible text."""
    p = _Markup()
    p.feed(markup)
    for tag, attrs in p.tags:
        assert tag in SAFE_TAGS, (tag, attrs)
        for name, value in attrs:
            assert name in SAFE_ATTRS, (tag, name, value)
            assert name != "href" or (value or "").startswith("#ca-t"), value
    return "".join(p.text)


def run(bot: Assistant, message: str, shown=None, history=None, **filters):
    """All the steps of one turn, as yielded."""
    return list(respond(bot, message, list(shown or []), list(history or []), **filters))


def contents(shown) -> str:
    return "\n".join(m["content"] for m in shown)


class Scripted(Assistant):
    """An Assistant whose stream is scripted: same interface, no index."""

    def __init__(self, pieces: list) -> None:
        super().__init__()
        self.pieces = pieces
        self.calls: list[dict] = []

    def stream(self, question, history=None, *, day="", session="", post="") -> Iterator:
        self.calls.append({"question": question, "history": history, "day": day, "session": session,
                           "post": post})
        for p in self.pieces:
            if isinstance(p, Exception):
                raise p
            yield p

    def ask(self, question, history=None, *, day="", session="", post=""):
        self.calls.append({"question": question, "history": history, "day": day, "session": session,
                           "post": post})
        return Answer(text=question)


def test_importing_the_app_does_not_import_gradio():
    code = "import sys, assistant.app, assistant.cli; print('gradio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT,
                         check=True)
    assert out.stdout.strip() == "False"


def test_a_turn_shows_the_question_then_streams_then_the_cited_answer(bot):
    steps = run(bot, KEYNOTE)
    first_shown, first_history, box = steps[0]
    assert box == "" and first_history == []
    assert [m["role"] for m in first_shown] == ["user", "assistant"]
    assert esc(KEYNOTE) in first_shown[0]["content"] and "ca-pending" in first_shown[1]["content"]
    assert any("ca-streaming" in s[0][-1]["content"] for s in steps[1:-1])  # streamed text before the end
    shown, history, box = steps[-1]
    final = shown[-1]["content"]
    assert "Philip Thigo" in final and "ca-streaming" not in final
    assert f'href="#{card_id(1, 1)}"' in final and f'id="{card_id(1, 1)}"' in final
    assert "Open Source and AI Panel" in final and "Day 1" in final and "<details" in final
    assert history == [{"role": "user", "content": KEYNOTE},
                       {"role": "assistant", "content": history[1]["content"]}]
    assert "[1]" in history[1]["content"] and "<" not in history[1]["content"]


def test_a_follow_up_uses_the_conversation_and_gets_its_own_card_ids(bot):
    shown, history, _ = run(bot, KEYNOTE)[-1]
    shown2, history2, _ = run(bot, "and what did he say about trust?", shown, history)[-1]
    assert len(shown2) == 4 and len(history2) == 4
    follow = shown2[-1]["content"]
    assert "trust" in follow.lower() and f'id="{card_id(2, 1)}"' in follow
    assert "Open Source and AI Panel" in follow


def test_filters_reach_the_assistant_and_all_means_no_filter():
    fake = Scripted([Answer(text="ok")])
    list(respond(fake, "q?", [], [], day="Day 2", session=ALL_SESSIONS))
    list(respond(fake, "q?", [], [], day=ALL_DAYS, session="Youth and Open Source Panel"))
    assert [(c["day"], c["session"]) for c in fake.calls] == [
        ("Day 2", ""), ("", "Youth and Open Source Panel")]


def test_a_day_filter_keeps_sources_to_that_day(bot):
    shown, _, _ = run(bot, "What did the panelists say about sustainability?", day="Day 2")[-1]
    days = re.findall(r'class="ca-day">([^<]*)<', shown[-1]["content"])
    assert days and set(days) == {"Day 2"}
    assert 'class="ca-chip">Day 2<' in shown[0]["content"]


def test_the_final_answer_replaces_the_streamed_text():
    fake = Scripted(["A draft that ", "the guard later changed.", Answer(text="The checked answer.")])
    steps = list(respond(fake, "q?", [], []))
    assert "A draft that the guard later changed." in steps[-2][0][-1]["content"]
    shown, history, _ = steps[-1]
    assert "The checked answer." in shown[-1]["content"] and "draft" not in shown[-1]["content"]
    assert history[-1]["content"] == "The checked answer."


def test_html_in_a_question_is_shown_literally_and_never_live(bot):
    for message in (XSS, f"{KEYNOTE} {XSS}"):
        shown, history, _ = run(bot, message)[-1]
        for m in shown:
            assert_inert(m["content"])
        assert XSS in assert_inert(shown[0]["content"])  # shown as typed
        if history:
            assert history[0]["content"] == message  # the raw question goes to the assistant


def test_html_in_answers_and_sources_is_escaped():
    c = Citation(n=1, session="<b>S</b>", day="Day 1", quote="<script>alert(1)</script>", start=0, end=1,
                 source="x.md", speakers=("<img src=x onerror=alert(1)>",), part="![p](http://x/p.png)",
                 passage="before <script>alert(1)</script> ![i](http://x/i.png) after")
    out = answer_html(Answer(text="<img src=http://x/a.png> says [1] and [7]", citations=[c],
                             notice="<svg onload=alert(1)>"), turn=3)
    visible = assert_inert(out)
    assert "<img src=http://x/a.png> says" in visible and "<svg onload=alert(1)>" in visible
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&lt;b&gt;S&lt;/b&gt;" in out
    assert out.count("<a ") == 1 and 'href="#ca-t3-s1"' in out and "[7]" in out  # unknown markers stay text
    assert "\n" not in out  # one HTML block: Markdown never looks inside


def test_refusals_and_notices_look_different(bot):
    shown, _, _ = run(bot, "What did the post say about quantum computing?")[-1]
    assert "ca-refused" in shown[-1]["content"] and "does not say" in shown[-1]["content"]
    notice = "The LLM server did not answer; answered offline."
    out = answer_html(Answer(text="Offline answer.", notice=notice), 1)
    assert 'class="ca-notice"' in out and "answered offline" in out and "ca-refused" not in out


def test_too_long_questions_are_rejected_visibly_and_kept_for_editing(bot):
    message = "Who spoke? " * 300
    shown, history, box = run(bot, message)[-1]
    assert "ca-error" in shown[-1]["content"] and "limit is 2,000" in shown[-1]["content"]
    assert box == message and history == []
    assert len(shown[0]["content"]) < 1000  # the bubble shows the start, not all of it


def test_unexpected_failures_show_a_message_not_a_traceback():
    fake = Scripted([RuntimeError("secret internals at /srv/x.py line 3")])
    shown, history, box = list(respond(fake, "q?", [], []))[-1]
    assert "Something went wrong" in shown[-1]["content"] and "secret internals" not in shown[-1]["content"]
    assert "Traceback" not in contents(shown) and box == "q?" and history == []


def test_unexpected_failures_are_logged_without_the_question(caplog):
    question = "my-private-question-4242 who spoke?"
    with caplog.at_level("ERROR"):
        list(respond(Scripted([RuntimeError("boom")]), question, [], []))
        broken = Scripted([])
        broken.ask = lambda q, *a, **kw: {}[q]  # a bug whose exception message is the question itself
        with pytest.raises(Exception, match="Something went wrong"):
            ask_api(broken)(question)
    assert len(caplog.records) == 2 and "my-private-question" not in caplog.text
    assert "RuntimeError" in caplog.text and "KeyError" in caplog.text


def test_blank_messages_do_nothing():
    fake = Scripted([Answer(text="never")])
    assert list(respond(fake, "   ", [{"role": "user", "content": "x"}], [])) == [
        ([{"role": "user", "content": "x"}], [], "")]
    assert fake.calls == []


def test_new_conversation_clears_everything():
    assert new_conversation() == ([], [], [], "")


def test_sidebar_choices_and_header_come_from_info(bot):
    info = bot.info()
    all_sessions = session_choices(info)
    day2 = session_choices(info, "Day 2")
    assert all_sessions[0] == (ALL_SESSIONS, ALL_SESSIONS)
    assert len(all_sessions) == 1 + len(info["posts"][0]["sessions"])
    assert ("Day 2 · Youth and Open Source Panel", "Youth and Open Source Panel") in day2
    assert all(label.startswith("Day 2") for label, _ in day2[1:])
    head = header_html(info)
    assert "OSPOs for Good 2024" in head and "2024-07-20" in head and "2 days" in head
    assert "13 sessions" in head and "Backend: offline" in head
    assert "openai · gpt-4o-mini" in header_html({**info, "backend": "openai", "model": "gpt-4o-mini"})


def test_question_html_escapes_filters_too():
    out = question_html("q", day="<i>Day</i>", session="")
    assert "&lt;i&gt;Day&lt;/i&gt;" in out and "<i>" not in out


def test_the_ask_api_returns_the_answer_and_reports_errors(bot):
    import gradio as gr

    ask = ask_api(bot)
    d = ask(KEYNOTE)
    assert "Philip Thigo" in d["text"] and d["citations"][0]["session"] == "Open Source and AI Panel"
    fake = Scripted([])
    out = ask_api(fake)("q?", "Day 2", "", "corpus/x.md", [{"role": "user", "content": "hi"}])
    assert out["text"] == "q?"
    assert fake.calls == [{"question": "q?", "history": [{"role": "user", "content": "hi"}], "day": "Day 2",
                           "session": "", "post": "corpus/x.md"}]
    with pytest.raises(gr.Error, match="empty"):
        ask("   ")


def test_build_app_exposes_only_the_documented_api(bot):
    from assistant.app import build_app

    app = build_app(bot)
    public = [fn.api_name for fn in app.fns.values() if fn.api_visibility == "public"]
    assert public == ["ask"]
