"""Stage 2a, Resolve: find what a question names — people, sessions, days, sections, items, numbers.

Works on the normalised English question and the Catalog of the posts. People are found by full
name, surname or first name (a name part that is also a common English word counts only when it
is written as a name or stands where a name stands), with small typos tolerated. Sessions are found
by their distinctive title words ("the globl south panel"), by a description ("the smart-city one",
matched against what each session says), or by programme order ("the last session", "the second
panel on day 1"). Also reads the answer type wanted (person, number, day, time, place), the topic
words left over, and unresolved references (pronouns, "that panel", "and on day 2?").
Does not choose the intent or look at the conversation. The people are found in find_people.py, the
sessions in find_sessions.py; this module puts the stage together and reads days, items, numbers,
the answer type and the topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answering.catalog import Catalog, honorifics
from assistant.answering.describe import Describer, PeopleDescriber
from assistant.answering.find_people import PeopleFinder
from assistant.answering.find_sessions import _LEADS, SessionFinder
from assistant.answering.refs import PERSON_PRONOUNS, Mentions, PersonRef, SessionRef, _find_seq, tokens_of
from assistant.answering.vocab import AUXILIARIES, BESIDE_WORDS, QUESTION_WORDS, Vocab, neighbour_at
from assistant.text import STOP, is_year, stem

_WHOLE = frozenset("all both the these those its their".split())  # "all 10 of them": the whole
_BEYOND = frozenset("also too again elsewhere besides".split())  # asking of a person beyond one role

__all__ = ["Mentions", "PersonRef", "Resolver", "SessionRef", "tokens_of"]


class Resolver(PeopleFinder, SessionFinder):
    """Finds mentions against one Catalog."""

    def __init__(self, catalog: Catalog, vocab: Vocab, is_common: Callable[[str], bool] = lambda w: False,
                 near: Callable[[list[str], list[str]], dict[str, frozenset[str]]] | None = None,
                 describe: Describer | None = None, describe_person: PeopleDescriber | None = None) -> None:
        self.c = catalog
        self.v = vocab
        self.is_common = is_common
        self.near = near  # topic stems -> the posts' stems the embedding model puts near them
        self.describe = describe  # a descriptive phrase -> the one session it describes (describe.py)
        self.describe_person = describe_person  # "the development bank guy" -> the one person it fits
        self._sayers = vocab.session_nouns | vocab.speaker_nouns  # "the weather panel mentioned …": who said it

    def __call__(self, english: str, written: str = "") -> Mentions:
        """Stage 2a for one question (`written`: the user's text, for capitalisation cues)."""
        toks, raw = tokens_of(english)
        framing = _preamble(english, toks, self.names_known, self.v.discussion_verbs, self._sayers)
        m = Mentions(tokens=toks, framing=framing)
        self._days(m)
        self._items(m)
        self._event(m)
        m.people = self._people(toks, raw, written or english, m.used) or self._described_people(toks, m.used)
        for p in m.people:
            m.used.update(p.at)
            j = min(p.at) - 1 if p.at else -1
            while j >= 0 and toks[j] in _HONORIFICS:  # "Dr.", "H.E." before the name: part of it, no topic
                m.used.add(j)
                j -= 1
        m.excluded_people = [p.name for p in m.people if p.at and min(p.at) > 0 and any(  # "not X", "apart from X"
            f" {' '.join(toks[max(0, min(p.at) - 3) : min(p.at)])}".endswith(f" {e}") for e in self.v.exclusion)]
        m.people = [p for p in m.people if p.name not in m.excluded_people]
        m.lead = _lead_name(english, toks, m)
        m.sessions = self._sessions(toks, m)
        m.answer_type = self.v.answer_type(" ".join(toks))
        self._role_holder(m)
        if not m.named_sessions and m.people:
            m.sessions += self._sessions_of(m)  # "the panel Demetris Cheatham was on"
        m.roles = self.v.roles_in(" ".join(toks))
        m.used.update(self.v.role_positions(toks) | self.v.switch_positions(toks))
        self._numbers(m)
        m.counted = self._counted(toks) if m.answer_type == "number" else frozenset()
        m.dropped = self._excluded_span(toks)
        m.used.update(i for i in m.dropped if i < len(toks) and toks[i] not in self.v.session_nouns)  # ("leaving
        # out", "apart from": no topic; the sessions and people excluded are found above)
        m.used.update(_quoted_title(english, m))
        self._topic(m)
        self.misnamed(m)
        if not m.named_sessions and not m.phantom:  # ("the livestock genetics panel": no session, not the one its
            m.sessions += self._described(m)  # words stand nearest by meaning)
        elif len(m.named_sessions) == 1 and set(toks) & self.v.contrast:  # "compare the UN panel with the panel
            named = m.named_sessions[0].title  # on developing regions": the other side by its description
            m.sessions += [r for r in self._described(m) if r.title != named]
        m.references = self.v.references(toks, has_person=bool(m.people), has_session=bool(m.named_sessions),
                                         names_nothing=not (m.people or m.named_sessions or m.days or m.topic
                                                            or m.roles or m.item),
                                         has_topic=bool(m.topic), several=len(m.people) + len(m.named_sessions) > 1)
        m.absent_people = self.absent_people(m, raw)
        return m

    def _event(self, m: Mentions) -> None:
        """The event a post is about, named in full ("where is the next OSPOs for Good held?"): the intent
        reads it as "the conference" (Mentions.masked). Its words stay topic words, so that a sentence
        naming the event agrees with the question; it is no person or session. Its year goes with it."""
        for name in self.c.event_names:
            for i in range(len(m.tokens) - len(name) + 1):
                if tuple(m.tokens[i : i + len(name)]) == name:
                    end = i + len(name)
                    end += bool(m.tokens[end : end + 1] and m.tokens[end].isdigit())
                    m.event_at.update(range(i, end))

    def _role_holder(self, m: Mentions) -> None:
        """'where else did the AI keynote speaker appear?', 'did the global south keynote speaker also speak
        elsewhere?': the named session's one keynote speaker is the person asked about, and the session
        only says which one, when the question asks of them beyond that role ("else", "other", "also").
        Not "who else spoke at the AI panel besides its keynote speaker": that asks for people."""
        toks = m.tokens
        if m.people or len(m.named_sessions) != 1 or not set(toks) & (self.v.otherness | _BEYOND) \
                or m.answer_type == "person":
            return
        role = (((i, i + 1) if t == "keynote" else (i,)) for i, t in enumerate(toks)
                if t == "keynoter" or t == "keynote" and toks[i + 1 : i + 2] and toks[i + 1] in self.v.person_nouns)
        at = next(role, ())
        ref = m.named_sessions[0]
        speakers = [n for n in self.c.knowledge.session(ref.title, ref.source).keynote_speakers if n in self.c.people]
        if at and len(speakers) == 1:
            m.people = [PersonRef(speakers[0], "role", at)]
            m.used.update(at)
            m.sessions = []

    # ---- days, items, numbers ---------------------------------------------------------------------
    def _days(self, m: Mentions) -> None:
        toks, nums = m.tokens, self.v.numbers
        last = self.c.days()[-1] if self.c.days() else ""
        for i, t in enumerate(toks):
            n, span = 0, ()
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            if t == "day" and (nxt.isdecimal() or nxt in nums):
                n, span = int(nxt) if nxt.isdecimal() else nums[nxt], (i, i + 1)
            elif re.fullmatch(r"day\d", t):
                n, span = int(t[3:]), (i,)
            elif t == "day" and i > 0 and self.v.ordinal(toks[i - 1]):
                n, span = self.v.ordinal(toks[i - 1]), (i - 1, i)
            elif m.days and t != "day" and self.v.ordinal(t) and i > 0 and toks[i - 1] == "the" and (
                    not nxt or nxt in ("and", "or", "vs", "versus", "than")):  # "the first day's focus … the
                n, span = self.v.ordinal(t), (i,)  # second's": a day too (not "on day 2, the first one")
            elif t != "day" and self.v.ordinal(t) and nxt in ("and", "or", "vs", "versus") and any(
                    toks[j] == "day" and self.v.ordinal(toks[j - 1]) for j in range(i + 2, min(len(toks), i + 5))):
                n, span = self.v.ordinal(t), (i,)  # "the first and the second day": both are days
            if n:
                m.days.append(last if n < 0 else f"Day {n}")
                m.day_at.append(span)
                m.used.update(span)

    def _items(self, m: Mentions) -> None:
        toks = m.tokens
        for i, t in enumerate(toks):
            if i in m.used:
                continue
            nxt = toks[i + 1 : i + 3]
            if self.v.ordinal(t) and any(x in self.v.item_nouns for x in nxt):
                m.item = self.v.ordinal(t)
                m.used.add(i)
            elif t in self.v.item_nouns and i + 1 < len(toks) and toks[i + 1].isdecimal():
                m.item = int(toks[i + 1])
                m.used.update((i + 1,))
            elif (t in self.v.item_numerals and toks[i + 1 : i + 2] and toks[i + 1].isdecimal()
                  and (i == 0 or toks[i - 1] in STOP or toks[i - 1] in self.v.item_nouns)):
                m.item = int(toks[i + 1])  # "what does number 10 say", "insight number 3" (not "room number 3")
                m.used.update((i, i + 1))

    def _counted(self, toks: list[str]) -> frozenset[str]:
        """What each 'how many' / 'number of' counts ("how many trainees, and from how many countries": both)."""
        return frozenset().union(*(self._counted_at(toks, i) for i, t in enumerate(toks)
                                   if t in ("many", "number") or (t == "much" and i > 0 and toks[i - 1] == "how")))

    def _counted_at(self, toks: list[str], i: int) -> frozenset[str]:
        """Stems of the first content word after the 'many' at i (any people word for "people"), or of the
        part of a group counted ("how many of the graduates were women": the women)."""
        part = self._subset(toks, i) if toks[i + 1 : i + 2] == ["of"] else None
        if part is not None:
            return part
        for j, w in enumerate(toks[i + 1 : i + 5], start=i + 1):
            if w == "times":  # "how many times did she …": occasions, whatever the number sits by
                return frozenset()
            if w in self.v.people_nouns or w not in STOP and w not in self.v.frame and not w.isdigit():
                # (after "how much" the next word is no counted noun: "how much is in the X fund")
                return self._counted_stems(w) if toks[i] == "much" else self._phrase_stems(toks, j)
        return frozenset()

    def _phrase_stems(self, toks: list[str], at: int) -> frozenset[str]:
        """The counted words from `at` on, up to COUNTED_WORDS in a row and to the first plural (what "how many"
        counts is plural, and it ends its phrase): "small family farms" counts farms, and no word class says
        which word is the head, so all of them stand for it; "people finished …" counts people."""
        out: set[str] = set()
        for w in toks[at : at + COUNTED_WORDS]:
            if w not in self.v.people_nouns and (w in STOP or w in self.v.frame or w.isdigit()):
                break
            out |= self._counted_stems(w)
            if w in self.v.people_nouns or len(w) > 3 and w.endswith("s"):
                break
        return frozenset(out)

    def _subset(self, toks: list[str], at: int) -> frozenset[str] | None:
        """'how many of <group> were <kind>': the stems of the kind (the part of the group counted), or None.
        A kind the posts never use ("women" where no post says it) or a people word; not what the post says of
        the group in other words ("were signatories": "had signed") nor a verb ("were reviewed")."""
        for j in range(at + 2, min(len(toks) - 1, at + 14)):
            if toks[j] in ("were", "are", "was", "is"):
                w = next((w for w in toks[j + 1 : j + 3] if w not in STOP and w not in self.v.frame), "")
                if not w or re.search(r"(?:ed|ing)$", w) or self.c.df(stem(w)) and w not in self.v.people_nouns:
                    return None
                return self._counted_stems(w)
        return None

    def _counted_stems(self, w: str) -> frozenset[str]:
        """The stems a counted word stands for: any people word for one of them ("people" counts attendees,
        participants …; a framing word elsewhere, the counted thing here), else its own."""
        return frozenset(stem(p) for p in self.v.people_nouns) if w in self.v.people_nouns else frozenset({stem(w)})

    def _numbers(self, m: Mentions) -> None:
        """The numbers the question states (counts a premise may claim): not a year, and not a part of a group
        ("one of those advisory cards", "two of the panels": the group's size is not said; but "all 10 of the
        action points" says it)."""
        for i, t in enumerate(m.tokens):
            partitive = m.tokens[i + 1 : i + 2] == ["of"] and not (i and m.tokens[i - 1] in _WHOLE)
            n = self.v.number(t)
            if i not in m.used and n is not None and not is_year(t) and not partitive:
                m.numbers.append(n)

    def _someone_meant(self, toks: list[str], i: int) -> bool:
        """Whether toks[i] is a gendered person noun someone is described or meant by: after the / that / this
        with only description words between ("the weather station guy", "that woman"), the phrase a subject (at
        the start, or after an auxiliary, a question word, "and" or "with"); not a topic word ("a woman", "the woman
        farmers", "about the woman farmer", "the role of woman in farming")."""
        if toks[i] not in self.v.he_nouns | self.v.she_nouns or _plural_noun(toks[i + 1 : i + 2]):
            return False
        d = next((j for j in range(i - 1, max(-1, i - 5), -1) if toks[j] in ("the", "that", "this")), None)
        if d is None or any(t in STOP for t in toks[d + 1 : i]):
            return False
        return d == 0 or toks[d - 1] in AUXILIARIES | QUESTION_WORDS | _BESIDE_SOMEONE

    def names_known(self, toks: list[str]) -> bool:
        """Some word here is one the posts use and plain English does not ("furrow", "ikega")."""
        return any(t not in STOP and t not in self.v.frame and self.c.df(stem(t)) and not self.is_common(t)
                   for t in toks)

    def _proposer(self, m: Mentions) -> bool:
        """Someone the question names or points at proposes ("which action point did Ferraz propose", "… proposed
        by a panelist", "in the financing panel"): the verb is what they did, asked about."""
        return bool(m.people or m.named_sessions or "by" in m.tokens
                    or any(t in _PROPOSERS for t in m.tokens))

    def _event_verb(self, m: Mentions, i: int) -> bool:
        """'Did the summit close with', 'what did the conference open with': the verb right after an auxiliary
        and the event as its subject says what the event did, not what the question is about."""
        toks = m.tokens
        before = i - 1
        while before in m.event_at and before - 1 in m.event_at:  # (a name of several words: "OSPOs for Good")
            before -= 1
        subject = before >= 0 and (toks[before] in self.v.event_nouns or before in m.event_at)
        return subject and before >= 2 and toks[before - 1] in ("the", "this", "that") \
            and toks[before - 2] in self.v.asserting_auxiliaries

    # ---- topic --------------------------------------------------------------------------------------
    def _purpose(self, toks: list[str]) -> set[int]:
        """'… in three lines for the newsletter', '… for my director': a closing "for" before a few words no post
        uses, after "my" or in a request for a short version, says what the asker needs the answer for, not what it
        is about ("… for governments" is a topic; so is "… for women", which no post has)."""
        at = max((i for i, t in enumerate(toks) if t == "for"), default=-1)
        rest = [j for j in range(at + 1, len(toks)) if toks[j] not in self.v.phrase_openers]
        if at < 1 or not rest or len(rest) > PURPOSE_WORDS or any(self.c.df(stem(toks[j])) for j in rest):
            return set()
        # the asker's own ("for my director") or beside a request for a short version ("a 3 line wrap … for the
        # newsletter"); not a thing asked about that no post has ("action points for women", "who argued for bitcoin")
        mine = toks[at + 1] in _ASKERS
        return {at, *rest} if mine or set(toks) & _BRIEF else set()

    def _topic(self, m: Mentions) -> None:
        typed = m.answer_type in ("place", "person", "number", "time", "name")
        form = self.v.type_positions(m.tokens, m.answer_type) if typed else set()
        for seq in self.v.prepositions:  # "in terms of themes": "terms" is no topic
            form |= set(_find_seq(m.tokens, seq))
        for frame in self.v.asserting_frames:  # "I read that X runs the fund": how the asker knows, no topic
            form |= set(_find_seq(m.tokens, tuple(frame.split())))
        named = {p.at[0] for p in m.people if p.at}  # "a recap credits X with …", "attributed to X"
        form |= {i for i, t in enumerate(m.tokens) if t in self.v.crediting and {i + 1, i + 2} & named}
        form |= self._purpose(m.tokens)
        if m.roles:  # "how many action points were proposed": what was done with the section asked for, no topic
            roles = self.v.role_positions(m.tokens)
            form |= {i for i in range(2, len(m.tokens)) if m.tokens[i - 1] in _BEING and i - 2 in roles
                     and (m.tokens[i] in _DONE or m.tokens[i].endswith("ed") and "-" not in m.tokens[i])}
        for i, t in enumerate(m.tokens):
            if i in form or t.endswith("n't"):  # "which city": the kind of answer; "isn't": a negation
                continue
            if stem(t) in self.v.frame_stems:  # "named" as "name", "discusses" as "discuss"
                continue
            if i in m.used or t in STOP or t in self.v.frame or len(t) < 2 or t in self.v.several \
                    or t in self.v.session_nouns and not _talked_of(m.tokens, i):
                continue
            if t.isdigit() or t in self.v.numbers or self.v.ordinal(t) or i < m.framing:
                continue
            if t == "times" and m.tokens[i - 1 : i] == ["many"]:  # "how many times": how often, not a topic
                continue
            if t in _LEADS and i and m.tokens[i - 1] in self.v.session_nouns:  # "the panel devoted to …": how a
                continue  # description is led in, no topic
            if m.roles and t in self.v.proposing_verbs and not self._proposer(m):  # "among the recommendations,
                continue  # what is suggested to …" (not "which action item did a panelist propose")
            if m.roles and self._event_verb(m, i):  # "how many action points did the summit close with": what
                continue  # it did to the section asked for (not "what did the forum close with?": the verb asks)
            if t in self.v.item_nouns and "action_items" in m.roles:  # "how many to-do items": the action items
                continue  # counted or listed, not a topic of theirs
            if t in self.v.speaker_nouns and m.tokens[i + 1 : i + 2] in (["who"], ["that"], ["from"]) \
                    and m.tokens[i - 1 : i] == ["the"]:
                continue  # "the guy who talked about fall armyworm", "the guy from the lender": who is asked
                # about, not a topic
            if self._someone_meant(m.tokens, i):  # "the weather station guy", "that woman"
                continue
            if i == neighbour_at(m.tokens, self.v.session_nouns, one=False):  # "the next panel": which, no topic
                continue
            if t in self.v.partners and m.tokens[i - 1 : i] and m.tokens[i - 1] in ("her", "his", "their"):
                continue  # "her colleague on that panel": a person pointed at (conversation.py), not a topic
            if t in self.v.group_nouns and i > 0 and i - 1 in {j for r in m.sessions for j in r.at}:
                continue  # "the mobility folks": the session's people, not a topic
            m.topic.append(stem(t))
            m.topic_words.append(t)
            m.topic_at.append(i)


_OF = frozenset("about regarding concerning discussing".split())


def _talked_of(toks: list[str], i: int) -> bool:
    """'Did anyone talk about workshops?': a session noun in the plural, right after "about" and last, is what was
    talked about (the post's own text may speak of workshops), not a session the question points at ("what did
    they say about the panel": a determiner)."""
    return i == len(toks) - 1 and i > 0 and toks[i - 1] in _OF and toks[i].endswith("s")


_HONORIFICS = honorifics() - {"he"} | {"h", "e"}  # ("he" is a pronoun before a name; "H.E." is two words here)
PURPOSE_WORDS = 3  # at most this many words after a closing "for" that says what the answer is for
_PROPOSERS = frozenset("panelist panelists speaker speakers keynoter moderator someone somebody anyone anybody".split())
_BEING = frozenset("were was are is been being".split())  # "the action points were proposed": done to them
_DONE = frozenset("made given put set laid drawn written shown taken brought held done".split())  # (and "-ed")
_ASKERS = frozenset("my our me us".split())  # "for my director": the asker's purpose
_BRIEF = frozenset("summary summarize summarise recap wrap rundown gist tldr overview lines sentences paragraph "
                   "briefly brief nutshell".split())  # a request for a short version
_QUOTED = re.compile(r"(?<![\w'’])['‘\"“]([^'’‘\"“”]{3,80})['’\"”](?![\w'’])")


def _quoted_title(english: str, m: Mentions) -> set[int]:
    """The positions of a quoted phrase that names a session found in it ("who keynoted the 'next 10 years of
    open source' plenary?": the title as the asker remembers it, every word of it, not a topic)."""
    out: set[int] = set()
    named = {i for r in m.named_sessions for i in r.at}
    for hit in _QUOTED.finditer(english):
        start = len(tokens_of(english[: hit.start()])[0])
        span = set(range(start, start + len(tokens_of(hit.group(1))[0])))
        if span & named:
            out |= span
    return out


_LEAD_END = re.compile(r"[:\u2014\u2013]|\s-\s")  # ':' or a dash after a lead-in ("For my piece: …", "X - …")
# "For a bit of colour in my opening, could you tell me …": a purpose before a comma, then the request (a purpose
# whose subject the question points back to, "… deal with that", is no preamble: _preamble)
_PURPOSE_COMMA = re.compile(r"^\s*(?:for (?:a|an|my|our)|as (?:a|an))\b[^,?]{3,80}?(?=,\s*(?:could|can|would|will|"
                            r"please|what|which|who|whom|whose|when|where|why|how|did|does|do|was|were|is|are)\b)",
                            re.I)
COUNTED_WORDS = 3  # words of the phrase after "how many" that may name the counted thing


def _lead_name(text: str, toks: list[str], m: Mentions) -> int:
    """Tokens of one person's name standing alone before ':' or a dash when a pronoun after it stands for
    them ("Mark Pereira: which organisations is he tied to?", "Ruth Ikega - what did she push for?"); else 0."""
    cut = _LEAD_END.search(text)
    n = len(tokens_of(text[: cut.start()])[0]) if cut else 0
    named = [p for p in m.people if p.at and max(p.at) < n]
    if n and len(named) == 1 and set(named[0].at) == set(range(n)) and set(toks[n:]) & PERSON_PRONOUNS:
        return n
    return 0


def _preamble(text: str, toks: list[str], names_known: Callable[[list[str]], bool] = lambda t: False,
              said: frozenset[str] = frozenset(), sayers: frozenset[str] = frozenset()) -> int:
    """Tokens of a preamble before ':' or a dash ("For a piece on X: who …?"), when a question follows.
    A short label that is no purpose ("for a piece on") and names something the posts know is the
    question's subject, not framing: "Common Furrow Fund - how big, how long?"""
    m = _LEAD_END.search(text)
    comma = None if m else _PURPOSE_COMMA.search(text)
    if not m and not comma:
        return 0
    before, _raw = tokens_of(text[: m.start() if m else comma.end()])  # type: ignore[union-attr]
    after = toks[len(before) :]
    if comma and set(after) & {"it", "this", "that", "these", "those", "them"}:
        return 0  # "For a paragraph on privacy, did any recommendation deal with that?": the purpose is the subject
    asks = {"who", "what", "which", "when", "where", "how", "why", "did", "does", "was", "were", "is", "are"}
    # "For a piece on …:", "I'm writing …", "I'm putting together an item … - could you …" (not "For the scheme: how
    # did it work")
    purpose = before[:2] in (["for", "a"], ["for", "an"], ["for", "my"], ["for", "our"], ["as", "a"], ["as", "an"]) \
        or "writing" in before[:4] or before[:1] in (["i'm"], ["im"], ["we're"], ["i've"]) \
        or before[:2] in (["i", "am"], ["we", "are"])
    if not purpose and set(before[:2]) & asks:
        return 0  # "who was it aimed at - what sort of people came?": a question first, not a preamble
    if not purpose and len(before) <= 4 and names_known(before):
        return 0  # a label, not a sentence ("Philip Thigo shows up twice in the program - where?" stays framing)
    if not purpose and any(t in said and before[i - 1] in sayers for i, t in enumerate(before) if i):
        return 0  # "the unicef talk said something about young people not just being users - what's the full point":
        # what a session or speaker said is the subject, not the asker's story ("my boss said to ask: …")
    if not purpose and set(after) & {"it", "this", "that", "these", "those", "they", "them", "their", "he", "him",
                                     "his", "she", "her", "hers", "each", "both", "either", "neither", "latter",
                                     "former"}:
        return 0  # "ichikawa mendes index insurance - how does it work", "the radio guy - what was his point",
        # "compare A with B: how big was each": the part before is what "it" (or "his", "each") stands for
    picks = ("is", "was", "one", "of", "has", "had")
    if not purpose and any(a == "which" and b in picks for a, b in zip(after, after[1:], strict=False)):
        return 0  # "the pooled fund vs the endowment: which is bigger?": "which" picks one of the things before
    return len(before) if len(after) >= 3 and set(after) & asks else 0


_BESIDE_SOMEONE = BESIDE_WORDS | {"and"}  # "… on that panel with the guy", "the tractor guy and the coffee guy"


def _plural_noun(after: list[str]) -> bool:
    """Whether the word after (if any) reads as a plural noun a word before it modifies ("woman farmers")."""
    return bool(after) and len(after[0]) > 3 and after[0].endswith("s") and not after[0].endswith(("ss", "us", "is")) \
        and after[0] not in STOP  # (not "focus", "analysis")
