"""A self-contained question gets the same answer in a fresh conversation and after three unrelated turns.

Questions from the tune split (self-contained kinds, no history of their own); the unrelated turns
are other tune questions with the assistant's own answers, as a user who keeps one conversation
going would have them. Follow-ups that need the history are tested in test_understanding.py.
"""

from __future__ import annotations

import json

import pytest

from assistant import Assistant
from assistant.config import PROJECT_ROOT

TUNE = PROJECT_ROOT / "evals" / "sets" / "tune.jsonl"


def _questions() -> list[str]:
    items = [json.loads(line) for line in TUNE.read_text(encoding="utf-8").splitlines() if line.strip()]
    alone = [i["question"] for i in items if not i["history"] and i["kind"] not in ("followup", "topic_switch")]
    return alone[::5][:36]


@pytest.mark.slow
def test_the_same_question_gets_the_same_answer_after_unrelated_turns(bot: Assistant) -> None:
    qs = _questions()
    assert len(qs) >= 30
    fresh = {q: bot.ask(q) for q in qs}
    changed = []
    for i, q in enumerate(qs):
        others = [qs[(i + j) % len(qs)] for j in (7, 13, 29)]
        history = [t for o in others for t in ({"role": "user", "content": o},
                                               {"role": "assistant", "content": fresh[o].text})]
        again = bot.ask(q, history=history)
        if again.text != fresh[q].text or again.refused != fresh[q].refused:
            changed.append(q)
    assert not changed, changed


def _after(bot: Assistant, question: str, turns: list[str]) -> tuple[str, str]:
    """(the answer in a fresh conversation, the answer after `turns` with the assistant's own answers)."""
    history = [t for q in turns for t in ({"role": "user", "content": q},
                                          {"role": "assistant", "content": bot.ask(q).text})]
    return bot.ask(question).text, bot.ask(question, history=history).text


def test_they_is_the_panel_just_discussed_only_when_that_panel_speaks_of_the_topic(bot: Assistant,
                                                                                    third: Assistant) -> None:
    # a generic "they": the panel of the turn before says nothing of the topic, so the question stands alone
    fresh, later = _after(bot, "what did they say about economic incentives for tackling social problems?",
                          ["Who gave the keynote on the Global South panel?"])
    assert later == fresh and "Open Source at Work in the World Panel" in later, later
    fresh, later = _after(third, "what did they say should pay for keeping shared tools alive?",
                          ["who talked about index insurance paying farmers faster?"])
    assert later == fresh, (fresh, later)
    # a "they" that is that panel: it does speak of the topic, so the answer is the panel's
    _fresh, later = _after(bot, "what did they say about mobile money?",
                           ["Who gave the keynote on the Global South panel?"])
    assert later.startswith("In the Open Source in the Global South Panel"), later


def test_the_closing_one_named_by_its_title_points_back_to_no_list(third: Assistant) -> None:
    # "the closing one" names the Closing Plenary by its title word; it is not "the last one" of a list the
    # turn before gave, so the soil panel of that turn stays out of the answer
    fresh, later = _after(third, "which keynote had a money figure in it, the financing one or the closing one?",
                          ["who did the soil keynote?"])
    assert later == fresh and "Soil and Satellite" not in later, later


def test_a_pronoun_after_and_leans_on_the_part_before_not_on_the_conversation(bot: Assistant) -> None:
    # "…, et est-ce qu'elle finance …": "she" (a translated "elle", the agency) is the answer of the part
    # before it, not the person of the turn before
    q = ("Quelle organisation a donné la keynote de la session jeunesse, et est-ce qu'elle finance des logiciels "
         "propriétaires ?")
    fresh, later = _after(bot, q, ["what did Ben Cerveny say on the Global South panel?"])
    assert later == fresh and "UNICEF" in later and "Cerveny" not in later, later


def test_a_person_described_in_the_question_is_the_he_or_she_of_it(second: Assistant, bot: Assistant) -> None:
    # "the guy from the mobility panel — what did he present?": "he" is the man the question describes, not
    # the woman of the turn before
    for q in ("the flood gauges person — what was his point?",
              "the guy from the mobility panel — what did he present?"):
        fresh, later = _after(second, q, ["what did Zoë Marchetti say?"])
        assert later == fresh and "Marchetti" not in later, later
    # a "her" inside the description is someone of the conversation ("the guy who shared the keynote with
    # her"): the question does point back to the conversation
    m = bot._ready().pipeline.understand("and the guy who shared the keynote with her, did he present anything?",
                                         None).mentions
    assert "person" in m.references, m.references
    # an object "her" is someone of the conversation, not the woman described
    h = [{"role": "user", "content": "what did Zoë Marchetti say?"},
         {"role": "assistant", "content": "Zoë Marchetti argued that residents can extend a city's monitoring."}]
    assert second._ready().pipeline.understand("did the woman from the heat panel respond to her?", h
                                                ).mentions.people[0].name == "Zoë Marchetti"


def test_or_some_other_is_an_alternative_not_the_other_one(bot: Assistant) -> None:
    # "or some other part of …" is an alternative within the question, not "the other one" of the conversation
    q = "was it in the general assembly hall or some other part of un hq??"
    fresh, later = _after(bot, q, ["Give me the key points of the governments panel"])
    assert later == fresh, later
    # "her or the other keynote speaker" still asks for the other one
    a = bot.ask("was it her or the other keynote speaker who introduced Zendis?", history=[
        {"role": "user", "content": "What did Adriana Groh talk about?"},
        {"role": "assistant", "content": "Adriana Groh discussed the Sovereign Tech Fund."}])
    assert "Reckert-Lodde" in a.text and "Zendis" in a.text, a.text


def test_where_a_session_was_held_is_where_the_conference_was(second: Assistant) -> None:
    # no post places a session; the answer says so and quotes where the conference itself was
    for q in ("where was the flood warning panel held?", "where did the heat panel take place?"):
        a = second.ask(q)
        assert "only where the conference was" in a.text and "De Doelen" in a.text, a.text
        assert any(c.session == "Introduction" and "De Doelen" in c.quote for c in a.citations)
    # where its speakers are from, or where the next edition is, asks something else
    for q in ("where were the mobility panel's speakers from?", "where will the next one be held?",
              "where in the post is the urban heat panel?"):
        assert "only where the conference was" not in second.ask(q).text, q
    # "the next one" is the next edition, not a session that mentions it: the second post does not say where
    a = second.ask("where's the next one happening?")
    assert a.refused and "Closing Plenary" not in a.text, a.text
    # nor a session the conversation carried over: "where was it held?" of the typhoon drill is not answered
    a = second.ask("where was it held?", history=[
        {"role": "user", "content": "tell me about the typhoon drill"},
        {"role": "assistant", "content": "In the Open Mobility Data Panel (Day 1): the tool was tested during a "
                                         "typhoon drill involving 12,000 residents."}])
    assert "only where the conference was" not in a.text, a.text


def test_a_follow_up_on_another_day_asks_of_that_days_sessions(bot: Assistant, third: Assistant) -> None:
    # "and on day 2?" after the keynote of a day-1 panel: the day-2 keynotes, not "that panel was on day 1"
    for b, first, want in ((bot, "who gave the keynote at the AI panel?", "Reckert-Lodde"),
                           (third, "who keynoted the soil and satellite session on day one?", "Ichikawa-Mendes")):
        history = [{"role": "user", "content": first}, {"role": "assistant", "content": b.ask(first).text}]
        for q in ("and on day 2?", "and on day 2, who kicked things off?"):
            a = b.ask(q, history=history)
            assert not a.refused and want in a.text and "not Day 2" not in a.text, (q, a.text)
    # "was it on day 2?" asks of that panel: the correction, not day 2's sessions
    first = "Tell me about the soil and satellite data panel."
    a = third.ask("Was it on day 2?", history=[{"role": "user", "content": first},
                                               {"role": "assistant", "content": third.ask(first).text}])
    assert "was on Day 1, not Day 2" in a.text, a.text
    # a session held that day is still the one asked about
    first = "who sat on the youth panel?"
    a = bot.ask("and on day 2?", history=[{"role": "user", "content": first},
                                          {"role": "assistant", "content": bot.ask(first).text}])
    assert "Ikega" in a.text and {c.session for c in a.citations} == {"Youth and Open Source Panel"}


def test_a_word_carried_from_the_turn_before_makes_no_term_with_a_word_beside_its_pronoun(bot: Assistant) -> None:
    # "get past them" after "which barriers …": "barriers" stands at "them", beside "past", but was never typed
    # there; "past barriers" is no term the post lacks, so the strategies for overcoming them are answered
    hist = [{"role": "user", "content": "which barriers did the governments panel identify?"},
            {"role": "assistant", "content": "Resistance to change within government institutions [1]."}]
    a = bot.ask("and how did they say to get past them?", history=hist)
    assert not a.refused and "training" in a.text, a.text


def test_a_follow_up_that_proposes_a_way_past_them_is_about_what_was_just_asked(bot: Assistant) -> None:
    # "how did they suggest getting past them?" after the UN panel's obstacles: "suggest" is saying (so "they" are
    # that panel), "past" is no topic the post lacks (it had been refused as "does not mention past"), and the
    # carried "obstacles" makes the question as like the passage as the words are
    history = [{"role": "user", "content": "which obstacles came up on the UN panel?"},
               {"role": "assistant", "content": "Resistance to change, lack of technical expertise and security "
                                                "concerns [1]."}]
    for q in ("and how did they suggest getting past them?", "what did they propose to get past those?"):
        a = bot.ask(q, history=history)
        assert not a.refused and "training programs" in a.text and "UN Panel" in a.text, (q, a.text)


def test_he_or_she_of_two_people_just_named_is_the_one_the_post_calls_so(third: Assistant) -> None:
    # the post writes "he" of Tevita Fifita ("Elders, he said, …") and "she"/"her" of no one else here: "he" after
    # an answer naming Hélène Vasseur-Mbaye first had been her
    history = [{"role": "user", "content": "who gave the seed data keynote?"},
               {"role": "assistant", "content": "Hélène Vasseur-Mbaye and Tevita Fifita gave it together [1]."}]
    a = third.ask("what did he talk about?", history=history)
    assert not a.refused and "taro" in a.text and "Vasseur-Mbaye saying" not in a.text, a.text
    a = third.ask("and what did she present?", history=history)
    assert not a.refused and "community seed banks" in a.text and "taro" not in a.text, a.text


def test_a_session_described_by_its_neighbour_is_no_place_in_an_earlier_list(second: Assistant) -> None:
    # "the closing one" helps describe the session the question names; it is not the last of a list given before
    fresh, later = _after(second, "on the last day-3 session before the closing one, who talked about volunteers "
                                  "turning up after a disaster?", ["what did Mei-Ling Tsao say about formats?"])
    assert later == fresh and "Bankole" in later and "Tsao" not in later, later
    # while "the second one" alone is the second of the sessions the turn before listed
    _fresh, later = _after(second, "who gave the keynote at the second one?", ["which sessions were on day 2?"])
    assert "Vasilescu" in later, later


def test_he_after_a_who_of_the_same_question_is_its_answer(second: Assistant) -> None:
    fresh, later = _after(second, "For a piece on transport: who gave the keynote on the mobility data panel, what "
                                  "did he say about ride-hailing companies, and which panelist talked about buses?",
                          ["what did Henrik Lyngstad propose?"])
    assert later == fresh and "Haraguchi" in later and "Lyngstad" not in later, later


def test_their_after_a_plural_of_people_is_theirs(second: Assistant) -> None:
    fresh, later = _after(second, "what did attendees get along with their name badges?",
                          ["what did Henrik Lyngstad propose?"])
    assert later == fresh and "Lyngstad" not in later, later


def test_its_with_its_owner_in_the_question_is_not_the_earlier_topic(second: Assistant) -> None:
    # alone, the question is refused (no such foundation); "its" is the foundation's, so the turn before's topic
    # is not tried in its place
    question = "What did the Open Knowledge Foundation present about its Open Data Charter?"
    fresh, later = _after(second, question, ["which of the action items is about data stewards?"])
    assert later == fresh, later
    assert second.ask(question, history=[{"role": "user", "content": "which of the action items is about data "
                                                                     "stewards?"}]).refused
