"""Unit tests for evals.metrics and evals.support on hand-made cases drawn from the post.

The calibration pairs at the bottom are the data behind support.LEXICAL_THRESHOLD and
COSINE_THRESHOLD; evals/README.md quotes the numbers these tests pin down.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from assistant.types import Answer, Citation
from evals.contradictions import claim_and_deny, denied_words
from evals.metrics import (
    Check,
    GoldenItem,
    citation_problems,
    claim_sentences,
    fact_found,
    faithfulness_check,
    faithfulness_score,
    hit_at_k,
    key_facts_seen,
    percentile,
    recall_at_k,
    score_item,
)
from evals.support import (
    COSINE_THRESHOLD,
    LEXICAL_THRESHOLD,
    SupportJudge,
    entities,
    extract_claims,
    is_framing,
    lexical_coverage,
    split_sentences,
    verify_claims,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "corpus/ospos-for-good-2024.md"
POST = (ROOT / SOURCE).read_text(encoding="utf-8")
YOUTH = "Youth and Open Source Panel"
WORK = "Open Source at Work in the World Panel"


def cite(n: int, quote: str, session: str, *, passage: str = "") -> Citation:
    """A real citation: the quote's first occurrence in the post."""
    start = POST.index(quote)
    return Citation(
        n=n,
        session=session,
        day="Day 2",
        quote=quote,
        start=start,
        end=start + len(quote),
        source=SOURCE,
        passage=passage or quote,
    )


GRADUATES = "The initiative has graduated over 250 participants from 37 different African countries"
ZENDIS = (
    "Andreas Reckert-Lodde introduced Zendis, a public company supporting the German government’s digital"
)
LAGOS = (
    "Ruth shared about organizing events like the Open Source Festival in Lagos, which gather thousands of "
    "young people"
)
INSIGHT_1 = POST[POST.index("1. **Engaging Youth in Open Source:**") : POST.index(GRADUATES) + len(GRADUATES)]
ITEM = GoldenItem(
    id="t1",
    question="How many people graduated from All in Africa?",
    kind="fact",
    answerable=True,
    sessions=(YOUTH,),
    key_facts=("250", "37 | thirty-seven"),
)
LEXICAL = SupportJudge()  # no embedder: deterministic and fast


# --- retrieval and key facts --------------------------------------------------------------------------


def test_hit_and_recall_at_k() -> None:
    got = ["A", "B", "C", "D", "E"]
    assert hit_at_k(got, ["C"], 4) and not hit_at_k(got, ["E"], 4)
    assert recall_at_k(got, ["A", "E"], 4) == 0.5
    assert recall_at_k(got, ["A", "A", "B"], 2) == 1.0
    assert recall_at_k(got, [], 4) == 0.0


def test_fact_found_alternatives_case_and_accents() -> None:
    text = "Dirk Schrodter and PEARSE O'DONOHUE spoke; the event was in New York."
    assert fact_found(text, "Schrödter")
    assert fact_found(text, "Pearse O’Donohue")  # curly apostrophe in the fact, straight in the text
    assert fact_found(text, "Geneva | New York")
    assert fact_found("Tawfik Jelassi gave 2 keynotes", "two") and fact_found("two days", "2")
    assert not fact_found("12 sessions", "two") and not fact_found("often", "ten")
    assert not fact_found(text, "Geneva | Paris")


# --- sentences ------------------------------------------------------------------------------------------


def test_split_sentences_attaches_markers_and_keeps_abbreviations() -> None:
    text = (
        "Panelists included H.E. Bayissa Badada and Lindsay J. Thompson [1]. It was Day 1. [2]\n"
        "- **Zendis:** a public company [3]\n\nSources:"
    )
    got = split_sentences(text)
    assert [s.markers for s in got] == [(1,), (2,), (3,), ()]
    assert got[0].clean == "Panelists included H.E. Bayissa Badada and Lindsay J. Thompson."
    assert got[2].clean == "Zendis: a public company"
    quoted = split_sentences("They spoke of a “tragedy of the commons.” [1]. Then more [2].")
    assert [s.markers for s in quoted] == [(1,), (2,)]
    clauses = split_sentences("Thigo gave a keynote [1]; and was on the closing panel [2] [3].")
    assert [(s.clean, s.markers) for s in clauses] == [
        ("Thigo gave a keynote", (1,)),
        ("; and was on the closing panel.", (2, 3)),
    ]


def test_framing_is_not_a_claim_unless_cited() -> None:
    framing = [
        "The post does not say how many people attended.",
        "I could not find that in the post.",
        "Sources:",
        "Unfortunately, that is not covered.",
        "What the post records Ruth Ikega saying:",
        "El post no lo dice.",
        "Le post ne le précise pas.",
    ]
    assert all(is_framing(s) for t in framing for s in split_sentences(t))
    assert is_framing(split_sentences("Nothing in the post is close to that topic, so there is nothing to cite.")[0])
    assert not is_framing(split_sentences("The post does not name a venue fee [1].")[0])
    assert not is_framing(split_sentences("Zendis is a public company.")[0])
    assert [s.clean for s in claim_sentences("The post does not say. Zendis is public [1].")] == [
        "Zendis is public."
    ]
    # A numbered line's enumerator is cut off as a "sentence" of its own; it claims nothing.
    assert [s.clean for s in claim_sentences("- 1. Develop policies [2]\n- 2. Foster communities [3]")] == [
        "Develop policies", "Foster communities"]


def test_entities_are_names_and_numbers_not_sentence_starts() -> None:
    # A clause's first word is skipped (it is capitalised anyway), so "Ruth" after the colon is not kept.
    assert entities("Panelists: Ruth Ikega said 250 graduated [1].") == {"ikega", "250"}
    assert entities("The keynote highlighted UNICEF's commitment.") == {"unicef"}


# --- citations ------------------------------------------------------------------------------------------


def test_citation_problems() -> None:
    good = cite(1, GRADUATES, YOUTH)
    sources = {SOURCE: POST}
    assert citation_problems("Over 250 graduated [1].", [good], sources) == []
    assert citation_problems("Refused, nothing cited.", [], sources) == []
    moved = Citation(**{**good.__dict__, "start": good.start + 1, "end": good.end + 1})
    assert "quote is not" in citation_problems("x [1]", [moved], sources)[0]
    assert citation_problems("x [2]", [good], sources) == ["[2] has no citation"]
    assert "duplicate" in citation_problems("x [1]", [good, good], sources)[0]
    lost = Citation(**{**good.__dict__, "source": "../etc/passwd"})
    assert "not a readable file" in citation_problems("x [1]", [lost], sources)[0]


def checks(item: GoldenItem, answer: Answer, retrieved: list[str] | None = None) -> dict[str, Check]:
    got = score_item(item, answer, retrieved, k=4, judge=LEXICAL, sources={SOURCE: POST})
    return {c.metric: c for c in got}


def test_score_item_good_answer() -> None:
    ans = Answer(
        text="The All in Africa initiative has graduated over 250 participants from 37 African "
        "countries [1].",
        citations=[cite(1, GRADUATES, YOUTH, passage=INSIGHT_1)],
    )
    got = checks(ITEM, ans, [WORK, YOUTH])
    assert {m: c.verdict for m, c in got.items()} == {
        "hit_at_k": "pass",
        "recall_at_k": "pass",
        "key_fact_accuracy": "pass",
        "key_fact_rate": "pass",
        "useful": "pass",
        "false_refusal_rate": "pass",
        "citation_validity": "pass",
        "citation_recall": "pass",
        "grounding": "pass",
        "citation_precision": "pass",
        "citation_precision_strict": "pass",
    }


def test_a_refusal_that_quotes_the_answer_is_not_useful() -> None:
    # Every key fact is in the text, but the answer says the post does not cover it: a failure.
    ans = Answer(
        text="The post does not say. The closest it comes: “The initiative has graduated over 250 participants "
        "from 37 different African countries” [1]",
        citations=[cite(1, GRADUATES, YOUTH, passage=INSIGHT_1)], refused=True,
    )
    got = checks(ITEM, ans, [WORK, YOUTH])
    assert got["key_fact_accuracy"].verdict == "pass" and got["useful"].verdict == "fail"


def test_key_facts_match_on_word_boundaries() -> None:
    assert not fact_found("It is often said", "ten")  # not inside another word
    assert not fact_found("over 16 panelists", "6") and fact_found("over 6 panelists", "6")
    assert not fact_found("he said so", "AI") and fact_found("open source AI", "AI")
    assert fact_found("financing models", "financ")  # a longer stem may end inside a word
    assert fact_found("The UN’s council", "UN's") and fact_found("Schrödter", "Schrodter")


def test_recall_grounding_and_precision_differ() -> None:
    # Sentence 1 is supported by its citation. Sentence 2 has no marker, but citation [2] supports it:
    # grounded, not cited. Sentence 3 cites [1], which does not support it, and no citation does.
    # [2] is cited by no sentence and lies outside the gold session: not precise, even leniently.
    text = (
        "Over 250 participants from 37 African countries graduated [1]. "
        "Andreas Reckert-Lodde introduced Zendis, a public company. "
        "The Open Source Festival in Lagos gathers young people [1]."
    )
    ans = Answer(text=text, citations=[cite(1, GRADUATES, YOUTH), cite(2, ZENDIS, WORK)])
    got = checks(ITEM, ans)
    assert "hit_at_k" not in got  # retrieval not run
    assert (got["citation_recall"].num, got["citation_recall"].den) == (1, 3)
    assert (got["grounding"].num, got["grounding"].den) == (2, 3)
    assert (got["citation_precision"].num, got["citation_precision"].den) == (1, 2)  # [1] in gold session
    assert (got["citation_precision_strict"].num, got["citation_precision_strict"].den) == (1, 2)
    assert got["citation_validity"].verdict == "pass"
    lagos_only = Answer(
        text="The Open Source Festival in Lagos gathers young people [1].", citations=[cite(1, LAGOS, YOUTH)]
    )
    assert checks(ITEM, lagos_only)["citation_recall"].verdict == "pass"
    assert checks(ITEM, lagos_only)["key_fact_accuracy"].verdict == "fail"


def test_refusals() -> None:
    refusal = Answer(text="The post does not say how much a ticket cost.", refused=True)
    unanswerable = GoldenItem(
        id="u",
        question="Ticket price?",
        kind="unanswerable",
        answerable=False,
        sessions=("Introduction & Context",),
    )
    got = checks(unanswerable, refusal, ["Introduction & Context"])
    assert got["refusal_accuracy"].verdict == "pass"
    assert "hit_at_k" not in got and "key_fact_accuracy" not in got
    assert got["citation_recall"].verdict == "n/a" and got["grounding"].verdict == "n/a"  # framing only
    premise = GoldenItem(
        id="p",
        question="Why was it held in Geneva?",
        kind="false_premise",
        answerable=True,
        key_facts=("New York",),
    )
    assert checks(premise, refusal)["false_refusal_rate"].verdict == "fail"
    assert checks(unanswerable, Answer(text="Tickets were free."))["refusal_accuracy"].verdict == "fail"


def test_claim_and_deny() -> None:
    assert denied_words("Philip Thigo gave the keynote [1].") is None
    assert denied_words("The post does not say.") == set()
    both = ("Philip Thigo gave the keynote at the AI panel [1]. "
            "The post does not say who gave the keynote at the AI panel.")
    assert len(claim_and_deny(both)) == 1
    assert claim_and_deny("Thigo gave the keynote [1]. The post does not say.")  # a blanket denial next to a claim
    narrower = ("Mitchell Baker was a panelist on the Global South panel [1]. "
                "The post does not say what Mitchell Baker said there.")
    assert claim_and_deny(narrower) == []
    assert claim_and_deny("The post does not say how many people attended.") == []


def test_key_facts_seen() -> None:
    item = GoldenItem("x", "Who sat on the youth panel?", "people", True, key_facts=("Ikega", "Pereira | Mark"))
    assert key_facts_seen(item, "[1] Panelists: Ruth Ikega, Mark Pereira").verdict == "pass"
    assert key_facts_seen(item, "[1] Panelists: Ruth Ikega").verdict == "fail"
    assert key_facts_seen(GoldenItem("y", "q", "unanswerable", False), "").verdict == "n/a"


def test_percentile_and_faithfulness_score() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0], 95) == pytest.approx(1.95)
    assert math.isnan(percentile([], 50))
    assert faithfulness_score([True, False, True, True]) == 0.75
    assert math.isnan(faithfulness_score([]))


# --- LLM judge with a deterministic, rule-based "LLM" ----------------------------------------------------


def rule_llm(prompt: str) -> str:
    """Splits the answer into sentences; says yes when every capitalised word/number is in the context."""
    if "CLAIMS:" in prompt and "VERDICTS:" not in prompt:
        answer = prompt.split("ANSWER:\n", 1)[1].rsplit("\nCLAIMS:", 1)[0]
        parts = [p.strip() for p in re.split(r"(?<=\.)\s+", answer) if p.strip()]
        return "\n".join(f"- {p}" for p in parts) or "NONE"
    context = prompt.split("CONTEXT:\n", 1)[1].split("\nCLAIMS:\n", 1)[0]
    claims = prompt.split("\nCLAIMS:\n", 1)[1].split("\nVERDICTS:", 1)[0].splitlines()
    lines = []
    for line in claims:
        n, claim = line.split(". ", 1)
        names = re.findall(r"\b(?:[A-Z][a-z]+|\d+)\b", claim)[1:]
        lines.append(f"{n}. {'yes' if all(w in context for w in names) else 'no'}")
    return "\n".join(reversed(lines))  # out of order on purpose: verdicts are matched by number


def test_faithfulness_with_a_rule_based_llm() -> None:
    ans = Answer(
        text="It graduated over 250 participants [1]. It was held in Geneva [1].",
        citations=[cite(1, GRADUATES, YOUTH)],
    )
    assert extract_claims(ans.text, rule_llm) == [
        "It graduated over 250 participants.",
        "It was held in Geneva.",
    ]
    assert verify_claims(["It has 250 graduates.", "It is in Geneva."], GRADUATES, rule_llm) == [True, False]
    got = faithfulness_check(ITEM, ans, rule_llm)
    assert (got.num, got.den) == (1, 2) and "Geneva" in got.reason
    assert verify_claims(["a", "b"], "ctx", lambda _p: "1. yes") == [True, False]  # missing verdict = no
    assert (
        faithfulness_check(ITEM, Answer(text="The post does not say.", refused=True), lambda _p: "NONE").den
        == 0
    )


# --- calibration of the offline support judge ----------------------------------------------------------
# (sentence, cited text). Supported: faithful paraphrases at several distances from the source.
SUPPORTED = [
    (
        "Philip Thigo emphasized algorithmic transparency as a way to build trust in AI systems [1].",
        "Emphasized the importance of algorithmic transparency in building trust in AI systems. Keynote by "
        "Philip Thigo",
    ),
    (
        "The conference was held at the United Nations Headquarters in New York City [1].",
        "In the bustling heart of global diplomacy, the United Nations Headquarters in New York City, the "
        "[OSPOs for Good 2024 Conference convened](https://www.un.org/techenvoy/content/ospos-good-2024)",
    ),
    (
        "The All in Africa initiative has graduated more than 250 participants from 37 "
        "African countries [2].",
        "The initiative has graduated over 250 participants from 37 different African countries. "
        "Ruth Ikega discussed how the All in Africa initiative aims to provide open source education",
    ),
    (
        "Ruth Ikega said the private sector gives more support than governments to open source education for "
        "youth [1].",
        "Ruth pointed out that there is more support coming from the private sector than from "
        "the government in promoting open source education and opportunities for youth. Ruth Ikega",
    ),
    (
        "Adriana Groh presented the Sovereign Tech Fund, which invests in the security and sustainability of "
        "digital infrastructure [1].",
        "Adriana Groh discussed the role of the Sovereign Tech Fund in "
        "investing in the security and sustainability of digital infrastructures and open source ecosystems",
    ),
    (
        "Zendis is a public company that supports the German government's digital sovereignty with open "
        "source [3].",
        "Andreas Reckert-Lodde introduced Zendis, a public company supporting the German "
        "government’s digital sovereignty through open source solutions.",
    ),
    (
        "Maintainer burnout was named as a key challenge, along with responsiveness to new contributors [2].",
        "**Burnout and Responsiveness:** Addressed maintainer burnout and the need for responsiveness to new "
        "contributors as key challenges.",
    ),
    (
        "UNICEF only supports open source products through its venture fund [1].",
        "The keynote highlighted UNICEF's solid commitment to open source, supporting only open source "
        "products through their venture fund.",
    ),
    (
        "Open source lets people examine the code together, which helps reduce bias [1].",
        "Open source allows for collaborative development and scrutiny, which can help mitigate biases and "
        "ensure ethical use.",
    ),
    (
        "Panelists named poor infrastructure, limited access to technology and too "
        "little funding as barriers "
        "in the Global South [1].",
        "Identified major barriers to open source adoption in the Global South, "
        "including lack of infrastructure, limited access to technology, and "
        "insufficient financial resources.",
    ),
    (
        "Sasha Luccioni said no-code and low-code platforms help democratize AI [4].",
        "Sasha Luccioni pointed out the significance of no-code/low-code platforms in democratizing AI, "
        "enabling non-technical users to participate in AI development and application.",
    ),
    (
        "The Open Source Festival in Lagos gathers thousands of young people [2].",
        "Ruth shared about organizing events like the Open Source Festival in Lagos, which gather thousands "
        "of young people and provide a platform for learning and collaboration.",
    ),
    (
        "Cities should protect the privacy of their residents while using data to improve services [1].",
        "Discussed strategies for protecting citizen privacy while utilizing data to improve city services.",
    ),
    (
        "Young people should become maintainers and owners of digital public infrastructure, not only its "
        "users [2].",
        "Emphasized that open source must be foundational for future digital public "
        "infrastructure, ensuring that young people are not just users but also maintainers and owners.",
    ),
    (
        "Hillary Carter said diverse, inclusive communities produce richer and more innovative contributions "
        "[1].",
        "Hillary Carter emphasized the importance of creating diverse and inclusive communities within "
        "the open source ecosystem. Encouraging participation from underrepresented groups leads to richer, "
        "more innovative contributions.",
    ),
    (
        "Governments were urged to keep adopting open source and to work with the wider community [1].",
        "The session concluded with a call for governments to continue exploring and adopting open source "
        "technologies. Panelists urged governments to create supportive environments for open source "
        "innovation and to engage with the broader community to drive impactful solutions.",
    ),
    (
        "Open source makes it possible to find security flaws quickly because code is reviewed continuously "
        "[2].",
        "Open source allows for continuous peer review and quick identification of vulnerabilities, "
        "contributing to more secure public sector IT infrastructure.",
    ),
    (
        "Economic incentives are needed because intrinsic motivation alone may not be "
        "enough to tackle social "
        "problems with open source [1].",
        "Discussed the need for economic incentives to address social "
        "problems through open source, as purely intrinsic motivations might not suffice.",
    ),
    (
        "Mark Pereira talked about coding bootcamps that teach young people open source principles from day "
        "one [1].",
        "Mark Pereira discussed the role of software development bootcamps in training young "
        "people and instilling open source principles from the start.",
    ),
    (
        "Shared platforms and tools let UN agencies pool resources and information [1].",
        "Panelists discussed how open source technologies can improve collaboration between different UN "
        "agencies and departments. By using common platforms and tools, agencies can share resources and "
        "information more effectively.",
    ),
]
# Unsupported: swapped speakers, changed numbers, invented places/names, off-topic and contradicting claims.
UNSUPPORTED = [
    (
        "Ashley Kramer stressed integrating AI education across disciplines [1].",
        "Craig Ramlal stressed the importance of integrating AI education across "
        "disciplines, not just within "
        "computer science, to address ethical and practical challenges comprehensively.",
    ),
    ("The All in Africa initiative has graduated over 500 participants from 37 countries [1].", GRADUATES),
    ("The conference took place in Geneva [1].", "the United Nations Headquarters in New York City"),
    (
        "Panelists called for a global tax on cloud computing to pay maintainers [2].",
        "Addressed maintainer burnout and the need for responsiveness to new contributors as key challenges.",
    ),
    (
        "Mitchell Baker announced Mozilla's new AI model at the panel [1].",
        "**Panelists:** Armando J. Manzueta Peña, Ben Cerveny, Mitchell Baker, Rahul Kulkarni, Talla Kebe",
    ),
    (
        "The youth panel recommended banning AI in schools [3].",
        "Integrate open source education into school curriculums and offer training programs to build "
        "technical skills and awareness from a young age.",
    ),
    (
        "Hans Vestberg discussed blockchain regulation in the European Union [1].",
        "Hans Vestberg discussed the impact of emerging technologies, such as AI, "
        "blockchain, and IoT, on the "
        "future of open source.",
    ),
    (
        "The keynote of the youth panel was given by Philip Thigo [1].",
        "The keynote highlighted UNICEF's solid commitment to open source, supporting only open source "
        "products through their venture fund.",
    ),
    (
        "Smart cities cut traffic congestion by forty percent [1].",
        "Panelists discussed various smart city initiatives leveraging open source technologies to enhance "
        "urban living.",
    ),
    (
        "Stefano Maffulli argued that open source AI should stop evolving [1].",
        "Stefano Maffulli emphasized the rapid evolution of AI technologies and the importance of adapting "
        "open source frameworks to keep pace with these changes.",
    ),
    (
        "Attendance was around three thousand people, mostly diplomats [1].",
        "this two-day event brought together a diverse array of participants—from seasoned technologists to "
        "policy makers, and community advocates",
    ),
    (
        "Hackathons were banned from the conference for security reasons [1].",
        "Engage young people in open source through educational programs, hackathons, and internship "
        "opportunities.",
    ),
    (
        "The panel agreed that open source software is less secure than proprietary software [2].",
        "Open source allows for continuous peer review and quick identification of vulnerabilities, "
        "contributing to more secure public sector IT infrastructure.",
    ),
    (
        "Governments have fully solved resistance to change in open source adoption [1].",
        "Identified resistance to change within government institutions as a significant barrier to open "
        "source adoption. Panelists discussed strategies to overcome this, such as providing training and "
        "showcasing successful implementations.",
    ),
    (
        "UNICEF funds only proprietary products through its venture fund [1].",
        "The keynote highlighted UNICEF's solid commitment to open source, supporting only open source "
        "products through their venture fund.",
    ),
    (
        "Hillary Carter said open source communities should limit participation to experienced developers "
        "[1].",
        "Hillary Carter emphasized the importance of creating diverse and inclusive communities within "
        "the open source ecosystem. Encouraging participation from underrepresented groups leads to richer, "
        "more innovative contributions.",
    ),
    (
        "Governments were told to stop using open source in public services [1].",
        "The session concluded with a call for governments to continue exploring and adopting open source "
        "technologies. Panelists urged governments to create supportive environments for open source "
        "innovation and to engage with the broader community to drive impactful solutions.",
    ),
    (
        "The UN plans to replace all of its software with open source by 2030 [1].",
        "**Expanding Reach:** Panelists discussed the potential for expanding the use of open source "
        "technologies within the UN.",
    ),
    (
        "Bootcamps were criticized as too expensive for young people [1].",
        "Mark Pereira discussed the role of software development bootcamps in training young people and "
        "instilling open source principles from the start.",
    ),
    (
        "Data governance in smart cities was described as unnecessary [1].",
        "**Data Governance:** Panelists addressed the critical issue of data governance in smart cities. "
        "Ensuring transparency and accountability in data collection and usage is vital for public trust.",
    ),
    (
        "The networked cities panel was about rural farming cooperatives [1].",
        "Panelists discussed various smart city initiatives leveraging open source technologies to enhance "
        "urban living. These projects aim to improve city infrastructure, increase efficiency, and provide "
        "better services to citizens.",
    ),
]
# The judge's documented mistakes at the chosen thresholds (README "Limits"): two loose paraphrases it
# rejects, and two same-words-opposite-meaning claims it accepts (it does not understand negation).
KNOWN_FALSE_NEGATIVES = {SUPPORTED[9][0], SUPPORTED[15][0]}
KNOWN_FALSE_POSITIVES = {UNSUPPORTED[13][0], UNSUPPORTED[14][0]}


@pytest.fixture(scope="module")
def judge() -> SupportJudge:
    from assistant.store.embeddings import get_embedder

    return SupportJudge(embedder=get_embedder())


def test_calibration_pairs_are_drawn_from_the_post() -> None:
    plain = re.sub(r"\s+", " ", POST.replace("**", ""))
    for _sentence, cited in SUPPORTED + UNSUPPORTED:
        first = re.sub(r"\s+", " ", cited.replace("**", "")).split(". ")[0][:60]
        assert first in plain, first


def test_thresholds_separate_the_calibration_pairs(judge: SupportJudge) -> None:
    assert (LEXICAL_THRESHOLD, COSINE_THRESHOLD) == (0.75, 0.78)  # README quotes these
    wrong_pos = {s for s, ev in SUPPORTED if not judge.judge(s, [ev]).supported}
    wrong_neg = {s for s, ev in UNSUPPORTED if judge.judge(s, [ev]).supported}
    assert wrong_pos == KNOWN_FALSE_NEGATIVES
    assert wrong_neg == KNOWN_FALSE_POSITIVES
    accuracy = 1 - (len(wrong_pos) + len(wrong_neg)) / (len(SUPPORTED) + len(UNSUPPORTED))
    assert accuracy >= 0.9


def test_each_test_of_the_judge(judge: SupportJudge) -> None:
    verbatim = judge.judge("Open source allows for continuous peer review [2].", [SUPPORTED[16][1]])
    assert (verbatim.supported, verbatim.method) == (True, "verbatim")
    quoting = judge.judge(f'The post says: "{GRADUATES}" [1].', [GRADUATES])
    assert (quoting.supported, quoting.method) == (True, "quote")
    assert judge.judge(UNSUPPORTED[0][0], [UNSUPPORTED[0][1]]).method == "entities"
    assert judge.judge(SUPPORTED[8][0], [SUPPORTED[8][1]]).method == "cosine"
    assert lexical_coverage(SUPPORTED[8][0], SUPPORTED[8][1]) < LEXICAL_THRESHOLD  # only the embedding saw it
    named = judge.judge(
        "Ruth Ikega organised the Open Source Festival in Lagos [1].",
        [LAGOS],
        context=[YOUTH, "Ruth Ikega, Mark Pereira"],
    )
    assert named.supported  # the surname comes from the citation's speakers
    assert not judge.judge("Anything at all [1].", []).supported
