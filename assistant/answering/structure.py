"""Answers read off the facts table: who gave keynotes, who sat on panels, days, lists and counts.

One function per intent, each `fn(ctx) -> verdict | None` (None: this intent cannot answer the
question as resolved; the pipeline falls back to evidence extraction). Every fact stated cites
the heading or panelists line that states it. Does not rank free text.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.catalog import label_words
from assistant.answering.compose import join_names
from assistant.answering.facts import Fact
from assistant.answering.question import ANSWERED, REFUSED, Ctx
from assistant.answering.refs import Mentions
from assistant.answering.vocab import BOUND_OPS, QUESTION_WORDS, Vocab
from assistant.ingest.corpus import Session
from assistant.ingest.shape import shape
from assistant.text import STOP, stem

KEYNOTE_TOPIC = 0.75  # share of the topic a keynote must use to be the one "who presented X?" asks about


def _day(s: Session) -> str:
    return s.day or "overview"


def say_keynote(x: Ctx, s: Session) -> bool:
    """The keynote line of a session (or that it had none); True when the speaker is named."""
    rows = x.facts.where("keynote_by", subject=s.title, source=s.source)
    if not rows:
        x.c.say("no_keynote", session=s.title, day=_day(s), cite=x.c.cite(x.k.head(s)))
        return True
    cite = x.c.cite(rows[0].unit)
    if not any(shape().is_named_person(f.object) for f in rows):
        x.c.say("keynote_unnamed", session=s.title, day=_day(s), speaker=rows[0].object, cite=cite)
        return False
    x.c.say("keynote_by", speakers=join_names([f.object for f in rows]), session=s.title, day=_day(s), cite=cite)
    return True


def keynote_speaker(x: Ctx) -> str | None:
    """Who gave the keynote at the named session(s); every keynote when none is named."""
    sessions = x.sessions()
    day = x.m.days[0] if x.m.days else ""
    if not sessions and _several_sessions(x):  # "who opened two separate sessions with a keynote?"
        return _repeat_keynotes(x, day) or list_keynotes(x, repeats=False)
    if not sessions and set(x.m.tokens) & x.v.several:  # "who gave the joint keynote?"
        sessions = [s for src in x.sources() for s in x.catalog.day_sessions(src, day)
                    if len(x.facts.where("keynote_by", subject=s.title, source=src)) > 1]
    if not sessions and x.m.people and all(p.how == "co" for p in x.m.people):  # "who shared X's keynote?"
        sessions = [x.k.session(f.subject, f.source) for p in x.m.people for f in x.facts.where("keynote_by",
                                                                                                  obj=p.name)]
    if not sessions and any(x.catalog.df(t) for t in x.m.topic):  # "who presented the open soil map?"
        sessions = _keynotes_on_topic(x, day)
    if not sessions and not {stem(t) for t in x.m.tokens} & x.v.keynote_stems:
        return None  # "who won it?", "what's her name?": nothing asks about keynotes; extraction decides
    if not sessions:  # (several sessions were ruled out above)
        return list_keynotes(x, repeats=False)
    had = [bool(x.facts.where("keynote_by", subject=s.title, source=s.source)) for s in sessions[:3]]
    named = [say_keynote(x, s) for s in sessions[:3]]
    wants_name = x.m.answer_type == "name" or _knows_holder(x, sessions[:3])
    if not any(had) and asks_of(x):  # "who gave the keynote at the cities panel?": it had none to give
        return REFUSED
    return REFUSED if wants_name and not any(named) else ANSWERED


def _knows_holder(x: Ctx, sessions: list[Session]) -> bool:
    """'Who was the alliance rep that gave the soil keynote?': the question already calls the speaker what the post
    does (a word of an unnamed speaker's label that is no role word nor a word of the session's title), so what it
    asks is the name, which the post does not give."""
    asked = {stem(t) for t in x.m.tokens}
    for s in sessions:
        for f in x.facts.where("keynote_by", subject=s.title, source=s.source):
            if shape().is_named_person(f.object):
                continue
            label = {stem(w) for w in label_words(f.object) if w not in STOP}
            if (label - x.catalog.session_words(s.title)) & asked:
                return True
    return False


def _keynotes_on_topic(x: Ctx, day: str) -> list[Session]:
    """The sessions whose keynote uses most of the question's topic (the best, and any as close)."""
    bullets = [b for b in x.evidence.bullets if b.first.part_kind == "keynote" and not b.first.heading
               and b.first.source in x.sources() and (not day or b.first.day == day)]
    scored = x.evidence.rank(x.m, x.q.vec, bullets, {})
    if not scored or scored[0].syn < KEYNOTE_TOPIC:
        return []
    best = [b for b in scored if b.syn >= scored[0].syn - 1e-9]
    return [x.k.session(t, src) for src, t in dict.fromkeys((b.bullet.first.source, b.bullet.first.session)
                                                             for b in best)]


def _several_sessions(x: Ctx) -> bool:
    """'two separate sessions', 'more than one panel': a word of number right before a session noun."""
    on_day = {i for at in x.m.day_at for i in at}
    toks = [t for i, t in enumerate(x.m.tokens) if i not in on_day]  # "two separate day-one sessions"
    nouns = x.v.session_nouns - {"one", "ones", "keynote", "keynotes"}
    return any(t in x.v.several and any(u in nouns for u in toks[i + 1 : i + 4]) for i, t in enumerate(toks))


def _repeat_keynotes(x: Ctx, day: str) -> str | None:
    """The people who gave a keynote in more than one session (those on `day`, when one is named)."""
    given: dict[str, list] = {}
    for src in x.sources():
        for s in x.catalog.day_sessions(src, day):
            for f in x.facts.where("keynote_by", subject=s.title, source=src):
                if shape().is_named_person(f.object):
                    given.setdefault(f.object, []).append(f)
    repeat = {n: fs for n, fs in given.items() if len(fs) > 1}
    if not repeat:
        if given:  # (no keynote at all on that day: nothing to say "its keynotes" over)
            x.c.say("repeat_none")
        return None
    x.c.say("multi_head")
    for name, fs in repeat.items():
        x.c.say("multi_line", name=name, roles=_role_list(x, fs))
    return ANSWERED


def list_keynotes(x: Ctx, *, repeats: bool = True) -> str | None:
    """Every session's keynote speaker (on the named day, if any); those who gave several, when asked."""
    if _of_kind(x) and not _asks_keynotes(x):
        return list_sessions(x)  # "list all the workshops": the sessions, not their keynotes
    day = x.m.days[0] if x.m.days else ""
    if repeats and _several_sessions(x) and _repeat_keynotes(x, day) is not None:  # "keynotes at more than one panel"
        return ANSWERED  # (when no one did, it says so, then every keynote below)
    if any(not r.excluded for r in x.m.named_sessions):  # "seed session - who were the keynote speakers": its own
        return keynote_speaker(x)
    left_out = {(r.source, r.title) for r in x.m.sessions if r.excluded}  # "leaving out the closing plenary, …"
    for src in x.sources():
        for s in x.catalog.day_sessions(src, day):
            rows = x.facts.where("keynote_by", subject=s.title, source=src) if (src, s.title) not in left_out else []
            if rows:
                x.c.say("list_line", text=f"{s.title} ({s.day}): {join_names([f.object for f in rows])}",
                        cite=x.c.cite(rows[0].unit))
    return ANSWERED if x.c.lines else None


def panelists(x: Ctx) -> str | None:
    """Who sat on the named session(s), with the keynote speaker when there was one."""
    sessions = x.sessions()
    if not sessions:
        return None
    for s in sessions[:3]:
        rows = x.facts.where("panelist_of", subject=s.title, source=s.source)
        if rows:
            x.c.say("panelists", session=s.title, day=_day(s), names=_with_affiliations(x, s, rows),
                    cite=x.c.cite(rows[0].unit))
        else:
            x.c.say("no_panel", session=s.title)
        if x.facts.where("keynote_by", subject=s.title, source=s.source):
            say_keynote(x, s)
    return ANSWERED


def _with_affiliations(x: Ctx, s: Session, rows: list) -> str:
    out = []
    for f in rows:
        aff = x.facts.one("affiliation", subject=f.object, source=s.source)
        out.append(f"{f.object} ({aff.object})" if aff and aff.unit == f.unit else f.object)
    return join_names(out)


def say_roles(x: Ctx, name: str, days: list[str] | None = None) -> bool:
    """'X gave the keynote at A (Day 1) [1]; and was a panelist on B (Day 2) [2].' (only the roles on `days`,
    when given); False when there is none to say."""
    parts = []
    for rel in ("keynote_by", "panelist_of"):
        for f in x.facts.where(rel, obj=name):
            s = x.k.session(f.subject, f.source)
            if days is None or s.day in days:
                parts.append((s.order, role_phrase(x, f)))
    if not parts:
        return False
    parts.sort()
    roles = [p for _o, p in parts]
    joined = roles[0] if len(roles) == 1 else "; ".join(roles[:-1]) + "; and " + roles[-1]
    aff = x.facts.one("affiliation", subject=name)
    x.c.say("person_roles", name=f"{name} ({aff.object})" if aff else name, roles=joined)
    return True


def asks_day_roles(m: Mentions) -> bool:
    """'did any of them come back on day 2?', 'which of X and Y spoke on day 1?': several people (or those just
    named) asked about a day, which their roles that day answer, not what they said."""
    return bool(m.days) and (len(m.people) > 1 or "members" in m.references)


ROLES_OF = 8  # people whose roles one answer gives ("whats their job titles" after a panel of five: each one)


def person_role(x: Ctx) -> str | None:
    """The named people's roles (keynote, panelist), sessions, days and affiliations."""
    if not x.m.people:
        return None
    if asks_day_roles(x.m):  # "did any of them come back on day 2?": their roles that day
        found = [p.name for p in x.m.people if say_roles(x, p.name, x.m.days)]
        if not found:
            x.c.say("none_that_day", names=join_names([p.name for p in x.m.people]), day=" / ".join(x.m.days))
        return ANSWERED
    for p in x.m.people[:ROLES_OF]:
        say_roles(x, p.name)
    asks_org = x.m.topic and not any(x.facts.where("affiliation", subject=p.name) for p in x.m.people[:ROLES_OF])
    if asks_org and set(x.m.tokens) & x.v.organisation_words and not _presented(x):
        x.c.say("no_org")
        return REFUSED
    return ANSWERED


def _presented(x: Ctx) -> bool:
    """'Which company did X introduce?': an organisation X presented, not X's own, when a remark of theirs
    speaks of one ("introduced Zendis, a public company"); remarks.person_role quotes it."""
    asked = {stem(w) for w in set(x.m.tokens) & x.v.organisation_words}
    return bool(set(x.m.tokens) & x.v.presenting_verbs) and any(
        asked & f.unit.stems for p in x.m.people[:3] for f in x.facts.where("said", subject=p.name))


def multi_session_people(x: Ctx) -> str | None:
    """People who appear in more than one session (keynote or panel); which of the named sessions had more
    panelists when that is what is asked (sizes: "which had more panelists, A or B?" fills the slots of this)."""
    if (sized := sizes(x)) is not None:
        return sized
    seen: dict[str, list] = {}
    for f in x.facts.rows:
        if f.relation in ("keynote_by", "panelist_of") and shape().is_named_person(f.object):
            seen.setdefault(f.object, []).append(f)
    multi = {n: fs for n, fs in seen.items() if len({f.subject for f in fs}) > 1}
    named = {(s.source, s.title) for s in x.sessions()}
    if len(named) > 1:  # "who was on both A and B": those in at least two of the sessions named
        multi = {n: fs for n, fs in multi.items() if len(named & {(f.source, f.subject) for f in fs}) > 1}
        if not multi:
            x.c.say("multi_none", sessions=join_names([s.title for s in x.sessions()]))
            return panelists(x)
    asked = [r for r in x.m.named_sessions if r.how != "context" and not r.excluded]  # (not one carried over)
    if len(named) == 1 and len(asked) == 1 and not x.m.people:  # "anyone from the youth panel in more than one?"
        multi = {n: fs for n, fs in multi.items() if named & {(f.source, f.subject) for f in fs}}
        if not multi:
            x.c.say("multi_none_of", session=x.sessions()[0].title)
            return panelists(x)
    if x.m.people:
        multi = {n: fs for n, fs in multi.items() if n in {p.name for p in x.m.people}} or multi
    if not multi:
        x.c.say("refuse_detail", what="that anyone appeared in more than one session")
        return REFUSED
    x.c.say("multi_head")
    for name in multi:
        x.c.say("multi_line", name=name, roles=_role_list(x, multi[name]))
    return ANSWERED


def _role_list(x: Ctx, facts: list) -> str:
    return "; ".join(role_phrase(x, f) for f in facts)


def role_phrase(x: Ctx, f: Fact) -> str:
    """'gave the keynote at the X (Day 1) [n]' / 'was a panelist on …' for a keynote_by / panelist_of row."""
    s = x.k.session(f.subject, f.source)
    key = "role_keynote" if f.relation == "keynote_by" else "role_panelist"
    return x.c.render(key, session=s.title, day=_day(s), cite=x.c.cite(f.unit))


def session_day(x: Ctx) -> str | None:
    """On which day a named session was."""
    sessions = [s for s in x.sessions() if s.day]
    if not sessions:
        return None
    for s in sessions[:3]:
        x.c.say("day_of_session", session=s.title, day=s.day, cite=x.c.cite(x.k.head(s)))
    if x.m.answer_type == "time":
        x.c.say("refuse_detail", what="a date or time for it, only the day")
        return REFUSED
    return ANSWERED


_MEMBERS = frozenset({"panelists", "panelist", "speakers", "people", "members", "participants"})


def _bound(x: Ctx) -> tuple[str, int] | None:
    """'more than five panelists', 'at least 6 speakers': the comparison and the number of people it sets."""
    toks = x.m.tokens
    for phrase, op in BOUND_OPS:
        seq = phrase.split()
        for i in range(len(toks) - len(seq)):
            if toks[i : i + len(seq)] != seq:
                continue
            t = toks[i + len(seq)]
            n = x.v.number(t)
            if n is not None and set(toks[i + len(seq) + 1 : i + len(seq) + 3]) & _MEMBERS:
                return op, n
    return None


def bounded(x: Ctx) -> str | None:
    """'How many panels had more than five panelists?': the sessions whose panel passes the bound, counted
    and each with its number of panelists (cited to its panelists line). None when the question sets no bound."""
    found = _bound(x)
    if found is None:
        return None
    op, n = found
    test = {">": n.__lt__, ">=": n.__le__, "<": n.__gt__, "<=": n.__ge__}[op]
    named = [s for s in x.sessions() if s.day]
    if named:  # "did the youth panel have more than 2 panelists?": yes or no, with its number
        for s in named:
            x.c.say("bounded_yes" if test(len(s.panelists)) else "bounded_no", session=s.title, day=s.day,
                    count=len(s.panelists), names=join_names(list(s.panelists)), cite=x.c.cite(panel_unit(x, s)))
        return ANSWERED
    day = x.m.days[0] if x.m.days else ""
    for src in x.sources():
        chosen = x.catalog.day_sessions(src, day)
        passing = [s for s in chosen if test(len(s.panelists))]
        x.c.say(f"bounded_{ {'>': 'more', '>=': 'least', '<': 'fewer', '<=': 'most'}[op] }", count=len(passing),
                total=len(chosen), n=n)
        for s in passing:
            x.c.say("list_line", text=f"{s.title} ({s.day}): {len(s.panelists)}", cite=x.c.cite(panel_unit(x, s)))
    return ANSWERED


def panel_unit(x: Ctx, s: Session) -> object:
    """The unit of a session's panelists line, or its heading when it has none (what a panel's size cites)."""
    row = x.facts.one("panelist_of", subject=s.title, source=s.source)
    return row.unit if row else x.k.head(s)


def _of_kind(x: Ctx) -> list[Session]:
    """'list all the workshops': the sessions the question names by their kind (find_sessions._kind)."""
    kinds = shape().session_kinds
    return [s for r in x.m.sessions if r.how == "kind" and not r.excluded and r.at and x.m.tokens[r.at[0]] not in kinds
            for s in [x.k.session(r.title, r.source)] if s is not None]  # (the plural: "the workshop" is one)


def _asks_keynotes(x: Ctx) -> bool:
    return any(stem(t) in x.v.keynote_stems for t in x.m.tokens)


def cited_titles(x: Ctx, sessions: list[Session]) -> str:
    """'Open Seed Data Panel (Day 1) [1], …': each session's title and day, its heading cited."""
    return ", ".join(f"{s.title} ({s.day}) {x.c.cite(x.k.head(s))}" for s in sessions)


def list_sessions(x: Ctx) -> str | None:
    """The sessions of a day (or of every day), in programme order; those of a kind, when it names one."""
    if (done := bounded(x)) is not None:  # "which panels had more than five panelists"
        return done
    kind = _of_kind(x)
    if len(kind) == 1:  # "list all the workshops", when the programme has one
        x.c.say("session_is", session=kind[0].title, day=_day(kind[0]), cite=x.c.cite(x.k.head(kind[0])))
        return ANSWERED
    if kind:
        x.c.say("sessions_all", count=len(kind),
                titles=cited_titles(x, kind))
        return ANSWERED
    for src in x.sources():
        days = [d for d in x.m.days if d in x.catalog.days(src)] or ([] if x.m.days else [""])
        if x.m.days and not days:
            return no_such_day(x)
        for day in days:
            chosen = x.catalog.day_sessions(src, day)
            titles = ", ".join(f"{s.title} {x.c.cite(x.k.head(s))}" for s in chosen)
            if day:
                x.c.say("sessions_on_day", day=day, count=len(chosen), titles=titles)
            else:
                x.c.say("sessions_all", count=len(chosen), titles=titles)
    return ANSWERED


def no_such_day(x: Ctx) -> str:
    """The question names a day the post does not have: say how many days it has."""
    src = x.sources()[0]
    days = x.catalog.days(src)
    asked = ", ".join(d for d in x.m.days if d not in days)
    held = x.catalog.day_sessions(src)
    if not held:  # a filter kept only an overview section ("the Summary"): no day is in what is searched
        x.c.say("outside_filter", what=asked)
        return REFUSED
    proof = x.facts.one("length", source=src)
    unit = proof.unit if proof else x.k.head(held[-1])
    x.c.say("no_such_day", day=asked, count=len(days), days=", ".join(days), cite=x.c.cite(unit))
    # "what happened on day 3?" is answered by there being none; "who won the hackathon on day 3?" asks a
    # detail of that day (a word the posts use, beyond the event's name), which the correction does not give
    event = {stem(w) for name in x.catalog.event_names for w in name}
    return REFUSED if any(x.catalog.df(t) and t not in event for t in x.m.topic) else ANSWERED


def asks_of(x: Ctx) -> bool:
    """Whether the question asks for something (a question word: "who gave …", "what happened …") rather
    than whether something holds ("was there a day 3?", "is it true that …"). Said of a thing the post
    does not have, the first has no answer (a refusal that corrects), the second is answered by the correction.
    (Not for a day the post lacks: "what happened on the third day?" is answered by saying there was none.)"""
    return bool(set(x.m.tokens[x.m.framing :]) & QUESTION_WORDS)


def no_keynote(x: Ctx) -> str | None:
    """Sessions that had no keynote; for a named session ("why didn't X have a keynote?"), whether it had one."""
    if _of_kind(x) and not _asks_keynotes(x):
        return list_sessions(x)  # "which sessions were workshops?"
    named = [s for s in x.sessions() if s.day]
    for s in named[:3]:
        if x.facts.where("keynote_by", subject=s.title, source=s.source):
            x.c.say("premise_had_keynote", session=s.title)
            x.extra["corrected"] = True
        say_keynote(x, s)
    if named:
        return ANSWERED
    if {"keynote", "keynotes"} & set(x.m.tokens) and not _denies(x.m.tokens, x.v):
        # "which sessions had two keynote speakers": those shared; "which sessions had keynotes": those that did
        return extreme(x) if set(x.m.tokens) & _SHARED or x.m.numbers else list_keynotes(x)
    day = x.m.days[0] if x.m.days else ""
    for src in x.sources():
        none = [s for s in x.catalog.day_sessions(src, day) if not x.facts.where("keynote_by", subject=s.title)]
        titles = cited_titles(x, none)
        x.c.say("no_keynote_session" if len(none) == 1 else "no_keynote_sessions", count=len(none),
                titles=titles or "none")
    return ANSWERED


def sizes(x: Ctx) -> str | None:
    """'Which had more panelists, the cities panel or the youth one?': each named session's panelists counted,
    then which had more (or fewer, as asked). Only for two or more named sessions and a word comparing sizes
    with one counting people ("more speakers", "a bigger lineup"); else None. "Which day had more sessions?":
    the days' sessions counted."""
    toks = set(x.m.tokens)
    if _ranked_noun(x) and {"day", "days"} & toks and (
            x.m.answer_type in ("day", "time") or len(x.m.days) > 1):  # "which day had more sessions (, 1 or 2)?"
        return _day_sizes(x, bool(toks & (x.v.fewest_words | {"less"})))
    named = {(r.title, r.source) for r in x.m.named_sessions if not r.excluded}
    sessions = [s for s in x.catalog.day_sessions() if (s.title, s.source) in named and s.panelists]
    if len(sessions) < 2 or len(sessions) < len(named) or not _compares_size(x):
        return None
    for s in sessions:
        rows = x.facts.where("panelist_of", subject=s.title, source=s.source)
        x.c.say("session_size", session=s.title, count=len(s.panelists), names=join_names(s.panelists),
                cite=x.c.cite(rows[0].unit))
    fewer = bool(toks & (x.v.fewest_words | {"less"}))
    counts = sorted({len(s.panelists) for s in sessions})
    if len(counts) == 1:
        x.c.say("same_size", count=counts[0])
    else:
        for s in [s for s in sessions if len(s.panelists) == (counts[0] if fewer else counts[-1])]:
            x.c.say("fewer_panelists" if fewer else "more_panelists", session=s.title)
    return ANSWERED


def _compares_size(x: Ctx) -> bool:
    """A word comparing sizes right before one counting people ("more panelists", "a bigger lineup", "fewer
    speakers than"), the people not qualified after ("more people from the private sector", "more weight on
    community members": what they are, not how many)."""
    counted = dict(x.v.count_objects).get("panelists", frozenset()) | _LINEUP
    return bool(_ranked_before(x.m.tokens, _SIZE_WORDS, counted, _QUALIFIED))


def _ranked_before(toks: list[str], ranking: frozenset[str], nouns: frozenset[str], qualified: frozenset[str]) -> str:
    """The first word of `nouns` right after a word of `ranking` and not followed by one of `qualified`, or ""."""
    after = [*toks[1:], "", ""]
    return next((after[i] for i, t in enumerate(toks) if t in ranking and after[i] in nouns
                 and after[i + 1] not in qualified), "")


_SIZE_WORDS = frozenset({"more", "fewer", "less", "bigger", "larger", "smaller", "most", "fewest", "biggest",
                         "largest", "smallest", "busier", "busiest", "crowded"})
_LINEUP = frozenset({"lineup", "lineups", "size", "sizes", "crowded", "busier"})  # (not "in line with")
_QUALIFIED = frozenset({"from", "of", "about", "in", "with", "who", "that", "working", "representing"})


def extreme(x: Ctx) -> str | None:
    """The session with the most (or fewest) panelists; or every session with more than one keynote speaker."""
    if (done := sizes(x)) is not None:  # "which had more panelists, A or B?": the two named, counted
        return done
    if (done := bounded(x)) is not None:  # "which sessions had more than 4 panelists": a bound, not the most
        return done
    fewest = bool(set(x.m.tokens) & x.v.fewest_words)
    ranked = _ranked_noun(x)
    if ranked and x.m.answer_type == "person" and not fewest:  # "who appeared in the most sessions?"
        return multi_session_people(x)
    if "keynote" in x.m.tokens:  # "which session had more than one keynote speaker?"
        shared = [s for src in x.sources() for s in x.catalog.day_sessions(src)
                  if len(x.facts.where("keynote_by", subject=s.title, source=src)) > 1]
        for s in shared:
            rows = x.facts.where("keynote_by", subject=s.title, source=s.source)
            x.c.say("multi_keynote", session=s.title, names=join_names([f.object for f in rows]),
                    cite=x.c.cite(rows[0].unit))
        return ANSWERED if shared else None
    for src in x.sources():
        panels = [s for s in x.catalog.day_sessions(src, x.m.days[0] if x.m.days else "") if s.panelists]
        if not panels:
            continue
        size = (min if fewest else max)(len(s.panelists) for s in panels)
        for s in [s for s in panels if len(s.panelists) == size]:
            rows = x.facts.where("panelist_of", subject=s.title, source=src)
            x.c.say("fewest_panelists" if fewest else "most_panelists", session=s.title, count=size,
                    names=join_names(s.panelists), cite=x.c.cite(rows[0].unit))
    return ANSWERED if x.c.lines else None


def _ranked_noun(x: Ctx) -> str:
    """The plural session noun a word of counting ranks by ("the most sessions", "more panels", "fewest talks"),
    or "": not "the biggest panel" (a size of one), "the most keynotes", nor sessions qualified ("more sessions
    with a keynote": those are counted otherwise)."""
    plurals = frozenset(n for n in x.v.session_nouns if n.endswith("s")) - {"keynotes"}
    return _ranked_before(x.m.tokens, _COUNTING, plurals, _QUALIFIERS)


_COUNTING = frozenset({"most", "more", "many", "fewest", "fewer", "least", "less"})
_QUALIFIERS = frozenset({"with", "without", "that", "which", "where", "having", "featuring", "including", "lacking"})


def _day_sizes(x: Ctx, fewest: bool) -> str | None:
    """The day of each post with the most (fewest) sessions, of how many."""
    for src in x.sources():
        days = {d: x.catalog.day_sessions(src, d) for d in x.catalog.days(src)}
        if len(days) < 2:
            continue
        size = (min if fewest else max)(len(v) for v in days.values())
        total = sum(len(v) for v in days.values())
        for d, held in days.items():
            if len(held) == size:
                x.c.say("fewest_sessions_day" if fewest else "most_sessions_day", day=d, count=size, total=total,
                        cite=" ".join(x.c.cite(x.k.head(s)) for s in held))
    return ANSWERED if x.c.lines else None


_LACKING = frozenset({"no", "without", "lacked", "lacking", "missing", "not", "didn't", "didnt", "none", "skipped",
                      "nobody", "never", "absent"})
_SHARED = frozenset({"more", "most", "several", "multiple", "two", "three", "both", "shared", "joint"})
# Words that make a keynote question ask for its absence or for every session ("did every session have keynotes",
# "went straight into the panel instead of keynotes"), besides the negations
_ABSENCE = frozenset({"every", "all", "each", "instead", "rather", "straight", "zero", "free", "only"})


def _denies(toks: list[str], v: Vocab) -> bool:
    """Whether the question asks about sessions without a keynote (or whether every one had one)."""
    return bool(set(toks) & (_LACKING | _ABSENCE) or v.denied_at(toks))


_AFTER = frozenset({"after", "following", "followed", "next"})
_BEFORE = frozenset({"before", "preceding", "preceded", "previous", "prior"})


def _neighbour(x: Ctx, s: Session) -> Session | None:
    """'What came after the youth panel?': the session next to s in programme order (across days), when the
    question asks for one; s itself when it asks for none, None when s has no neighbour on that side."""
    toks = set(x.m.tokens)
    step = 1 if toks & _AFTER else -1 if toks & _BEFORE else 0
    if not step or s not in x.catalog.day_sessions(s.source):
        return s
    return x.catalog.beside(s, step)


def session_info(x: Ctx) -> str | None:
    """What a session referred to by order or description is: title, day, who spoke."""
    sessions = x.sessions()
    if not sessions:
        return None
    if len(sessions) == 1 and not any(r.how in ("ordinal", "context") for r in x.m.sessions):
        # (not shifted already; not a session from the conversation: "…payouts now?" "and before?")
        found = _neighbour(x, sessions[0])
        if found is None:  # "what came after the closing plenary?": it was the last
            key = "last_session" if set(x.m.tokens) & _AFTER else "first_session"
            x.c.say(key, session=sessions[0].title, cite=x.c.cite(x.k.head(sessions[0])))
            return ANSWERED
        sessions = [found]
    for s in sessions[:2]:
        x.c.say("session_is", session=s.title, day=_day(s), cite=x.c.cite(x.k.head(s)))
        if x.facts.where("keynote_by", subject=s.title, source=s.source):
            say_keynote(x, s)
        rows = x.facts.where("panelist_of", subject=s.title, source=s.source)
        if rows:
            x.c.say("panelists", session=s.title, day=_day(s), names=join_names([f.object for f in rows]),
                    cite=x.c.cite(rows[0].unit))
    return ANSWERED


STRUCTURE: dict[str, Callable[[Ctx], str | None]] = {
    "keynote_speaker": keynote_speaker, "list_keynotes": list_keynotes, "panelists": panelists,
    "person_role": person_role, "multi_session_people": multi_session_people, "session_day": session_day,
    "list_sessions": list_sessions, "no_keynote": no_keynote, "extreme": extreme, "session_info": session_info,
}
