"""The words the understanding stages read, loaded from `intents.toml`.

Owns the lookups over them: which overview roles a question names, which answer type it wants,
and which references it leaves unresolved (pronouns, "that panel", a leading "and ..."). Holds no
post's names or titles. Does not score intents or resolve entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import tomllib

from assistant.ingest.shape import ROLES
from assistant.text import STOP, stem, words

INTENTS_FILE = Path(__file__).with_name("intents.toml")


AUXILIARIES = frozenset("did do does were was are is have has had will would can could".split())
# A yes/no question opens with an auxiliary; a modal opens a request ("can you tell me what day 2 said about …")
POLAR = AUXILIARIES - {"will", "would", "can", "could"}
QUESTION_WORDS = frozenset("who whom whose what which when where why how".split())
_THING = frozenset("it this that".split())
_ASKING = frozenset("what which how when where why".split())
_DAY_NAMED = re.compile(r" (?:which|what) (day (?:\d+|one|two|three|four|five))(?= )")  # a day named, not asked
_NO_NOUN = frozenset("about if else s the a".split())  # after "what": no noun asked for ("what about …",
# "what's the …")
_INDEFINITE = frozenset("anyone anybody someone somebody".split())
_MANNER = frozenset("why how when where".split())  # questions that ask for no person, whoever they mention
_LINKING = frozenset("to for with among from by".split())  # "advice to people who …": who they are, not who asked
_SOMEONE = frozenset("someone somebody anyone anybody those one people speakers panelists persons men women".split())

# Words that put someone beside another ("agree with the keynote speakers", "on that panel with the guy").
BESIDE_WORDS = frozenset({"with", "alongside", "beside", "than", "like"})

SWITCH_REACH = 5  # words at the start of a question within which a new subject may be announced

# Bounds on a number, and the comparison each sets ("more than five panelists", "at least 6 speakers").
BOUND_OPS = (("more than", ">"), ("over", ">"), ("above", ">"), ("exceeding", ">"), ("at least", ">="),
             ("fewer than", "<"), ("less than", "<"), ("under", "<"), ("below", "<"), ("at most", "<="))
_TWO_WORD_BOUNDS = frozenset(tuple(p.split()) for p, _op in BOUND_OPS if " " in p)


@dataclass(frozen=True)
class Vocab:
    """Word lists of intents.toml [vocab], [answer_types] and [frame]."""

    session_nouns: frozenset[str]
    group_nouns: frozenset[str]  # "the weather people": a session's panel, by its topic
    person_nouns: frozenset[str]  # "the same person", "that speaker": someone named before
    list_nouns: frozenset[str]  # "the 16 things …": what a number before it counts
    he_nouns: frozenset[str]  # "the guy": someone the post calls "he"
    she_nouns: frozenset[str]  # "the woman": "she"
    speaker_nouns: frozenset[str]  # "the FAO representative": who spoke for an organisation
    item_nouns: frozenset[str]
    item_numerals: frozenset[str]  # "number 10": the tenth item
    speak_verbs: frozenset[str]
    person_context: frozenset[str]
    remark_words: frozenset[str]  # "what was her argument": asks for remarks, not only roles
    asserting_words: frozenset[str]  # "why did X insist …": the question takes the remark as made
    asserting_frames: frozenset[str]  # "I read that X runs Y — what did he say …": a claim the asker reports
    asserting_auxiliaries: frozenset[str]  # "what did X say": "X say" after it asks, "X said" states
    person_pronouns: frozenset[str]
    person_attributes: frozenset[str]  # "their name": one person
    group_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    ellipsis_starts: tuple[str, ...]
    switch: tuple[str, ...]  # "new question: …": the question reads no history
    dismissals: tuple[str, ...]  # "Forget cities.": a sentence that sets a topic aside asks nothing
    set_aside: tuple[str, ...]  # "new question, nothing to do with cities: …": what an announcement sets aside
    deictic: frozenset[str]
    filler: frozenset[str]
    knowing: frozenset[str]  # "I'd love to know what …": a question inside a statement
    first_person: frozenset[str]  # "I missed the opening talk", "hope you're well": the asker telling, not asking
    wanting: frozenset[str]  # "I need the list of panelists": a statement that asks
    lead_ins: frozenset[str]  # "ok so what …": words before a question word that do not make it a statement
    sameness: frozenset[str]
    otherness: frozenset[str]
    switch_phrases: frozenset[str]  # "unrelated, but …": a new subject, leaning on no earlier turn
    partners: frozenset[str]
    several: frozenset[str]
    people_nouns: frozenset[str]
    discussion_verbs: frozenset[str]
    stance_verbs: frozenset[str]  # "where does she stand on …": a position, not a place
    quote_words: frozenset[str]  # "who used the phrase '…'": a quote the asker takes the post to contain
    contrast: frozenset[str]
    exclusion: tuple[str, ...]
    now_phrases: tuple[str, ...]  # "this weekend": the asker's present, which no post records
    future_words: frozenset[str]  # "the next conference": an edition no record of this one covers
    edition_nouns: frozenset[str]
    after_words: frozenset[str]  # "since the summit": the time after the event, which its record does not cover
    gathering_nouns: frozenset[str]  # "how many people were at the summit": an attendance
    presence_words: frozenset[str]  # "represented at the conference": an attendance beside a gathering noun
    aspect_nouns: frozenset[str]  # "differ on their approach": what sides are compared in, no topic
    topic_prepositions: frozenset[str]  # "about", "on": the noun phrase after it is the topic
    topic_verbs: frozenset[str]  # "mention", "bring up": so is the noun phrase after it
    discussion_nouns: frozenset[str]  # "was there any discussion on …": the noun phrase after it is the topic
    alternative_determiners: frozenset[str]  # "or some other part": an alternative, not a reference
    relating_words: frozenset[str]  # "with her": the pronoun is inside a description, someone else
    describing_words: frozenset[str]  # "from", "who": "the guy from …" describes the person, within the question
    phrase_openers: frozenset[str]  # "the", "their": may stand between that word and its noun phrase
    exact_words: frozenset[str]  # "how many exactly": an order of size is no answer
    guess_words: frozenset[str]  # "a few hundred?" after "how many attended?": a guess at the answer
    arrival_verbs: frozenset[str]  # "came up" speaks of a topic, "came to the summit" of being there
    crediting: frozenset[str]  # "a recap credits X with …": how a claim about X is put, no topic
    proposing_verbs: frozenset[str]  # "what is suggested": what a section of recommendations does, with one asked
    presenting_verbs: frozenset[str]  # "which company did X introduce": what X presented, not X's employer
    prepositions: tuple[tuple[str, ...], ...]  # "in terms of": one preposition in several words, no topic
    relative_words: frozenset[str]  # "what share of the costs", "how much cheaper": a change or share asked
    single_prepositions: frozenset[str]  # "across", "within": no end of a topic phrase as shown
    open_verbs: frozenset[str]  # "who opened the conference": its first session
    close_verbs: frozenset[str]
    event_nouns: frozenset[str]
    event_verbs: frozenset[str]  # "held", "take place": the "it" of "where was it held" is an event
    negations: frozenset[str]  # "which sessions didn't have a keynote": the words that deny what follows
    keynote_stems: frozenset[str]  # "who gave the keynote?" (nothing named) asks for every keynote; "who won it?"
    # not (stems: "keynot" typed for "keynote" is one)
    definite_roles: frozenset[str]  # "who were the panelists?": of the session being talked about
    bare_words: frozenset[str]  # "which city exactly": a part that names nothing of its own
    ordinals: dict[str, int]
    numbers: dict[str, int]
    answer_types: tuple[tuple[str, tuple[str, ...]], ...]
    units: tuple[tuple[str, tuple[str, ...]], ...]  # a unit's forms: "percent", "%", "per cent"
    unit_equivalents: dict[str, tuple[str, ...]]  # what a quote may give it in instead: "one in five"
    frame: frozenset[str]
    frame_stems: frozenset[str]
    organisation_words: frozenset[str]
    organisation_stems: frozenset[str]  # their stems
    attendance_stems: frozenset[str]  # stems of count_objects' attendance words: "attended", "audience", "turnout"
    named_kinds: frozenset[str]  # "which UN agencies": plural things whose names a "which" question asks
    fewest_words: frozenset[str]
    ranking_words: frozenset[str]
    count_objects: tuple[tuple[str, frozenset[str]], ...]
    role_names: tuple[tuple[str, tuple[str, ...]], ...]

    def roles_in(self, text: str) -> list[str]:
        """Overview roles the folded text names ('summary', 'action_items', ...), in shape order. A name after
        "for a" / "for my" is what the asker needs the answer for ("… job title for a citation"), no section."""
        padded = re.sub(r" for (?:a|an|my|our) [a-z]+(?= )", " ", f" {text} ")
        hits = {role: {n for n in names if f" {n} " in padded} for role, names in self.role_names}
        shared = {n for _r, names in self.role_names for n in names
                  if sum(n in other for _o, other in self.role_names) > 1}
        own = {role for role, found in hits.items() if found - shared}
        # a name two roles share ("the wrap-up": summary or conclusion) names both, unless another names one
        return [role for role, _n in self.role_names if role in own or hits[role] and not own]

    def number(self, token: str) -> int | None:
        """12 for "12" or "twelve"; None when the token is no number."""
        return int(token) if token.isdecimal() else self.numbers.get(token.lower())

    def ordinal(self, token: str) -> int:
        """1 for "first"/"1st", 14 for "14th", -1 for "last"; 0 when the token is not an ordinal."""
        if token in self.ordinals:
            return self.ordinals[token]
        m = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", token)
        return int(m.group(1)) if m else 0

    def event_ordinal(self, toks: list[str], i: int) -> int:
        """1 / -1 when toks[i] opens / closes the event or a day ("who opened the conference", "who kicked
        off day 2", "who closed the summit"), else 0 (also when the event's own ordinal session follows:
        "who opened the conference's final session")."""
        n = 1 if toks[i] in self.open_verbs else -1 if toks[i] in self.close_verbs else 0
        after = [t for t in toks[i + 1 : i + 4] if t not in ("the", "off", "up", "out", "whole", "entire")]
        if after[1:2] and self.ordinal(after[1]):  # "who opened the conference's final session": that session
            return 0
        return n if n and after[:1] and after[0] in self.event_nouns else 0

    def counted(self, toks: list[str]) -> str:
        """What a 'how many' question counts (attendance | sessions | panelists | keynotes | items | days), or ''.
        A "how many" that ends the question counts the noun "which" or "what" asked for before it.

        Attendance first, wherever it stands: "how many people attended" counts an audience, not panelists;
        so does a presence at the gathering ("how many countries were represented at the conference").
        """
        s = set(toks)
        if s & dict(self.count_objects).get("attendance", frozenset()) or s & self.presence_words and \
                s & self.gathering_nouns:
            return "attendance"
        for i, t in enumerate(toks):
            if t in ("many", "number", "count", "much") or self.bound_at(toks, i):  # (or "more than 2 panelists")
                if toks[i + 1 : i + 2] == ["times"]:  # "how many times did she give a keynote": her keynotes
                    keynotes = dict(self.count_objects).get("keynotes", frozenset())
                    return "keynotes" if set(toks[i + 2 : i + 9]) & keynotes else ""
                if t == "many" and self._elided_people(toks[i + 1 : i + 3]):  # "how many were on the panel?"
                    return "attendance" if self._at_gathering("people", toks) else "panelists"
                for w in toks[i + 1 : i + 5]:
                    if w in AUXILIARIES:  # "how many advisory cards did people write": the noun before the verb
                        break
                    for kind, nouns in self.count_objects:
                        if w in nouns:
                            return "attendance" if kind == "panelists" and self._at_gathering(w, toks) else kind
            if t == "long" and toks[i - 1 : i] == ["how"]:  # a duration: the posts give it in days
                return "days"
        if not any(t == "many" and toks[i - 1 : i] == ["how"] and all(w in STOP or w in self.bare_words
                                                                      for w in toks[i + 1 :])
                   for i, t in enumerate(toks)):
            return ""
        # "which sessions were on day 1, how many?": the noun "which" asked for, when "how many" names none
        asked = next((toks[i + 1] for i, t in enumerate(toks[:-1]) if t in ("which", "what")), "")
        return next((kind for kind, nouns in self.count_objects if asked in nouns and kind != "attendance"), "")

    def _elided_people(self, after: list[str]) -> bool:
        """'how many were on the panel?', 'how many spoke at the summit?', 'how many on the panel?': "how many" right
        before "on" or a verb of being somewhere or of speaking counts people, unnamed. Not "how many were there"
        (of a noun said before)."""
        return bool(after) and (after[0] in ("were", "was") and after[1:2] != ["there"]
                                or after[0] in self.speak_verbs or after[0] in ("sat", "appeared", "on"))

    def _at_gathering(self, noun: str, toks: list[str]) -> bool:
        """'how many people were at the summit?': people counted at the gathering itself, with no word of
        speaking and no session noun, are an audience ("how many people spoke at the summit": speakers; "came
        to the summit" is no speaking, "came up" and "came to present" are)."""
        s = {t for i, t in enumerate(toks) if t not in self.arrival_verbs or toks[i + 1 : i + 2] == ["up"]
             or toks[i + 1 : i + 2] == ["to"] and toks[i + 2 : i + 3] and toks[i + 2] not in STOP}  # ("came to
        # present": to do something there, not to the place)
        return noun in ("people", "persons", "participants") and bool(s & self.gathering_nouns) and not s & (
            self.speak_verbs | self.discussion_verbs | self.session_nouns | self.person_context)

    def switch_positions(self, toks: list[str]) -> set[int]:
        """Token positions of a phrase announcing a new subject within the question's first SWITCH_REACH words
        ("unrelated, but …", "on another note, …"): it leans on no earlier turn, and the phrase is no topic."""
        # (not after a question word or "the": "what other thing did it fund?")
        asked = next((i for i, t in enumerate(toks) if t in QUESTION_WORDS | AUXILIARIES | {"the"}), len(toks))
        return phrase_positions(toks[:SWITCH_REACH], self.switch_phrases, last_start=asked)

    def role_positions(self, toks: list[str]) -> set[int]:
        """Token positions of the role names in the question (they are not topic words)."""
        return phrase_positions(toks, {name for _role, names in self.role_names for name in names})

    def type_positions(self, toks: list[str], kind: str) -> set[int]:
        """Token positions of the phrases that ask for this answer type ("which city", "what venue"):
        they say what form the answer takes, not what it is about."""
        out: set[int] = set()
        for k, phrases in self.answer_types:
            for seq in (p.split() for p in phrases if k == kind):
                for i in range(len(toks) - len(seq) + 1):
                    if toks[i : i + len(seq)] == seq:
                        out.update(range(i, i + len(seq)))
            if k == kind:
                padded = " ".join(toks)
                for m in _asking(k, phrases).finditer(f" {padded} "):
                    first = len(padded[: max(0, m.start() - 1)].split())
                    out.update(range(first, first + len(m.group(0).split())))
        return out

    def units_in(self, text: str) -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
        """For each unit this text names ("in US dollars", "what %", "tonnes per hectare"): its name, a pattern of
        its forms (a symbol anywhere, a word on word boundaries), and one of those and what a quote may give it
        in instead. Money's forms ask for an amount ("cost", "budget": "cut fertiliser costs by 22 percent" names
        none); only its equivalents give one (a currency), and a share or comparison only when the question asks
        a change or a share (`relative_words`)."""
        out = []
        relative = bool(set(words(text)) & self.relative_words) or "%" in text
        for unit, forms in self.units:
            named = _forms(forms)
            if named.search(text):
                given = (() if unit == "money" else forms) + self.unit_equivalents.get(unit, ()) + (
                    self.unit_equivalents.get(f"{unit}_relative", ()) if relative else ())
                out.append((unit, named, _forms(given)))
        return out

    def denied_at(self, toks: list[str]) -> list[int]:
        """Positions of the words that deny what follows them ("not", "without", any word ending in "n't")."""
        return [i for i, t in enumerate(toks) if t in self.negations or t.endswith("n't")]

    def answer_type(self, text: str) -> str:
        """person | number | day | time | place, or '' (first listed type whose phrase occurs).

        A "which/what NOUN" phrase also asks with up to two words between and with the plural noun:
        "which specific countries", "what exact year", "which other panelists". Its noun right before a person
        or session noun only modifies that one ("which city panelist"): the phrase asks nothing, and the person
        noun makes it a person question."""
        padded = _DAY_NAMED.sub(r" \1 ", f" {self._without_relative_who(text)} ")  # ("which day 2 sessions": named)
        said = _WHICH_OF.search(padded)  # "which one of them said …": one of the people just named
        if said and said.group(1) in self.remark_words | self.discussion_verbs | self.speak_verbs:
            return "person"
        heads: list[str] = []
        whether = self._whether_topic(padded)
        for kind, phrases in self.answer_types:
            last = len(padded) if kind == "person" else whether  # (a person is asked wherever it stands)
            at = [i for p in phrases if (i := padded.find(f" {p} ")) >= 0 and not _compound(p, padded)
                  and not (kind == "name" and " " not in p and not _WHAT.search(padded[: i + 1]))
                  and not (p.startswith(("which ", "what ")) and self._headed(padded, i + len(p) + 1, heads))
                  and i <= last]
            # (one word asks a name only after what/which or "how is": "what is it called", "how is it called", not
            # "how quickly … once a drought is officially called"; a noun inside the topic of a yes/no question
            # asks nothing: "was there any discussion on rules to prove the location of plots?")
            hit = _asking(kind, phrases).search(padded)
            at += [hit.start()] if hit and not self._headed(padded, hit.end(), heads) and hit.start() <= last else []
            if not at or kind == "place" and not hit and all(padded[i:].startswith(" where ") for i in at) and (
                    set(text.split()) & (self.discussion_verbs | self.stance_verbs)):
                continue  # "where did X come up": which session, not which city (as "which city … mentioned" asks);
                # "where does she stand on it": her position
            if kind == "name" and any(w.group(1) not in self.person_nouns
                                      for w in re.finditer(r"(\S*) (?:who|whom) ", padded[: min(at) + 1])):
                continue  # "who wrote down the names of tubers …": a person, whose topic is names (not "the person
                # who gave the soil map talk — what's their name?": that "who" describes whose name is asked)
            return kind
        if set(heads) & self.person_nouns:
            return "person"
        return "number" if self._bounded_count(padded.split()) else ""

    def _bounded_count(self, toks: list[str]) -> bool:
        """'did the panel have more than 2 panelists?', 'were there fewer than ten sessions?': a count of people or of
        the sessions there were, put against a bound, asks the count. Not "more than one session" (several sessions,
        of people), "at least two panels" of a person, keynotes (whose they were), nor "more than code"."""
        kinds = dict(self.count_objects)
        people, sessions = kinds.get("panelists", frozenset()), kinds.get("sessions", frozenset())
        if {"keynote", "keynotes"} & set(toks):
            return False  # "more than 2 keynote speakers?", "did more than 3 people give keynotes?": whose keynotes
        for i, t in enumerate(toks):
            if self.bound_at(toks, i):
                noun = next((w for w in toks[i + 1 : i + 3] if w in people | sessions), "")
                if noun in people or noun in sessions and "there" in toks and self.number(t) != 1:
                    return True  # ("was X on at least two panels?": X's sessions; "were there more than 10 sessions?")
        return False

    def says_several(self, toks: list[str], *, counting: bool) -> bool:
        """A word of several ("more than one session", "twice"); in a count, not the "more" of its bound ("more than
        3 panelists?")."""
        bounds = {j for i in range(len(toks)) if self.bound_at(toks, i) for j in (i - 2, i - 1, i)} if counting else ()
        return bool({t for i, t in enumerate(toks) if i not in bounds} & self.several)

    def bound_at(self, toks: list[str], i: int) -> bool:
        """Whether toks[i] is the number of a two-word bound: "more than 2", "fewer than ten", "at least three" (not
        "over", "under": "over the two days" sets none)."""
        return i >= 2 and self.number(toks[i]) is not None and tuple(toks[i - 2 : i]) in _TWO_WORD_BOUNDS

    def _whether_topic(self, padded: str) -> int:
        """Where the topic of a yes/no question about what was discussed begins ("was there any discussion on
        …", "did anyone mention …"): the offset in `padded` of its head word (the first past "the", "any", …), or
        past the end when the question asks otherwise. The head asks ("did they mention the location of the
        summit?"); an answer type's word after it is of the topic ("any discussion on the rules to prove the
        location of plots", "rules where …"), except a person ("… brought up by her or anyone else?")."""
        toks = padded.split()
        first = next((i for i, t in enumerate(toks) if t not in self.lead_ins), len(toks))  # ("so was there …")
        if first == len(toks) or toks[first] not in AUXILIARIES:
            return len(padded)
        offset = 0
        for i, t in enumerate(toks):
            offset = padded.find(f" {t} ", offset) + len(t) + 1
            opens = t in self.topic_verbs or i and f"{toks[i - 1]} {t}" in self.topic_verbs or (
                t in self.topic_prepositions and i and toks[i - 1] in self.discussion_nouns | self.discussion_verbs)
            if opens:  # (the phrase's head, its first word past "the", "any", …, is what it asks about:
                head = next((j for j in range(i + 1, len(toks)) if toks[j] not in self.phrase_openers | {"of"}),
                            len(toks))  # ("any mention of the location …": "location")
                return padded.find(f" {toks[head]} ", offset) + 1 if head < len(toks) else len(padded)
        return len(padded)

    def _headed(self, padded: str, end: int, heads: list[str]) -> bool:
        """'which cities panelist', 'what city panel': the asking phrase's noun only modifies the person or
        session noun right after it, which is what the question asks for (noted in `heads`)."""
        after = padded[end:].split(None, 1)[:1]
        word, nouns = after[0] if after else "", self.person_nouns | self.session_nouns
        head = word if word in nouns else word[:-1] if word.endswith("s") else ""
        if head not in nouns or head == "one":
            return False
        heads.append(head)
        return True

    def asks_org(self, toks: list[str]) -> bool:
        """'titles', 'affiliated', 'where does X work': the question asks for a position or organisation
        (not "how does it work", nor a position taken on something: "her position on AI")."""
        return any((t in self.organisation_words
                    or stem(t) in self.organisation_stems and not t.endswith(("ed", "ing")))
                   and (i == 0 or toks[i - 1] not in _THING)  # (not "organised")
                   and not (t == "position" and self._stance(toks, i))
                   for i, t in enumerate(toks))

    def _stance(self, toks: list[str], i: int) -> bool:
        """'her position on AI', 'what position did X take on open data': a position taken on something, not a
        job (not "her position on the youth panel": a session)."""
        rest = toks[i + 1 :]
        on = next((j for j, t in enumerate(rest) if t in ("on", "about", "regarding")), None)
        if on is None or on > 0 and rest[on - 1] not in ("take", "took", "taken"):
            return False
        return not set(rest[on + 1 : on + 5]) & self.session_nouns

    def _without_relative_who(self, text: str) -> str:
        """'what was the message of the guy who gave the keynote': a "who" after a noun, in a question that
        asks with another word or after a preposition ("advice to people who struggle to read"), describes
        someone; it does not ask for a person. Nor does "anyone" after the
        word a question asking why, how, when or where opens with ("why did they think code anyone can read is
        safer?"; not "did anyone explain how …"). Nor does a "where" after a question opening with "which" or
        "what" and a noun ("which technologies were named as shaping where open source goes next?") or right after
        a session noun ("the session where both of them sat on the panel")."""
        toks = text.split()
        nouns = self.person_nouns | self.group_nouns | self.session_nouns | _SOMEONE
        first = next((t for t in toks if t in QUESTION_WORDS), "")
        at = toks.index(first) if first in ("which", "what") else -1
        noun_opened = at >= 0 and toks[at + 1 : at + 2] and toks[at + 1] not in AUXILIARIES | QUESTION_WORDS | _NO_NOUN
        for i, t in enumerate(toks):
            if t in ("who", "whom", "whose") and i and toks[i - 1] in nouns and (
                    set(toks[:i]) & _ASKING or toks[i - 2 : i - 1] and toks[i - 2] in _LINKING) \
                    or t in _INDEFINITE and first in _MANNER and first in toks[:i] \
                    or t == "where" and (noun_opened and i > at + 1 or i and toks[i - 1] in self.session_nouns):
                toks[i] = "-"
        return " ".join(toks)

    def partner_at(self, toks: list[str]) -> list[int]:
        """Positions of words that point at someone's partner in a role: "alongside", "co-speaker"."""
        return [i for i, t in enumerate(toks) if t in self.partners or t == "co" and toks[i + 1 : i + 2]
                and toks[i + 1] in self.person_nouns | {"speaker", "speakers", "presenter", "keynote"}]

    def _plural_before(self, toks: list[str]) -> bool:
        """'Was there talk of farmers fixing their own machines?': a plural noun before "they"/"their" in the
        question is what it points back to, within the question."""
        first = next(i for i, t in enumerate(toks) if t in self.group_pronouns)
        not_nouns = _NOT_PLURAL | self.frame | STOP | self.people_nouns | self.session_nouns
        return any(len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is")) and t not in not_nouns
                   and toks[i - 1 : i] not in (["what"], ["who"]) for i, t in enumerate(toks[:first]))  # ("what gets
        # in their way": a verb)

    def of_event(self, toks: list[str]) -> bool:
        """The question has a verb of an event taking place ("held", "took place"): asked with "where", the
        place of an event."""
        return any(ends_phrase(toks, i, self.event_verbs) for i in range(len(toks)))

    def _described(self, toks: list[str]) -> bool:
        """A person described before the first he / she / his / her (as a subject or possessive) of the question
        stands for them: "the guy from the dominican republic — what did he present?", "the rice fields person
        — what was her point?" (a person noun with words of its own between it and the last "the" before it,
        or a describing word after it; not "the speaker", "that guy")."""
        first = next((i for i, t in enumerate(toks) if t in self.person_pronouns), len(toks))
        if first == len(toks) or first == 0 or toks[first - 1] in self.describing_words | self.relating_words:
            return False  # "the guy who shared the keynote with her": she is someone of the conversation
        if toks[first] in ("her", "him") and (first + 1 == len(toks) or toks[first + 1] in STOP):
            return False  # "did the woman from UNICEF respond to her?": an object, someone else
        if self._asked_before(toks, first):
            return True
        for i, t in enumerate(toks[:first]):
            if t not in self.person_nouns or i == 0 or toks[i - 1] in self.deictic | self.sameness:
                continue
            the = max((j for j in range(i) if toks[j] == "the"), default=-1)
            before = [w for w in toks[the + 1 : i] if w not in self.deictic | self.sameness | self.otherness]
            if the >= 0 and (before or toks[i + 1 : i + 2] and toks[i + 1] in self.describing_words):
                return True
        return False

    def _asked_before(self, toks: list[str], first: int) -> bool:
        """The question asks who before it asks about him or her: "who gave the keynote at the AI session, what
        did he say about trust?" (a "who" that opens a clause, then another question word before the pronoun:
        the pronoun is the answer of the first question, not someone of the conversation)."""
        for i, t in enumerate(toks[:first]):
            if t == "who" and (i == 0 or toks[i - 1] not in self.person_nouns):  # (not "the guy who …")
                return any(w in QUESTION_WORDS for w in toks[i + 2 : first])
        return False

    def person_at(self, toks: list[str]) -> list[int]:
        """Where a person noun stands for someone of the conversation, as "he" / "she" would: "that speaker", "the
        same person"; and "the guy", "the woman" alone ("what did the guy focus on?"), not described by the words
        after it ("the guy from …", "the woman who ran …"). [determiner, noun], or []."""
        for i, t in enumerate(toks[:-1]):
            noun, after = toks[i + 1], toks[i + 2 : i + 3]
            if t in self.deictic | self.sameness and noun in self.person_nouns or t == "the" and noun in (
                    self.he_nouns | self.she_nouns) and not (after and after[0] in self.describing_words
                                                             and i + 3 < len(toks)):  # ("which panel was the guy on?")
                return [i, i + 1]
        return []

    def pronoun_of(self, toks: list[str]) -> str:
        """'he' / 'she' as a gendered person noun of the question implies ("the guy": "he"), or ""."""
        s = set(toks)
        return "he" if s & self.he_nouns and not s & self.she_nouns else "she" if s & self.she_nouns \
            and not s & self.he_nouns else ""

    def _group(self, toks: list[str], has_topic: bool, names_nothing: bool) -> set[str]:
        """The references of a "they"/"their" (no person or session named, no plural noun before it)."""
        partitive = any(t == "of" and toks[i + 1 : i + 2] in (["them"], ["those"]) for i, t in enumerate(toks))
        if set(toks) & self.discussion_verbs or partitive:  # "what did they say": the speakers just talked about
            # (not "where did they welcome"); "did any of them come back on day 2?": each of the people just named,
            # whatever the verb (not their session; but "did both of them share personal stories?" asks a topic of
            # them, which their session's bullets may hold)
            return {"group", "members"} if partitive and not has_topic else {"group"}
        # "what gets in their way?": nothing of its own named, so "they" are what the conversation was about (not
        # "the sessions that had no keynote: what were they about?": those sessions)
        first = next(i for i, t in enumerate(toks) if t in self.group_pronouns)
        plural = any(t in self.session_nouns and t.endswith("s") for t in toks[:first])
        return {"session"} if names_nothing and not plural else set()

    def references(self, toks: list[str], *, has_person: bool, has_session: bool, names_nothing: bool = False,
                   has_topic: bool = False, several: bool = False) -> set[str]:
        """Unresolved references in the question: person | group | session | thing | ellipsis. With
        `names_nothing` (no person, session, day, topic, section or item), "the panelists" refers to a session.
        With `several` (two people or sessions named), "the same panel" compares them, within the question."""
        out: set[str] = set()
        s = set(toks)
        several = several or _counted_plural(toks)  # "two keynotes: were they the same talk?"
        if names_nothing and any(t == "the" and toks[i + 1 : i + 2] and toks[i + 1] in self.definite_roles
                                 for i, t in enumerate(toks)):
            out.add("session")  # "who were the panelists?": of the session being talked about
        that_person = bool(self.person_at(toks))
        singular = any(t in ("their", "theirs") and toks[i + 1 : i + 2] and toks[i + 1] in (
            self.person_attributes | self.organisation_words) and not set(toks[:i]) & self.people_nouns
                       for i, t in enumerate(toks))  # "what's their name" (not "what did people get with their
        # name tags": theirs)
        if (s & self.person_pronouns and not self._described(toks) or that_person or singular) and not has_person:
            out.add("person")
        if s & self.group_pronouns and not has_person and not has_session and not self._plural_before(toks):
            out |= self._group(toks, has_topic, names_nothing and not out)
        pointing = self.deictic - self.sameness if several else self.deictic  # (not "on the same panel" of two)
        determiners = {i for i, t in enumerate(toks) if t in pointing  # "that panel", "that last session"
                       and set(toks[i + 1 : i + 3]) & self.session_nouns}
        if (determiners or _pointing_there(toks) or neighbour_at(toks, self.session_nouns) is not None) \
                and not has_session:  # ("the next panel": the one after the session just talked about)
            out.add("session")
        pronouns = s & (self.thing_pronouns - {"there"})
        if "its" in pronouns and subject_before(toks, toks.index("its")):
            pronouns -= {"its"}  # "what does the post list as its reference": the post's
        for word in ("that", "this"):  # "the panels that had no keynote": a relative pronoun; "that last
            if word in pronouns and all(_relative(toks, i) or i in determiners  # session": a determiner
                                        for i, t in enumerate(toks) if t == word):
                pronouns -= {word}
        if pronouns or s & self.sameness and not several:
            out.add("thing")
        other = [i for i, t in enumerate(toks) if t in self.otherness  # (not "the hall or some other part of it")
                 and not (i >= 2 and toks[i - 2] == "or" and toks[i - 1] in self.alternative_determiners)]
        if (other or self.partner_at(toks)) and not has_person:
            out.add("other")  # "the other speaker", "the guy who spoke alongside her", "her co-speaker"
        text = " ".join(toks)
        asks = {"who", "what", "which", "when", "where", "why", "how", "did", "does", "is", "was", "were", "are"}
        if any(text == p or text.startswith(p + " ") for p in self.ellipsis_starts) or (
                len(toks) <= 3 and not s & asks and not has_topic):  # "day 2?", "the youth one?"; not "where was
            # it held?" nor "anything about hackathons?" (a topic of its own)
            out.add("ellipsis")
        return out


NEIGHBOURS = {"next": 1, "previous": -1}  # "the next panel", "the previous one"
SIDE_STEPS = {"after": 1, "following": 1, "before": -1, "preceding": -1}  # "the panel after X", "… after that one"


def neighbour_at(toks: list[str], session_nouns: frozenset[str], one: bool = True) -> int | None:
    """Where "next"/"previous" stands right before a session noun (or, with `one`, "one": "who was on the next
    one?"), or None."""
    nouns = session_nouns | {"one"} if one else session_nouns - {"one", "ones"}
    return next((i for i, t in enumerate(toks[:-1]) if t in NEIGHBOURS and toks[i - 1 : i] != ["of"]
                 and toks[i + 1] in nouns), None)


def _relative(toks: list[str], i: int) -> bool:
    """'that' at i joins a clause to the noun before it ("the panels that had no keynote", "the session that
    discussed it"): a word that is no auxiliary nor stop word before it, a verb after it."""
    before, after = toks[i - 1 : i], toks[i + 1 : i + 2]
    return bool(before and after and len(before[0]) > 2 and before[0] not in _NOT_NOUNS
                and (after[0] in AUXILIARIES or after[0].endswith("ed")))


# words that stand before a "that" which is no relative pronoun ("is that", "about that", "said that")
_NOT_NOUNS = AUXILIARIES | QUESTION_WORDS | frozenset(
    "and but about with like for from said say says think mean means know all not".split())


_COUNT_WORDS = frozenset("two three four both".split())


def _counted_plural(toks: list[str]) -> bool:
    """'two keynotes', 'both panels': the question itself names the several things it compares."""
    return any(t in _COUNT_WORDS and toks[i + 1 : i + 2] and toks[i + 1].endswith("s") for i, t in enumerate(toks))


def subject_before(toks: list[str], at: int) -> bool:
    """An auxiliary and then a determined noun before position `at` ("does the post … its"): the subject a
    later "its" (or "it") belongs to."""
    return any(t in AUXILIARIES and toks[i + 1 : i + 2] in (["the"], ["a"], ["an"], ["this"]) and i + 2 < at
               for i, t in enumerate(toks[:at]))


@lru_cache(maxsize=1)
def intents_data() -> dict[str, Any]:
    """intents.toml, parsed once."""
    return tomllib.loads(INTENTS_FILE.read_text(encoding="utf-8"))


def phrase_positions(toks: list[str], phrases: Iterable[str], last_start: int | None = None) -> set[int]:
    """The token positions where any of the phrases (space-separated words) occurs (starting no later than
    `last_start`, when given)."""
    out: set[int] = set()
    for p in phrases:
        seq = p.split()
        for i in range(len(toks) - len(seq) + 1):
            if toks[i : i + len(seq)] == seq and (last_start is None or i <= last_start):
                out.update(range(i, i + len(seq)))
    return out


def ends_phrase(toks: list[str], i: int, phrases: frozenset[str]) -> bool:
    """Whether toks[i] is one of `phrases` or ends a two-word one ("bring up", "took place")."""
    return toks[i] in phrases or i > 0 and f"{toks[i - 1]} {toks[i]}" in phrases


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """The Vocab (read once): each word list of intents.toml's [vocab] by its field's name, and the few
    fields made from other tables or kept as tuples, dicts or stems."""
    d = intents_data()
    v = d["vocab"]
    frame = d["frame"]["words"].split()
    special: dict[str, Any] = dict(
        ellipsis_starts=tuple(v["ellipsis_starts"]), switch=tuple(v.get("switch", ())),
        switch_phrases=frozenset(v["switch_phrases"]) | {f"{a} {b}" for a in v["switch_modifiers"]
                                                         for b in v["switch_nouns"]},
        dismissals=tuple(v.get("dismissals", ())), set_aside=tuple(v.get("set_aside", ())),
        exclusion=tuple(v["exclusion"]),
        now_phrases=tuple(v["now_phrases"]), prepositions=tuple(tuple(p.split()) for p in v["prepositions"]),
        keynote_stems=frozenset(stem(w) for w in v["keynote_words"]),
        ordinals=dict(v["ordinals"]), numbers=dict(v["numbers"]),
        answer_types=tuple((k, tuple(p)) for k, p in d["answer_types"].items()),
        units=tuple((k, tuple(p)) for k, p in d["units"].items()),
        unit_equivalents={k: tuple(p) for k, p in d.get("unit_equivalents", {}).items()},
        frame=frozenset(frame), frame_stems=frozenset(stem(w) for w in frame),
        role_names=tuple((r, tuple(v["roles"].get(r, ()))) for r in ROLES),
        organisation_stems=frozenset(stem(w) for w in v["organisation_words"]),
        attendance_stems=frozenset(stem(w) for w in v["count_objects"].get("attendance", ())),
        count_objects=tuple((k, frozenset(w)) for k, w in v["count_objects"].items()),
    )
    lists = {f.name: frozenset(v[f.name]) for f in fields(Vocab) if f.name not in special}
    return Vocab(**lists, **special)


def _forms(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(f) if not f[0].isalnum() else rf"(?<![\w-]){re.escape(f)}(?![\w-])"
                               for f in forms), re.I)


_BE = frozenset("is are was were be been being r 's isn't aren't wasn't weren't".split())
_AFTER_THERE = _BE | frozenset("will would have has had might may must seem seems seemed appear appears".split())


_NOT_PLURAL = frozenset("does was is has this its his hers yours ours theirs thanks plus across always perhaps "
                        "whereas besides news series".split())


def _pointing_there(toks: list[str]) -> bool:
    """'What did they say there?' points at a place talked about; "how many are there", "was there a
    hackathon", "there were two panels" do not (there with a form of "be": something exists), nor "out there"."""
    return any(t == "there" and not (toks[i - 1 : i] and toks[i - 1] in _BE | {"out"})
               and not (toks[i + 1 : i + 2] and toks[i + 1] in _AFTER_THERE) for i, t in enumerate(toks))


# Words that narrow a "which NOUN" without changing what it asks for ("which specific countries").
_MODIFIER = ("(?:specific|exact|other|particular|actual|precise|individual|different|real|main|named|"
             "two|three|four|five|several|many)")


@lru_cache(maxsize=16)
def type_nouns(phrases: tuple[str, ...]) -> frozenset[str]:
    """The NOUNs of the two-word "which/what NOUN" phrases among answer-type phrases ("city", "year")."""
    return frozenset(p.split()[1] for p in phrases if len(p.split()) == 2 and p.split()[0] in ("which", "what"))


def _compound(phrase: str, padded: str) -> bool:
    """'their name tags': the phrase's last word ("name") is the first of a compound noun, asking nothing (a
    content word follows it each time it stands in the question)."""
    last = phrase.rsplit(" ", 1)[-1]
    if last not in ("name", "names"):
        return False
    after = [padded[m.end():].split(" ", 1)[0] for m in re.finditer(rf" {re.escape(phrase)} ", padded)]
    return bool(after) and all(w and w not in STOP and w not in QUESTION_WORDS for w in after)


_WHAT = re.compile(r" (?:what|which) | how (?:is|was|are|were|s) ")
_WHICH_OF = re.compile(r" which (?:one )?of (?:them|those|these|the two|both) (\w+)")


@lru_cache(maxsize=16)
def _asking(kind: str, phrases: tuple[str, ...]) -> re.Pattern[str]:
    """' which [w [w]] NOUN(s) ' for the kind's two-word "which/what NOUN" phrases (never matches when none)."""
    nouns = sorted(type_nouns(phrases))
    if not nouns:
        return re.compile(r"(?!)")
    plural = "|".join(re.escape(n[:-1]) + "(?:y|ies)" if n.endswith("y") else re.escape(n) + "(?:e?s)?"
                      for n in nouns)
    return re.compile(rf"(?<= )(?:which|what)(?: {_MODIFIER}){{0,2}} (?:{plural})(?= )")
