"""The citation guard, alone and through the real generated-answer path (a scripted loopback server)."""

from __future__ import annotations

import re

import pytest

from assistant import Answer, Assistant
from assistant.config import Settings
from assistant.guard import Guard, split_sentences
from tests.conftest import source_text
from tests.llm_server import ScriptedServer

QUESTION = "Who gave the keynote at the Open Source and AI panel and what did he say about trust?"


def openai_bot(settings: Settings, url: str, **changes: object) -> Assistant:
    """An openai-backend Assistant on the session's index, pointed at a loopback server."""
    base = {"backend": "openai", "openai_base_url": url, "openai_api_key": "", "model": "test",
            "llm_timeout": 5.0, "llm_retries": 1, "llm_max_tokens": 64}
    s = settings.with_(**{**base, **changes})
    return Assistant(settings=s)


def _check(ans: Answer) -> None:
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", ans.text)}
    assert markers == {c.n for c in ans.citations}
    for c in ans.citations:
        assert source_text(c.source)[c.start:c.end] == c.quote
        assert c.quote in c.passage


@pytest.fixture(scope="module")
def guard_and_passages(bot: Assistant):
    passages = bot.retrieve(QUESTION, k=4)
    return Guard(bot._ready()["knowledge"]), passages


def _keynote(passages) -> int:
    return next(i for i, p in enumerate(passages, 1) if p.part.startswith("Keynote by Philip Thigo"))


def test_split_sentences_moves_markers_before_the_full_stop() -> None:
    assert split_sentences("One claim. [1] Another claim [2].\n- a bullet [3]") == [
        ("", "One claim [1]."), ("", "Another claim [2]."), ("- ", "a bullet [3]")]


def test_bad_markers_removed_unsupported_dropped(guard_and_passages) -> None:
    guard, ps = guard_and_passages
    k = _keynote(ps)
    text = (f"Philip Thigo gave the keynote at the Open Source and AI Panel [{k}]. "
            f"The moon is made of green cheese [{k}]. Thigo stressed transparency to build trust [{k}][42].")
    ans = guard.check(text, ps, question=QUESTION)
    assert not ans.refused
    assert "moon" not in ans.text and "[42]" not in ans.text
    assert ans.guard["markers_removed"] == 1 and ans.guard["sentences_dropped"] == 1
    assert ans.guard["sentences_kept"] == 2 and ans.guard["quotes_resolved"] == 2
    assert ans.citations[0].quote == "Keynote by Philip Thigo"
    _check(ans)


def test_flag_mode_keeps_and_marks_unsupported(guard_and_passages, bot: Assistant) -> None:
    _, ps = guard_and_passages
    guard = Guard(bot._ready()["knowledge"], mode="flag")
    ans = guard.check("Philip Thigo gave the keynote [1]. Bananas grow on Mars [2].", ps, question=QUESTION)
    assert "Bananas grow on Mars (not supported by the post)." in ans.text
    assert ans.guard["sentences_flagged"] == 1
    _check(ans)


def test_nothing_supported_becomes_an_honest_refusal(guard_and_passages) -> None:
    guard, ps = guard_and_passages
    ans = guard.check("The conference served pizza [1]. Everyone went skiing [2].", ps, question=QUESTION)
    assert ans.refused and ans.text.startswith("The post does not say")
    assert ans.guard["became_refusal"] == 1 and len(ans.citations) == 1
    _check(ans)
    said = guard.check("The post does not say how many people attended [3].", ps,
                       question="How many attended?")
    assert said.refused and said.text.startswith("The post does not say how many people attended.")
    assert said.guard["model_refused"] == 1 and said.guard["became_refusal"] == 0
    _check(said)


def test_wrong_marker_is_repointed_to_the_supporting_passage(guard_and_passages) -> None:
    guard, ps = guard_and_passages
    k = _keynote(ps)
    wrong = next(i for i in range(1, len(ps) + 1) if i != k)
    ans = guard.check(f"Philip Thigo gave the keynote at the Open Source and AI Panel [{wrong}].", ps,
                      question=QUESTION)
    assert ans.citations and ans.citations[0].quote == "Keynote by Philip Thigo"
    assert ans.guard["markers_unsupported"] == 1 and ans.guard["markers_repointed"] == 1


def _keynote_in_prompt(body: dict) -> int:
    user = body["messages"][-1]["content"]
    m = re.search(r"^\[(\d+)\] Open Source and AI Panel, Day 1, Keynote by Philip Thigo$", user, re.M)
    return int(m.group(1))


def test_generated_answer_is_guarded_end_to_end(settings: Settings) -> None:
    def script(body):
        k = _keynote_in_prompt(body)  # the prompt numbers the passages with session, day and part
        return ("text", f"Philip Thigo gave the keynote at the Open Source and AI Panel [{k}]. "
                        "He also said the conference was held on the Moon [7].")

    with ScriptedServer(script) as srv:
        b = openai_bot(settings, srv.url)
        pieces = list(b.stream(QUESTION))
    final = pieces[-1]
    assert isinstance(final, Answer) and final.backend == "openai" and not final.notice
    streamed = "".join(p for p in pieces[:-1] if isinstance(p, str))
    assert streamed.endswith("held on the Moon [7].")  # the raw tokens as they came ...
    assert "Moon" not in final.text and "[7]" not in final.text  # ... the guarded answer is what is final
    assert final.text.startswith("Philip Thigo gave the keynote at the Open Source and AI Panel [1].")
    assert final.guard["markers_removed"] == 1 and final.guard["sentences_dropped"] == 1
    assert {"retrieval", "prompt", "first_token", "total", "guard"} <= set(final.timings)
    _check(final)
    assert srv.requests[0]["max_tokens"] == 64  # llama.cpp reads max_tokens, not max_completion_tokens
    assert "[n]" not in srv.requests[0]["messages"][0]["content"]


def test_greeting_is_not_a_search(settings: Settings) -> None:
    with ScriptedServer([("text", "unused")]) as srv:
        ans = openai_bot(settings, srv.url).ask("hi there!")
        thanks = openai_bot(settings, srv.url).ask("Thanks a lot", history=[
            {"role": "user", "content": "Who spoke?"}, {"role": "assistant", "content": "Someone [1]."}])
    assert srv.requests == []
    for a in (ans, thanks):
        assert not a.refused and a.citations == [] and "OSPOs for Good" in a.text
        assert a.guard == {"smalltalk": 1}


def test_follow_up_is_condensed_before_retrieval(settings: Settings) -> None:
    def script(body):
        content = body["messages"][-1]["content"]
        if "Follow-up question:" in content:
            return ("text", "What did Ashley Kramer say about guardrails in AI?")
        return ("text", "The post does not say.")

    history = [{"role": "user", "content": "Who was on the Open Source and AI panel?"},
               {"role": "assistant", "content": "Ashley Kramer was a panelist [1]."}]
    with ScriptedServer(script) as srv:
        b = openai_bot(settings, srv.url)
        b.ask("What did she say about guardrails?", history=history)
        assert len(srv.requests) == 2
        assert "Ashley Kramer was a panelist" in srv.requests[0]["messages"][-1]["content"]
        assert "Guardrails in AI" in srv.requests[1]["messages"][-1]["content"]
        b.ask("What is Zendis?")  # no history: no condensing call
        assert len(srv.requests) == 3
