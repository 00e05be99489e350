"""The public contract: Assistant().ask / retrieve / stream, errors, verbatim citations, refusals."""

from __future__ import annotations

import re

import pytest

from assistant import Answer, Assistant, AssistantError, Citation, Passage
from assistant.errors import InvalidQuestion
from tests.conftest import source_text


def _check_citations(ans: Answer) -> None:
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", ans.text)}
    assert markers <= {c.n for c in ans.citations}
    for c in ans.citations:
        assert isinstance(c, Citation)
        assert source_text(c.source)[c.start:c.end] == c.quote


def test_ask_contract(bot: Assistant) -> None:
    ans = bot.ask("Who gave the keynote at the Open Source and AI panel?")
    assert isinstance(ans, Answer) and not ans.refused
    assert "Philip Thigo" in ans.text and "[1]" in ans.text
    c = ans.citations[0]
    expected = (1, "Open Source and AI Panel", "Day 1", "corpus/ospos-for-good-2024.md")
    assert (c.n, c.session, c.day, c.source) == expected
    _check_citations(ans)
    assert ans.to_dict()["citations"][0]["quote"] == c.quote


def test_follow_up_uses_history(bot: Assistant) -> None:
    first = bot.ask("Who gave the keynote at the Open Source and AI panel?")
    hist = [{"role": "user", "content": "Who gave the keynote at the Open Source and AI panel?"},
            {"role": "assistant", "content": first.text}]
    ans = bot.ask("and what did he say about trust?", history=hist)
    assert not ans.refused
    assert any("trust" in c.quote.lower() for c in ans.citations)
    assert any("Thigo" in c.speakers[0] for c in ans.citations)
    _check_citations(ans)


def test_retrieve_returns_passages_with_sessions(bot: Assistant) -> None:
    ps = bot.retrieve("youth programs", k=4)
    assert len(ps) == 4 and all(isinstance(p, Passage) for p in ps)
    assert "Youth and Open Source Panel" in [p.session for p in ps]
    for p in ps:
        assert source_text(p.source)[p.start:p.end] == p.text
    day1 = bot.retrieve("youth programs", k=3, day="Day 1")
    assert all(p.day == "Day 1" for p in day1)


def test_retrieval_depth_defaults_to_the_setting(bot: Assistant) -> None:
    # ASSISTANT_TOP_K sets how many passages retrieve() and retriever() return when no k is given.
    two = Assistant(settings=bot.settings.with_(top_k=2))
    assert len(two.retrieve("youth programs")) == 2 and len(two.retriever().invoke("youth programs")) == 2
    assert len(bot.retrieve("youth programs")) == bot.settings.top_k == 4


def test_the_llm_backend_is_shown_more_passages_than_the_offline_answer_reads(bot: Assistant) -> None:
    # ASSISTANT_LLM_TOP_K (default 8) widens only what the model is shown: retrieve() keeps ASSISTANT_TOP_K,
    # and the offline answer (the LLM path's fallback, and what it completes from) reads the same top 4.
    llm = Assistant(settings=bot.settings.with_(backend="openai", openai_base_url="http://127.0.0.1:9/v1",
                                                model="local"))
    assert llm.settings.llm_top_k == 8
    q = "what did the youth panel say about mentoring?"
    parts = llm._ready()
    ev = parts.evidence(parts.answerer.plan(q, []))
    assert len(ev.passages) == 8
    assert ev.offline.text == bot.ask(q).text
    assert [p.chunk_id for p in ev.passages] == [p.chunk_id for p in bot.retrieve(q, k=8)]
    assert [p.chunk_id for p in llm.retrieve(q)] == [p.chunk_id for p in bot.retrieve(q)]
    assert len(llm.retrieve(q)) == 4


def test_unanswerable_is_refused_with_nearest_cited(bot: Assistant) -> None:
    ans = bot.ask("How many people attended the conference?")
    assert ans.refused and ans.text.startswith("The post does not say")
    _check_citations(ans)
    ans = bot.ask("What did Mehdi Snene say on the AI panel?")
    assert ans.refused and "Mehdi Snene" in ans.text


@pytest.mark.parametrize("bad", ["", "   \n\t", "x" * 2001, None, 42, ["a question"]])
def test_bad_questions_raise_the_documented_error(bot: Assistant, bad: object) -> None:
    with pytest.raises(AssistantError) as exc:
        bot.ask(bad)  # type: ignore[arg-type]
    assert str(exc.value)


@pytest.mark.parametrize("hist", ["text", [1, 2], [{"role": "system", "content": "x"}], [{"role": "user"}]])
def test_malformed_history_raises_the_documented_error(bot: Assistant, hist: object) -> None:
    with pytest.raises(AssistantError, match="history"):
        bot.ask("Who gave the keynote at the youth panel?", history=hist)  # type: ignore[arg-type]


def test_stream_yields_text_then_answer(bot: Assistant) -> None:
    pieces = list(bot.stream("Which sessions were on Day 2?"))
    assert isinstance(pieces[-1], Answer)
    assert "".join(p for p in pieces[:-1] if isinstance(p, str)) == pieces[-1].text


def test_langchain_chain_and_retriever(bot: Assistant) -> None:
    from assistant.retrieval.retrieve import Filters

    chain = bot.chain()
    out = chain.batch([{"question": "What is Zendis?", "history": [], "filters": Filters()}] * 2)
    assert all("Zendis" in a.text for a in out)
    assert all({"understand", "retrieval", "total"} <= set(a.timings) for a in out)  # as ask() times answers
    alone = bot.ask("What is Zendis?")
    assert (out[0].text, out[0].citations, out[0].refused) == (alone.text, alone.citations, alone.refused)
    docs = bot.retriever(k=2).invoke("Sovereign Tech Fund")
    assert len(docs) == 2 and docs[0].metadata["session"] == "Open Source at Work in the World Panel"


def test_cli_ask_and_errors(settings, capsys, monkeypatch) -> None:
    from assistant.cli import main

    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))  # restored after, whatever it was
    assert main(["ask", "--no-stream", "Who sat on the youth panel?"]) == 0
    out = capsys.readouterr().out
    assert "Ruth Ikega" in out and "Sources:" in out and "[1] Youth and Open Source Panel, Day 2" in out
    assert main(["ask", "   "]) == 2
    assert "error: The question is empty" in capsys.readouterr().err


BAD_FILTERS = [["Day 1"], {"day": "Day 1"}, ("Day 1",), {"Day 1"}, 3, 2.5, True, b"Day 1", object()]


@pytest.mark.parametrize("name", ["day", "session", "post"])
@pytest.mark.parametrize("bad", BAD_FILTERS, ids=lambda v: type(v).__name__)
def test_every_filter_of_the_wrong_type_is_an_invalid_question(bot: Assistant, name: str, bad: object) -> None:
    for call in (bot.ask, bot.retrieve, lambda q, **kw: list(bot.stream(q, **kw))):
        with pytest.raises(InvalidQuestion, match=f"{name} must be text") as exc:
            call("Who spoke about trust?", **{name: bad})
        assert "Day 1" in str(exc.value) or name != "day"  # the message shows a usable value


def test_filters_may_be_none_or_empty(bot: Assistant) -> None:
    assert bot.ask("Who sat on the youth panel?", day=None, session="", post=None).citations  # type: ignore[arg-type]
