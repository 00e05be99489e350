"""The web UI's handlers and rendering, without a browser (the real page: test_browser.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from assistant import Assistant
from assistant.config import PROJECT_ROOT
from assistant.types import Answer, Citation
from assistant.ui.app import (
    ALL_DAYS,
    ALL_POSTS,
    ALL_SESSIONS,
    active_filters,
    ask_api,
    new_conversation,
    respond,
    session_choices,
)
from assistant.ui.render import VISIBLE_CARDS, answer_html, card_id, esc, header_html, question_html
from assistant.ui.transcript import Turn, answer_text, conversation_markdown

KEYNOTE = "Who gave the keynote at the Open Source and AI panel?"
XSS = '<img src=http://127.0.0.1:9/pixel onerror=alert(1)><script>alert(2)</script>[x](javascript:alert(3))'
SAFE_TAGS = {"div", "span", "a", "blockquote", "details", "summary", "mark", "strong", "br", "button"}
SAFE_ATTRS = {"class", "id", "title", "role", "href", "type", "value"}


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.copies: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.copies += [v or "" for k, v in attrs if k == "value"]

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
            assert name != "type" or value == "button", value
    return "".join(p.text)


def copied(markup: str) -> list[str]:
    """What each copy button in the markup copies."""
    p = _Markup()
    p.feed(markup)
    return p.copies


def run(bot: Assistant, message: str, shown=None, history=None, **filters):
    """All the steps of one turn, as yielded."""
    return list(respond(bot, message, list(shown or []), list(history or []), **filters))


def contents(shown) -> str:
    return "\n".join(m["content"] for m in shown)


class Scripted(Assistant):
    """An Assistant whose stream is scripted: same interface, no index."""

    def __init__(self, pieces: list, answer: Answer | None = None) -> None:
        super().__init__()
        self.pieces = pieces
        self.answer = answer  # what ask() returns (default: the question echoed)
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
        return self.answer or Answer(text=question)


def test_importing_the_app_does_not_import_gradio():
    code = "import sys, assistant.ui.app, assistant.cli; print('gradio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT,
                         check=True)
    assert out.stdout.strip() == "False"


def test_a_turn_shows_the_question_then_streams_then_the_cited_answer(bot):
    steps = run(bot, KEYNOTE)
    first_shown, first_history, box, first_turns = steps[0]
    assert box == "" and first_history == []
    assert [m["role"] for m in first_shown] == ["user", "assistant"]
    assert esc(KEYNOTE) in first_shown[0]["content"] and "ca-pending" in first_shown[1]["content"]
    assert any("ca-streaming" in s[0][-1]["content"] for s in steps[1:-1])  # streamed text before the end
    shown, history, box, turns = steps[-1]
    final = shown[-1]["content"]
    assert "Philip Thigo" in final and "ca-streaming" not in final
    assert f'href="#{card_id(1, 1)}"' in final and f'id="{card_id(1, 1)}"' in final
    assert "Open Source and AI Panel" in final and "Day 1" in final and "<details" in final
    assert history == [{"role": "user", "content": KEYNOTE},
                       {"role": "assistant", "content": history[1]["content"]}]
    assert "[1]" in history[1]["content"] and "<" not in history[1]["content"]
    assert first_turns == [] and [(t.question, t.filters, t.unfiltered) for t in turns] == [(KEYNOTE, (), None)]
    assert turns[0].answer.text == history[1]["content"]


def test_a_follow_up_uses_the_conversation_and_gets_its_own_card_ids(bot):
    shown, history, _, _ = run(bot, KEYNOTE)[-1]
    shown2, history2, _, _ = run(bot, "and what did he say about trust?", shown, history)[-1]
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
    shown, _, _, _ = run(bot, "What did the panelists say about sustainability?", day="Day 2")[-1]
    days = re.findall(r'class="ca-day">([^<]*)<', shown[-1]["content"])
    assert days and set(days) == {"Day 2"}
    assert 'class="ca-chip">Day 2<' in shown[0]["content"]


def test_the_final_answer_replaces_the_streamed_text():
    fake = Scripted(["A draft that ", "the guard later changed.", Answer(text="The checked answer.")])
    steps = list(respond(fake, "q?", [], []))
    assert "A draft that the guard later changed." in steps[-2][0][-1]["content"]
    shown, history, _, _ = steps[-1]
    assert "The checked answer." in shown[-1]["content"] and "draft" not in shown[-1]["content"]
    assert history[-1]["content"] == "The checked answer."


def test_html_in_a_question_is_shown_literally_and_never_live(bot):
    for message in (XSS, f"{KEYNOTE} {XSS}"):
        shown, history, _, _ = run(bot, message)[-1]
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
    shown, _, _, _ = run(bot, "What did the post say about quantum computing?")[-1]
    assert "ca-refused" in shown[-1]["content"] and "does not" in shown[-1]["content"]
    notice = "The LLM server did not answer; answered offline."
    out = answer_html(Answer(text="Offline answer.", notice=notice), 1)
    assert 'class="ca-notice"' in out and "answered offline" in out and "ca-refused" not in out


def test_too_long_questions_are_rejected_visibly_and_kept_for_editing(bot):
    message = "Who spoke? " * 300
    shown, history, box, turns = run(bot, message)[-1]
    assert "ca-error" in shown[-1]["content"] and "limit is 2,000" in shown[-1]["content"]
    assert box == message and history == [] and turns == []
    assert len(shown[0]["content"]) < 1000  # the bubble shows the start, not all of it


def test_unexpected_failures_show_a_message_not_a_traceback():
    fake = Scripted([RuntimeError("secret internals at /srv/x.py line 3")])
    shown, history, box, turns = list(respond(fake, "q?", [], []))[-1]
    assert "Something went wrong" in shown[-1]["content"] and "secret internals" not in shown[-1]["content"]
    assert "Traceback" not in contents(shown) and box == "q?" and history == [] and turns == []


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
        ([{"role": "user", "content": "x"}], [], "", [])]
    assert fake.calls == []


def test_new_conversation_clears_everything_and_resets_the_filters():
    assert new_conversation() == ([], [], [], [], "", ALL_DAYS, ALL_SESSIONS, ALL_POSTS, "")


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
    assert "Backend: offline" in head
    assert "openai · gpt-4o-mini" in header_html({**info, "backend": "openai", "model": "gpt-4o-mini"})


def test_the_header_counts_day_sessions_and_overview_sections_apart(bot):
    sessions = bot.info()["posts"][0]["sessions"]
    on_days = sum(1 for s in sessions if s["day"])
    assert 0 < on_days < len(sessions)
    head = header_html(bot.info())
    assert f"· {on_days} sessions ·" in head and f"{len(sessions) - on_days} overview sections" in head
    assert f"{len(sessions)} sessions" not in head
    two_posts = {"posts": [
        {"title": "A", "days": ["Day 1"], "sessions": [{"title": "K", "day": "Day 1"}, {"title": "Intro", "day": ""}]},
        {"title": "B", "days": ["Day 1"], "sessions": [{"title": "P", "day": "Day 1"}]}]}
    assert "1 day · 2 sessions · 1 overview section<" in header_html(two_posts)
    assert "overview" not in header_html({"posts": [{"title": "C", "sessions": [{"title": "S", "day": "Day 3"}]}]})


def test_question_html_escapes_filters_too():
    out = question_html("q", filters=["<i>Day</i>"])
    assert "&lt;i&gt;Day&lt;/i&gt;" in out and "<i>" not in out


def test_active_filters_name_what_is_in_force():
    assert active_filters(ALL_DAYS, ALL_SESSIONS, ALL_POSTS) == {} == active_filters()
    assert active_filters("Day 2", "Youth panel", "corpus/x.md", {"corpus/x.md": "Post X"}) == {
        "day": "Day 2", "session": "Youth panel", "post": "Post X"}
    assert active_filters(post="corpus/unknown.md") == {"post": "corpus/unknown.md"}


REFUSED = Answer(text="The post does not say.\nThe closest it comes: “x” [1].", refused=True, citations=[
    Citation(n=1, session="Youth and Open Source Panel", day="Day 2", quote="x", start=0, end=1, source="p.md")])


def test_a_refusal_under_a_filter_names_the_filter_and_adds_the_unfiltered_answer():
    fake = Scripted([REFUSED], answer=Answer(text="From Day 1 [1].", citations=[
        Citation(n=1, session="Open Source and AI Panel", day="Day 1", quote="y", start=0, end=1, source="p.md")]))
    steps = list(respond(fake, "q?", [], [], day="Day 2", session=ALL_SESSIONS))
    assert [(c["day"], c["session"]) for c in fake.calls] == [("Day 2", ""), ("", "")]  # asked again, unfiltered
    searching = steps[-2][0][-1]["content"]
    assert "ca-refused" in searching and "Searching the whole post" in searching
    shown, history, box, turns = steps[-1]
    final = shown[-1]["content"]
    assert_inert(final)
    assert "Not covered within Day 2" in final and "The filter (Day 2) limited this search" in final
    assert "From Day 1" in final and "Without it, the post says" in final
    assert f'id="{card_id(1, 1)}"' in final and f'id="{card_id(1, 1, "u")}"' in final  # two answers, own ids
    assert f'href="#{card_id(1, 1, "u")}"' in final
    assert history[-1]["content"] == "From Day 1 [1]." and box == ""
    assert [(t.filters, t.answer.refused, t.unfiltered.text) for t in turns] == [(("Day 2",), True, "From Day 1 [1].")]
    assert len(copied(final)) == 2  # each answer has its copy button


def test_a_refusal_without_filters_or_also_unfiltered_is_not_asked_twice_in_vain():
    fake = Scripted([REFUSED])
    shown, _, _, turns = list(respond(fake, "q?", [], []))[-1]
    assert len(fake.calls) == 1 and "limited" not in shown[-1]["content"] and turns[0].unfiltered is None
    fake = Scripted([REFUSED], answer=REFUSED)
    shown, history, _, turns = list(respond(fake, "q?", [], [], session="Youth and Open Source Panel"))[-1]
    assert "does not cover it either" in shown[-1]["content"] and "Without it" not in shown[-1]["content"]
    assert history[-1]["content"] == REFUSED.text and turns[0].unfiltered == REFUSED


def test_a_real_refusal_under_a_day_filter_gets_the_whole_posts_answer(bot):
    q = "What are the action points?"
    assert bot.ask(q, day="Day 2").refused and not bot.ask(q).refused  # the case this test is about
    shown, history, _, turns = run(bot, q, day="Day 2")[-1]
    final = shown[-1]["content"]
    assert "The filter (Day 2) limited this search" in final and 'class="ca-day">Overview<' in final
    whole = bot.ask(q)
    assert history[-1]["content"] == whole.text and turns[0].unfiltered.citations == whole.citations


def cite(n: int, session: str, *, day: str = "Day 1", speakers: tuple[str, ...] = ("Ann", "Bo")) -> Citation:
    return Citation(n=n, session=session, day=day, quote=f"quote {n}", start=n, end=n + 1, source="p.md",
                    part=f"Key insight {n}", speakers=speakers, passage=f"before quote {n} after")


def test_citations_of_one_session_share_a_card_and_each_quote_keeps_its_anchor():
    cites = [cite(1, "A"), cite(2, "B", speakers=("Cy",)), cite(3, "A"), cite(4, "A")]
    out = answer_html(Answer(text="x [1] y [2] z [3] [4].", citations=cites), 5)
    assert out.count('class="ca-card"') == 2 and out.count('class="ca-session"') == 2
    assert out.index(">A<") < out.index(">B<")  # in the order first cited
    assert out.count("Speakers: Ann, Bo") == 1 and out.count("Speakers: Cy") == 1
    for n in range(1, 5):
        assert out.count(f'id="{card_id(5, n)}"') == 1 and f'href="#{card_id(5, n)}"' in out
        assert f"“quote {n}”" in out and f"Key insight {n}" in out
    assert "Show 1 more quote<" in out  # the third quote of A folds on phones
    assert_inert(out)


def test_cards_after_the_first_few_fold_with_a_count():
    cites = [cite(n, f"S{n}") for n in range(1, VISIBLE_CARDS + 3)]
    out = answer_html(Answer(text="t", citations=cites), 1)
    assert "Show 2 more sources<" in out and out.count('class="ca-card"') == VISIBLE_CARDS + 2
    assert out.index('<details class="ca-rest">') > out.index(f">S{VISIBLE_CARDS}<")
    few = answer_html(Answer(text="t", citations=cites[:VISIBLE_CARDS]), 1)
    assert "ca-rest" not in few


def test_the_copy_button_copies_the_answer_with_numbered_sources_as_plain_text():
    cites = [cite(1, "A <b>"), cite(2, "B", day="")]
    ans = Answer(text="Said <x> [1] and [2].\nMore.", citations=cites, notice="answered offline")
    text = answer_text(ans)
    assert text == ("Note: answered offline\n\nSaid <x> [1] and [2].\nMore.\n\nSources:\n"
                    "[1] A <b> (Day 1) · Key insight 1: “quote 1”\n[2] B · Key insight 2: “quote 2”")
    out = answer_html(ans, 1)
    assert copied(out) == [text]  # the attribute round-trips exactly, newlines included
    assert "<b>" not in out and "\n" not in out


def test_the_conversation_downloads_as_markdown_with_citations_and_nothing_live():
    first = Answer(text="Philip gave it [1].", citations=[cite(1, "Open <AI> Panel")])
    turns = [Turn("Who <img src=x> gave it?", first),
             Turn("q2 [a](javascript:x)", REFUSED, ("Day 2",), Answer(text="Elsewhere [1].", citations=[
                 cite(1, "Other")]))]
    md = conversation_markdown(turns, title="The post", exported="2026-01-01 10:00")
    assert md.startswith("# Conference Assistant: conversation\n") and "About: The post" in md
    assert "## 1. Who \\<img src=x\\> gave it?" in md and "Philip gave it [1]." in md
    assert "- [1] **Open \\<AI\\> Panel** (Day 1) · Key insight 1: “quote 1” (p.md, characters 1–2)" in md
    assert "## 2. q2 \\[a\\](javascript:x)" in md and "*Asked within: Day 2*" in md
    assert "**Not covered by the post.**" in md and "**Without the filter:**" in md and "Elsewhere [1]." in md
    assert not re.search(r"(?<!\\)[<\[]", md.replace("[1]", ""))  # every < and [ escaped, markers aside


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
    from assistant.ui.app import build_app

    app = build_app(bot)
    public = [fn.api_name for fn in app.fns.values() if fn.api_visibility == "public"]
    assert public == ["ask"]


def test_the_chat_event_empties_the_box_once_and_fills_the_download_when_answered(bot):
    import gradio as gr

    from assistant.ui.app import build_app

    app = build_app(bot)
    turn = next(fn.fn for fn in app.fns.values() if fn.name == "turn")
    steps = list(turn(KEYNOTE, [], [], [], ALL_DAYS, ALL_SESSIONS, ALL_POSTS))
    boxes = [s[4] for s in steps]
    assert boxes[0] == "" and boxes[1:] == [gr.skip()] * (len(steps) - 1)  # typing meanwhile is kept
    *_, (chat, shown, history, turns, _, md, save) = steps
    assert chat == shown and len(turns) == 1 and f"## 1. {KEYNOTE}" in md and save.interactive is True
    failed = list(turn("x" * 3000, [], [], [], ALL_DAYS, ALL_SESSIONS, ALL_POSTS))[-1]
    assert failed[4] == "x" * 3000 and failed[3] == []  # the question goes back into the box to shorten
