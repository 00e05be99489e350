"""The Gradio chat web UI: streamed, cited answers with clickable source cards.

`build_app(assistant)` returns the Blocks; `launch(app, ...)` starts it with the look and the safe
defaults (loopback, no share link, no analytics, no uploads, only the routes the page uses, small
request bodies: see webguard.py); `serve()` is what `assistant serve` runs.
The handlers (`respond`, `new_conversation`, `session_choices`, `active_filters`, `ask_api`) are plain
functions that tests call without a browser. gradio is imported only inside functions: nothing runs at
import. The filters and fresh state live in filters.py. Does not answer, retrieve or format answers
itself (see api.py, render.py and transcript.py).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from assistant.api import Assistant
from assistant.config import MAX_BODY_BYTES, Settings
from assistant.errors import AssistantError
from assistant.types import Answer
from assistant.ui.filters import (
    ALL_DAYS,
    ALL_POSTS,
    ALL_SESSIONS,
    EXAMPLES,
    FILTERS,
    Messages,
    _filter,
    _short,
    active_filters,
    new_conversation,
    session_choices,
)
from assistant.ui.render import (
    answer_html,
    error_html,
    header_html,
    limited_html,
    page_css,
    page_js,
    partial_html,
    programme_html,
    question_html,
)
from assistant.ui.transcript import Turn, conversation_markdown
from assistant.ui.webguard import log_failure, middleware, quiet_inputs

log = logging.getLogger(__name__)

def respond(
    assistant: Assistant, message: str, shown: Messages, history: Messages, turns: Sequence[Turn] = (), *,
    day: str = "", session: str = "", post: str = "", titles: Mapping[str, str] | None = None,
) -> Iterator[tuple[Messages, Messages, str, list[Turn]]]:
    """One chat turn as a plain generator: yields (messages shown, conversation, textbox value, turns).

    `shown` holds the rendered chat (HTML strings); `history` the raw conversation passed back to
    `assistant.stream` for follow-ups; `turns` the answered questions (for the download). The streamed
    text is replaced by the final Answer. When a filtered question is refused, it is asked again
    without filters and both are shown: the filter is named as what limited the search.
    """
    turns = list(turns)
    if not isinstance(message, str) or not message.strip():
        yield shown, history, "", turns
        return
    labels = tuple(active_filters(day, session, post, titles).values())
    day, session, post = _filter(day, ALL_DAYS), _filter(session, ALL_SESSIONS), _filter(post, ALL_POSTS)
    turn = len(shown) // 2 + 1
    base = [*shown, {"role": "user", "content": question_html(_short(message), filters=labels)}]

    def with_reply(content: str) -> Messages:
        return [*base, {"role": "assistant", "content": content}]

    yield with_reply(partial_html("")), history, "", turns
    text, ans = "", None
    try:
        for piece in assistant.stream(message, history, day=day, session=session, post=post):
            if isinstance(piece, Answer):
                ans = piece
                break
            text += piece
            yield with_reply(partial_html(text)), history, "", turns
        if ans is None:
            empty = error_html("No answer was produced; try asking again.")
            yield with_reply(empty), history, message, turns
            return
        reply, unfiltered = answer_html(ans, turn), None
        if ans.refused and labels:  # say that the filter limited it, and answer from the whole post
            yield with_reply(limited_html(ans, None, turn, labels)), history, "", turns
            unfiltered = assistant.ask(message, history)
            reply = limited_html(ans, unfiltered, turn, labels)
    except AssistantError as exc:
        # Keep the question in the box so the user can fix it and ask again.
        yield with_reply(error_html(str(exc))), history, message, turns
        return
    except Exception as exc:  # never show a traceback in the page; the log has it (but never the question)
        log_failure(log, f"answering a question ({len(message):,} characters)", exc)
        msg = (f"Something went wrong while answering ({type(exc).__name__}). "
               "Try again; the server log has details.")
        yield with_reply(error_html(msg)), history, message, turns
        return
    said = unfiltered if unfiltered is not None and not unfiltered.refused else ans
    convo = [*history, {"role": "user", "content": message}, {"role": "assistant", "content": said.text}]
    yield with_reply(reply), convo, "", [*turns, Turn(message, ans, labels, unfiltered)]


def ask_api(assistant: Assistant) -> Any:
    """The function behind api_name='ask': question (+ filters, history) -> the Answer as a dict."""

    def ask(question: str, day: str = "", session: str = "", post: str = "",
            history: list[dict[str, str]] | None = None) -> dict[str, Any]:
        """Answer a question about the conference; returns Answer.to_dict() (text, citations, ...)."""
        import gradio as gr

        try:
            return assistant.ask(question, history or [], day=day or "", session=session or "",
                                 post=post or "").to_dict()
        except AssistantError as exc:
            raise gr.Error(str(exc), print_exception=False) from None  # a user error, not a crash
        except Exception as exc:  # logged without the question, which Gradio's own printout would show
            log_failure(log, "the /ask endpoint", exc)
            raise gr.Error(f"Something went wrong while answering ({type(exc).__name__}); try again, the server "
                           "log has details.", print_exception=False) from None

    return ask


def build_app(assistant: Assistant) -> Any:
    """The Gradio Blocks for this assistant (queued; not launched)."""
    import gradio as gr

    info = assistant.info()
    posts = info.get("posts", [])
    titles = {p["source"]: p["title"] for p in posts}
    days = sorted({d for p in posts for d in p.get("days", [])})
    sessions = [s for p in posts for s in p.get("sessions", [])]
    private: dict[str, Any] = {"api_visibility": "private"}
    quick: dict[str, Any] = {"api_visibility": "private", "queue": False}

    with gr.Blocks(title="Conference Assistant", analytics_enabled=False) as app:
        shown, history, turns = gr.State([]), gr.State([]), gr.State([])
        gr.HTML(header_html(info), elem_id="ca-header")
        with gr.Row(equal_height=False, elem_id="ca-layout"):
            with gr.Column(scale=1, min_width=0, elem_id="ca-sidebar"):
                # A sidebar on wide screens (the stylesheet keeps it open); the page script folds it on
                # phones. Built open: Gradio renders a closed accordion's contents only when it is opened.
                with gr.Accordion("Filters", open=True, elem_id="ca-filters"):
                    day = gr.Dropdown([ALL_DAYS, *days], value=ALL_DAYS, label="Restrict to a day",
                                      elem_id="ca-day")
                    session = gr.Dropdown(session_choices(info), value=ALL_SESSIONS,
                                          label="Restrict to a session", elem_id="ca-session")
                    post = gr.Dropdown([(ALL_POSTS, ALL_POSTS), *[(t, s) for s, t in titles.items()]],
                                       value=ALL_POSTS, label="Post", visible=len(posts) > 1, elem_id="ca-post")
                with gr.Accordion("Programme", open=False, elem_id="ca-programme"):
                    gr.HTML(programme_html(sessions))
            with gr.Column(scale=3, min_width=0, elem_id="ca-main"):
                chatbot = gr.Chatbot(
                    elem_id="ca-chat", show_label=False, height=640, render_markdown=True, sanitize_html=True,
                    allow_tags=False, latex_delimiters=[], feedback_options=None, buttons=[],
                    group_consecutive_messages=False, autoscroll=True,
                    placeholder="**Ask about the conference.** Answers come only from the post, each with "
                                "its source. Try one of these:",
                    examples=[{"text": q} for q in EXAMPLES],
                )
                with gr.Row(elem_id="ca-active", visible=False) as active:
                    gr.HTML('<span class="ca-active-label">Asking within:</span>', padding=False)
                    chips = {k: gr.Button("", size="sm", visible=False, elem_id=f"ca-chip-{k}")
                             for k, _ in FILTERS}
                question = gr.Textbox(
                    elem_id="ca-question", show_label=False, lines=1, max_lines=6, submit_btn="Ask",
                    placeholder="Ask about a session, a speaker or a topic…  (Enter to send)",
                )
                with gr.Row(elem_id="ca-tools"):
                    new = gr.Button("New conversation", elem_id="ca-new", variant="secondary", size="sm")
                    save = gr.Button("Download conversation (.md)", elem_id="ca-save", variant="secondary",
                                     size="sm", interactive=False)
                export = gr.Textbox(visible="hidden", elem_id="ca-export")
        filters = {"day": day, "session": session, "post": post}

        def turn(message: str, shown_: Messages, history_: Messages, turns_: list[Turn], day_: str,
                 session_: str, post_: str) -> Iterator[tuple[Any, ...]]:
            steps = respond(assistant, message, shown_, history_, turns_, day=day_, session=session_,
                            post=post_, titles=titles)
            for i, (msgs, convo, box, done) in enumerate(steps):
                # The box is emptied once, on submit: later updates leave what the user types meanwhile
                # (an error puts the question back).
                box_ = box if i == 0 or box else gr.skip()
                if len(done) > len(turns_):  # answered: the download now has something to save
                    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
                    md = conversation_markdown(done, title=" · ".join(titles.values()), exported=stamp)
                    yield msgs, msgs, convo, done, box_, md, gr.Button(interactive=True)
                else:
                    yield msgs, msgs, convo, done, box_, gr.skip(), gr.skip()

        def pick_example(evt: gr.SelectData) -> str:
            value = evt.value
            return value.get("text", "") if isinstance(value, dict) else str(value)

        # gradio finds the event-data parameter by its annotation, which must be the class itself
        # (not the string that `from __future__ import annotations` leaves).
        pick_example.__annotations__["evt"] = gr.SelectData

        def show_filters(day_: str, session_: str, post_: str) -> list[Any]:
            on = active_filters(day_, session_, post_, titles)
            return [gr.Row(visible=bool(on)), *(gr.Button(f"{on[k]}  ✕", visible=True) if k in on
                                                else gr.Button(visible=False) for k, _ in FILTERS)]

        def day_changed(day_: str, session_: str) -> Any:
            choices = session_choices(info, day_)
            keep = session_ if session_ in {v for _, v in choices} else ALL_SESSIONS
            return gr.Dropdown(choices=choices, value=keep)

        def fresh() -> tuple[Any, ...]:
            return (*new_conversation(), gr.Button(interactive=False))

        ins = [question, shown, history, turns, day, session, post]
        outs = [chatbot, shown, history, turns, question, export, save]
        question.submit(turn, ins, outs, show_progress="hidden", **private)
        chatbot.example_select(pick_example, None, question, **quick).then(
            turn, ins, outs, show_progress="hidden", **private)
        for clear in (new.click, chatbot.clear):  # the button and the chat's own bin icon
            clear(fresh, None, [chatbot, shown, history, turns, question, day, session, post, export, save],
                  **quick)
        day.change(day_changed, [day, session], session, **quick)
        for k, everything in FILTERS:
            filters[k].change(show_filters, [day, session, post], [active, *chips.values()], **quick)
            chips[k].click(lambda e=everything: e, None, filters[k], **quick)
        save.click(None, export, None, js="(md) => window.caDownload(md)", **quick)
        app.load(None, None, None, js=page_js(), **quick)
        gr.api(ask_api(assistant), api_name="ask")
    app.queue(default_concurrency_limit=assistant.settings.ui_concurrency)
    quiet_inputs(app)
    return app


def launch(app: Any, *, host: str = "127.0.0.1", port: int | None = None, prevent_thread_lock: bool = False,
           quiet: bool = False, max_body_bytes: int = MAX_BODY_BYTES) -> Any:
    """Start the app with its look and safe defaults: no share link, no analytics, no SSR, no uploads,
    only the routes the page and /ask use, request bodies of at most `max_body_bytes`."""
    import gradio as gr

    theme = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate",
                           font=["Inter", "system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
                           font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])
    return app.launch(server_name=host, server_port=port, share=False,
                      prevent_thread_lock=prevent_thread_lock, quiet=quiet, css=page_css(), theme=theme,
                      footer_links=["api"], ssr_mode=False, show_error=False, max_file_size=0,
                      app_kwargs={"middleware": middleware(max_body_bytes)})


def warm_up(url: str) -> None:
    """Ask the running app one question through its queue, so the first user's answer is fast.

    The first event pays for loading the answering chain (about 2 s) and Gradio's first-request set-up.
    """
    from gradio_client import Client

    try:
        Client(url, verbose=False).predict(EXAMPLES[0], api_name="/ask")
    except Exception:  # a failed warm-up only costs time; the first real question reports errors
        log.warning("warm-up question failed", exc_info=True)


def serve(*, host: str | None = None, port: int | None = None, backend: str | None = None) -> None:
    """Start the web UI (blocking) on ASSISTANT_HOST:ASSISTANT_PORT, 127.0.0.1:7860 by default."""
    t0 = time.perf_counter()
    settings = Settings.from_env()
    bot = Assistant(backend=backend, settings=settings)
    for w in bot.index().warnings:  # what opening the index repaired or skipped
        print(f"warning: {w}", file=sys.stderr, flush=True)
    app = build_app(bot)
    host, port = host or settings.ui_host, port or settings.ui_port
    _, local_url, _ = launch(app, host=host, port=port, prevent_thread_lock=True, quiet=True,
                             max_body_bytes=settings.max_body_bytes)
    # Warm up while the user opens the page, not when they ask the first question.
    threading.Thread(target=warm_up, args=(local_url,), daemon=True).start()
    print(f"Conference Assistant ready on http://{host}:{port} in {time.perf_counter() - t0:.1f} s "
          f"(backend: {settings.backend}). Ctrl+C to stop.", flush=True)
    try:
        app.block_thread()
    finally:
        app.close()
