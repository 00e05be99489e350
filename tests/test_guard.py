"""The citation guard, alone and through the real generated-answer path (a scripted loopback server)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assistant import Answer, Assistant
from assistant.config import Settings
from assistant.llm.guard import Guard, split_sentences
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
    return Guard(bot._ready().knowledge), passages


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
    guard = Guard(bot._ready().knowledge, mode="flag")
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
                        "He also said the conference was held on the Moon [42].")

    with ScriptedServer(script) as srv:
        b = openai_bot(settings, srv.url)
        pieces = list(b.stream(QUESTION))
    final = pieces[-1]
    assert isinstance(final, Answer) and final.backend == "openai" and not final.notice
    streamed = "".join(p for p in pieces[:-1] if isinstance(p, str))
    assert streamed.endswith("held on the Moon [42].")  # the raw tokens as they came ...
    assert "Moon" not in final.text and "[42]" not in final.text  # ... the guarded answer is what is final
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


def _asked_after_rewrite(settings: Settings, rewrite: str, history: list[dict[str, str]], question: str) -> Answer:
    """The answer to a follow-up when the model rewrites it as `rewrite` and then declines to answer (so the
    answer is the offline one, read as the offline stages or the rewrite read the question)."""
    def script(body):
        if "Follow-up question:" in body["messages"][-1]["content"]:
            return ("text", rewrite)
        return ("text", "The post does not say.")

    with ScriptedServer(script) as srv:
        ans = openai_bot(settings, srv.url).ask(question, history=history)
        assert len(srv.requests) == 2  # the rewrite was asked for, as issue 5 wants
    return ans


def test_a_rewrite_naming_someone_else_than_the_history_does_not_steer_the_answer(settings: Settings) -> None:
    """'and what did he say about trust?' after Thigo's keynote: the offline stages resolve "he" to Thigo; a
    small model's rewrite that names Kramer is not used for retrieval or for the checked fallback."""
    history = [{"role": "user", "content": "Who gave the keynote at the Open Source and AI panel?"},
               {"role": "assistant", "content": "Philip Thigo gave the keynote at the Open Source and AI Panel [1]."}]
    ans = _asked_after_rewrite(settings, "What did Ashley Kramer say about trust?", history,
                               "and what did he say about trust?")
    assert "Thigo" in ans.text and "Kramer" not in ans.text, ans.text


def test_a_rewrite_that_loses_who_the_history_named_does_not_steer_the_answer(settings: Settings) -> None:
    """'and the other person giving that keynote, what was her part?': the offline stages resolve "her" to
    Adriana Groh from the history; a rewrite that names no one has lost her, and is not used (measured with
    the 1.5B model: its rewrite led to the list of every keynote instead of her part)."""
    history = [{"role": "user", "content": "Who gave the keynote at the Open Source at Work in the World panel?"},
               {"role": "assistant", "content": "Andreas Reckert-Lodde and Adriana Groh gave the keynote [1]."},
               {"role": "user", "content": "What did Andreas Reckert-Lodde talk about?"},
               {"role": "assistant", "content": "Andreas Reckert-Lodde introduced Zendis [1]."}]
    ans = _asked_after_rewrite(settings, "Who was the other person giving the keynote, and what was her part?",
                               history, "and the other person giving that keynote, what was her part?")
    assert "Sovereign Tech Fund" in ans.text and "Philip Thigo" not in ans.text, ans.text


def test_a_rewrite_that_picks_one_of_the_people_the_history_offered_does_not_steer_the_answer(
        settings: Settings) -> None:
    """'what was the guy's main point?' after a turn naming two panelists: the offline stages answer with both
    (they do not guess who "the guy" is); a rewrite naming one of them is the model's guess, and is not used
    (measured with the 1.5B model: it picked the woman, and the answer lost the man's remarks)."""
    history = [{"role": "user", "content": "who sat on the youth panel?"},
               {"role": "assistant", "content": "Ruth Ikega and Mark Pereira."}]
    ans = _asked_after_rewrite(settings, "What was Ruth Ikega's main point?", history, "what was the guy's main point?")
    assert "Mark Pereira" in ans.text and "bootcamps" in ans.text, ans.text


# ---- meaning, denials, repairs, refusals (issue 14) -------------------------------------------------
@pytest.fixture(scope="module")
def meaning_guard(bot: Assistant):
    """The guard as the LLM path builds it: the packaged embedder and the offline pipeline."""
    from assistant.store.embeddings import get_embedder

    eng = bot._ready()
    return Guard(eng.knowledge, embedder=get_embedder(), offline=eng.pipeline)


def test_labelled_pairs_precision_and_recall(bot: Assistant) -> None:
    from tools.guard_pairs import TARGETS, load, report_line, run, scores

    pairs = load()
    assert len(pairs) >= 80 and {p["kind"] for p in pairs} >= {
        "supported", "paraphrase", "wrong_entity", "wrong_number", "negated"}
    s = scores(run(bot, pairs))
    print("\n" + report_line(s))
    assert s["precision"] >= TARGETS["precision"] and s["recall"] >= TARGETS["recall"], report_line(s)


def test_markers_used_as_nouns_are_repaired_or_dropped() -> None:
    from assistant.llm.markers import bare, repair

    assert repair("As stated in [1], Thigo stressed transparency.") == (
        "As stated in the post, Thigo stressed transparency [1].")
    assert repair("The passage from [2] states that the panel had six members.") == (
        "The post states that the panel had six members [2].")
    assert repair("Thigo stressed transparency (see [3]).") == "Thigo stressed transparency [3]."
    assert repair("Thigo [1] and Kramer [3] spoke about trust.") == "Thigo [1] and Kramer [3] spoke about trust."
    for s in ("According to [1], X happened.", "[4] says that Y.", "This is described in passage [2]."):
        fixed = repair(s)
        assert fixed is not None and "  " not in bare(fixed) and not bare(fixed).endswith(("in.", "from.", "passage."))


def test_a_repaired_sentence_keeps_its_citation(meaning_guard: Guard, guard_and_passages) -> None:
    _, ps = guard_and_passages
    k = _keynote(ps)
    ans = meaning_guard.check(f"The passage from [{k}] states that Philip Thigo emphasized algorithmic transparency.",
                              ps, question=QUESTION)
    assert not ans.refused and "from states" not in ans.text and "passage" not in ans.text
    assert ans.text.startswith("The post states that Philip Thigo emphasized algorithmic transparency [1].")
    assert ans.guard["sentences_repaired"] == 1
    _check(ans)


def test_wrong_person_number_and_negation_are_dropped(meaning_guard: Guard, guard_and_passages) -> None:
    _, ps = guard_and_passages
    k = _keynote(ps)
    text = (f"Ashley Kramer gave the keynote at the Open Source and AI Panel [{k}]. "
            f"Thigo did not discuss algorithmic transparency [{k}]. "
            f"Thigo gave three keynotes at the Open Source and AI Panel [{k}]. "
            f"Thigo stressed algorithmic transparency to build trust in AI [{k}].")
    ans = meaning_guard.check(text, ps, question=QUESTION)
    assert ans.guard["sentences_dropped"] == 3 and ans.guard["sentences_kept"] == 1
    assert "Kramer" not in ans.text and "did not" not in ans.text and "three" not in ans.text
    _check(ans)


def test_denials_are_checked_like_claims(meaning_guard: Guard, guard_and_passages) -> None:
    _, ps = guard_and_passages
    k = _keynote(ps)
    claim = f"Philip Thigo gave the keynote at the Open Source and AI Panel [{k}]."
    said = meaning_guard.check(f"{claim} The post does not say who gave the keynote at the Open Source and AI Panel.",
                               ps, question=QUESTION)
    assert not said.refused and "does not say" not in said.text and said.guard["denials_dropped"] == 1
    blanket = meaning_guard.check(f"{claim} The post does not say.", ps, question=QUESTION)
    assert not blanket.refused and "does not say" not in blanket.text
    other = "The post does not say who moderated the panel."
    kept = meaning_guard.check(f"{claim} {other} {other} {other}", ps, question=QUESTION)
    assert not kept.refused and kept.text.count("does not say") == 1 and kept.text.endswith(other)
    assert kept.guard["denials_kept"] == 1 and kept.guard["denials_dropped"] == 2
    only = meaning_guard.check(f"{other} {other}", ps, question="Who moderated the panel?")
    assert only.refused and only.text.count("does not say") == 1


def test_refusals_cite_only_what_is_on_topic(meaning_guard: Guard, guard_and_passages) -> None:
    _, ps = guard_and_passages
    off = meaning_guard.refusal("How much did the tickets cost?", ps, "en")
    assert off.refused and off.citations == [] and "nothing to cite" in off.text
    on = meaning_guard.refusal("What did Philip Thigo say about trust and transparency?", ps, "en")
    assert on.refused and len(on.citations) == 1 and "trust" in on.citations[0].quote.lower()
    _check(on)


def _fact_line_in_prompt(body: dict, start: str) -> int:
    user = body["messages"][-1]["content"]
    m = re.search(r"^\[(\d+)\] " + re.escape(start), user, re.M)
    assert m, user
    return int(m.group(1))


def test_structure_questions_show_the_facts_as_cited_lines(settings: Settings) -> None:
    def script(body):
        n = _fact_line_in_prompt(body, "The panelists of the Youth and Open Source Panel (Day 2) were")
        return ("text", f"The youth panel had two panelists, Ruth Ikega and Mark Pereira [{n}]. "
                        f"As stated in [{n}], Mark Pereira is the founder of Zlabs.")

    with ScriptedServer(script) as srv:
        ans = openai_bot(settings, srv.url).ask("Who sat on the youth panel?")
        prompt_text = srv.requests[0]["messages"][-1]["content"]
    assert "Facts read off the post's structure:" in prompt_text and "Passages from the post:" in prompt_text
    assert not ans.refused and ans.guard["sentences_kept"] == 2 and ans.guard["sentences_repaired"] == 1
    assert ans.citations[0].quote.startswith("Ruth Ikega (Program Lead")  # the panelists line, verbatim
    assert "As stated in the post, Mark Pereira is the founder of Zlabs [1]." in ans.text
    _check(ans)


def test_condense_time_is_not_charged_with_warm_up(settings: Settings) -> None:
    with ScriptedServer(lambda body: ("text", "What did Ashley Kramer say about guardrails in AI?")
                        if "Follow-up question:" in body["messages"][-1]["content"]
                        else ("text", "Ashley Kramer highlighted guardrails in AI [5].")) as srv:
        b = openai_bot(settings, srv.url)
        first = b.ask("Who was on the Open Source and AI panel?")
        follow = b.ask("What did she say about guardrails?", history=[
            {"role": "user", "content": "Who was on the Open Source and AI panel?"},
            {"role": "assistant", "content": "Ashley Kramer was a panelist [1]."}])
    assert "warmup" in first.timings and "condense" not in first.timings and "understand" in first.timings
    assert "warmup" not in follow.timings and follow.timings["condense_server"] <= follow.timings["condense"]


# ---- claims that restate the question; claims in French; the checked fallback -----------------------
def _passage_with(passages, words: str) -> int:
    return next(i for i, p in enumerate(passages, 1) if words in p.text)


def test_a_claim_restating_the_question_is_judged_on_what_it_adds(bot: Assistant, meaning_guard: Guard) -> None:
    q = "which panelist was into tools that let non-programmers build ai stuff"
    verified = bot.ask(q)
    assert not verified.refused and any("no-code" in c.quote for c in verified.citations)
    ps = bot.retrieve(q, k=4)
    wrong = next(i for i, p in enumerate(ps, 1) if "Luccioni" not in p.text)  # the model cited the wrong passage
    claim = "The panelist who was into tools that let non-programmers build AI stuff is {} [" + str(wrong) + "]."
    right = meaning_guard.check(claim.format("Sasha Luccioni"), ps, question=q, verified=verified)
    assert not right.refused and "Sasha Luccioni" in right.text and "no-code" in right.citations[0].quote
    assert right.guard["markers_repointed"] == 1
    _check(right)
    # The question's casual words are not in the post: without the verified answer the claim does not reach
    # the stricter bar for a citation the model did not give, and with it, a wrong name is still wrong.
    assert meaning_guard.check(claim.format("Sasha Luccioni"), ps, question=q).refused
    assert meaning_guard.check(claim.format("Ashley Kramer"), ps, question=q, verified=verified).refused
    refused = bot.ask("How much did the tickets cost?")
    assert refused.refused  # a refused offline answer verifies nothing
    assert meaning_guard.check(claim.format("Sasha Luccioni"), ps, question=q, verified=refused).refused


def test_a_french_claim_is_judged_against_english_evidence(bot: Assistant, meaning_guard: Guard) -> None:
    q = "qui a parlé de récompenser les contributions au-delà du code, comme la documentation ?"
    ps = bot.retrieve(q, k=4)
    k = _passage_with(ps, "contributions beyond code")
    ans = meaning_guard.check(f"Sachiko Muto a souligné l'importance de récompenser les contributions au-delà du "
                              f"code, comme la documentation [{k}].", ps, question=q, lang="fr")
    assert not ans.refused and ans.guard["sentences_kept"] == 1
    assert ans.citations[0].quote.startswith("Sachiko Muto emphasized")
    wrong = meaning_guard.check(f"Ashley Kramer a souligné l'importance de récompenser les contributions au-delà du "
                                f"code [{k}].", ps, question=q, lang="fr")
    assert wrong.refused


def test_a_marker_standing_for_an_object_drops_the_sentence() -> None:
    from assistant.llm.markers import repair

    assert repair("The UNICEF Representative who did the keynote is [1].") is None
    assert repair("The keynote was given by [2].") is None
    assert repair("The representative spoke about funding [3].") == "The representative spoke about funding [3]."


def test_an_answer_with_nothing_checkable_falls_back_to_the_quoted_answer(settings: Settings) -> None:
    from assistant.prompts import say

    with ScriptedServer(lambda body: ("text", "The conference served pizza [1]. Everyone went skiing [2].")) as srv:
        b = openai_bot(settings, srv.url)
        pieces = list(b.stream("Who gave the keynote at the Open Source and AI panel?"))
        unanswerable = b.ask("How much did the tickets cost?")
    final = pieces[-1]
    assert isinstance(final, Answer) and final.backend == "offline" and not final.refused
    assert final.notice == say("en", "llm_unchecked") and "Philip Thigo" in final.text
    streamed = "".join(p for p in pieces[:-1] if isinstance(p, str))
    assert f"skiing [2].\n\n({final.notice})\n\n" in streamed  # the fallback starts under its notice
    _check(final)
    # When the post does not answer either, the guard's honest refusal stands.
    assert unanswerable.refused and unanswerable.backend == "openai" and "pizza" not in unanswerable.text


def test_points_the_model_left_out_are_added_quoted(bot: Assistant, meaning_guard: Guard) -> None:
    q = "What did Philip Thigo say in his keynote?"
    verified = bot.ask(q)
    assert not verified.refused and len(verified.citations) >= 3
    ps = bot.retrieve(q, k=4)
    k = _keynote(ps)
    ans = meaning_guard.check(f"Philip Thigo gave the keynote at the Open Source and AI Panel [{k}].", ps, question=q)
    done = meaning_guard.complete(ans, verified, question=q)
    head, _, added = done.text.partition("\nThe post also says:\n")
    assert head == ans.text and added.count("\n- ") + added.startswith("- ") == done.guard["points_added"] >= 2
    quoted = {c.quote for c in done.citations}
    assert all(c.quote in quoted for c in verified.citations)  # every verified point is now in the answer
    _check(done)
    assert meaning_guard.complete(done, verified, question=q) == done  # nothing left out: unchanged
    # A kept "the post does not say X" goes when an added point says X.
    denied = replace(ans, text=ans.text + "\nThe post does not say what Thigo said about algorithmic transparency.")
    fixed = meaning_guard.complete(denied, verified, question=q)
    assert "does not say" not in fixed.text and fixed.guard["denials_dropped"] == ans.guard["denials_dropped"] + 1


def test_a_cited_points_sentences_the_model_did_not_convey_are_added(bot: Assistant, meaning_guard: Guard) -> None:
    # The model cites the bullet for its first sentence; the answer ("share resources and information") is in
    # its second. Before, any overlapping citation counted the whole point as covered.
    q = "according to the UN panel, what do common tools let the agencies do together?"
    verified = bot.ask(q)
    second = "By using common platforms and tools, agencies can share resources and information more effectively"
    assert not verified.refused and second in verified.text
    ps = bot.retrieve(q, k=4)
    k = next(i for i, p in enumerate(ps, 1) if second in p.text)
    model = f"Common tools improve collaboration between different UN agencies [{k}]."
    ans = meaning_guard.check(model, ps, question=q)
    assert not ans.refused and second not in ans.text
    done = meaning_guard.complete(ans, verified, question=q)
    head, _, added = done.text.partition("\nThe post also says:\n")
    assert head == ans.text and second in added and done.guard["points_added"] == 1, done.text
    _check(done)
    assert meaning_guard.complete(done, verified, question=q) == done


def test_a_sentence_cut_off_by_the_token_limit_is_dropped(meaning_guard: Guard, guard_and_passages) -> None:
    _, ps = guard_and_passages
    k = _keynote(ps)
    ans = meaning_guard.check(f"Philip Thigo gave the keynote at the Open Source and AI Panel [{k}]. He stressed that "
                              "algorithmic transparency builds trust in", ps, question=QUESTION)
    assert ans.text == "Philip Thigo gave the keynote at the Open Source and AI Panel [1]."
    assert ans.guard["sentences_dropped"] == 1


def test_a_sentence_joining_verified_points_is_supported_by_them_together(bot: Assistant,
                                                                          meaning_guard: Guard) -> None:
    q = "Can you sum up the keynote of the open source at work in the world panel?"
    verified = bot.ask(q)
    assert not verified.refused
    ps = bot.retrieve(q, k=4)
    joined = ("The keynote by Adriana Groh and Andreas Reckert-Lodde discussed the role of the Sovereign Tech Fund "
              "and introduced Zendis.")  # no marker: two bullets of one passage carry it together
    ans = meaning_guard.check(joined, ps, question=q, verified=verified)
    assert not ans.refused and len(ans.citations) >= 2
    quotes = " ".join(c.quote for c in ans.citations)
    assert "Sovereign Tech Fund" in quotes and "Zendis" in quotes
    _check(ans)
    assert meaning_guard.check(joined, ps, question=q).refused  # no single sentence carries it all
    wrong = joined.replace("introduced Zendis", "introduced the Digital Public Goods Alliance")
    assert meaning_guard.check(wrong, ps, question=q, verified=verified).refused
