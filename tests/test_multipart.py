"""Questions of several parts (pipeline.py): what a later part refers to, what it adds, and when the
whole is refused. On the project's post and on the third fictional post (evals/third_post, a
tune-only post); the questions are written for these tests, not taken from an evaluation set.
"""

from __future__ import annotations

from assistant import Answer, Assistant
from evals.metrics import fact_found
from tests.conftest import source_text

NOT_SAID = ("does not say", "does not mention", "nothing to cite")


def _verbatim(a: Answer) -> Answer:
    for c in a.citations:
        assert source_text(c.source)[c.start:c.end] == c.quote
    return a


def _parts(bot: Assistant, q: str) -> list[str]:
    return [p.text for p in bot._ready().pipeline.understand(q).parts]


def test_a_later_part_the_first_already_answered_refuses_nothing(bot: Assistant, third: Assistant) -> None:
    # "who is X" lists X's remarks; "what did he say" then had nothing new and said "The post does not say."
    for b, q, fact in ((bot, "who's Stefano Maffulli and what did he talk about", "rapid evolution"),
                       (third, "who is Dagny Holm, and what did she say?", "crop-type maps")):
        a = _verbatim(b.ask(q))
        assert not a.refused and fact_found(a.text, fact), (q, a.text)
        assert not any(s in a.text for s in NOT_SAID), (q, a.text)


def test_a_later_remark_that_asks_nothing_the_post_knows_is_not_a_question(bot: Assistant) -> None:
    q = "Who were the panelists on the youth panel? I need the exact spellings for my article."
    assert len(_parts(bot, q)) == 1
    a = bot.ask(q)
    assert not a.refused and fact_found(a.text, "Ikega") and "spellings" not in a.text, a.text
    # a later part that names something of the post, or asks, stays a part of its own
    assert len(_parts(bot, "Who gave the AI keynote? Also the youth panel.")) == 2
    assert len(_parts(bot, "Who gave the AI keynote? Tell me about hackathons.")) == 2


def test_they_in_a_later_part_are_the_people_the_part_before_answered_with(third: Assistant) -> None:
    a = _verbatim(third.ask("who was on the money panel, and who do they work for?"))
    assert not a.refused, a.text
    # each panelist's organisation, said as a fact about that person (not quoted from some other bullet)
    assert all(fact_found(a.text, f) for f in ("Volta Development Bank", "Nordhavn Foundation")), a.text
    assert not any(s in a.text for s in NOT_SAID), a.text


def test_they_for_the_person_a_refused_part_asked_about_goes_on_refused(bot: Assistant, third: Assistant) -> None:
    # the first part finds nothing of hers on the topic; "what phase are they in" asks more of that topic,
    # not for everything she said (which the first part has already shown as what she did say)
    a = _verbatim(third.ask("did Esi Ampofo talk about the Horizon Europe programme? what phase are they in"))
    assert a.refused and "Horizon Europe" in a.text, a.text
    # a question of its own about her is answered ("which panel was she on?"), as is "what did she say then?"
    a = bot.ask("did Stefano Maffulli talk about quantum computing? which panel was he on?")
    assert not a.refused and "Open Source and AI Panel" in a.text, a.text
    assert not third.ask("did Esi Ampofo talk about the Horizon Europe programme? what did she say then?").refused
    # "he" for someone the refused part's answer named, who was not asked about, is a new question
    a = bot.ask("who was the other keynote speaker in that slot and what did he present?", history=[
        {"role": "user", "content": "What did Adriana Groh talk about?"},
        {"role": "assistant", "content": "Adriana Groh discussed the Sovereign Tech Fund."}])
    assert "Zendis" in a.text, a.text


def test_a_later_part_of_one_attribute_asks_it_of_what_the_part_before_named(third: Assistant) -> None:
    # "and what period?" has one word of its own (one no post uses): the period of the fund just asked about
    q = "How much money is in the Common Furrow Fund, and what period?"
    a = _verbatim(third.ask(q))
    assert not a.refused and fact_found(a.text, "five years"), a.text
    assert not any(s in a.text for s in NOT_SAID), a.text
    from assistant.answering.pipeline import _inherit

    first, later = third._ready().pipeline.understand(q).parts
    m = _inherit(later, first).mentions  # the topic's words, stems and places stay parallel lists
    assert "period" in m.topic_words and len(m.topic) == len(m.topic_words) == len(m.topic_at), m


def test_one_part_the_post_has_no_answer_of_its_kind_for_refuses_the_whole(bot: Assistant) -> None:
    # the keynote speaker is named; no city he is based in is
    a = _verbatim(bot.ask("Who gave the keynote at the governments panel, and which city is he based in?"))
    assert a.refused and "does not name that place" in a.text, a.text
    assert fact_found(a.text, "O'Donohue"), a.text  # what the post has is still said
    # a corrected premise is the answer, whatever the other part lacks
    a = bot.ask("Why did Pearse O'Donohue give the keynote at the youth panel, and which city does he live in?")
    assert not a.refused and "premise" in a.text and "does not name that place" in a.text, a.text
    # two parts the post answers are answered
    a = bot.ask("Which day was the AI panel on, and who gave its keynote?")
    assert not a.refused and fact_found(a.text, "Thigo"), a.text


def test_a_stance_word_asks_for_remarks_not_a_topic(third: Assistant) -> None:
    # "worried about" asks what each said; it is not a word their remarks must contain
    a = _verbatim(third.ask("Iolanda Ferraz and Jean-Baptiste Nkurunziza were on the same panel - "
                            "what was each of them worried about?"))
    assert not a.refused and fact_found(a.text, "consent forms") and fact_found(a.text, "Nkurunziza"), a.text
    assert not any(s in a.text for s in NOT_SAID), a.text


def test_a_who_question_about_no_keynote_is_not_answered_with_every_keynote(bot: Assistant) -> None:
    a = _verbatim(bot.ask("Did anyone mention a hackathon? who won it?"))
    assert "does not mention won" in a.text and "Thigo" not in a.text, a.text
    a = _verbatim(bot.ask("who gave the keynote on day 2?"))  # a keynote word: every keynote of the day
    assert not a.refused and fact_found(a.text, "Groh") and fact_found(a.text, "Mariano"), a.text


def test_a_typo_is_not_split_into_a_word_and_a_stop_word(bot: Assistant) -> None:
    # "keynot" became "key not", and "not at the governments panel" excluded the panel asked about
    a = _verbatim(bot.ask("who gave the keynot at the goverments panel"))
    assert not a.refused and fact_found(a.text, "O'Donohue") and "Thigo" not in a.text, a.text


def test_a_group_the_post_only_counts_is_not_named(bot: Assistant, third: Assistant) -> None:
    # "backed by seven funders", "26 governments … had signed": a count, no names after it
    for b, q, what in ((third, "who are the 7 funders of the pooled fund?", "7 funders"),
                       (third, "which 26 governments signed?", "26 governments"),
                       (bot, "which 37 countries did the All in Africa graduates come from?",
                        "37 different African countries")):  # (the group as the post words it)
        a = _verbatim(b.ask(q))
        assert a.refused and f"counts {what} but does not name them" in a.text, (q, a.text)
    # a count the post does name is answered; a number elsewhere in the question is not the group asked for
    a = _verbatim(third.ask("who were the four panelists on the financing panel?"))
    assert not a.refused and fact_found(a.text, "Lindqvist"), a.text
    a = _verbatim(bot.ask("which speakers appear in more than one session across the two days?"))
    assert not a.refused and fact_found(a.text, "Jelassi"), a.text


def test_undo_drops_what_was_said_after_the_mark(bot: Assistant) -> None:
    from assistant.answering.compose import Composer

    k = bot._ready().pipeline.k
    c = Composer(k, "en", "q")
    c.say("refuse")
    mark = c.mark()
    u = next(u for u in k.units if not u.heading)
    c.say("nearest", text=u.text, cite=c.cite(u))
    c.say("refuse")  # said already: a repeat, not a second line
    assert len(c.lines) == 2 and c.repeats == 1 and len(c.citations) == 1
    c.undo(mark)
    assert len(c.lines) == 1 and not c.citations and c.keys == ["refuse"] and c.repeats == 0
    assert c.cite(u) == "[1]"  # numbering starts again where the mark was


def test_words_of_recurrence_ask_for_the_themes_not_a_topic(third: Assistant) -> None:
    # "kept recurring" is how the question asks (the post's summary answers it), not what it is about
    a = _verbatim(third.ask("which themes kept recurring across the two days?"))
    assert not a.refused and "Digital Public Goods for Agriculture" in a.text and "kept" not in a.text, a.text


def test_how_large_is_it_asks_the_size_of_what_the_part_before_named(third: Assistant) -> None:
    # "large" in "how large" is the form of the answer (a number), not a topic: "it" is then the fund the
    # first part asked about, not a question of its own that nothing answers. And a question whose topic
    # is a fund is not asked of the session's name ("That is the Financing … Panel").
    q = "what is the pooled fund from the financing panel called and how large is it?"
    parts = third._ready().pipeline.understand(q).parts
    assert parts[1].mentions.topic_words == [] and "thing" in parts[1].mentions.references
    assert parts[0].intent.kind != "session_info"
    a = _verbatim(third.ask(q))
    assert not a.refused and fact_found(a.text, "Common Furrow") and fact_found(a.text, "18 million"), a.text
    assert not any(s in a.text for s in NOT_SAID), a.text


def test_a_later_part_with_no_subject_is_about_the_people_just_answered(bot: Assistant) -> None:
    # Spanish drops the subject: "¿… y de qué habló?" is word for word "what did talk about?"; it asks what
    # the people the part before answered with said (not a summary of the whole post).
    a = _verbatim(bot.ask("¿Quién del panel de jóvenes fundó Zlabs, y de qué habló?"))
    assert not a.refused and fact_found(a.text, "Mark Pereira") and fact_found(a.text, "bootcamps"), a.text
    assert "OSPOs for Good 2024 Conference showcased" not in a.text, a.text


def test_a_refinement_the_post_lacks_leaves_the_question_unanswered(third: Assistant) -> None:
    # "…, correct? which city exactly?": the bare later part is what the question is for. The post names East
    # Africa but no city, so confirming the first part does not make the question answered (it is still shown),
    # even where a city of another kind stands near (the summit's own Montpellier).
    q = "the next summit is going to be in East Africa, correct? which city exactly?"
    a = third.ask(q)
    assert a.refused and "East Africa" in a.text, a.text
    assert not third.ask("the next summit is going to be in East Africa, correct?").refused


def test_a_short_label_before_a_dash_is_the_subject_of_every_part(third: Assistant) -> None:
    # "Common Furrow Fund — how big, how long, …": the label was read as framing ("For my article: …"), so
    # "how long" lost its subject and was answered with the length of the summit
    a = _verbatim(third.ask("Common Furrow Fund — how big, how long, and who announced it?"))
    assert not a.refused and all(fact_found(a.text, f) for f in ("18 million", "five years", "Olmedo-Nakamura"))
    assert "2 days" not in a.text, a.text


def test_a_later_part_that_names_nothing_asks_of_what_the_part_before_named(bot: Assistant, third: Assistant) -> None:
    # "…, and what yield gain was seen?" names no person, session or thing of its own: it asks of the trials
    # the part before named (it had added "The post does not mention gain."); "what does it support?" asks
    # of Zendis, not of some other bullet about support
    a = _verbatim(third.ask("Tell me about the durum wheat trials, and what yield gain was seen?"))
    assert not a.refused and fact_found(a.text, "12 percent") and not any(s in a.text for s in NOT_SAID), a.text
    a = _verbatim(bot.ask("What is Zendis, and what does it support?"))
    assert not a.refused and fact_found(a.text, "digital sovereignty") and "burnout" not in a.text, a.text


def test_a_bare_count_after_a_which_question_counts_what_it_asked_for(third: Assistant) -> None:
    # "which sessions …, and how many?": "how many" names nothing of its own; it counts the sessions asked for
    # (as a part of its own it had counted nothing, and the whole question was refused)
    for q in ("which sessions were on the second day, and how many?", "which sessions were on day two, how many?"):
        a = _verbatim(third.ask(q))
        assert not a.refused and "4 sessions" in a.text, (q, a.text)
        assert not any(s in a.text for s in NOT_SAID), (q, a.text)
