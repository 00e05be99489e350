"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The app runs in-process on a free loopback port. Screenshots go to tests/artifacts/ (kept by CI);
`UPDATE_SCREENSHOT=1` also copies the first answer to docs/screenshot.png, the README's picture.
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

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
KEYNOTE = "Who gave the keynote at the Open Source and AI panel?"
BOT = "[data-testid='bot']"
BOX = "#ca-question textarea"


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
    from assistant.app import build_app, launch, warm_up

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


@pytest.fixture
def page(browser, url):
    """A fresh page on the app, recording dialogs and requests."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 960}, device_scale_factor=1)
    pg = ctx.new_page()
    pg.dialogs, pg.requests = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.goto(url)
    pg.wait_for_selector(BOX)
    yield pg
    ctx.close()


def ask(page, question: str) -> float:
    """Submit a question; wait for the whole answer. Returns seconds until its first text was visible."""
    n = page.locator(BOT).count()
    page.fill(BOX, question)
    t0 = time.perf_counter()
    page.press(BOX, "Enter")
    page.wait_for_function(
        """n => { const b = document.querySelectorAll("[data-testid='bot']");
                  return b.length > n && b[b.length - 1].querySelector('.ca-text, .ca-error'); }""",
        arg=n, polling="raf", timeout=30_000)
    first = time.perf_counter() - t0
    page.wait_for_function(
        """n => { const b = document.querySelectorAll("[data-testid='bot']");
                  const last = b[b.length - 1];
                  return b.length > n && !last.querySelector('.ca-pending, .ca-streaming')
                      && [...document.querySelectorAll("[data-testid='status-tracker']")]
                             .every(s => s.classList.contains('hide')); }""",
        arg=n, timeout=30_000)
    return first


def last_bot(page):
    return page.locator(BOT).last


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=False)
    return path


def test_the_page_shows_the_conference_backend_and_examples(page):
    header = page.locator("#ca-header").inner_text()
    assert "Summary of the OSPOs for Good 2024 Conference" in header
    assert "2024-07-20" in header and "2 days" in header and "13 sessions" in header
    assert "Backend: offline" in header
    assert page.locator("#ca-chat button.example").count() >= 3
    assert page.get_by_role("button", name="New conversation").is_visible()


def test_an_answer_streams_in_with_source_cards_and_marker_links(page):
    fresh = ask(page, "Who sat on the youth panel?")  # the page's first question
    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function(f"document.querySelectorAll(\"{BOT}\").length === 0")
    first = ask(page, KEYNOTE)
    print(f"\nfirst streamed text visible after submit: {fresh * 1000:.0f} ms (a new page's first question), "
          f"{first * 1000:.0f} ms (the next); target <= 500 ms")
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
    card.locator("summary").click()
    assert "Transparency and Trust" in card.locator(".ca-passage").inner_text()
    path = shot(page, "answer.png")
    readme_png = PROJECT_ROOT / "docs" / "screenshot.png"
    if os.environ.get("UPDATE_SCREENSHOT") == "1" or not readme_png.exists():  # a tracked file: no churn
        readme_png.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, readme_png)
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
    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function(f"document.querySelectorAll(\"{BOT}\").length === 0")
    assert page.locator("#ca-chat button.example").count() >= 3
    # The next question starts afresh: card ids restart and no earlier turn is shown.
    ask(page, "Who sat on the youth panel?")
    assert page.locator(BOT).count() == 1 and page.locator("#ca-t1-s1").count() == 1


def test_a_day_filter_reaches_the_answer(page, bot):
    page.click("#ca-day input")
    page.click("[data-testid='dropdown-option'][aria-label='Day 2']")
    page.click("#ca-session input")
    options = page.locator("[data-testid='dropdown-option']").all_inner_texts()
    assert any("Youth and Open Source Panel" in o for o in options)
    assert not any("Day 1 ·" in o for o in options)
    page.keyboard.press("Escape")
    q = "What did the panelists say about sustainability?"
    ask(page, q)
    assert "Day 2" in page.locator("[data-testid='user']").last.inner_text()  # the filter's chip
    # The page shows what the API answers under the same filter.
    expected = bot.ask(q, day="Day 2")
    cards = last_bot(page).locator(".ca-card")
    assert cards.locator(".ca-session").all_inner_texts() == [c.session for c in expected.citations]
    assert cards.locator(".ca-day").all_inner_texts() == [c.day or "Overview" for c in expected.citations]
    assert set(cards.locator(".ca-day").all_inner_texts()) == {"Day 2"}
    shot(page, "day-filter.png")


def test_the_example_questions_ask_themselves(page):
    page.locator("#ca-chat button.example").nth(1).click()
    page.wait_for_function(
        f"""() => {{ const b = document.querySelectorAll("{BOT}");
                     return b.length === 1 && b[0].querySelector('.ca-card'); }}""", timeout=30_000)
    assert "Ruth Ikega" in last_bot(page).inner_text()


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
    from assistant.app import build_app, launch

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
