"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The app runs in-process on a free loopback port. Most tests run twice: on a desktop (1280×900) and on
a phone (390×844). Screenshots go to tests/artifacts/ (kept by CI); `UPDATE_SCREENSHOT=1` also copies
an answer on each to docs/screenshot.png and docs/screenshot-phone.png, the README's pictures.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.ui.render import VISIBLE_CARDS, VISIBLE_QUOTES, group_citations
from assistant.ui.transcript import answer_text

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
KEYNOTE = "Who gave the keynote at the Open Source and AI panel?"
BOT = "[data-testid='bot']"
BOX = "#ca-question textarea"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chromium() -> str:
    """The system Chromium; skipped locally when missing, a failure in CI."""
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        reason = "Chromium not installed: apt-get install -y chromium chromium-driver"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    pytest.importorskip("playwright.sync_api", reason="pip install playwright (the dev extra)")
    return path


@pytest.fixture(scope="module")
def pixel() -> Iterator[tuple[int, list[str]]]:
    """A loopback HTTP server that records every request it gets (the XSS payload points here)."""
    hits: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def url(bot, chromium) -> Iterator[str]:
    """The app served on a free loopback port (warmed up, as `assistant serve` does)."""
    from assistant.ui.app import build_app, launch, warm_up

    app = build_app(bot)
    port = free_port()
    launch(app, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    warm_up(f"http://127.0.0.1:{port}/")
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


def open_page(browser, url: str, viewport: dict[str, int], **context: object):
    """A fresh page on the app in its own context, recording dialogs and requests."""
    ctx = browser.new_context(viewport=viewport, device_scale_factor=1, **context)
    pg = ctx.new_page()
    pg.dialogs, pg.requests = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.goto(url)
    pg.wait_for_selector(BOX)
    pg.wait_for_function("document.documentElement.classList.contains('ca-ready')")  # the page script ran
    return pg


@pytest.fixture
def page(browser, url):
    """The app on a desktop screen."""
    pg = open_page(browser, url, VIEWPORTS["desktop"])
    yield pg
    pg.context.close()


@pytest.fixture(params=list(VIEWPORTS))
def any_page(request, browser, url):
    """The app on a desktop, then on a phone (`any_page.kind` says which)."""
    pg = open_page(browser, url, VIEWPORTS[request.param], permissions=["clipboard-read", "clipboard-write"])
    pg.kind = request.param
    yield pg
    pg.context.close()


def ask(page, question: str) -> float:
    """Submit a question; wait for the whole answer. Returns seconds until its first text was visible."""
    from playwright.sync_api import TimeoutError as Timeout

    n, asked = page.locator(BOT).count(), page.locator("[data-testid='user']").count()
    page.fill(BOX, question)
    for _ in range(3):  # Gradio ignores a submit while the previous answer's event is still closing
        t0 = time.perf_counter()
        page.press(BOX, "Enter")
        try:
            page.wait_for_function("n => document.querySelectorAll(\"[data-testid='user']\").length > n",
                                   arg=asked, polling="raf", timeout=3_000)
            break
        except Timeout:
            assert page.input_value(BOX) == question  # not lost: still in the box, as a user would see it
    page.wait_for_function(
        """n => { const b = document.querySelectorAll("[data-testid='bot']");
                  return b.length > n && b[b.length - 1].querySelector('.ca-text, .ca-error'); }""",
        arg=n, polling="raf", timeout=30_000)
    first = time.perf_counter() - t0
    page.wait_for_function(
        """n => { const b = document.querySelectorAll("[data-testid='bot']");
                  const last = b[b.length - 1];
                  return b.length > n && !last.querySelector('.ca-pending, .ca-streaming, .ca-limited .ca-typing')
                      && [...document.querySelectorAll("[data-testid='status-tracker']")]
                             .every(s => s.classList.contains('hide')); }""",
        arg=n, timeout=30_000)
    return first


def last_bot(page):
    return page.locator(BOT).last


def shot(page, name: str, readme: str = "") -> Path:
    """A screenshot in tests/artifacts/; `readme` names the docs/ copy (refreshed with UPDATE_SCREENSHOT=1)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=False)
    if readme:
        target = PROJECT_ROOT / "docs" / readme
        if os.environ.get("UPDATE_SCREENSHOT") == "1" or not target.exists():  # a tracked file: no churn
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, target)
    return path


def fits(page) -> bool:
    """No horizontal scrolling: the page is no wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def box(page, selector: str) -> dict[str, float]:
    return page.locator(selector).bounding_box()


def choose(page, dropdown: str, option: str) -> None:
    """Pick a filter (on a phone the filters are folded: unfold them first)."""
    if not page.locator(f"#{dropdown} input").is_visible():
        page.click("#ca-filters > .label-wrap")
    page.click(f"#{dropdown} input")
    page.click(f"[data-testid='dropdown-option'][aria-label='{option}']")
    page.wait_for_function(f"document.querySelector('#{dropdown} input').value === {option!r}")


def new_conversation(page) -> None:
    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function(f"document.querySelectorAll(\"{BOT}\").length === 0")


def test_the_page_shows_the_conference_backend_and_examples(page):
    header = page.locator("#ca-header").inner_text()
    assert "Summary of the OSPOs for Good 2024 Conference" in header
    assert "2024-07-20" in header and "2 days" in header
    assert "Backend: offline" in header
    assert page.locator("#ca-chat button.example").count() >= 3
    assert page.get_by_role("button", name="New conversation").is_visible()


def test_the_header_counts_the_sessions_of_the_days_and_the_overview_apart(any_page, bot):
    sessions = [s for p in bot.info()["posts"] for s in p["sessions"]]
    on_days = sum(1 for s in sessions if s["day"])
    facts = any_page.locator("#ca-header .ca-facts").inner_text()
    assert f"{on_days} sessions" in facts and f"{len(sessions) - on_days} overview sections" in facts
    assert f"{len(sessions)} sessions" not in facts
    assert any_page.locator("#ca-header .ca-backend").is_visible()


def test_the_page_fits_the_screen_and_opens_at_the_header(any_page):
    pg = any_page
    assert pg.evaluate("window.scrollY") == 0 and box(pg, "#ca-header")["y"] >= 0  # no autofocus scroll
    assert fits(pg)
    badge = box(pg, "#ca-header .ca-backend")
    assert badge["x"] + badge["width"] <= pg.viewport_size["width"]  # the backend badge is not cut off
    if pg.kind == "phone":  # the filters are folded into a bar above the chat
        assert not pg.locator("#ca-day").is_visible() and pg.locator("#ca-filters > .label-wrap").is_visible()
        assert box(pg, "#ca-filters")["y"] < box(pg, "#ca-chat")["y"]
        pg.click("#ca-filters > .label-wrap")
        assert pg.locator("#ca-day").is_visible() and pg.locator("#ca-session").is_visible()
        assert fits(pg)
    else:  # a sidebar beside the chat, always open
        assert pg.locator("#ca-day").is_visible() and not pg.locator("#ca-filters > .label-wrap").is_visible()
        assert box(pg, "#ca-sidebar")["x"] + box(pg, "#ca-sidebar")["width"] <= box(pg, "#ca-chat")["x"]
        assert pg.evaluate("document.activeElement === document.querySelector('#ca-question textarea')")
    ask(pg, "Summarize the youth panel")
    ask(pg, "Whatabouttheseeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeverylongwords?")
    assert fits(pg)
    widths = (360, 390, 414) if pg.kind == "phone" else (1280,)  # the phones the issue names
    for width in widths:
        pg.set_viewport_size({"width": width, "height": pg.viewport_size["height"]})
        assert fits(pg), width
        for selector in ("[data-testid='user']", BOT, ".ca-card", "#ca-question", "#ca-save"):
            right = pg.evaluate(f"Math.max(...[...document.querySelectorAll(\"{selector}\")]"
                                ".map(e => e.getBoundingClientRect().right))")
            assert right <= width, (width, selector)


def test_the_layout_keeps_its_width_after_the_first_message(any_page):
    pg = any_page
    before = [box(pg, s) for s in (".gradio-container", "#ca-main", "#ca-chat")]
    ask(pg, KEYNOTE)
    after = [box(pg, s) for s in (".gradio-container", "#ca-main", "#ca-chat")]
    assert [(b["x"], b["width"]) for b in after] == [(b["x"], b["width"]) for b in before]
    new_conversation(pg)
    assert [(b["x"], b["width"]) for b in (box(pg, s) for s in (".gradio-container", "#ca-main"))] == [
        (b["x"], b["width"]) for b in before[:2]]


def test_an_answer_streams_in_with_source_cards_and_marker_links(page):
    fresh = ask(page, "Who sat on the youth panel?")  # the page's first question
    new_conversation(page)
    first = ask(page, KEYNOTE)
    print(f"\nfirst streamed text visible after submit: {fresh * 1000:.0f} ms (a new page's first question), "
          f"{first * 1000:.0f} ms (the next); target <= 300 ms")
    assert first < 10  # generous: the target is measured and printed, not asserted tightly
    bot = last_bot(page)
    text = bot.locator(".ca-text").inner_text()
    assert "Philip Thigo gave the keynote at the Open Source and AI Panel" in text
    card = bot.locator(".ca-card").first
    assert card.locator(".ca-session").inner_text() == "Open Source and AI Panel"
    assert card.locator(".ca-day").inner_text() == "Day 1"
    assert "Philip Thigo" in card.locator(".ca-meta").inner_text()
    assert "Keynote by Philip Thigo" in card.locator(".ca-quote").inner_text()
    link = bot.locator("a.ca-cite").first
    href = link.get_attribute("href")
    assert href == "#ca-t1-s1" and bot.locator(href).count() == 1
    # The whole passage is one click away.
    assert not card.locator(".ca-passage").is_visible()
    card.locator(".ca-more summary").click()
    assert "Transparency and Trust" in card.locator(".ca-passage").inner_text()
    shot(page, "answer.png", readme="screenshot.png")
    link.click()
    assert page.evaluate("location.hash") == "#ca-t1-s1"
    assert page.evaluate("document.querySelector(':target')?.id") == "ca-t1-s1"
    assert len(page.context.pages) == 1  # the marker stays on the page
    shot(page, "answer-link.png")


def test_a_follow_up_uses_the_conversation_and_new_conversation_clears_it(page):
    ask(page, KEYNOTE)
    ask(page, "and what did he say about trust?")
    follow = last_bot(page)
    assert "trust" in follow.locator(".ca-text").inner_text().lower()
    assert follow.locator(".ca-card .ca-session").first.inner_text() == "Open Source and AI Panel"
    assert follow.locator("#ca-t2-s1").count() == 1 and page.locator("#ca-t1-s1").count() == 1
    shot(page, "follow-up.png")
    new_conversation(page)
    assert page.locator("#ca-chat button.example").count() >= 3
    # The next question starts afresh: card ids restart and no earlier turn is shown.
    ask(page, "Who sat on the youth panel?")
    assert page.locator(BOT).count() == 1 and page.locator("#ca-t1-s1").count() == 1


def test_a_day_filter_reaches_the_answer(page, bot):
    choose(page, "ca-day", "Day 2")
    page.click("#ca-session input")
    options = page.locator("[data-testid='dropdown-option']").all_inner_texts()
    assert any("Youth and Open Source Panel" in o for o in options)
    assert not any("Day 1 ·" in o for o in options)
    page.keyboard.press("Escape")
    q = "What did the panelists say about sustainability?"
    ask(page, q)
    assert "Day 2" in page.locator("[data-testid='user']").last.inner_text()  # the filter's chip
    # The page shows what the API answers under the same filter, one card per session.
    groups = group_citations(bot.ask(q, day="Day 2").citations)
    cards = last_bot(page).locator(".ca-card")
    assert cards.locator(".ca-session").all_inner_texts() == [g[0].session for g in groups]
    assert cards.locator(".ca-day").all_inner_texts() == [g[0].day or "Overview" for g in groups]
    assert set(cards.locator(".ca-day").all_inner_texts()) == {"Day 2"}
    shot(page, "day-filter.png")


def test_filters_show_as_removable_chips_and_a_new_conversation_resets_them(any_page, bot):
    pg = any_page
    assert not pg.locator("#ca-active").is_visible()
    choose(pg, "ca-day", "Day 2")
    choose(pg, "ca-session", "Day 2 · Youth and Open Source Panel")
    day_chip = pg.get_by_role("button", name="Day 2 ✕")
    session_chip = pg.get_by_role("button", name="Youth and Open Source Panel ✕")
    session_chip.wait_for(state="visible")  # the chips follow the dropdowns after a round trip to the server
    assert day_chip.is_visible() and session_chip.is_visible()
    assert box(pg, "#ca-active")["y"] < box(pg, "#ca-question")["y"]  # just above the input
    assert fits(pg)
    session_chip.click()  # a chip removes its filter, and only that one
    pg.wait_for_function("document.querySelector('#ca-session input').value === 'All sessions'")
    session_chip.wait_for(state="hidden")
    assert day_chip.is_visible()
    assert pg.input_value("#ca-day input") == "Day 2"
    ask(pg, KEYNOTE)
    new_conversation(pg)  # starts from scratch: no question, no filter
    pg.wait_for_function("document.querySelector('#ca-day input').value === 'All days'")
    assert pg.input_value("#ca-session input") == "All sessions"
    pg.wait_for_function("!document.querySelector('#ca-active') || !document.querySelector('#ca-active').offsetParent")
    assert pg.locator("#ca-chat button.example").count() >= 3


def test_a_question_the_filter_rules_out_says_so_and_shows_the_whole_posts_answer(any_page, bot):
    pg = any_page
    q = "What are the action points?"
    assert bot.ask(q, day="Day 2").refused and not bot.ask(q).refused  # the case this test is about
    choose(pg, "ca-day", "Day 2")
    ask(pg, q)
    reply = last_bot(pg)
    assert reply.locator(".ca-refused .ca-refused-label").text_content() == "Not covered within Day 2"
    note = reply.locator(".ca-limited").inner_text()
    assert "The filter (Day 2) limited this search" in note and "Without it, the post says" in note
    whole = bot.ask(q)
    unfiltered = reply.locator(".ca-answer:not(.ca-refused)")
    assert unfiltered.locator(".ca-text").inner_text().startswith(whole.text.split("[")[0].strip()[:40])
    assert unfiltered.locator(".ca-session").first.inner_text() == whole.citations[0].session
    assert unfiltered.locator("#ca-t1u-s1").count() == 1
    within = bot.ask(q, day="Day 2")  # the refused part shows the sources it has within the filter, no others
    assert reply.locator("#ca-t1-s1").count() == min(1, len(within.citations))
    assert fits(pg)
    shot(pg, f"filter-limited-{pg.kind}.png")


def test_the_examples_are_chips_that_ask_when_clicked(any_page):
    pg = any_page
    examples = pg.locator("#ca-chat button.example")
    assert examples.count() >= 3
    chip = examples.nth(1)
    style = chip.evaluate("e => { const s = getComputedStyle(e); return [s.cursor, s.borderTopWidth, "
                          "s.borderTopLeftRadius, s.backgroundColor]; }")
    assert style[0] == "pointer" and style[1] != "0px" and float(style[2].rstrip("px")) >= 12
    assert style[3] not in ("rgba(0, 0, 0, 0)", "transparent")  # filled, not bare text
    assert "Ask:" in chip.inner_text() or chip.evaluate(
        "e => getComputedStyle(e.querySelector('.example-text'), '::before').content").strip('"') == "Ask: "
    text = chip.locator(".example-text").inner_text()
    chip.click()
    pg.wait_for_function(
        f"""() => {{ const b = document.querySelectorAll("{BOT}");
                     return b.length === 1 && b[0].querySelector('.ca-card'); }}""", timeout=30_000)
    assert pg.locator("[data-testid='user']").last.inner_text().strip() == text
    assert "Ruth Ikega" in last_bot(pg).inner_text()
    assert fits(pg)


def test_sources_are_one_card_per_session_and_fold_after_the_first_few_on_phones(any_page, bot):
    pg = any_page
    summary, topic = "Summarize the youth panel", "Which sessions discussed burnout?"
    quotes, sessions = bot.ask(summary).citations, group_citations(bot.ask(topic).citations)
    assert len(group_citations(quotes)) == 1 and len(quotes) > VISIBLE_QUOTES  # what this test is about
    assert len(sessions) > VISIBLE_CARDS
    ask(pg, summary)
    reply = last_bot(pg)
    assert reply.locator(".ca-card").count() == 1
    card = reply.locator(".ca-card")
    assert card.locator(".ca-meta").count() == 1 and card.locator(".ca-meta").inner_text().startswith("Speakers:")
    assert card.locator(".ca-cq").count() == len(quotes)
    for c in quotes:  # every [n] keeps its anchor inside the one card
        assert card.locator(f"#ca-t1-s{c.n}").count() == 1
        assert reply.locator(f"a.ca-cite[href='#ca-t1-s{c.n}']").count() >= 1
    folded = card.locator(f"#ca-t1-s{quotes[-1].n}")
    if pg.kind == "phone":
        more = card.locator(".ca-rest > summary")
        assert more.is_visible() and more.inner_text() == f"Show {len(quotes) - VISIBLE_QUOTES} more quotes"
        assert not folded.is_visible() and card.locator(f"#ca-t1-s{quotes[0].n}").is_visible()
        reply.locator(f"a.ca-cite[href='#ca-t1-s{quotes[-1].n}']").first.click()  # a [n] unfolds its source
        assert folded.is_visible() and pg.evaluate("location.hash") == f"#ca-t1-s{quotes[-1].n}"
    else:
        assert folded.is_visible() and not card.locator(".ca-rest > summary").is_visible()
    shot(pg, f"grouped-{pg.kind}.png")
    new_conversation(pg)  # a question on its own, as bot.ask answered it
    ask(pg, topic)
    reply = last_bot(pg)
    assert reply.locator(".ca-card .ca-session").all_text_contents() == [g[0].session for g in sessions]
    last_card = reply.locator(".ca-card").last
    if pg.kind == "phone":
        assert reply.locator(".ca-sources > .ca-rest > summary").inner_text() == (
            f"Show {len(sessions) - VISIBLE_CARDS} more source{'s' if len(sessions) - VISIBLE_CARDS > 1 else ''}")
        assert not last_card.is_visible()
        reply.locator(".ca-sources > .ca-rest > summary").click()
        assert last_card.is_visible()
    else:
        assert last_card.is_visible()
    assert fits(pg)


def test_each_answer_copies_as_plain_text_and_the_conversation_downloads_as_markdown(any_page, bot):
    pg = any_page
    save = pg.locator("#ca-save")
    assert save.is_disabled()  # nothing to save yet
    ask(pg, KEYNOTE)
    if pg.kind == "phone":  # the README's phone picture: the header, the folded filters and an answer
        pg.evaluate("window.scrollTo(0, 0)")
        shot(pg, "phone.png", readme="screenshot-phone.png")
    copy = last_bot(pg).get_by_role("button", name="Copy answer")
    copy.click()
    pg.wait_for_function("[...document.querySelectorAll('button.ca-copy')].some(b => b.textContent === 'Copied')")
    assert pg.evaluate("navigator.clipboard.readText()") == answer_text(bot.ask(KEYNOTE))
    ask(pg, "Who sat on the youth panel?")
    assert save.is_enabled()
    with pg.expect_download() as info:
        save.click()
    download = info.value
    assert download.suggested_filename.startswith("conversation-") and download.suggested_filename.endswith(".md")
    md = Path(download.path()).read_text(encoding="utf-8")
    assert md.startswith("# Conference Assistant: conversation")
    assert f"## 1. {KEYNOTE}" in md and "## 2. Who sat on the youth panel?" in md
    assert "- [1] **Open Source and AI Panel** (Day 1)" in md and "Ruth Ikega" in md


def test_html_and_script_in_a_question_are_shown_literally_and_fetch_nothing(page, pixel):
    port, hits = pixel
    payload = (f"<img src=http://127.0.0.1:{port}/pixel onerror=alert(1)><script>alert(2)</script>"
               f"![x](http://127.0.0.1:{port}/md-image) Who gave the keynote?")
    ask(page, payload)
    page.wait_for_timeout(500)  # give a fetch or a handler time to happen
    user = page.locator("[data-testid='user']").last
    assert payload in user.inner_text()
    assert page.locator("#ca-chat img, #ca-chat script").count() == 0
    assert page.dialogs == []
    assert hits == [] and not [u for u in page.requests if f":{port}/" in u]
    shot(page, "xss.png")


def test_a_too_long_question_is_rejected_with_a_visible_message(page):
    ask(page, "Who spoke about youth? " * 100)
    error = last_bot(page).locator(".ca-error")
    assert "limit is 2,000" in error.inner_text()
    assert page.input_value(BOX).startswith("Who spoke about youth?")  # kept so it can be shortened
    assert "Traceback" not in page.locator("#ca-chat").inner_text()


def test_gradio_client_can_call_the_documented_api(url, bot):
    from gradio_client import Client

    client = Client(url, verbose=False)
    out = client.predict(KEYNOTE, api_name="/ask")
    assert "Philip Thigo" in out["text"] and out["citations"][0]["session"] == "Open Source and AI Panel"
    q = "What did the panelists say about sustainability?"
    out = client.predict(q, "Day 2", api_name="/ask")
    assert out["citations"] == [c.to_dict() for c in bot.ask(q, day="Day 2").citations]


def test_an_llm_backend_is_named_and_its_offline_fallback_is_announced(browser, settings):
    from assistant import Assistant
    from assistant.ui.app import build_app, launch

    dead = free_port()  # nothing listens here: the LLM call fails and the answer falls back to offline
    llm = Assistant(settings=settings.with_(backend="openai", openai_base_url=f"http://127.0.0.1:{dead}/v1",
                                            openai_api_key="test", llm_timeout=1.0, llm_retries=0))
    llm.index()
    app = build_app(llm)
    port = free_port()
    launch(app, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 960})
    try:
        page = ctx.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector(BOX)
        assert "Backend: openai · gpt-4o-mini" in page.locator("#ca-header").inner_text()
        ask(page, KEYNOTE)
        notice = last_bot(page).locator(".ca-notice")
        assert notice.is_visible() and "answered offline instead" in notice.inner_text()
        assert "Philip Thigo" in last_bot(page).locator(".ca-text").inner_text()
        shot(page, "fallback-notice.png")
    finally:
        ctx.close()
        app.close()
