"""Whether a text holds the kind of answer a question asks for, beyond the question's own words: a
place ("which city": a city, not a region), a name ("what is her network called"), or the name of the
one thing a "which" question asks about ("which pesticide was it?": a name beside that thing, not
anywhere in the text). Used by evidence ranking (the `typed` feature) and by the answering
intents that refuse "the post does not give that name". Does not rank, verify or write text.
"""

from __future__ import annotations

import re

from assistant.answering.mentions import Mentions
from assistant.answering.vocab import AUXILIARIES, vocab
from assistant.ingest.shape import countries, regions, shape
from assistant.text import stem, words

_COUNTRY = frozenset({"country", "countries", "nation", "nations"})  # a question asking for a country
_CITY = frozenset({"city", "cities", "town", "towns", "village", "villages"})  # … for a city
_VENUE = re.compile(r"^(?:Headquarters|Centre|Center|Hall|Forum|Council)$")  # shape's place words that name no city


def holds(kind: str, text: str, m: Mentions) -> bool:
    """Whether text holds a place (kind "place") or a name ("name": "what is her network called") that
    the question does not give already."""
    if kind == "place":
        if _asks(m.tokens, _COUNTRY):  # "which country": a country's name, not any two capitalised words
            return any(_new_capitals(hit.group(0), m) for hit in countries().finditer(text))
        if _asks(m.tokens, _CITY):  # "which city": not a region ("East Africa") or a country
            return any(_new_capitals(_city_words(hit.group(0)), m) for hit in shape().pattern(kind).finditer(text))
        return any(_new_capitals(hit.group(0), m) for hit in shape().pattern(kind).finditer(text))
    return any(_new_capitals(body, m) for body in _inside_sentences(text))


def _sentences(text: str) -> list[str]:
    """The sentences of text."""
    return re.split(r"(?<=[.!?])\s+", text)


def _inside_sentences(text: str) -> list[str]:
    """Each sentence of text without its first word (which is capitalised whatever it is)."""
    return [part.split(" ", 1)[1] for part in _sentences(text) if " " in part]


def _asks(toks: list[str], nouns: frozenset[str]) -> bool:
    """'which country is she the minister of', 'what nation', 'which city': the asked thing is one of nouns."""
    return any(a in ("which", "what") and b in nouns for a, b in zip(toks, toks[1:], strict=False))


def _city_words(place: str) -> str:
    """The capitalised words of a place phrase that may name a city: not a country, a region ("East
    Africa") or a venue word ("Headquarters")."""
    place = countries().sub(" ", place)
    return " ".join(w for w in re.findall(r"\b[A-Z][\w’'-]*", place) if w not in regions() and not _VENUE.match(w))


def _new_capitals(text: str, m: Mentions) -> bool:
    """A capitalised word (a name, a place) in text that the question does not use itself."""
    asked = set(m.tokens)  # ("Kenya's" is "kenya", which the question may use)
    capitals = [re.sub(r"[’']s$", "", w) for w in re.findall(r"\b[A-Z][\w’'-]*", text)]
    return any(w not in asked for w in words(" ".join(capitals)))


_OPENERS = frozenset({"and", "so", "but", "ok", "okay", "then", "also"})  # may stand before a question's "which"
_OPENING_PREPOSITIONS = frozenset({"under", "in", "on", "at", "from", "by", "with", "for", "to", "into"})
_LIST_MARKS = re.compile(r"^\s*(?:,\s*)?(?:such as|like|including|called|named|known as|:|—|–|\()", re.I)
NAME_REACH = 6  # words before the asked thing within which a name of it is looked for


def asked_thing(m: Mentions, *, plural: bool = False) -> tuple[str, ...]:
    """'Which pesticide was it?', 'which tractor manufacturer did X single out': the stems of the phrase
    naming the one thing whose identity the question asks, its head first ("manufactur", "tractor"); ()
    when it asks no such thing: a plural "which challenges" is answered by a description, "what
    resolution" by a value, a relative "at which" asks nothing, and person, place, time and number
    questions have their own types. A name question's thing is the one whose name it asks for
    ("the name of the farm record app", "what's her network called": _name_asked)."""
    spots = {at: t for t, w, at in zip(m.topic, m.topic_words, m.topic_at, strict=False)
             if at < len(m.tokens) and m.tokens[at] == w}  # (not a topic carried from an earlier turn)
    if m.answer_type == "name":
        return _name_asked(m, spots)
    if m.answer_type:
        return ()
    v = vocab()
    asking = _OPENERS | v.lead_ins | v.knowing | v.first_person | v.wanting | AUXILIARIES | {"to", "not"}
    for i, t in enumerate(m.tokens[:-1]):  # ("which" opens the question, or an embedded one: "tell me which …")
        if t not in ("which", "what"):
            continue
        opens = all(w in asking for w in m.tokens[:i]) or i == 1 and m.tokens[0] in _OPENING_PREPOSITIONS
        k = next((k for k in range(i + 1, len(m.tokens)) if m.tokens[k] not in _IDENTIFYING), len(m.tokens))
        first = k + (k in m.used and k + 1 in spots)  # ("which UN agencies": "UN" names the session too)
        if first in spots and opens:  # (and "under which licence …?", at the question's start)
            j = first  # the phrase runs over topic and frame words up to a verb ("which AI panelist made",
            # "which warehouse hosted")
            while j + 1 < len(m.tokens) and j + 1 - i <= 3 and (j + 1 in spots or m.tokens[j + 1] in v.frame) \
                    and m.tokens[j + 1] not in AUXILIARIES and not m.tokens[j + 1].endswith("ed"):
                j += 1
            head = m.tokens[j]
            if t == "what" and head not in v.named_kinds and k == i + 1:
                return ()  # "what resolution" asks a value; "what licence", "what companies", "what specific
                # software" ask names
            if "or" in m.tokens[j + 2 :]:
                return ()  # "which effect was bigger: the savings … or the yield advantage …": a choice between
                # the things the question names, not a name to find (not "which companies or foundations …")
            if j not in spots or head.endswith("s") and not head.endswith("ss") and not plural \
                    and head not in v.named_kinds:  # ("which UN agencies": their names are asked)
                return ()  # ("which AI panelist": a person; `plural`: "which programmes" too)
            return _phrase(spots, j)
    return ()


_IDENTIFYING = frozenset({"specific", "exact", "particular", "precise", "actual"})  # "what specific tool": its name
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "her", "his", "their", "its", "our", "your", "s"})


def _name_asked(m: Mentions, spots: dict[int, str]) -> tuple[str, ...]:
    """The thing whose name a name question asks: the phrase after "name of" ("the name of the farm
    record app that…": "app", "record", "farm") or before "called" ("what's her network called":
    "network"); () for a person's name ("the name of the UNICEF person") or when no topic phrase stands
    there."""
    toks = m.tokens
    for i, t in enumerate(toks[:-1]):
        if t in ("name", "names") and toks[i + 1] == "of":
            end = _noun_phrase(toks, spots, i + 2)
            if end is None or end + 1 < len(toks) and {toks[end + 1], toks[end + 1].removesuffix("s")} \
                    & vocab().person_nouns:
                return ()
            return _phrase(spots, end)
    if "called" not in toks:
        return ()
    before = toks.index("called") - 1
    if before in spots and not toks[before].endswith("ed"):  # (not "the fund she announced called")
        return _phrase(spots, before)
    start = 2 if toks[:2] in (["what", "is"], ["what", "was"], ["what", "are"], ["what", "were"], ["what", "s"]) \
        else 1 if toks[:1] == ["whats"] else 0
    end = _noun_phrase(toks, spots, start) if start else None  # "what is the system Oyarzún described called"
    return _phrase(spots, end) if end is not None else ()


def _noun_phrase(toks: list[str], spots: dict[int, str], j: int) -> int | None:
    """The last place of the run of topic words starting at j, after any determiners; None when none stands there."""
    while j < len(toks) and toks[j] in _DETERMINERS:
        j += 1
    end = None
    while j < len(toks) and j in spots:
        end, j = j, j + 1
    return end


def _phrase(spots: dict[int, str], head: int) -> tuple[str, ...]:
    """The topic stems of the phrase ending at `head`, head first, then the words before it (up to two)."""
    return tuple(spots[j] for j in range(head, head - 3, -1) if j in spots and all(k in spots for k in range(j, head)))


def names_thing(text: str, thing: tuple[str, ...], m: Mentions) -> bool | None:
    """Whether text names the asked thing: a capitalised word the question does not use beside a mention
    of it ("Kenya's mobile money system"), or a list or name after it ("a tool called …"). The thing is
    looked for by each word of its phrase ("farm management software": the post's "farm management
    system"; "which UN body": "the UN's Economic and Social Council"). None when text mentions none of them
    (nothing is known either way)."""
    sentences = [(sentence, list(re.finditer(r"[\w’'-]+", sentence))) for sentence in _sentences(text)]
    named = {_names(sentences, word, m) for word in thing}
    return True if True in named else False if False in named else None


def _names(sentences: list[tuple[str, list[re.Match]]], word: str, m: Mentions) -> bool | None:
    """names_thing for one word of the thing: True when a mention of it is named, False when it is
    mentioned and never named, None when it is not mentioned."""
    seen = False
    for sentence, toks in sentences:
        for k, w in enumerate(toks):
            said = stem(re.sub(r"[’']s$", "", w.group(0).lower()))
            if said != word and not (len(word) >= 4 and said.startswith(word)):  # ("techs": "technologies")
                continue
            seen = True
            after = sentence[w.end():]
            if _LIST_MARKS.match(after) or re.match(r"(?:,\s*)?[A-Z]", after.lstrip(" ")) and _new_capitals(
                    after.lstrip(" ,").split(" ", 1)[0], m):
                return True  # "an app called …", "the fund, Common Furrow Fund"
            if _new_capitals(" ".join(t.group(0) for t in _before(toks, k)), m):
                return True  # "Zendis, a public company", "Kenya's mobile money system"
    return False if seen else None


def _before(toks: list[re.Match], k: int) -> list[re.Match]:
    """The words before toks[k] in its phrase: back over up to NAME_REACH words, not past a verb ("…
    explained that modern tractors") nor to the sentence's first word (capitalised whatever it is)."""
    out = []
    for t in reversed(toks[max(1, k - NAME_REACH) : k]):
        if t.group(0).islower() and t.group(0).endswith("ed"):
            break
        out.append(t)
    return out
