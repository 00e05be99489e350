"""Understanding a question (stages 1, 2 and 8 of pipeline.py): the text normalised, split into the
parts it asks, each part's people, sessions, days and topic resolved (reading the conversation only
when the first part points back at it), and its intent scored. A `Question` comes out; nothing is
answered, looked up in the facts or verified here (pipeline.py does that). Deterministic; calls no
model beyond the packaged embedder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from assistant.answering.catalog import Catalog
from assistant.answering.conversation import (
    Context,
    answer_entities,
    fill,
    focus,
    named_of,
    needs_context,
    one_session_of,
    replay,
)
from assistant.answering.evidence import Evidence
from assistant.answering.extract import ON_TOPIC
from assistant.answering.facts import Facts
from assistant.answering.intents import Intent, IntentModel
from assistant.answering.mentions import Mentions, Resolver, SessionRef, tokens_of
from assistant.answering.normalise import Normalised, Normaliser
from assistant.answering.question import Question
from assistant.answering.refs import PersonRef
from assistant.answering.vocab import (
    AUXILIARIES,
    NEIGHBOURS,
    QUESTION_WORDS,
    SIDE_STEPS,
    neighbour_at,
    phrase_positions,
    subject_before,
    vocab,
)
from assistant.ingest.shape import shape
from assistant.store.vectors import VectorCache
from assistant.text import STOP, is_smalltalk, stem

_WANTER = frozenset("i i'd i'm id im we we'd we're".split())  # who wants, when a statement asks: the asker
_EMBEDDED = frozenset("who whom whose what which how whether".split())  # a question inside a statement
_REQUEST = re.compile(r"(?:please\s+)?(?:list|name|tell|summari[sz]e|give|describe|explain|show|compare|outline)\b",
                      re.I)


def _asks(text: str) -> bool:
    """A sentence that asks: it ends with "?"; or a clause of it opens (after lead-ins: "ok so", "hey") with
    a question word, an auxiliary or a request ("tell me", "list"): at its start, after a colon, a dash or
    a semicolon, or after a comma unless it is "which" there ("…, which looks silly" relates);
    or a question word follows a knowing word ("I'd love to know what they said", "not sure which panel";
    not "right when the panel was starting")."""
    if text.rstrip().endswith("?"):
        return True
    v = vocab()
    for sep, clause in _CLAUSES.findall(" " + text):
        toks = tokens_of(clause)[0]
        i = next((j for j, t in enumerate(toks) if t not in v.lead_ins), len(toks))
        if i == len(toks) or (sep == "," and toks[i] == "which"):
            continue
        if toks[i] in QUESTION_WORDS or toks[i] in AUXILIARIES or _REQUEST.match(" ".join(toks[i:])):
            return True
    toks = tokens_of(text)[0]
    return any(t in _EMBEDDED and set(toks[max(0, i - 2) : i]) & v.knowing for i, t in enumerate(toks[:-2]))


_CLAUSES = re.compile(r"(^|[,:;—–]|\s-\s)([^,:;—–]+)")


_HOLDER_PRONOUNS = {"he": "", "she": "", "they": "", "him": "", "them": "", "her": "'s", "his": "'s", "their": "'s",
                    "hers": "'s"}


def _unname_neighbour(m: Mentions, ctx: Context) -> Mentions:
    """'and the next one?', 'the previous session' after a turn about a session: not a session whose title has
    the word ("The Next Decade") nor the last one, but the neighbour (conversation.py leaves the session to fill,
    _step_aside moves it)."""
    near = neighbour_at(m.tokens, vocab().session_nouns)
    if near is None or not focus(ctx) or not m.named_sessions \
            or any(not {near, near + 1} & set(r.at) for r in m.named_sessions):
        return m
    out = replace(m, sessions=[r for r in m.sessions if r not in m.named_sessions or r.excluded])
    out.references = vocab().references(m.tokens, has_person=bool(m.people), has_session=False,
                                        has_topic=bool(m.topic))
    return out


def _unnamed_holder(m: Mentions, ctx: Context) -> str:
    """The question again with its pronoun written out as "the keynote speaker at <session>", when the turn before
    asked who gave a session's keynote and its answer named nobody (the post gives a role, not a name: "the
    UNICEF Representative"); "" otherwise (a named speaker is filled in by conversation.fill)."""
    sessions = named_of(ctx.mentions) or ctx.answer_sessions
    if ctx.intent not in ("keynote_speaker", "keynote_content") or ctx.answer_people or m.people or len(sessions) != 1 \
            or (ctx.mentions is not None and ctx.mentions.people) or not {"person", "group"} & set(m.references):
        return ""
    at = next((i for i, t in enumerate(m.tokens) if t in _HOLDER_PRONOUNS), None)
    if at is None:
        return ""
    toks = list(m.tokens)
    toks[at] = f"the keynote speaker at the {sessions[0].title}{_HOLDER_PRONOUNS[toks[at]]}"
    return " ".join(toks)


def _dismisses(text: str) -> bool:
    """A sentence that only sets a topic aside ("Forget cities.", "ok, enough about funding"): it opens
    (after lead-ins) with a dismissal and does not ask."""
    v, toks = vocab(), tokens_of(text)[0]
    start = next((j for j, t in enumerate(toks) if t not in v.lead_ins), len(toks))
    rest = " ".join(toks[start:]) + " "
    return any(rest.startswith(f"{d} ") for d in v.dismissals) and not _asks(text)


def _after_announcement(text: str) -> str:
    """'New question, nothing to do with cities: who talked about …?': before a colon, a clause that announces a
    new subject by what it sets aside asks nothing; the question is what follows it. Not "switching to the intro
    now: where was it held?" (it names what the question is about)."""
    before, colon, after = text.partition(":")
    toks, v = tokens_of(before)[0], vocab()
    if colon and after.strip() and v.switch_positions(toks) and phrase_positions(toks, v.set_aside):
        return after.strip()
    return text


def _day_of_talk(m: Mentions) -> bool:
    """'What day was the talk about the venture fund?', 'when did the cyclone warnings come up?': the day of the
    session where something was said, which each session's day gives (a topic the posts use, and "which"/"what
    day" or a verb of discussion); not "when did the forum take place" (a date), nor "when was X founded"."""
    v = vocab()
    text = f" {' '.join(m.tokens)} "
    event = v.event_nouns | v.frame
    talked = bool(set(m.tokens) & v.discussion_verbs) or " which day " in text or " what day " in text
    return talked and any(w not in event for w in m.topic_words)


def _about_asker(text: str) -> bool:
    """A greeting, or a statement (one `_asks` says asks nothing) of the asker's own or to the assistant:
    "I missed the opening talk", "quick one, I promise", "hope you're well" (not "I need the list of
    panelists": a statement that wants something asks)."""
    v, toks = vocab(), tokens_of(text)[0]
    if is_smalltalk(text):
        return True
    start = next((j for j, t in enumerate(toks) if t not in v.lead_ins), len(toks))
    wants = any(t in v.wanting and (i == start or set(toks[max(0, i - 2) : i]) & _WANTER)  # "I'd love", "need …"
                and not _own_plan(toks, i) for i, t in enumerate(toks))  # (not "my boss wants notes")
    return bool(set(toks) & v.first_person) and not wants


# What the asker makes for others ("I'd like to give a sense of scale", "I want to write about it"): their own plan
_PRODUCING = frozenset("give write share convey publish blog post draft paint sketch".split())


def _own_plan(toks: list[str], i: int) -> bool:
    """'I'd like to give a sense of scale': the wanting word at i is followed by what the asker will make for
    others, no request (not "I'd like to know …", "I need to get the list", nor "I'd like to focus on the heat
    panel", which sets the scope of what follows)."""
    return toks[i + 1 : i + 2] == ["to"] and len(toks) > i + 2 and toks[i + 2] in _PRODUCING


def _leans(text: str) -> bool:
    """A sentence that may point back at what came before it: a pronoun ("their", "that", "there"), a word
    of sameness or otherness, "both" or "each"."""
    v = vocab()
    back = v.person_pronouns | v.group_pronouns | v.thing_pronouns | v.otherness | {"same", "similar", "both", "each"}
    return bool(set(tokens_of(text)[0]) & back)


_SPLIT = re.compile(r"(?<=[?!;])\s+|(?<=[a-z0-9]{3}\.)\s+|,?\s+(?:and|also|plus)\s+(?=(?:who|what|which|when|where|"
                    r"how|did|does|do|was|were|is|are|has|have|can|he|she|it|they)\b)"
                    r"|(?:(?<=wants to know)|(?<=wanted to know)|(?<=asked me)|(?<=is asking)|(?<=was asking))"
                    r"\s+(?=(?:who|what|which|when|where|how|whether|if)\b)",
                    re.I)  # "… my boss wants to know who on the cities panel …": the asker's story, then the question


def _elided_count(toks: list[str]) -> bool:
    """'How many did they look at?': a count whose counted thing is left unsaid (an auxiliary right after "how
    many"), so it leans on what the conversation was about (not "how much do they get paid?": money, asked)."""
    return any(t == "many" and toks[i - 1 : i] == ["how"] and toks[i + 1 : i + 2]
               and toks[i + 1] in AUXILIARIES for i, t in enumerate(toks))


def _guess(q: Question, before: Question) -> bool:
    """'How many people attended? a few hundred?': after a part that asks a number, a part made only of numbers
    and words of guessing is the asker's guess at its answer, which the answer to that part answers too."""
    toks = tokens_of(q.text)[0]
    number = shape().pattern("number")
    return before.mentions.answer_type == "number" and any(number.fullmatch(t) for t in toks) \
        and all(number.fullmatch(t) or t in vocab().guess_words for t in toks)


_SHARING = frozenset("shared share shares sharing together alongside jointly joint co".split())


def _shares_keynote_with(toks: list[str], at: tuple[int, ...]) -> bool:
    """'shared the keynote with her', 'gave the keynote together with X' (X at `at`): a word of sharing within three
    of "keynote", then "with" right after it (or one word on), then the person or a pronoun for them."""
    for i, t in enumerate(toks):
        if t not in _SHARING:
            continue
        for k in range(max(0, i - 3), min(len(toks), i + 4)):
            if not toks[k].startswith("keynote"):
                continue
            for w in range(k + 1, min(k + 3, len(toks) - 1)):
                if toks[w] == "with" and (toks[w + 1] in ("her", "him", "them") or at and min(at) == w + 1):
                    return True
    return False


@dataclass
class Understander:
    """Questions understood over one Knowledge's catalog, facts and evidence (its near words)."""

    catalog: Catalog
    facts: Facts
    evidence: Evidence
    vectors: VectorCache
    normaliser: Normaliser
    resolver: Resolver
    intents: IntentModel
    is_common: Callable[[str], bool]

    def understand(self, question: str, history: list[dict[str, str]] | None = None) -> Question:
        """Stages 1, 2 and 8: the question understood (several parts in `q.parts`)."""
        norm = self.normaliser(question)
        parts = [p for p in _SPLIT.split(norm.english) if p and len(p.split()) > 1] or [norm.english]
        parts = [_after_announcement(p) for p in parts]
        # "Forget cities. What does …": a sentence that sets a topic aside asks nothing, and what follows is new
        dismissed = [p for p in parts if _dismisses(p)]
        parts = [p for p in parts if p not in dismissed] or parts[-1:]
        switched = bool(dismissed) or bool(phrase_positions(tokens_of(norm.english)[0], vocab().switch))
        ctx = None if switched else self._context(history or [], 0)  # "new question: …" reads no history
        # "Forget that. On day 1, …": a part of nothing but framing words asks nothing of its own.
        parts = [p for p in parts if not self._empty(p)] or parts[-1:]
        asking = [p for p in parts if _asks(p)]
        first = parts.index(asking[0]) if asking else 0
        if first and all(_about_asker(p) for p in parts[:first]) and self._stands_alone(asking[0]):
            # "Hi! I missed the opening talk. Do you know who gave the keynote at the governments panel?":
            # before a question that stands on its own, what the asker tells of themselves asks nothing. A
            # statement about the post stays a part: a premise to check ("X gave the keynote. What did X
            # say?"), or what the question leans on ("X and Y both talked about it. How did they differ?").
            parts = parts[first:]
        # Only the first part reads the conversation; a later part leans on the part before it (answer()).
        out = [self._part(norm, text, ctx if i == 0 else None) for i, text in enumerate(parts)]
        # "…? Full list please, I need the spellings.": a later remark that asks nothing the posts know
        out = [q for i, q in enumerate(out) if i == 0 or not (self._aside(q) or _guess(q, out[i - 1]))]
        return replace(out[0], parts=out, leaning=self._leaning(norm, out, ctx))

    def _leaning(self, norm: Normalised, out: list[Question], ctx: Context | None) -> str:
        """'how much money is it?' after "what is the common furrow fund?": a question that stood alone though
        "it" may point back, asked again with "it" written out as what the turn before asked about (its topic,
        when it named nobody); "" when there is none. Understood and answered only if the question alone is refused
        (engine.py), so a question answered alone pays nothing for it."""
        prev = ctx.mentions if ctx is not None else None
        if prev is None or any(q.context for q in out) or prev.people or not prev.topic_words:
            return ""
        toks = tokens_of(norm.english)[0]
        if not any(t in ("it", "its") and not subject_before(toks, i) for i, t in enumerate(toks)):
            return ""  # (not "what did the Open Source Initiative present about its AI definition?": its own)
        thing = " ".join(dict.fromkeys(prev.topic_words))
        return " ".join(thing if t in ("it", "its") else t for t in toks)

    def _stands_alone(self, text: str) -> bool:
        """A question that points back at nothing and names what it asks about (a person, session, day,
        section, item or a word the posts use): "who spoke?" does not, "who spoke on the youth panel?" does."""
        if _leans(text):
            return False
        m = self.resolver(text, text)
        return bool(m.people or m.sessions or m.days or m.roles or m.item
                    or any(self.catalog.df(stem(w)) for w in m.topic_words))

    def _aside(self, q: Question) -> bool:
        """A part that is a remark, not a question: no question word, request verb or question mark, and
        nothing it names (person, session, day, section, item, uncommon topic word) is in the posts."""
        m, toks = q.mentions, tokens_of(q.text)[0]
        if q.text.rstrip().endswith("?") or set(toks) & QUESTION_WORDS or toks[:1] and toks[0] in AUXILIARIES:
            return False
        if _REQUEST.match(q.text.strip()) or m.answer_type or m.people or m.sessions or m.days or m.roles or m.item:
            return False
        return not any(self.catalog.df(stem(w)) and not self.is_common(w) for w in m.topic_words)

    @staticmethod
    def _empty(text: str) -> bool:
        """No question word, no answer type and no word but framing ("forget that.", "ok, new question")."""
        v, toks = vocab(), tokens_of(text)[0]
        if set(toks) & QUESTION_WORDS or v.answer_type(" ".join(toks)) or toks[:1] and toks[0] in AUXILIARIES:
            return False  # "did the same person keynote anywhere else?" asks, in framing words only
        return all(t in STOP or t in v.frame or stem(t) in v.frame_stems or t in v.filler for t in toks)

    def _part(self, norm: Normalised, text: str, ctx: Context | None) -> Question:
        # One model call for the question and the words whose near words are not known yet.
        toks = tokens_of(text)[0]
        words_ = self.evidence.unseen([(stem(t), t) for t in toks if t not in STOP and len(t) > 2])
        vecs = self.vectors.queries([text] + [w for _s, w in words_])
        self.evidence.prime(words_, vecs[1:])
        m = self.resolver(text, norm.cleaned if norm.lang == "en" else text)
        note = ""
        if ctx is not None:
            m = _unname_neighbour(m, ctx)
        elided = ctx is not None and _elided_count(m.tokens)
        if elided and not (m.references or m.people or m.named_sessions) and set(m.tokens) & vocab().group_pronouns:
            m = replace(m, references={"group"})  # "how many did they look at?": what is counted is left unsaid,
            # so "they" are whom the conversation was about, whatever the verb
        if ctx is not None and needs_context(m, vocab()):
            holder = _unnamed_holder(m, ctx)
            if holder:  # "who gave the youth keynote?" "… the UNICEF Representative …" "what did they say?"
                return replace(self._part(norm, holder, None), context="session")
            m0 = m
            m, note = fill(m, ctx, vocab(), self.facts)
            if note in ("session", "person") and m0.references == {"group"} and not elided \
                    and not self._discusses(m, vecs[0]):
                m, note = m0, ""  # "what did they say about X?": not that panel (those people), silent on X
            if "session" in note:  # "and the session after that one?": its neighbour in the programme
                self._step_aside(m, ctx.intent in ("keynote_speaker", "keynote_content"))
            if "intent" in note and ctx.mentions is not None:  # "and on day 2?": the last question again
                again = replay(ctx.mentions, m, lambda s: self.facts.day(s.source, s.title))
                return replace(self._part(norm, again, None), context="replay")
        m = self._co_speakers(m)
        if m.answer_type == "day" and not m.named_sessions and not _day_of_talk(m):  # "when did the forum take
            m.answer_type = "time"  # place": a date
        masked = m.masked()
        if "topic" in note and m.topic_words:  # "who presented it?": what "it" stands for takes part
            masked = f"{masked} {' '.join(m.topic_words)}"
        masked_vec = vecs[0] if masked == " ".join(toks) else self.vectors.query(masked)
        intent = self.intents.classify(masked, masked_vec, self.slots(m))
        vec = vecs[0]
        carried = [w for w in dict.fromkeys(m.topic_words) if w not in toks]
        if "topic" in note and carried:  # "how did they propose getting past them?": the question is like a
            vec = self.vectors.query(f"{text} {' '.join(carried)}")  # passage as its carried topic is too
        return Question(norm=norm, mentions=m, intent=intent, vec=vec, text=text, context=note)

    def _co_speakers(self, m: Mentions) -> Mentions:
        """'Who shared the keynote with her?', 'the guy who gave the keynote together with X': the one person named
        stands for whoever shared a keynote with them (the others of its keynote line), when there are such."""
        toks = m.tokens
        if len({p.name for p in m.people}) != 1 or not _shares_keynote_with(toks, m.people[0].at) or not (
                m.answer_type == "person" or set(toks) & vocab().person_nouns):
            return m
        name = m.people[0].name
        rows = self.facts.where("keynote_by", obj=name)
        co = [f.object for r in rows for f in self.facts.where("keynote_by", subject=r.subject, source=r.source)
              if f.object != name]
        if not co:
            return m
        m = replace(m)
        m.people = [PersonRef(n, "co", ()) for n in dict.fromkeys(co)]
        return m

    def _step_aside(self, m: Mentions, keynote: bool) -> None:
        """'the session after that one', 'the panel before it', 'the next one': the session the conversation
        supplied is replaced by its neighbour in programme order, when a session noun and "after"/"before" come
        right before the pointing word, or "next"/"previous" right before a session noun or "one". After a turn
        about a keynote (`keynote`), "the panel after that" is the panel discussion that followed it."""
        toks, v = m.tokens, vocab()
        near = neighbour_at(toks, v.session_nouns)
        step = next((NEIGHBOURS[t] if i == near else SIDE_STEPS[t] for i, t in enumerate(toks[:-1])
                     if i == near or t in SIDE_STEPS and i and toks[i - 1] in v.session_nouns
                     and toks[i + 1] in v.deictic | {"it"} and not (keynote and toks[i - 1] == "panel")), 0)
        ref = next((r for r in m.sessions if r.how == "context"), None)
        found = self.catalog.beside(ref, step) if step and ref is not None else None
        if found is not None:
            m.sessions = [SessionRef(found.title, found.source, "context", 1.0, (), True) if r is ref else r
                          for r in m.sessions]

    def _discusses(self, m: Mentions, vec: np.ndarray) -> bool:
        """Whether the session or people carried from the conversation say anything of the question's own
        topic (a bullet of the session, or a remark of theirs, uses or stands near a share ON_TOPIC of it);
        True when the question has no topic."""
        if not m.topic:
            return True
        carried = {(s.source, s.title) for s in m.sessions if s.how == "context"}
        bullets = [b for b in self.evidence.bullets if (b.first.source, b.first.session) in carried]
        bullets += [self.evidence.bullet(f.unit) for p in m.people if p.how == "context"
                    for f in self.facts.where("said", subject=p.name)]
        return any(s.syn >= ON_TOPIC for s in self.evidence.rank(m, vec, bullets, {}))

    def slots(self, m: Mentions) -> set[str]:
        """The slots a question fills, as intents.toml names them."""
        # ("the action points, titles only": their headings, not anyone's job title)
        listed = "action_items" in m.roles and not m.people
        asks_org = vocab().asks_org([t for t in m.tokens if not (listed and t in ("title", "titles"))])
        org = vocab().organisation_stems if asks_org else frozenset()
        topic = [t for t in m.topic if t not in org]  # "the affiliations of its panelists": asked, not a topic
        named = [r for r in m.named_sessions if not r.excluded]  # ("leaving out the heat panel, …": not asked of)
        slots = {k for k, v in (("person", m.people), ("session", named), ("day", m.days),
                                ("topic", topic), ("item", m.item)) if v}
        contrast = bool(set(m.tokens) & vocab().contrast)
        if self._two(m, contrast):
            slots.add("two")
        if "action_items" in m.roles:
            slots.add("actions")
        if m.roles:
            slots.add("section")  # a part of the post or of a session is named: "conclude", "the summary"
        if contrast:
            slots.add("contrast")
        if vocab().says_several(m.tokens, counting=m.answer_type == "number"):
            slots.add("several")
        if set(m.tokens) & (vocab().several | vocab().fewest_words | vocab().ranking_words):
            slots.add("ranks")  # "the most panelists", "only two", "more than one keynote speaker"
        if asks_org:
            slots.add("asks_org")
        if m.answer_type:
            slots.add(f"asks_{m.answer_type}")
        if m.answer_type == "place" and {m.tokens[i] for i in vocab().type_positions(m.tokens, "place")} - {"where"}:
            slots.add("names_place")  # "which countries", "what venue": never "which session", as "where" can be
        if asks_sessions(m.tokens):
            slots.add("asks_sessions")  # "which sessions pointed to security …": sessions are the answer
        at = [i for i, t in enumerate(m.tokens) if t == "about"]
        if at and all(t in STOP for t in m.tokens[at[-1] + 1 :]):
            slots.add("asks_about")  # "what were the keynotes at X about?": what was said, not who said it
        if m.tokens[m.framing : m.framing + 1] in (["how"], ["why"]) and not m.answer_type:
            slots.add("asks_manner")  # "how exactly does unicef back it, going by their keynote?": not who
        if not topic:
            slots.add("plain")  # no topic word: the question is all entities and framing
            if not m.answer_type:
                slots.add("bare")  # nor a kind of answer asked: nothing for evidence extraction to look for
        denied = vocab().denied_at(m.tokens)
        if any(t.startswith("keynot") for i in denied for t in m.tokens[i + 1 : i + 1 + DENIED_REACH]):
            slots.add("denies_keynote")  # "which sessions didn't have any keynote speaker": not who gave them
        titled = {i for r in m.sessions for i in r.at}  # (not "Open" of "the Open Source Farm Tools Panel")
        if {stem(t) for i, t in enumerate(m.tokens) if i not in titled} & vocab().keynote_stems:
            slots.add("keynote_word")  # "keynote", "spoke", "opened", "closing": not "who did the OSPO bit"
        return slots

    def _two(self, m: Mentions, contrast: bool) -> bool:
        """Two or more people, sessions or days, or one person in several sessions (a keynote here, a panel there;
        not "the panel after Thigo's keynote", one session, unless a comparison is asked)."""
        roles = ("keynote_by", "panelist_of")
        several = any(len({f.subject for r in roles for f in self.facts.where(r, obj=p.name)}) > 1 for p in m.people)
        several = several and (contrast or not m.named_sessions)
        return len({p.name for p in m.people}) > 1 or len(m.named_sessions) > 1 or len(m.days) > 1 or several

    def _context(self, history: list[dict[str, str]], depth: int) -> Context | None:
        users = [i for i, t in enumerate(history) if t.get("role") == "user"]
        if not users or depth >= 3:
            return None
        i = users[-1]
        answer = next((t["content"] for t in history[i + 1 :] if t.get("role") == "assistant"), "")
        norm = self.normaliser(history[i]["content"])
        earlier = self._context(history[:i], depth + 1)
        prev = self._part(norm, norm.english, earlier)
        people, sessions = answer_entities(answer, self.resolver, loose=True)
        who = people or [p.name for p in prev.mentions.people]
        if not sessions and who:  # "which panel was that?" after a question or answer naming one person
            sessions = one_session_of(who[:1], self.facts)
        named = named_of(prev.mentions)
        listed = [f.object for f in self.facts.where("panelist_of", subject=named[0].title, source=named[0].source)] \
            if prev.intent.kind == "panelists" and len(named) == 1 else []  # ("the last one": of the panelists)
        return Context(mentions=prev.mentions, text=prev.question, intent=prev.intent.kind, answer_people=people,
                       answer_list=listed, answer_sessions=sessions, earlier_sessions=focus(earlier))

    def classify(self, m: Mentions) -> Intent:
        """The intent of a part whose mentions changed after understanding (filled from the part before)."""
        return self.intents.classify(m.masked(), self.vectors.query(m.masked()), self.slots(m))


DENIED_REACH = 4  # words after a "not" / "without" within which a keynote is what it denies
_SESSION_PLURALS = frozenset({"sessions", "panels", "talks", "workshops", "discussions", "plenaries"})


def asks_sessions(toks: list[str]) -> bool:
    """'which sessions …', 'what panels …', 'in which talks …': the question asks for sessions, several of them
    (a keynote is a session too, but "which keynote" asks for its speaker as often as for the session)."""
    return any(t in ("which", "what") and toks[i + 1 : i + 2] and toks[i + 1] in _SESSION_PLURALS
               for i, t in enumerate(toks))
