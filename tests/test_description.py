"""Sessions and people named by what they are, not by their names (describe.py, mentions.py), and the
answers that lean on them, on the project's post and on a third fictional post of the same shape
(evals/third_post, a tune-only post: the questions here are written for these tests, not taken from
its evaluation set).
"""

from __future__ import annotations

import pytest

from assistant import Answer, Assistant
from evals.metrics import fact_found
from tests.conftest import POST, post_bot, source_text


def _answers(a: Answer, *facts: str) -> bool:
    for c in a.citations:
        assert source_text(c.source)[c.start:c.end] == c.quote
    return not a.refused and all(fact_found(a.text, f) for f in facts)


def _sessions(bot: Assistant, q: str) -> list[str]:
    return [r.title for r in bot._ready().pipeline.understand(q).mentions.named_sessions]


# ---- sessions by description -----------------------------------------------------------------------
def test_a_panel_described_by_its_subject_is_that_panel(bot: Assistant) -> None:
    assert _sessions(bot, "who sat on the panel about open source in developing regions?") == [
        "Open Source in the Global South Panel"]
    assert _sessions(bot, "what did the session on young people conclude?") == ["Youth and Open Source Panel"]
    a = bot.ask("Who were the speakers on the panel about open source in developing regions?")
    assert _answers(a, "Cerveny", "Kebe")
    # a clause after "about" ("how to …"), and words most titles share ("open source") left out of the match
    assert _sessions(bot, "who was on the panel about how to involve the open source community?") == [
        "Engaging the Open Source Community Panel"]
    assert _sessions(bot, "¿Quiénes participaron en el panel sobre cómo involucrar a la comunidad open source?") == [
        "Engaging the Open Source Community Panel"]


def test_the_sessions_a_question_asks_for_are_not_a_description(bot: Assistant) -> None:
    assert _sessions(bot, "which panels mentioned cities?") == []  # asked for, so not restricted to one
    assert _sessions(bot, "was there any discussion of youth mentoring?") == []  # "any discussion of": asked
    assert _sessions(bot, "what did the panel about cities conclude?") == ["Open Source Networked Cities Panel"]


def test_a_comparison_resolves_its_described_side_beside_its_named_one(bot: Assistant, second: Assistant) -> None:
    # only the side named by title words had been found, so there was nothing to compare
    assert _sessions(bot, "how did the panel about young people differ from the AI panel on education?") == [
        "Open Source and AI Panel", "Youth and Open Source Panel"]
    assert _sessions(bot, "compare the roadblocks raised by the developing-regions panel and by the panel about "
                          "the UN's own use") == [
        "Open Source at the UN Panel", "Open Source in the Global South Panel"]
    assert _sessions(second, "how did the session about paying for things differ from the Urban Heat panel?") == [
        "Urban Heat Panel", "Financing Open Infrastructure Panel"]


def test_an_ordinal_before_a_neighbour_step_says_right_beside(bot: Assistant, second: Assistant) -> None:
    # "the last panel before X" is the one right before X (it had also named the programme's last session)
    assert _sessions(second, "who sat on the last panel before the digital twins one?") == [
        "Data Governance and Privacy Panel"]
    assert _sessions(second, "what did the first session after the flood early warning panel discuss?") == [
        "Open Mobility Data Panel"]
    assert _sessions(bot, "on the last day-2 panel before the closing one, who talked about expanding worldwide?") == [
        "Engaging the Open Source Community Panel"]
    assert _sessions(bot, "what was the last session of day 1?") == ["Open Source and Governments Panel"]


def test_title_words_inside_a_longer_description_name_the_session_it_means(bot: Assistant,
                                                                           second: Assistant) -> None:
    # "the developing-world session" had been the "... Work in the World Panel", by its word "world"
    assert _sessions(bot, "according to the developing-world session, what's holding countries back?") == [
        "Open Source in the Global South Panel"]
    assert _sessions(bot, "who was on the world panel?") == ["Open Source at Work in the World Panel"]
    assert _sessions(bot, "who spoke on the African youth panel?") == ["Youth and Open Source Panel"]
    assert _sessions(second, "what did the extreme heat panel say?") == ["Urban Heat Panel"]


def test_a_neighbour_or_a_place_from_the_end_however_it_is_worded(bot: Assistant, second: Assistant) -> None:
    # words between the noun and "after" ("that came right after") had left the neighbour unread
    assert _sessions(bot, "what got discussed in the panel that came right after the youth one") == [
        "Open Source Networked Cities Panel"]
    assert _sessions(second, "who sat on the session just before the financing panel?") == [
        "Digital Twins for Planning Panel"]
    # "second to last" counts from the end ("last" alone had named the last session)
    assert _sessions(bot, "second to last session of the conference - who was on it?") == [
        "Engaging the Open Source Community Panel"]
    assert _sessions(bot, "what did the penultimate session cover?") == ["Engaging the Open Source Community Panel"]
    assert _sessions(second, "who sat on the second to last session?") == ["Emergency Response Data Sharing Workshop"]
    assert _sessions(bot, "who was on the second panel on day 1?") == ["Open Source in the Global South Panel"]


def test_a_session_or_person_left_out_is_not_what_is_asked(bot: Assistant, second: Assistant) -> None:
    # "apart from X" had not excluded X (only "except", "besides", … right before the name did)
    m = second._ready().pipeline.understand("apart from Greta Solberg, who on the urban heat panel talked about "
                                            "trees?").mentions
    assert m.excluded_people == ["Greta Solberg"] and not m.people
    a = bot.ask("apart from Sasha Luccioni, who on the AI panel talked about democratizing AI?")
    assert not a.refused and a.citations[0].quote.find("Luccioni") < 0, a.text
    # "leaving out X, list the keynote speakers": every keynote but X's (it had listed X's panelists)
    a = second.ask("leaving out the urban heat panel, list the keynote speakers")
    assert "Maasland" in a.text and "Wróbel" not in a.text, a.text


def test_a_vague_description_names_no_session(bot: Assistant) -> None:
    # "money" is near several sessions and leads none by the margin.
    assert _sessions(bot, "who spoke on the panel about money?") == []
    assert _sessions(bot, "did the talk about money mention anyone?") == []


def test_the_one_workshop_and_an_ordinal_that_only_looks_like_a_title_word(third: Assistant) -> None:
    assert _answers(third.ask("who gave the keynote at the hands-on workshop?"), "Lukumay")
    # "opening" is the first session of the programme, not the "Open Seed Data Panel".
    assert _sessions(third, "how many people were on the opening panel?") == [
        "Digital Public Goods for Food Systems Panel"]
    assert _answers(third.ask("How many people were on the opening panel?"), "5")


def test_a_title_word_written_longer_still_names_the_session(third: Assistant) -> None:
    a = third.ask("who gave the keynote on farmers' data rights?")
    assert _answers(a, "Abdi") and "Abdi" in a.text.splitlines()[0]  # the Farm Data Rights Panel comes first


def test_a_sessions_people_named_by_its_subject(third: Assistant) -> None:
    # "the weather people": the Weather and Climate Advisories Panel, marked by a group noun, not a topic word.
    assert sorted(_sessions(third, "how did the weather people and the seed people differ on funding?")) == [
        "Open Seed Data Panel", "Weather and Climate Advisories Panel"]
    assert _sessions(third, "did the weather change the schedule?") == []  # no group noun: a topic word
    q = third._ready().pipeline.understand("what did the weather folks say about batteries?")
    assert "folks" not in q.mentions.topic_words


def test_ordinals_joined_or_standing_alone_name_sessions(third: Assistant) -> None:
    first, last = "Digital Public Goods for Food Systems Panel", "Closing Plenary: Seeds of a Shared Future"
    assert sorted(_sessions(third, "how did the first and last sessions differ?")) == sorted([first, last])
    assert sorted(_sessions(third, "how was the closing different from the opening?")) == sorted([first, last])
    assert _sessions(third, "what did the first one say") == []  # "one": someone in a list, not a session


def test_a_possessive_mention_elsewhere_is_not_a_remark(third: Assistant) -> None:
    # The closing plenary cites "the crop insurance platform adapted by Nguyễn Thị Lan's team"; she spoke on day 1.
    remarks = third._ready().knowledge.people["Nguyễn Thị Lan"].remarks
    assert remarks and {u.session for u in remarks} == {"Digital Public Goods for Food Systems Panel"}
    a = third.ask("what did Nguyễn Thị Lan say on the closing panel about south-south exchange?")
    assert "is not listed at the Closing Plenary" in a.text


# ---- people by description -------------------------------------------------------------------------
def test_people_described_by_their_organisation_or_title(third: Assistant) -> None:
    m = third._ready().pipeline.understand(
        "compare what the development bank guy and the foundation person want funders to do").mentions
    assert [p.name for p in m.people] == ["Yaw Darko-Mensah", "Astrid Lindqvist"]
    assert _answers(third.ask("What did the minister say about farm data?"), "Abdi", "charter")
    # A common word after "the" is not a person because one title uses it.
    assert third._ready().pipeline.understand("what was on the programme on day one").mentions.people == []


def test_an_unnamed_speaker_is_not_given_a_name_by_description(bot: Assistant) -> None:
    a = bot.ask("whats the name of the unicef person who did the keynote")
    assert a.refused and "does not name" in a.text, a.text


# ---- answers --------------------------------------------------------------------------------------
def test_where_a_topic_came_up_quotes_each_mention_in_a_session(third: Assistant) -> None:
    assert _answers(third.ask("where did coffee come up?"), "Nkurunziza", "Prates")


def test_who_someone_is_comes_with_what_they_said(bot: Assistant) -> None:
    assert _answers(bot.ask("who is Sachiko Muto?"), "Engaging the Open Source Community Panel", "beyond code")


def test_framing_alone_is_not_a_question(bot: Assistant) -> None:
    history = [{"role": "user", "content": "what did the youth panel say about funding?"},
               {"role": "assistant", "content": "Ruth pointed out that there is more support from the private sector."}]
    a = bot.ask("forget that. which sessions were on day 1?", history=history)
    assert _answers(a, "Open Source and AI Panel", "Open Source and Governments Panel")
    assert "Youth" not in a.text and "forget" not in a.text.lower()


def test_the_venue_and_a_rundown_of_another_post(third: Assistant) -> None:
    assert _answers(third.ask("in which city was the summit held?"), "Montpellier")
    a = third.ask("give me a quick rundown of the whole summit")
    assert _answers(a) and any(c.session == "Summary" for c in a.citations)


# ---- who said it -----------------------------------------------------------------------------------
def test_a_remark_is_attributed_to_who_made_it(bot: Assistant, third: Assistant) -> None:
    a = bot.ask("What did Andreas Reckert-Lodde say about the Sovereign Tech Fund?")
    # whose remark it is, and what he did say; the post does not answer what *he* said about it: a refusal
    assert a.refused and all(w in a.text for w in ("Groh", "Zendis", "does not record")), a.text
    # A generic word ("results") is not a topic to hand to someone else: his own remarks answer it.
    a = third.ask("What results did Asante-Boateng report?")
    assert _answers(a, "22 percent", "maize") and "does not record" not in a.text


# ---- comparisons -----------------------------------------------------------------------------------
def test_sessions_a_list_answered_are_then_compared(bot: Assistant) -> None:
    a = bot.ask("what's the difference between the two day-2 panels that had no keynote?")
    assert _answers(a, "Open Source Networked Cities Panel", "Engaging the Open Source Community Panel", "smart city")
    assert "burnout" in a.text


def test_a_comparisons_other_side_may_name_its_session_by_a_title_word_alone(bot: Assistant) -> None:
    # "… with the hurdles for city projects": no session noun stands by "city", yet it is the comparison's
    # other side; both sessions are quoted (before, only the Global South panel was)
    for q in ("Compare the hurdles named by the Global South panel with the hurdles for city projects",
              "how did the governments panel differ from city projects on funding?"):
        a = bot.ask(q)
        assert "Open Source Networked Cities Panel" in {c.session for c in a.citations}, (q, a.text)
    # a contrast word after the words does not make them a side: "what two kinds of community were contrasted"
    a = bot.ask("In the first panel of day two, what two kinds of community were contrasted?")
    assert {c.session for c in a.citations} == {"Open Source at Work in the World Panel"}, a.text
    # nor does a topic after "on"/"about", nor a short word ("AI", "UN") standing alone
    for q in ("how did the youth panel differ on AI?", "compare what the youth panel said about the UN",
              "how did the youth panel's view differ on education and on cities?"):
        a = bot.ask(q)
        assert {c.session for c in a.citations} <= {"Youth and Open Source Panel"}, (q, a.text)


def test_a_comparison_quotes_no_bare_headings_and_keeps_the_questions_order(third: Assistant) -> None:
    a = third.ask("compare the seed panel and the farm data rights panel on consent")
    assert _answers(a, "consent")
    lines = a.text.splitlines()
    assert "Open Seed Data Panel" in lines[0]  # named first, answered first
    assert not any(line.rstrip(" [0-9]").endswith("“Consent in Plain Language”: Consent in Plain Language")
                   for line in lines)


def test_a_day_on_another_noun_and_his_own_keynote_are_no_false_premise(bot: Assistant) -> None:
    a = bot.ask("Compare what Philip Thigo said in his day-one keynote with what he said on the closing panel.")
    assert _answers(a, "transparency", "Global South") and "not Day 1" not in a.text
    a = bot.ask("Did Thigo say the same kind of thing in his keynote and in the final panel?")
    assert "premise" not in a.text and "did not give the keynote" not in a.text


# ---- counts ----------------------------------------------------------------------------------------
def test_counts_of_keynote_speakers_speakers_and_a_kind_of_session(third: Assistant) -> None:
    # Day 1 has five sessions with a keynote, one of them given by two people.
    assert _answers(third.ask("number of keynote speakers on day 1?"), "6 keynote speakers on Day 1")
    assert _answers(third.ask("how many sessions had a keynote on day 1?"), "5 keynotes on Day 1")
    a = third.ask("how many workshops were there?")
    assert _answers(a, "1 workshop") and a.citations[0].session == "Farmer Advisory Services Workshop"
    a = third.ask("how many speakers were there in total?")
    assert _answers(a, "speakers") and "giving keynotes" in a.text
    # The kind counted is the noun after "how many": a kind named elsewhere is part of the count.
    n = len(third._ready().pipeline.catalog.day_sessions())
    a = third.ask("how many sessions were there over the two days, the workshop included?")
    assert _answers(a, f"{n} sessions") and "1 workshop" not in a.text, a.text


def test_a_question_that_changes_the_subject_reads_no_history(bot: Assistant) -> None:
    history = [{"role": "user", "content": "Qui a fait la keynote du panel jeunesse ?"},
               {"role": "assistant", "content": "Un représentant de l'UNICEF, dont le nom n'est pas donné."}]
    fresh = bot.ask("qui a parlé de l'IA dans le secteur financier ?")
    switched = bot.ask("Autre question : qui a parlé de l'IA dans le secteur financier ?", history=history)
    assert "Gaggo Huerta" in fresh.text and "Gaggo Huerta" in switched.text and "Youth" not in switched.text


# ---- three verdicts ---------------------------------------------------------------------------------
def test_partly_names_what_the_post_lacks_and_quotes_the_rest(third: Assistant, bot: Assistant) -> None:
    # A count of a thing no post mentions is no partial answer: the number beside another word ("the 37
    # cooperatives") is the closest the post comes, quoted under a refusal that names the missing word.
    a = third.ask("How many kolkhozes pay into the federation's levy?")
    assert a.refused and a.text.startswith("The post does not mention kolkhozes") and "37 cooperatives" in a.text
    # "co-ops" is one word the post says as "cooperatives": answered in full, not partly
    a = third.ask("How many co-ops pay into the levy Castañeda described?")
    assert _answers(a, "37") and not a.text.startswith("The post does not mention")
    # Nothing known left once the unknown word's own term is set aside: a refusal, not a partial answer.
    history = [{"role": "user", "content": "who gave the keynote on the youth panel?"},
               {"role": "assistant", "content": "A UNICEF Representative; the post does not name them."}]
    assert bot.ask("ok, so what's her job title then?", history=history).refused
    assert bot.ask("was the conference livestreamed?").refused


def test_an_answer_is_never_empty_when_a_filter_leaves_a_route_nothing(bot: Assistant) -> None:
    # Found by Hypothesis: two mentions of day 1 under a Day 2 filter made a comparison of nothing.
    a = bot.ask("DAY:1:DAY1", day="Day 2")
    assert a.text.strip() and (a.refused or a.citations)


def test_who_questions_name_everyone_who_spoke_to_the_topic(third: Assistant) -> None:
    # two people in one panel spoke about index insurance: a "who" answer quotes and names both
    for q in ("who spoke about insurance that pays based on rainfall data",
              "Who covered insurance paying out from weather data?"):
        a = third.ask(q)
        assert _answers(a, "Mwape", "Ichikawa-Mendes"), a.text


def test_a_date_or_country_question_needs_a_date_or_a_country(third: Assistant) -> None:
    # "the end of March" is a time, not the dates; "Livestock Development" is capitalised, not a country.
    dates = third.ask("What were the exact dates of the summit?")
    assert dates.refused and any("end of March" in c.quote for c in dates.citations)
    assert "mention dates" not in dates.text, dates.text  # "dates" is the kind of answer asked, not its topic
    assert not third.ask("how long did the summit last?").refused
    country = third.ask("Which country is Nasra Abdi the agriculture minister of?")
    assert country.refused and "Nasra Abdi" in country.text
    radio = third.ask("which country was Pedro Saraiva talking about when he praised community radio?")
    assert not radio.refused and "Mozambique" in radio.text


def test_a_city_question_needs_a_city_not_a_region(bot: Assistant, third: Assistant) -> None:
    # "East Africa" is where the next summit goes: a place, but no city; the venue's city answers.
    nxt = third.ask("In what city will the next summit be held?")
    assert nxt.refused and any("next summit" in c.quote for c in nxt.citations), nxt.text
    assert "Montpellier" in third.ask("which town did the summit take place in?").text
    for q in ("which city was the conference in?", "what city hosted the conference"):
        a = bot.ask(q)
        assert not a.refused and "New York" in a.text, (q, a.text)


def test_remarks_asked_of_someone_the_post_only_lists(third: Assistant) -> None:
    # "argument" asks what they said: a listed panelist has none, one who spoke is quoted
    listed = third.ask("what was Hamid Rezaei-Tabar's main argument on the soil panel?")
    assert listed.refused and "does not record" in listed.text, listed.text
    spoke = third.ask("what was Kalinda Mwape's argument in the weather panel")
    assert not spoke.refused and "index insurance" in spoke.text, spoke.text


def test_a_person_asked_of_a_relation_no_post_has(bot: Assistant, third: Assistant) -> None:
    # whichever intent wins (extraction, a comparison of the people named), a moderator is not in the posts
    for b, q in ((bot, "who was the moderator of the open source & AI panel?"),
                 (third, "who moderated the panel with Darko-Mensah and Fukuzawa?")):
        a = b.ask(q)
        assert a.refused and "moderat" in a.text, (q, a.text)


def test_the_askers_present_is_not_in_a_record_of_the_conference(
        bot: Assistant, tmp_path_factory: pytest.TempPathFactory) -> None:
    # "this weekend", "tomorrow": the post cannot answer for them, unless a post says them itself
    for q in ("what's the weather going to be like in New York this weekend?", "is there a session on AI tomorrow?"):
        a = bot.ask(q)
        assert a.refused and "record of the conference" in a.text, (q, a.text)
    d = tmp_path_factory.mktemp("now") / "corpus"
    d.mkdir()
    text = POST.read_text(encoding="utf-8").replace("The closing discussions envisioned",
                                                    "Tomorrow, the closing discussions envisioned", 1)
    assert "Tomorrow" in text
    (d / POST.name).write_text(text, encoding="utf-8")
    said = post_bot(tmp_path_factory, d, "index_now").ask("what happens tomorrow?")
    assert "record of the conference" not in said.text, said.text


def test_one_persons_two_appearances_are_set_side_by_side(bot: Assistant) -> None:
    # "the first time versus the closing plenary": both of Thigo's sessions, not only the one named
    a = bot.ask("Thigo showed up twice: what was his focus the first time versus at the closing plenary?")
    assert not a.refused and {c.session for c in a.citations} >= {
        "Open Source and AI Panel", "Closing Plenary: The Next Decade: Envisioning the Future of Open Source"}, a.text


def test_a_count_of_one_kind_of_session_names_them(third: Assistant) -> None:
    a = third.ask("how many workshops were held?")
    assert _answers(a, "1 workshop", "Farmer Advisory Services Workshop"), a.text


def test_weather_stations_asked_in_spanish_and_french(third: Assistant) -> None:
    # "estaciones meteorológicas" are weather stations, not seasons and meteorologists
    for q in ("¿cuántas estaciones meteorológicas tiene la red?", "combien de stations météo dans le réseau ?"):
        a = third.ask(q)
        assert _answers(a, "520"), (q, a.text)


def test_who_presented_a_thing_names_that_keynote_not_every_keynote(third: Assistant) -> None:
    a = third.ask("who presented the network of weather stations?")
    assert _answers(a, "Ichikawa-Mendes") and "Quispe-Villca" not in a.text, a.text
    a = third.ask("Who presented the open soil map?")  # an unnamed representative: said so, not a list
    assert "Soil and Satellite Data Panel" in a.text and "Quispe-Villca" not in a.text, a.text


def test_a_bare_later_part_asks_about_what_the_part_before_named(third: Assistant) -> None:
    # "which city exactly" is of the next summit (East Africa, no city), not the venue (Montpellier)
    a = third.ask("the next summit is going to East Africa? which city exactly")
    assert "Espace Garrigue" not in a.text and "does not" in a.text, a.text


def test_opening_or_closing_the_event_or_a_day_names_its_first_or_last_session(bot: Assistant,
                                                                             third: Assistant) -> None:
    # "who opened the conference" listed every keynote
    for b, q, who in ((bot, "who opened the conference?", "Philip Thigo"),
                      (bot, "who closed the conference?", "Bernardo Mariano Junior"),
                      (bot, "who kicked off day 2?", "Adriana Groh"),
                      (third, "who closed the summit?", "Ouédraogo-Laurent")):
        a = b.ask(q)
        assert _answers(a, who) and len({c.session for c in a.citations}) == 1, (q, a.text)


def test_who_is_answered_by_a_named_agent_not_only_a_person(third: Assistant) -> None:
    # "organised by the Open Harvest Alliance": an organisation answers "who organised it?"
    a = third.ask("who organised the summit?")
    assert _answers(a, "Open Harvest Alliance"), a.text


def test_framing_words_of_a_summary_or_a_comparison_are_no_topic(bot: Assistant) -> None:
    a = bot.ask("what was the main message of the conference?")
    assert not a.refused and "not mention message" not in a.text, a.text
    a = bot.ask("what did the youth panel and the cities panel have in common?")
    assert not a.refused and "about common" not in a.text and "Networked Cities" in a.text, a.text


def test_the_part_before_a_dash_is_what_a_pronoun_after_it_stands_for(third: Assistant) -> None:
    a = third.ask("the radio guy - what was his point")  # not a preamble: "his" is the radio guy
    assert _answers(a, "Saraiva", "community radio"), a.text


def test_an_unnamed_keynote_speakers_organisation_names_their_session(bot: Assistant, third: Assistant) -> None:
    # "Keynote by UNICEF Representative": "the UNICEF keynote" / "the UNICEF rep" is that session, and
    # "unicef" is then no topic to search for ("5 sections of the post discuss unicef future digital …").
    for b, q, title, fact in (
            (bot, "what did the UNICEF keynote say about future digital public infrastructure?",
             "Youth and Open Source Panel", "foundational"),
            (third, "what did the open harvest alliance rep talk about?", "Soil and Satellite Data Panel", "")):
        assert _sessions(b, q) == [title], q
        m = b._ready().pipeline.understand(q).mentions
        assert not {"unicef", "alliance", "rep"} & set(m.topic_words), (q, m.topic_words)
        a = b.ask(q)
        assert _answers(a, *[f for f in (fact,) if f]) and a.citations[0].session == title, (q, a.text)
    # A label word alone, with no session or person noun after it, is a topic, not the session.
    assert _sessions(bot, "which sessions mentioned unicef?") == []


def test_a_quote_that_opens_with_a_pronoun_names_whose_words_they_are(third: Assistant) -> None:
    # "She announced the Common Furrow Fund, …" (the financing keynote): the answer says who "she" is.
    a = third.ask("what pooled fund was announced for maintaining agricultural digital public goods?")
    assert _answers(a, "Common Furrow", "Olmedo-Nakamura"), a.text
    assert "She announced" in a.text and "The speaker there is Beatriz Olmedo-Nakamura" in a.text, a.text


def test_who_comes_from_an_organisation_is_the_one_whose_affiliation_it_is(bot: Assistant, third: Assistant) -> None:
    # The panelists line gives affiliations: "who … comes from Zlabs" is the one person whose it is, with
    # their roles (not the panelists line quoted whole); in Spanish too ("juvenil", "viene de").
    a = bot.ask("¿Quién del panel juvenil viene de Zlabs?")
    assert _answers(a, "Mark Pereira") and "Ruth Ikega" not in a.text, a.text
    a = third.ask("which speaker came from the Volta Development Bank?")
    assert _answers(a, "Darko-Mensah") and a.text.count("(") <= 2, a.text
    # "works at" after "the youth panel" is a verb, not the "Open Source at Work …" panel's title word
    assert _sessions(bot, "who on the youth panel works at GitHub?") == ["Youth and Open Source Panel"]


def test_what_a_panel_said_about_a_topic_is_searched_in_the_whole_session(bot: Assistant,
                                                                         third: Assistant) -> None:
    # "what did the youth panel say about careers?" scored as a keynote question and listed the UNICEF
    # keynote's points, none about careers; with a topic and no "keynote" asked, the whole session is searched.
    a = bot.ask("what did the youth panel say about careers?")
    assert _answers(a, "career") and "UNICEF Representative" not in a.text, a.text
    a = third.ask("what did the weather panel say about insurance?")
    assert _answers(a, "insurance") and a.citations[0].session == "Weather and Climate Advisories Panel", a.text
    a = bot.ask("what did the youth panel keynote say?")  # the keynote asked for: its points
    assert _answers(a, "UNICEF") and "venture fund" in a.text, a.text


def test_a_section_bullet_using_more_of_the_topic_is_not_hidden_by_a_closer_one(third: Assistant) -> None:
    # The tools panel's "Local Languages" has two bullets: "translations should be recognised …" stands
    # closer in meaning, but the Kinyarwanda one uses more of the topic's words; each section shows both.
    ans = third.ask("which sessions talked about translation or local languages?")
    assert not ans.refused
    assert "Kinyarwanda" in ans.text and "recognised as contributions" in ans.text


def test_a_comparison_quotes_each_sides_best_key_insight_whole(bot: Assistant) -> None:
    # The governments panel's best point is under "Challenges in Adoption", whose second bullet (technical
    # expertise, hiring skilled personnel) shares no word with the question: it is the same point, quoted too.
    assert _answers(bot.ask("how did the government panel and the UN panel differ on what held back adoption?"),
                    "resistance to change within government institutions", "hiring skilled personnel")


def test_a_comparison_sets_each_sides_best_point_beside_its_counterpart(bot: Assistant) -> None:
    # The governments panel's best bullet on the question sits under "Challenges in Adoption"; the UN
    # panel's counterpart is its bullet under "Challenges and Solutions", though its own best is on policy.
    ans = bot.ask("what stood in the way of adoption for the governments panel compared with the UN panel?")
    assert not ans.refused
    assert "resistance to change within government institutions" in ans.text
    assert "lack of technical expertise" in ans.text


def test_a_bare_ordinal_after_a_day_is_a_day_too(third: Assistant) -> None:
    # "the second's" stands for "the second day's" (it had been read as the second session: "The Open Seed
    # Data Panel was on Day 1"); both days are compared, the introduction's words on each first.
    assert _answers(third.ask("in what way did the first day's emphasis differ from the second's?"),
                    "The first day focused on the foundations", "The second day turned to weather")


def test_a_days_summary_begins_with_what_the_introduction_says_of_it(third: Assistant) -> None:
    ans = third.ask("give me the gist of day 2")
    assert not ans.refused
    assert ans.text.index("The second day turned to weather") < ans.text.index("Day 2 had")


def test_what_days_are_compared_in_or_how_loosely_is_no_topic(bot: Assistant) -> None:
    # "lineup" and "broadly" say in what and how loosely the days are compared: not a topic Day 2 lacks
    ans = bot.ask("broadly speaking, how did day one's lineup compare with day two's?")
    assert not ans.refused
    assert "does not say" not in ans.text
    assert "Youth and Open Source Panel" in ans.text and "Open Source and AI Panel" in ans.text


def test_a_short_surname_that_is_no_everyday_word_names_its_person(third: Assistant) -> None:
    # "Eze" (three letters) had been passed over as too short to be a name: the question was answered
    # about Deshpande alone. People come in the order the question names them.
    p = third._ready().pipeline
    m = p.understand("Deshpande and Eze both spoke on registries: what went wrong in each one's view?").mentions
    assert [r.name for r in m.people] == ["Ravindra Deshpande", "Chiamaka Eze"]
    assert [r.name for r in p.understand("what did eze say about registries?").mentions.people] == ["Chiamaka Eze"]


def test_the_first_one_after_a_day_is_a_session_of_that_day_not_another_day(third: Assistant) -> None:
    p = third._ready().pipeline
    assert p.understand("On day 2, what was the first one about?").mentions.days == ["Day 2"]


def test_a_short_surname_credits_the_remarks_that_name_her_by_it(third: Assistant) -> None:
    # "Eze called for registries to record every person …" is hers, as "Chiamaka Eze pointed out …" is
    ans = third.ask("What did Eze say?")
    assert "Eze called for registries" in ans.text and "male head of household" in ans.text
