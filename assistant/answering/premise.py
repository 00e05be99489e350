"""False premises: a question that assumes what the facts table contradicts is corrected, cited, first.

Checks, in turn: a day the post does not have (the correction is the whole answer); a session kind no
session has ("was there a workshop?" of a programme of panels: the sessions it has); a place the
event is said to have been held that no post mentions (corrected with where it was); a length the
event did not have ("since this was a three day thing": the post's stated length); a person
placed in a session they were not part of, or credited with a keynote they did not give; a
session placed on the wrong day. After a correction the pipeline still answers the question
with the true facts (the session's real keynote speaker, the person's real roles). Does not
correct claims about free text (extraction quotes what the post says instead).
"""

from __future__ import annotations

import itertools
import re

from assistant.answering.catalog import label_words
from assistant.answering.extract import say_bullet
from assistant.answering.question import ANSWERED, REFUSED, Ctx
from assistant.answering.structure import asks_of, cited_titles, no_such_day, panel_unit, say_keynote, say_roles
from assistant.answering.vocab import BESIDE_WORDS
from assistant.ingest.shape import shape
from assistant.text import STOP, content_stems, stem, words

_KEYNOTE_INTENTS = {"keynote_speaker", "keynote_content", "person_said", "person_role", "summary"}
_POSSESSIVE = frozenset({"his", "her", "their", "its", "own"})
_JOINS = frozenset({"on", "at", "of", "in", "during", "for", "the", "a"})
_PERSON_INTENTS = _KEYNOTE_INTENTS | {"panelists", "session_day", "extract", "topic_sessions"}
_OPENS = frozenset({"opened", "opening", "kicked", "started", "began"})  # "X opened day 2"
_CLOSES = frozenset({"closed", "ended", "wrapped"})
_LIST_INTENTS = {"list_sessions", "compare", "list_keynotes", "no_keynote", "count", "extreme"}


_QUOTED = re.compile(r"(?:(?<=[\s(])|^)[\"“‘']([^\"“”‘’]+?)[\"”’'](?=[\s?.!,;:)]|$)")
QUOTE_WORDS = 3  # a quoted span this long is a sentence the asker takes the post to contain
QUOTE_FOUND = 0.8  # share of its content words one sentence of a post must have for the quote to be the post's


def _unsaid_quote(x: Ctx) -> str:
    """A span the English question quotes as said or written ("who said 'data is the new soil'?", "the phrase
    '…'": a word of speaking or quoting right before it) that no sentence of a post in scope comes near: none has
    QUOTE_FOUND of its content words (a quote as people remember it: "hiding mistakes just guarantees they get
    repeated", "a 60% chance" for "a 60 percent chance", "X, she said, Y" are the posts'); "" when there is none.
    (Not a quoted instruction: "reply 'I don't know'".)"""
    if x.q.lang != "en":
        return ""
    said = x.v.remark_words | x.v.discussion_verbs | x.v.quote_words
    sources = set(x.sources())
    for m in _QUOTED.finditer(x.q.cleaned):
        quoted = set(content_stems(m.group(1)))
        before = words(x.q.cleaned[: m.start()])[-2:]
        if len(words(m.group(1))) < QUOTE_WORDS or not quoted or not set(before) & said:
            continue
        if not any(len(quoted & u.stems) >= QUOTE_FOUND * len(quoted) for u in x.k.units if u.source in sources):
            return m.group(1)
    return ""


def check(x: Ctx) -> str | None:
    """Add corrections; return a verdict when the correction is the whole answer, else None.

    Sets x.extra["corrected"] when something was corrected (the answer is then never a refusal).
    """
    known = {d for src in x.sources() for d in x.catalog.days(src)}
    if any(d not in known for d in x.m.days) and x.q.intent.kind != "compare":
        return no_such_day(x)
    now = _now(x)
    if now:  # "what's the weather like there this weekend?"
        x.c.say("now_question", when=now)
        return REFUSED
    unnamed = _unnamed_speaker(x)
    if unnamed is not None:
        return unnamed
    if (quote := _unsaid_quote(x)):  # "who said 'data is the new soil'?": no post says it
        x.c.say("no_quote", quote=quote)
        return REFUSED
    if _counted_group(x):  # "who are the seven funders?": the post counts them, names none
        return REFUSED
    if (kind := _absent_kind(x)):  # "was there a workshop?" of a programme of panels
        return _no_such_kind(x, kind)
    if _place(x):  # "since it took place in Geneva, …": where the post says it was, then the rest
        x.extra["corrected"] = True
        if not [w for w, at in zip(x.m.topic_words, x.m.topic_at, strict=False)
                if w not in x.v.event_nouns and at not in x.m.event_at] and not x.m.named_sessions and not x.m.people:
            return ANSWERED  # "was the summit in lyon?": nothing more is asked
    if _length(x):  # "since this was a three day thing, …": how long the post says it was, then the rest
        x.extra["corrected"] = True
        if not asks_of(x) and not x.m.named_sessions and not x.m.people and not [
                w for w in x.m.topic_words if w not in x.v.event_nouns and x.v.number(w.split("-")[0]) is None]:
            return ANSWERED  # "was it a three-day event?": nothing more is asked
    # ("did any of them come back on day 2?" asks of the people just named; it claims nothing of each one)
    corrected = [] if "members" in x.m.references else [p.name for p in x.m.people[:2] if _person(x, p.name)]
    if x.q.intent.kind != "compare" and _days(x):
        x.extra["corrected"] = True
        x.m.days = []  # the rest is answered of the session on its own day ("on day one, what did the UNICEF …")
    for name in dict.fromkeys(corrected):
        say_roles(x, name)
    if corrected:
        x.extra["corrected"] = True
        # answer the rest without the wrong person; "what did X say in her keynote" keeps X when the post
        # records X saying something (where X did speak), else it looks for whoever said it
        keep = {"person_role", "keynote_speaker"} | ({"person_said"} if all(
            x.facts.where("said", subject=n) for n in corrected) else set())
        if x.q.intent.kind not in keep:
            x.m.people = [p for p in x.m.people if p.name not in corrected]
    return None


# Before a session kind's word, these make it the kind of a session asked about ("was there a workshop?",
# "how many workshops", "the workshop"), not a topic ("did anyone talk about workshops?").
_KIND_ASKED = frozenset("a an the any many which what no each every".split())


def _absent_kind(x: Ctx) -> str:
    """The session kind (shape.toml's session_kinds: "workshop", "plenary") the question asks of when no session of
    the posts asked about is of that kind and the question names no session; else "". A keynote is a part of a
    session too (the main post's keynotes open panels), so its words never count as absent."""
    if x.m.named_sessions or x.m.people:
        return ""
    held = {s.kind for src in x.sources() for s in x.catalog.day_sessions(src)}
    absent = {w: kind for kind, names in shape().session_kinds.items()
              if kind not in held and not any(stem(n) in x.v.keynote_stems for n in names)
              for n in names for w in (n, f"{n}s")}  # each word of a kind no session has, singular and plural
    toks = x.m.tokens
    return next((absent[t] for i, t in enumerate(toks)
                 if t in absent and set(toks[max(0, i - 2) : i]) & _KIND_ASKED), "")


def _no_such_kind(x: Ctx, kind: str) -> str:
    """Say that no session is of the kind asked about, with the sessions the post has. Whether something is
    there ("was there a workshop?", "how many workshops were there?") is answered by that; a question asking of
    it ("what was discussed at the workshop?") is a refusal that corrects."""
    for src in x.sources():
        held = x.catalog.day_sessions(src)
        x.c.say("no_such_kind", kind=kind, count=len(held), titles=cited_titles(x, held))
    return REFUSED if asks_of(x) and x.q.intent.kind != "count" else ANSWERED


_NAME = r"[A-Z][\w’'-]+(?:\s+(?:(?:des|de|du|of|the|del|di|la|le)\s+)?[A-Z][\w’'-]+)*"
_SITED = re.compile(rf"\b(?:took place|takes place|take place|held|hosted|happened|((?:\w+\s+)?(?:was|were)))\s+"
                    rf"(?:in|at)\s+(?:the\s+)?({_NAME}(?:,?\s+in\s+{_NAME})?)")  # "at the Palais des Nations in Geneva"


# Asked rather than stated: "was the conference in geneva?", "why did they hold it in geneva?" (any case).
_ASKED_SITE = re.compile(r"\b(?:(?:was|is|were)\s+(?:the|this|that)\s+(\w+)|(?:hold|held|host|hosted|holding|hosting)"
                         r"\b[^?.!]{0,40}?)\s+(?:in|at)\s+(?:the\s+)?([A-Za-zÀ-ÿ][\w’'-]+)", re.IGNORECASE)


# Said of the event as "it"/"this", in any case: "since this was a three day thing in geneva", "it was in geneva right?"
_IT_SITED = re.compile(r"\b(?:this|it)\s+(?:was|is)\b[^?.!,;]{0,30}?\s+(?:in|at)\s+(?:the\s+)?([A-Za-zÀ-ÿ][\w’'-]+)",
                       re.IGNORECASE)


# Words people write capitalised that say when or in which language, not where ("was it in English?", "in July").
_NO_VENUE = frozenset("january february march april may june july august september october november december "
                      "english french spanish german dutch arabic chinese portuguese russian italian".split())


def _place(x: Ctx) -> bool:
    """'Since it took place in Geneva, …', 'was the conference in geneva?': the question places the event
    where no post says it was. Says so and quotes where the posts say it was held (the venue facts); False
    when it names no such place."""
    wrong = [w for w in _IT_SITED.findall(x.q.cleaned) if w.lower() not in _NO_VENUE and x.evidence.is_name(w.lower())
             and not x.catalog.df(w.lower()) and w.lower() not in x.catalog.vocab]  # ("since this was a three day
    # thing in geneva, on which day was the youth session?": of the event, whatever else the question names)
    if not wrong and (x.m.people or x.m.named_sessions):
        return False
    sited = [w for be, w in _SITED.findall(x.q.cleaned) if not be or _event_is(x, be)]  # ("the sessions were in
    # English": a language, not where the event was)
    wrong += [w for w in sited if w not in wrong and any(
        not x.catalog.df(t.lower()) and t.lower() not in x.catalog.vocab for t in re.findall(r"[A-Z][\w’'-]+", w))]
    event = bool(x.m.event_at or set(x.m.tokens) & x.v.event_nouns)  # (not "hold data in Excel", "hold on")
    wrong += [w for noun, w in _ASKED_SITE.findall(x.q.cleaned) if (noun.lower() in x.v.event_nouns if noun else event)
              and w.lower() not in _NO_VENUE and x.evidence.is_name(w.lower()) and not x.catalog.df(w.lower())
              and w.lower() not in x.catalog.vocab
              and w not in wrong]  # (a place name people write capitalised, typed in any case)
    rows = [f for src in x.sources() for f in x.facts.where("venue", source=src)]
    if not wrong or not rows:
        return False
    x.c.say("not_mentioned", what=", ".join(dict.fromkeys(wrong)))
    for f in rows:
        say_bullet(x, x.evidence.bullet(f.unit))
    gone = {t.lower() for w in wrong for t in re.findall(r"[\w’'-]+", w)}  # the rest is answered without it
    x.m.drop_topic_words(gone)
    return True


_SPAN_OF = frozenset("first last next past previous following final other remaining".split())  # "the first two
# days" of a longer event: a part of it, not its length


def _length(x: Ctx) -> bool:
    """'Since this was a three day thing', 'over the 3 days', 'the three-day conference': the question gives the
    event a length other than the one the post states (the "length" fact); says the post's length, cited. False
    when it gives none, the post states none, or a post itself uses that phrase ("a three-day training")."""
    toks = x.m.tokens
    for i, t in enumerate(toks):
        head, _, tail = t.partition("-")
        at = i if tail in ("day", "days") else i - 1 if t in ("day", "days") and i else -1
        said = head if at == i else toks[at] if at >= 0 else ""  # the number as typed: "three", "3"
        n = x.v.number(said) if said else None
        if n is None or at > 0 and toks[at - 1] in _SPAN_OF:
            continue
        for src in x.sources():
            proof = x.facts.one("length", source=src)
            typed = rf"\b{re.escape(said)}[- ]days?\b"
            if proof is None or proof.n == n or re.search(typed, x.evidence.texts[src], re.I):
                continue
            x.c.say("premise_count", claimed=n, count=proof.n, what="days", cite=x.c.cite(proof.unit))
            return True
    return False


def _event_is(x: Ctx, be: str) -> bool:
    """'it was', 'the summit was': the event is what "was in …" places."""
    said = be.lower().split()
    return len(said) > 1 and (said[0] in x.v.event_nouns or said[0] in x.v.thing_pronouns)


def _now(x: Ctx) -> str:
    """The question's time that points at the asker's present ("tomorrow", "this weekend") or at a later
    edition of the event ("the next conference", "the upcoming OSPOs for Good") when no post uses it
    itself, else ""."""
    text = f" {' '.join(x.m.tokens)} "
    toks = x.m.tokens
    for i, t in enumerate(toks[x.m.framing :], start=x.m.framing):  # (not "for planning next year: who …")
        ahead = range(i + 1, min(len(toks), i + 3))
        if t in x.v.future_words and any(toks[j] in x.v.edition_nouns or j in x.m.event_at for j in ahead) \
                and not _speaks_of_next(x):
            return f"the {t} edition"
    if (after := _after_event(x)):  # "did the UN go on to adopt a policy in the months after the conference?"
        return after
    for phrase in x.v.now_phrases:
        if f" {phrase} " in text and not any(re.search(rf"\b{re.escape(phrase)}\b", x.evidence.texts[src], re.I)
                                               for src in x.sources()):
            return phrase
    return ""


def _after_event(x: Ctx) -> str:
    """'the time after the conference' when the question asks of the time after the event ("since the summit",
    "in the months after the conference") and no post speaks of it itself; else ""."""
    toks = x.m.tokens
    nouns = x.v.edition_nouns - {"year", "year's"}
    for i, t in enumerate(toks[x.m.framing :], start=x.m.framing):
        if t not in x.v.after_words:
            continue
        j = next((j for j in range(i + 1, min(len(toks), i + 3)) if toks[j] in nouns or j in x.m.event_at), None)
        if j is None or any(toks[k] not in ("the", "this", "that") for k in range(i + 1, j) if k not in x.m.event_at):
            continue
        end = max([j, *(k for k in x.m.event_at if k > j)])
        if not _clause_ends(x, toks[end]):
            continue  # "since the conference was held in Geneva, …": a reason; "after the conference's keynote"
        if set(toks) & _FUTURE or (x.m.roles and not _done_to(x)) or x.m.people:
            continue  # "what will signatories do after the summit?", "… according to the action points": its own
        said = re.compile(rf"\b{re.escape(t)}\s+(?:the\s+)?(?:{'|'.join(map(re.escape, nouns))})\b", re.I)
        if not any(said.search(x.evidence.texts[src]) for src in x.sources()):
            return f"the time after the {toks[j] if toks[j] in nouns else 'event'}"
    return ""


def _done_to(x: Ctx) -> bool:
    """'Did the UN go on to adopt the action points after the conference?': what was done with the sections the
    question names, which the record of the event does not cover; not what they say ("what did the action points
    ask governments to do after the conference?": the section is who speaks)."""
    toks = x.m.tokens
    at = next((i for i, t in enumerate(toks) if t in ("did", "has", "have", "had")), None)
    return at is not None and not x.v.roles_in(" ".join(toks[at + 1 : at + 5]))


_FUTURE = frozenset("will would should shall going plan plans planned promise promised promises commit committed "
                    "commits next".split())  # (what is to come after the event is what a post may say itself)


def _clause_ends(x: Ctx, word: str) -> bool:
    """Whether `word` (the event's noun or name) ends its clause as typed: a comma, a stop or the end follows."""
    return bool(re.search(rf"\b{re.escape(word)}\b\s*(?:[,.?!;:)]|$)", x.q.cleaned, re.I))


def _speaks_of_next(x: Ctx) -> bool:
    """Whether a post speaks of a later edition itself ("the next summit will take place in East Africa")."""
    future = "|".join(map(re.escape, x.v.future_words))
    nouns = "|".join(map(re.escape, x.v.edition_nouns))
    pattern = re.compile(rf"\b(?:{future})\s+(?:\S+\s+)?(?:{nouns})\b", re.I)
    return any(pattern.search(x.evidence.texts[src]) for src in x.sources())


_NAME_WORDS = frozenset({"name", "names", "surname"})


def _unnamed_speaker(x: Ctx) -> str | None:
    """'Who was the UNICEF Representative?': the post gives a role, not a name; say so (a refusal)."""
    toks = set(x.m.tokens)
    naming = x.m.answer_type == "name" or x.m.answer_type != "person" and bool(toks & _NAME_WORDS)  # "…'s name"
    details = bool(toks & x.v.person_attributes) and x.m.answer_type != "person" and not naming  # "her job title?"
    if x.m.answer_type != "person" and not naming and not details or x.m.people:
        return None
    for f in x.facts.where("keynote_by"):
        if shape().is_named_person(f.object):
            continue
        words_ = label_words(f.object)
        if words_ and set(words_) <= toks:
            x.c.say("unnamed_details" if details else "unnamed_person", speaker=f.object, session=f.subject,
                    cite=x.c.cite(f.unit))
            return REFUSED
    if (naming or details) and toks & {"speaker", "keynote", "presenter"}:
        for s in x.sessions()[:1]:  # "what was that speaker's name?", "the keynote speaker's job title?"
            rows = x.facts.where("keynote_by", subject=s.title, source=s.source)
            if rows and not any(shape().is_named_person(f.object) for f in rows):
                x.c.say("unnamed_details" if details else "unnamed_person", speaker=rows[0].object, session=s.title,
                        cite=x.c.cite(rows[0].unit))
                return REFUSED
    return None


_GROUP_ASKS = frozenset({"who", "which", "what", "name", "list"})
_NAMES_FOLLOW = re.compile(r"^[^.;]{0,12}?(?::|\(|\bincluding\b|\bsuch as\b|\bnamely\b|\bled by\b)", re.I)


def _counted_group(x: Ctx) -> bool:
    """'Who are the seven funders?', 'which 26 governments signed?': when the posts give only the count
    ("backed by seven funders") and no names after it, say so and cite it (True: the whole answer)."""
    asks = x.m.answer_type in ("person", "name") or {"which", "list", "name"} & set(x.m.tokens)
    if not asks or x.m.people:
        return False
    toks = x.m.tokens
    asked = [i for i, t in enumerate(toks) if t in _GROUP_ASKS]
    for i, t in enumerate(toks[:-1]):
        if not any(0 < i - a <= 3 for a in asked):  # "which 26 governments", "who are the seven funders"
            continue  # (not "… across the two days")
        n = x.v.number(t) or 0
        noun = next((w for w in toks[i + 1 : i + 3] if w.endswith("s") and len(w) >= 4 and w not in STOP), "")
        if n < 2 or not noun:  # ("the nine regional governments": the noun after at most one word)
            continue
        forms = "|".join(re.escape(w) for w in {str(n), t, *(w for w, k in x.v.numbers.items() if k == n)})
        said = re.compile(rf"\b(?:{forms})\s+((?:[\w-]+\s+){{0,2}}?{re.escape(noun)})\b", re.I)
        for u in x.k.units:
            hit = said.search(u.text) if u.source in x.sources() else None
            if hit and not u.heading and not _NAMES_FOLLOW.search(u.text[hit.end():]):
                x.c.say("counted_group", count=t, what=hit.group(1), cite=x.c.cite(u))  # (as the post words it)
                return True
    return False


def _keynote_claimed(x: Ctx) -> bool:
    """Whether a "keynote" of the question may be the person's: not the keynote speakers a relating word puts
    beside them ("did she agree with the two seed keynote speakers"; but "picked to give the AI keynote", "opened
    with a keynote by X" claim it), nor the keynote a time is told by ("what did he say after the keynote")."""
    toks, own = x.m.tokens, {i for p in x.m.people for i in p.at}
    nouns = x.v.person_nouns | x.v.speaker_nouns
    for i, t in enumerate(toks):
        if t != "keynote":
            continue
        before = list(itertools.takewhile(lambda j: j not in own, range(i - 1, max(-1, i - 1 - KEYNOTE_REACH), -1)))
        beside = any(toks[j] in BESIDE_WORDS for j in before) and not any(toks[j] in x.v.otherness for j in before)
        after = toks[i + 1 : i + 2]
        clause = toks[i + 2 : i + 3] if after and after[0] in _TALK_NOUNS else after  # ("the keynote speech she gave")
        told = toks[max(0, i - 2) : i] in _AFTER_IT and not (clause and clause[0] in _CLAUSE_OPENERS)
        if not (beside and after and after[0] in nouns or told):
            return True
    return False


# (BESIDE_WORDS: "agree with the keynote speakers"; not "as the keynote speaker", "asked to be the keynote speaker",
# "and the other keynote speakers": X is one of them)
_AFTER_IT = [["after", "the"], ["before", "the"], ["following", "the"]]  # "what did he say after the keynote": a time
_CLAUSE_OPENERS = frozenset({"she", "he", "they", "that", "which", "he'd", "she'd", "given", "delivered", "i"})  # (not
# "after the keynote she gave")
_TALK_NOUNS = frozenset({"speech", "address", "talk", "session", "presentation", "lecture"})


KEYNOTE_REACH = 4  # words before "keynote" looked at for a relating word ("with the two seed keynote …")


def _person(x: Ctx, name: str) -> bool:
    """Correct 'X at session S' / 'X's keynote' / 'X on day N' when the facts say otherwise."""
    kind = x.q.intent.kind
    if kind in _LIST_INTENTS:
        return False
    keynotes = x.facts.where("keynote_by", obj=name)
    sessions = x.sessions(described=False)[:1]
    if _keynote_claimed(x):
        for s in sessions:
            if not any(f.subject == s.title for f in keynotes) and (not keynotes or _keynote_of(x, s)):
                x.c.say("premise_keynote", name=name, what=f"the keynote at the {s.title}",
                        cite=x.c.cite(_role_unit(x, name) or x.k.head(s)))
                say_keynote(x, s)
                return True
        if not sessions and keynotes and _own_keynote_on(x, name, keynotes):
            return True
        if not sessions and not keynotes:
            role = _role_unit(x, name)
            x.c.say("premise_keynote", name=name, what="a keynote", cite=x.c.cite(role) if role else "")
            for f in x.facts.where("panelist_of", obj=name)[:1]:  # and who did give the keynote there
                say_keynote(x, x.k.session(f.subject, f.source))
            return True
    for s in sessions:
        present = x.facts.where("panelist_of", subject=s.title, obj=name) or any(
            f.subject == s.title for f in keynotes) or any(
            f.unit.session == s.title for f in x.facts.where("said", subject=name))
        if not present and kind in _PERSON_INTENTS:
            x.c.say("premise_session", name=name, session=s.title, cite=x.c.cite(panel_unit(x, s)))
            if "keynote" in x.m.tokens:  # "his keynote opening the S panel": whose keynote S had
                say_keynote(x, s)
            return True
    return (_person_day(x, name) if not sessions else False) or _affiliation(x, name)


def _own_keynote_on(x: Ctx, name: str, keynotes: list) -> bool:
    """'What did X say in his keynote opening Day 2?' when X gave keynotes on other days and sat on a panel that
    day: say so, and whose keynotes the day had (only the first, when the question says it opened the day)."""
    toks = x.m.tokens
    at = [i for p in x.m.people if p.name == name for i in p.at]
    own = any(t == "keynote" and (set(toks[max(0, i - 3) : i]) & _POSSESSIVE or at and 0 < i - max(at) <= 3)
              for i, t in enumerate(toks))  # ("his day 2 keynote", "X's keynote on day 2")
    days = {x.k.session(f.subject, f.source).day for f in keynotes}
    there = {x.k.session(f.subject, f.source).day for f in x.facts.where("panelist_of", obj=name)}
    if not own or not x.m.days or days & set(x.m.days) or not there & set(x.m.days):
        return False  # (not there that day at all: _person_day says which days X was)
    x.c.say("premise_keynote", name=name, what=f"a keynote on {x.m.days[0]}", cite=x.c.cite(keynotes[0].unit))
    for s in _day_keynotes(x, x.m.days[0]):
        say_keynote(x, s)
    return True


def _keynote_of(x: Ctx, s: object) -> bool:
    """'keynote' stands by the session's own mention ("the keynote at the closing plenary")."""
    at = [i for r in x.m.named_sessions if r.title == getattr(s, "title", "") for i in r.at]
    toks = x.m.tokens
    keys = [i for i, t in enumerate(toks) if t == "keynote"]

    def joined(i: int, j: int) -> bool:  # "his keynote on the AI panel", not "his keynote and the final panel"
        between = set(toks[min(i, j) + 1 : max(i, j)])
        return not set(toks[max(0, i - 2) : i]) & _POSSESSIVE or between <= _JOINS
    return not at or any(abs(i - j) <= 4 and joined(i, j) for i in keys for j in at)


def _affiliation(x: Ctx, name: str) -> bool:
    """'X's initiative' when the words belong to someone else's affiliation on a panelists line."""
    topic = {t for t in x.m.topic if x.catalog.df(t)}
    if len(topic) < 2:
        return False
    own = x.facts.one("affiliation", subject=name)
    if own is not None and len(topic & set(content_stems(own.object))) >= len(topic) / 2:
        return False
    for f in x.facts.where("affiliation"):
        if f.subject != name and len(topic & set(content_stems(f.object))) >= max(2, len(topic) * 0.6):
            x.c.say("premise_affiliation", name=name, other=f.subject, what=f.object, cite=x.c.cite(f.unit))
            return True
    return False


def _person_day(x: Ctx, name: str) -> bool:
    """'X on day 2' when X appears only on day 1."""
    if not x.m.days:
        return False
    rows = [f for f in x.facts.rows if f.relation in ("keynote_by", "panelist_of") and f.object == name]
    days = {x.k.session(f.subject, f.source).day for f in rows}
    if not rows or days & set(x.m.days):
        return False
    x.c.say("premise_person_day", name=name, days=", ".join(sorted(days)), claimed=", ".join(x.m.days),
            cite=x.c.cite(rows[0].unit))
    if "keynote" in x.m.tokens or set(x.m.tokens) & _OPENS:  # "since X opened day 2": who did
        for s in _day_keynotes(x, x.m.days[0]):
            say_keynote(x, s)
    return True


def _day_keynotes(x: Ctx, day: str) -> list:
    """The sessions with a keynote on `day`, in order; only the first (last) when the question says it
    opened (closed) the day."""
    held = [s for src in x.sources() for s in x.k.sessions
            if s.source == src and s.day == day and x.facts.where("keynote_by", subject=s.title, source=src)]
    on_day = {i for at in x.m.day_at for i in at}
    ends = {x.v.ordinals.get(t) for i, t in enumerate(x.m.tokens) if i not in on_day} | {
        1 if t in _OPENS else -1 for t in x.m.tokens if t in _OPENS | _CLOSES}
    if ends & {1, -1} == {1}:
        return held[:1]
    if ends & {1, -1} == {-1}:
        return held[-1:]
    return held


def _role_unit(x: Ctx, name: str) -> object | None:
    row = x.facts.one("keynote_by", obj=name) or x.facts.one("panelist_of", obj=name)
    return row.unit if row else None


def _days(x: Ctx) -> bool:
    """'The youth panel on day 1' when it was on day 2 (one session and one day named)."""
    sessions = x.sessions(described=False)
    if len(sessions) != 1 or len(x.m.days) != 1 or not sessions[0].day or sessions[0].day in x.m.days:
        return False
    s = sessions[0]
    ref = {i for r in x.m.named_sessions if r.title == s.title for i in r.at}
    nouns = x.v.session_nouns - {"one", "ones"}
    if any(x.m.tokens[j] in nouns and j not in ref and j - 1 not in ref  # ("the day 1 cities panel": its own noun)
           for at in x.m.day_at for j in range(max(at) + 1, max(at) + 3) if j < len(x.m.tokens)):
        return False  # "his day-one keynote … the closing panel": the day belongs to another noun
    x.c.say("premise_day", session=s.title, day=s.day, claimed=x.m.days[0], cite=x.c.cite(x.k.head(s)))
    return True
