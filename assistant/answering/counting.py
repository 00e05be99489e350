"""'How many …?' answered by counting rows of the facts table, and wrong counts in a question corrected.

What is counted comes from the noun after "how many" (intents.toml [vocab.count_objects]):
sessions (of a day or of the post), panelists (of a named session, or of a named person's
sessions), keynotes, numbered items (action points, a session's insights), days. A number the
question asserts that differs from the count is corrected first. A count the facts cannot give
("how many countries …") returns None, so the pipeline extracts it from the text instead.
Does not rank free text.
"""

from __future__ import annotations

from assistant.answering.compose import join_names
from assistant.answering.content import action_points
from assistant.answering.extract import known_topic
from assistant.answering.facts import Fact
from assistant.answering.question import ANSWERED, REFUSED, Ctx
from assistant.answering.structure import bounded, list_sessions, no_keynote, no_such_day, say_roles
from assistant.ingest.corpus import Session
from assistant.ingest.shape import shape
from assistant.text import stem, words

SESSION_LENGTH = "how long any session lasted, only the day of each"  # (no post times its sessions)
_WITHOUT = frozenset({"no", "without", "lacked", "lacking", "missing", "didn't", "not"})
_PEOPLE = frozenset({"speaker", "speakers", "people", "person", "persons", "who"})
_INCLUDED = frozenset({"included", "including", "incl", "inclusive", "plus", "counting", "counted"})
_NAMES_ASKED = frozenset({"names", "name", "who", "list", "whom"})  # "how many …? give me the names"


def count(x: Ctx) -> str | None:
    """The count the question asks for, cited, with what was counted."""
    what = x.v.counted(x.m.tokens)
    if what in ("sessions", "panelists") and bounded(x) is not None:  # "how many panels had over five panelists"
        return ANSWERED
    if what == "days" and "long" in x.m.tokens:
        if _known_subject(x) or x.sessions():
            return None  # "Common Furrow Fund - how long?", "how long was the seed panel?": the span of
            # something the posts name, not the event's
        if set(x.m.tokens) & x.v.session_nouns:
            x.c.say("refuse_detail", what=SESSION_LENGTH)  # "how long did each workshop session last?"
            return REFUSED
    if what == "days":
        return _days(x)
    if what == "items" or (not what and "action_items" in x.m.roles):  # ("how many to-dos … at the very end")
        return _items(x)
    speakers = any(t in ("keynote", "keynotes") and not set(x.m.tokens[max(0, i - 2) : i + 3]) & _INCLUDED
                   for i, t in enumerate(x.m.tokens))  # ("how many spoke, keynotes included": everyone)
    negated = {t for i, t in enumerate(x.m.tokens) if i not in x.m.dropped} & _WITHOUT  # not "not counting the …"
    if speakers and what in ("sessions", "panelists", "keynotes") and negated and not x.sessions():
        return no_keynote(x)  # "how many sessions had no keynote": the sessions without one, counted
    if x.m.people and not x.sessions() and (what in ("sessions", "keynotes") or not what and "times" in x.m.tokens):
        return _sessions_of_people(x, keynotes_only=what == "keynotes")  # "how many keynotes did X give"
    if what == "keynotes" or (what in ("panelists", "sessions") and speakers and not x.sessions() and not x.m.people):
        return _keynotes(x, people=what == "panelists" or bool(set(x.m.tokens) & _PEOPLE))
    if what == "panelists" and not x.sessions() and not x.m.people and not x.m.topic:
        return _everyone(x)  # "how many speakers were there in total"
    if what == "panelists" and (x.sessions() or x.m.people or not x.m.topic):
        return _people(x)
    # the kind counted is the noun after "how many" ("how many sessions, closing plenary included" is not plenaries)
    kind = next((k for k in shape().session_kinds if {stem(w) for w in (k, k + "s", k[:-1] + "ies")} & x.m.counted), "")
    if what == "sessions" and kind and not x.m.topic:  # "how many workshops": the sessions of that kind
        day = x.m.days[0] if x.m.days else ""
        same = [s for src in x.sources() for s in x.catalog.day_sessions(src, day) if s.kind == kind]
        total = [s for src in x.sources() for s in x.catalog.day_sessions(src, day)]
        if 0 < len(same) < len(total):
            named = f"{kind}s" if len(same) != 1 else kind  # "1 workshop (Farmer Advisory …)": which, too
            x.c.say("count_items", count=len(same), what=f"{named} ({', '.join(s.title for s in same)})",
                    cite=" ".join(x.c.cite(x.k.head(s)) for s in same))
            return ANSWERED
    if what == "sessions" and not x.m.topic:
        _premise(x, len(x.catalog.day_sessions(x.sources()[0], x.m.days[0] if x.m.days else "")), "sessions", None)
        return list_sessions(x)
    return None


def _known_subject(x: Ctx) -> bool:
    """A topic word the posts use besides the duration and the event itself ("how long did the fund run")."""
    plain = {stem(w) for w in ("long", *x.v.event_nouns)}
    return any(t not in plain for t in known_topic(x))


_BOUNDS = frozenset({"than", "least", "most", "over", "under", "above", "below", "exceeding", "fewer", "less"})


def _premise(x: Ctx, actual: int, what: str, unit: object) -> None:
    if _BOUNDS & set(x.m.tokens):
        return  # "how many panels had more than five panelists": a bound, not a count the asker believes
    claimed = [n for n in x.m.numbers if n != actual]
    if claimed and unit is not None:
        x.c.say("premise_count", claimed=claimed[0], count=actual, what=what, cite=x.c.cite(unit))
    elif claimed:
        x.c.say("premise_count", claimed=claimed[0], count=actual, what=what, cite="")


def _days(x: Ctx) -> str:
    src = x.sources()[0]
    days = x.catalog.days(src)
    if x.m.days and any(d not in days for d in x.m.days):
        return no_such_day(x)
    proof = x.facts.one("length", source=src)
    firsts = {s.day: s for s in reversed(x.catalog.day_sessions(src))}
    cite = x.c.cite(proof.unit) if proof else " ".join(x.c.cite(x.k.head(firsts[d])) for d in days)
    _premise(x, len(days), "days", proof.unit if proof else None)
    x.c.say("count_items", count=len(days), what=f"days ({', '.join(days)})", cite=cite)
    return ANSWERED


def _items(x: Ctx) -> str | None:
    sessions = x.sessions()
    if not sessions and [t for t in known_topic(x, near=True) if not t.isdigit()]:
        return action_points(x)  # "how many action points mention youth": those on the topic, counted
    owners = sessions[:1] or [s for src in x.sources() for s in x.catalog.section("action_items", src)]
    if not owners:
        return None
    for s in owners:
        rows = x.facts.where("item", subject=s.title, source=s.source)
        if not rows:
            continue
        _premise(x, len(rows), "items", rows[-1].unit)
        what = "action points" if s.role == "action_items" else f"key insights in the {s.title}"
        x.c.say("count_items", count=len(rows), what=what, cite=x.c.cite(rows[-1].unit))
        for f in rows:
            x.c.say("list_line", text=f"{f.n}. {f.object}", cite=x.c.cite(f.unit))
    return ANSWERED if x.c.lines else None


def _keynotes(x: Ctx, people: bool = False) -> str:
    """Sessions with a keynote (or, for "how many keynote speakers", the people who gave them), of a day if named."""
    day = x.m.days[0] if x.m.days else ""
    for src in x.sources():
        with_keynote = [s for s in x.catalog.day_sessions(src, day)
                        if x.facts.where("keynote_by", subject=s.title, source=src)]
        speakers = list(dict.fromkeys(f.object for s in with_keynote
                                      for f in x.facts.where("keynote_by", subject=s.title, source=src)))
        n, what = (len(speakers), "keynote speakers") if people else (len(with_keynote), "keynotes")
        _premise(x, n, what, None)
        x.c.say("count_items", count=n, what=f"{what} on {day}" if day else what, cite="")
        for s in with_keynote:
            rows = x.facts.where("keynote_by", subject=s.title, source=src)
            x.c.say("list_line", text=f"{s.title} ({s.day}): {join_names([f.object for f in rows])}",
                    cite=x.c.cite(rows[0].unit))
    return ANSWERED


def _everyone(x: Ctx) -> str:
    """Every named speaker (keynote speakers and panelists) of the posts, or of a day."""
    day = x.m.days[0] if x.m.days else ""
    for src in x.sources():
        rows = [f for s in x.catalog.day_sessions(src, day) for rel in ("keynote_by", "panelist_of")
                for f in x.facts.where(rel, subject=s.title, source=src)]
        names = list(dict.fromkeys(f.object for f in rows))
        keynote = {f.object for f in rows if f.relation == "keynote_by"}
        panel = {f.object for f in rows if f.relation == "panelist_of"}
        what = f"speakers{' on ' + day if day else ''}: {len(keynote)} giving keynotes and {len(panel)} on panels"
        _premise(x, len(names), "speakers", None)
        x.c.say("count_items", count=len(names), what=what,
                cite=" ".join(dict.fromkeys(x.c.cite(f.unit) for f in rows)))
        if set(words(x.q.original.lower())) & _NAMES_ASKED:  # and who they were, session by session (asked
            # anywhere in the message: "how many …? give me the names")
            for s in x.catalog.day_sessions(src, day):
                own = [f for f in rows if f.subject == s.title]
                if own:
                    x.c.say("list_line", text=f"{s.title} ({s.day}): {join_names([f.object for f in own])}",
                            cite=" ".join(dict.fromkeys(x.c.cite(f.unit) for f in own)))
    return ANSWERED


def _people(x: Ctx) -> str | None:
    sessions = x.sessions()
    if not sessions:
        return None
    for s in sessions[:3]:
        rows = x.facts.where("panelist_of", subject=s.title, source=s.source)
        if not rows:
            x.c.say("no_panel", session=s.title)
            continue
        _premise(x, len(rows), "panelists", rows[0].unit)
        x.c.say("panelists", session=s.title, day=s.day, names=f"{len(rows)}: {join_names([f.object for f in rows])}",
                cite=x.c.cite(rows[0].unit))
    return ANSWERED


def _sessions_of_people(x: Ctx, keynotes_only: bool = False) -> str:
    relations = ("keynote_by",) if keynotes_only else ("keynote_by", "panelist_of")
    for p in x.m.people[:3]:
        rows = [f for f in x.facts.rows if f.relation in relations and f.object == p.name]
        first: dict[tuple[str, str], Fact] = {}
        for f in rows:  # each session once, cited by its first row
            first.setdefault((f.source, f.subject), f)
        pairs: list[tuple[Session, Fact]] = [(x.k.session(t, src), f) for (src, t), f in first.items()]
        titles = ", ".join(f"{s.title} ({s.day}) {x.c.cite(f.unit)}" for s, f in pairs)
        if keynotes_only and not pairs:  # "how many keynotes did Ruth give": none, and what she did do
            x.c.say("person_no_keynote", name=p.name)
            say_roles(x, p.name)
            continue
        noun = "keynote" if keynotes_only else "session"
        x.c.say("person_keynotes" if keynotes_only else "person_sessions", name=p.name, titles=titles,
                sessions=f"{len(pairs)} {noun}" + ("s" if len(pairs) != 1 else ""))
    return ANSWERED
