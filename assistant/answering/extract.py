"""Evidence extraction: the fallback that answers any question the facts table does not.

Ranks the bullets of the retrieved chunks (plus every bullet of a named session, every remark of a
named person, and the introduction when nothing is named) with evidence.py, lets verify.py decide
whether the best one answers, and quotes whole bullets; a "who" question (or a quote that opens with
"She") also gets the full name and role of the speaker the quote calls "Ruth" or "she". "Who comes
from X?" is the one person whose affiliation names X. "Which pesticide was it?" is not answered by
bullets that mention the thing without naming it ("a pesticide that had been banned"). When it does not
answer, says so in one sentence and cites the nearest bullet only when that bullet is on the question's
topic. Reads the facts table only for who said what, roles and affiliations; does not answer structure
questions.
"""

from __future__ import annotations

import re

from assistant.answering.compose import claim, join_names
from assistant.answering.evidence import Bullet, Scored
from assistant.answering.holds import asked_thing, names_thing
from assistant.answering.question import ANSWERED, REFUSED, Ctx
from assistant.answering.refs import tokens_of
from assistant.answering.structure import role_phrase, say_roles
from assistant.answering.verify import answerable, calibration, features, unknown_share, unknown_terms
from assistant.ingest.knowledge import Unit
from assistant.ingest.shape import shape
from assistant.text import STOP, content_stems

ON_TOPIC = 0.34  # share of the topic (with near words) a nearest quote must use to be offered
CLOSEST = 8  # bullets most like the question (over the posts in scope) added to the retrieved ones
SECOND = 0.85  # a second bullet is quoted when its score is this close to the best
ANOTHER = 0.7  # "who …": a bullet of someone else this close to the best is quoted too
PARTLY_KNOWN = 0.75  # share of the topic's known words the best bullet must carry for a partial answer


def ranked(x: Ctx, bullets: list[Bullet] | None = None, *, wide: bool = False) -> list[Scored]:
    """Candidate bullets for the question, scored, best first. `wide`: with the bullets most like the question
    over the posts in scope too (on its topic), not only those of the retrieved chunks."""
    if bullets is None:
        chunk_ids = [p.chunk_id for p in x.passages]
        sessions = [s.title for s in x.sessions()]
        sessions += [s.title for src in x.sources() for r in x.m.roles for s in x.catalog.section(r, src)]
        if not x.m.people and not sessions:
            sessions = [s.title for src in x.sources() for s in x.catalog.section("introduction", src)]
        bullets = x.evidence.candidates(chunk_ids, sessions=sessions)
        if wide:
            near, have = near_of(x), set(bullets)  # (on the topic: using some of its words, or words near them)
            bullets += [b for b in x.evidence.closest(x.q.vec, CLOSEST, x.sources())
                        if b not in have and x.evidence.share(b, x.m.topic, near) > 0]
        # "did Ruth say …": everything the post attributes to a named person, retrieved or not
        said = [x.evidence.bullet(f.unit) for p in x.m.people for f in x.facts.where("said", subject=p.name)]
        have = set(bullets)
        bullets += [b for b in dict.fromkeys(said) if b not in have]
    if "references" not in x.m.roles:  # what a post cites is quoted when asked for, never as a near answer
        cited = {(s.source, s.title) for s in x.catalog.section("references")}
        bullets = [b for b in bullets if (b.first.source, b.first.session) not in cited]
    order = {p.chunk_id: i for i, p in enumerate(x.passages)}
    return x.evidence.rank(x.m, x.q.vec, bullets, order)


def answering_first(x: Ctx, scored: list[Scored]) -> list[Scored]:
    """The candidates, with one that answers put first when the best does not and it ranks nearly as high
    (TIED): "who thought companies should set up internal teams" ranks the action point that says "establish"
    just above the panel bullet that names who said it; the one that answers a "who" is the answer."""
    if not scored or x.m.answer_type not in ("", "person") or verdict(x, scored)[0]:
        return scored  # (a number, a place or a time near the top may answer another question: "how much did
    for i, s in enumerate(scored[1:TIED_DEPTH], 1):  # the foundation put into the fund": the fund's own size)
        if s.score < TIED * scored[0].score:
            break
        if verdict(x, [s])[0]:
            return [s, *scored[:i], *scored[i + 1 :]]
    return scored


def verdict(x: Ctx, scored: list[Scored]) -> tuple[bool, float]:
    """Whether the best candidate answers the question, and the answerability probability."""
    best = scored[0] if scored else None
    return answerable(best, unknown_of(x))


def unknown_of(x: Ctx) -> float:
    """The idf-weighted share of the topic no post uses nor stands near (verify.unknown_share)."""
    return unknown_share(x.m, x.catalog, near_of(x))


def candidate(x: Ctx) -> tuple[dict[str, float], str] | None:
    """The extraction path's verify features and the text it would quote (for calibration)."""
    scored = ranked(x)
    if not scored:
        return None
    text = " ".join(u.text for s in _cover_set(x, scored) for u in s.bullet.units)
    return features(scored[0], unknown_of(x)), text


def _topic_words(x: Ctx) -> list[str]:
    topic = list(dict.fromkeys(x.m.topic))
    return [x.m.topic_words[x.m.topic.index(t)] for t in topic]


def say_bullet(x: Ctx, b: Bullet, *, key: str = "extract_line") -> None:
    """One quoted bullet with where it comes from (after the bullet it points back to, if any)."""
    before = x.evidence.leans_on(b)
    if before is not None:
        say_bullet(x, before, key=key)
    u = b.quote(x.evidence.texts[b.first.source])
    day = (f" ({u.day})" if u.day else "") + labelled(u)
    text = claim(u, x.k)
    x.c.say(key, session=u.session, day=day, text=text, cite=x.c.cite(u))
    # "who talked about …": the quote's "Ruth" / "She" as a full name; and any quote that opens with "She" /
    # "He": whose words they are ("She described her organisation's voice advisory service …")
    # (not for a keynote the question names: "what did the citizen sensing keynote say" knows whose it is)
    named = u.part_kind == "keynote" and u.session in {s.title for s in x.m.named_sessions}
    if x.m.answer_type == "person" or _PRONOUN_LED.match(text) and not named:
        _say_speakers(x, b, text)


def labelled(u: Unit) -> str:
    """', key insight 3 “Challenges in Adoption”' / ', “Designing for Failure”': the numbered part or bold label
    a quoted bullet stands under (the post's own name for the point, often the words a question asks for), and
    the bullet's own bold label under a numbered part (', key insight 3 “Community and Governance”, “Community of
    Practice vs. Community of Problem”': often the only place the post names the point in the asker's words)."""
    if u.part_kind in ("action_point", "insight", "theme") and ":" in u.part:  # "Action point 7: Support Youth …"
        kind, title = (w.strip() for w in u.part.split(":", 1))
        label = u.label.rstrip(":")
        sub = f", “{label}”" if label and label.casefold() != title.casefold() else ""
        return f", {kind.lower()} “{title}”{sub}"
    if u.part_kind == "theme" and u.part:
        return f", “{u.part}”"
    if u.part_kind in ("keynote", "conclusion") and u.label:
        return f", “{u.label}”"
    return ""


_PRONOUN_LED = re.compile(r"(?:she|he|they|her|his|their)\b", re.I)


def _say_speakers(x: Ctx, b: Bullet, text: str) -> None:
    """Each person the bullet is attributed to whose full name the quote does not write, with their role."""
    names = list(dict.fromkeys(n for unit in b.units for n in x.k.spoken_by(unit)))
    for name in names:
        rows = [f for rel in ("keynote_by", "panelist_of")
                for f in x.facts.where(rel, subject=b.first.session, obj=name, source=b.first.source)]
        if name in text or not rows:
            continue
        role = role_phrase(x, rows[0])
        short = next((w for w in name.split() if len(w) > 2 and re.search(rf"\b{re.escape(w)}\b", text)), "")
        if name in x.catalog.unnamed:  # ("UNICEF collaborates …": no "UNICEF is UNICEF Representative")
            x.c.say("speaker_implied", name=f"the {name}", role=role)
        elif short:
            x.c.say("speaker_is", short=short, name=name, role=role)
        else:
            x.c.say("speaker_implied", name=name, role=role)


def affiliated(x: Ctx) -> str | None:
    """'Who (on the youth panel) comes from Zlabs?': the one person whose affiliation on a panelists line
    has every topic word the posts use, with their roles. None when no one, or several, fit."""
    toks = x.m.tokens
    talks = any(t in x.v.discussion_verbs and toks[i + 1 : i + 2] != ["from"] for i, t in enumerate(toks))
    if x.m.answer_type != "person" or x.m.people or talks:
        return None  # (not "who talked about All in Africa": a remark, not an affiliation; "came from" is one)
    topic = set(known_topic(x, exclude={s.title for s in x.sessions()})) - x.v.organisation_stems  # ("who works
    # for Sowline": "work" asks for an affiliation, "Sowline" is it)
    sources = set(x.sources())
    names = list(dict.fromkeys(f.subject for f in x.facts.where("affiliation") if f.source in sources
                               and topic and topic <= set(content_stems(f.object))))
    if not 1 <= len(names) <= MAX_AFFILIATED:
        return None
    for name in names:
        say_roles(x, name)
    return ANSWERED


MAX_AFFILIATED = 6  # more people than this on one affiliation word: the word is too common to pick them out


def venue(x: Ctx) -> str | None:
    """'Where was it held?' about the event itself: the post's sentence naming the place."""
    if x.m.answer_type != "place" or x.sessions() or x.m.people:
        return None
    rows = [f for src in x.sources() for f in x.facts.where("venue", source=src)]
    if not rows:
        return None
    # the posts' titles and the places their venue sentences name ("did the summit take place in Montpellier?")
    own_words = {t for p in x.k.posts for t in content_stems(p.title)} | {t for f in rows for t in f.unit.stems}
    named = {w.lower() for w in re.findall(r"\b[A-Z][a-zA-Z]+", x.q.cleaned)}
    if any(t not in own_words and (x.catalog.df(t) or w not in named) for t, w in zip(x.m.topic, x.m.topic_words,
                                                                                  strict=True)):
        return None  # "where were attendees welcomed", "where can I watch it": a detail, not the venue
    strange = [w for t, w in zip(x.m.topic, x.m.topic_words, strict=True) if not x.catalog.df(t) and w in named]
    if strange:  # "since it was in Geneva, …": the place the post does not mention, corrected
        x.c.say("not_mentioned", what=", ".join(dict.fromkeys(strange)))
    for f in rows:
        say_bullet(x, x.evidence.bullet(f.unit))
    return ANSWERED


def _unit_missing(x: Ctx, scored: list[Scored]) -> str:
    """The unit a figure is asked in ("in US dollars", "what %", "tonnes per hectare") as typed, when the best
    quote gives nothing in it (nor in an equivalent: "one in five" for a percentage); "" otherwise. Not a unit
    the question states a number in ("the 18 million euro fund", "30% cheaper", "the one percent rule"): that is
    a premise to check or a name; nor "a ton of …", which asks no figure."""
    text = x.q.cleaned
    number = "|".join([r"\d[\d.,]*", *(re.escape(w) for w in x.v.numbers)])
    for unit, named, given in x.v.units_in(text):
        if unit == "money" and (x.m.answer_type != "number" or _time_asked(x.m.tokens)):
            continue  # "how can open source lower costs?": no figure asked; "how much time does it cost": time
        if re.search(rf"(?<!\w)(?:{number})\s*(?:\w+\s+)?(?:{named.pattern})", text, re.I):
            continue
        if re.search(rf"(?:{named.pattern})\s+of\b", text, re.I):
            continue  # "a ton of data", "tons of ideas": no figure asked
        if not any(given.search(" ".join(u.text for u in s.bullet.units)) for s in scored[:1]):
            typed = named.search(text).group(0)
            return "money" if unit == "money" else typed if typed[0].isalnum() else unit  # ("%": "percent")
    return ""


_TIME_WORDS = frozenset("time long hours hour minutes minute days day weeks week months month years year".split())
_RATE = frozenset("per a an each every".split())  # "per year", "a month": the period of a rate, no time asked


def _time_asked(toks: list[str]) -> bool:
    """'How much time does it cost', 'how many days': a time word, not the period of a rate ("per farmer per year")."""
    return any(t in _TIME_WORDS and not (i and toks[i - 1] in _RATE) for i, t in enumerate(toks))


def _other_measure(x: Ctx, scored: list[Scored]) -> tuple[str, str] | None:
    """("two-row", "three-row") when the question names a thing by a measure ("a three-row seed drill", "the
    5-year plan") that the best quote gives only with another number ("A two-row seed drill …"); else None."""
    number = "|".join([r"\d+", *(re.escape(w) for w in x.v.numbers)])
    compound = re.compile(rf"\b({number})-([a-z]+)\b", re.I)
    best = " ".join(u.text for u in scored[0].bullet.units) if scored else ""
    for n, noun in compound.findall(x.q.cleaned):
        theirs = [f"{a}-{b}" for a, b in compound.findall(best) if b.lower() == noun.lower()]
        if theirs and not any(x.v.number(a.split("-")[0]) == x.v.number(n) for a in theirs):
            return theirs[0], f"{n}-{noun}"
    return None


def other_year(x: Ctx, scored: list[Scored] | None = None) -> str | None:
    """'the 2025 edition', 'who spoke in 2019?': a year no post mentions is not answered from another year's
    post, whatever the question asks of it (a refusal, with the nearest quote); None when there is none."""
    toks = x.m.tokens
    spans = [i for i, w in enumerate(toks) if re.fullmatch(r"(?:19|20)\d\d", w)]
    if any(toks[i] in x.catalog.vocab for i in spans):  # "the 2023-2024 conference": a range with a year it has
        return None
    years = [toks[i] for i in spans if _a_year(x, i)]
    if not years:
        return None
    return refuse(x, ranked(x) if scored is None else scored, what=f"anything about {', '.join(years)}")


def _a_year(x: Ctx, i: int) -> bool:
    """The number at i is a year the question places the event in ("the 2025 edition", "in 2023 alone?"), not a
    count ("every 2000 farmers", "2000 street trees") nor part of a name ("the 2030 Agenda", "SDG 2030")."""
    toks = x.m.tokens
    if toks[i + 1 : i + 2] and toks[i + 1] in x.v.edition_nouns:
        return True
    if i and toks[i - 1] in ("every", "per", "each"):
        return False
    if any(len(w) > 3 and w.endswith("s") and w not in STOP for w in toks[i + 1 : i + 3]):
        return False  # what is counted follows the number
    around = re.search(rf"(\S+\s+)?{toks[i]}(\s+\S+)?", x.q.cleaned)
    before, after = ((around.group(1) or "").strip(), (around.group(2) or "").strip()) if around else ("", "")
    return not (after[:1].isupper() or len(before) > 1 and before.isupper())  # "2030 Agenda", "SDG 2030"


def extract(x: Ctx) -> str:
    """The best-supported bullets, or an honest refusal."""
    placed = venue(x) or affiliated(x)
    if placed is not None:
        return placed
    scored = _widened(x)
    other = other_year(x, scored)
    if other is not None:
        return other
    other = _other_measure(x, scored)
    if other:  # "a three-row version of the seed drill": the post gives it for a two-row one
        return refuse(x, scored, key="other_measure", theirs=other[0], asked=other[1])
    missing = _unit_missing(x, scored)
    if missing:  # "how much is the endowment in US dollars?": "2 million euros" is the closest, not the answer
        if missing == "money":  # "the exact budget …": no amount in any currency (or, when a word of the topic
            return refuse(x, scored, key="" if unknown_words(x) else "no_amount")  # is no post's, that word)
        return refuse(x, scored, key="no_unit", unit=missing)
    ok, p = verdict(x, scored)
    untyped = x.m.answer_type in _TYPED_REFUSALS and not any(s.typed for s in scored[:TYPED_DEPTH])
    uncounted = x.m.answer_type == "number" and not any(s.typed >= 1 for s in scored[:TYPED_DEPTH])
    rest = not ok and _rest_said(x, scored, p)
    if rest and not (untyped or uncounted) and _partly(x, scored):  # "…the foreign platform…": what the
        x.c.say("partly", what=", ".join(dict.fromkeys(unknown_words(x))))  # post lacks named, the rest quoted
    elif not ok:  # (not when no number counts what is asked: "how many of them were women" has no part answer)
        lacks_number = x.m.answer_type == "number" and rest and not (  # (the number is what it lacks; not
            unknown_terms(x.m, x.catalog, near_of(x))[0] & x.m.counted)  # "… were women": no women)
        return refuse(x, scored, key=f"no_{x.m.answer_type}" if untyped else "no_count" if lacks_number else "")
    chosen = _cover_set(x, scored)
    if unnamed(x, [s.bullet for s in chosen]):  # "which pesticide was it?": "a pesticide that had been banned"
        return refuse(x, scored, key=no_name_key(x))
    lacking = _section_lacking(x, chosen)
    if lacking:  # "what does the conclusion say about young people?": it does not; the post does, elsewhere
        x.c.say("section_lacks", section=lacking, topic=asked_phrase(x))
    for s in chosen:
        say_bullet(x, s.bullet)
    return ANSWERED


def _widened(x: Ctx) -> list[Scored]:
    """The candidates, with the bullets most like the question added: a topic worded otherwise than the post
    ("internal teams" for "program offices") can leave its bullet out of every retrieved chunk. Not for a
    question naming a person or session (their own bullets are candidates already) nor one asking a number or
    a time (a typed answer in an unrelated bullet is no answer: "how much was a ticket": "a seed drill costs 400
    euros"); and only where the retrieved bullets do not answer or the widened ones do too."""
    scored = answering_first(x, ranked(x))
    if x.m.people or x.m.named_sessions:
        return scored
    if x.m.answer_type not in ("", "person", "place"):
        return _with_its_session(x, scored)
    wider = answering_first(x, ranked(x, wide=True))
    # (never turning an answer into a refusal: a bullet like the question that answers less is no gain)
    return wider if verdict(x, wider)[0] or not verdict(x, scored)[0] else scored


def _with_its_session(x: Ctx, scored: list[Scored]) -> list[Scored]:
    """'How many people came out of the GitHub program?': when the best bullet is on the topic but gives no
    number (or time) and does not answer, the other bullets of its session are candidates too (the figure
    may stand in a part no retrieved chunk holds); taken only when the best of them answers, its number by
    what is counted (not "thousands of young people" for "how many attended?")."""
    if not scored or scored[0].typed or verdict(x, scored)[0]:
        return scored
    top, have = scored[0].bullet.first, {s.bullet for s in scored}
    more = [b for b in x.evidence.candidates([], sessions=[top.session]) if b.first.source == top.source
            and b not in have]
    wider = ranked(x, [*have, *more]) if more else []
    return wider if wider and wider[0].typed >= 1 and verdict(x, wider)[0] else scored


def _section_lacking(x: Ctx, chosen: list[Scored]) -> str:
    """The overview sections the question names ("the conclusion"), when what is quoted comes from none of
    them; "" otherwise (or when it names a session or person too)."""
    if not x.m.roles or x.m.named_sessions or x.m.people or not x.m.topic:
        return ""
    named = [s for src in x.sources() for r in x.m.roles if r != "references" for s in x.catalog.section(r, src)]
    if not named or any((c.bullet.first.source, c.bullet.first.session) in {(s.source, s.title) for s in named}
                        for c in chosen):
        return ""
    return join_names(list(dict.fromkeys(s.title for s in named)))


def asked_phrase(x: Ctx) -> str:
    """The question's words from its first topic word to its last, and the word after that unless a stop word
    ("young people")."""
    toks, at = x.m.tokens, [a for a in x.m.topic_at if a < len(x.m.tokens)]
    words_ = " ".join(dict.fromkeys(x.m.topic_words))
    if not at:
        return words_
    raw = tokens_of(x.q.text)[1]
    shown = raw if len(raw) == len(toks) else toks  # as typed ("Common Furrow Fund"), when the tokens align
    named = {a for p in x.m.people for a in p.at}
    if named & set(range(min(at), max(at) + 1)):  # ("which farmers' union did Esi Ampofo found": not across a name)
        return " ".join(shown[a] for a in sorted(at) if a not in named)
    start, end = min(at), max(at) + 1
    end += bool(end < len(toks) and toks[end] not in STOP and toks[end] not in x.v.discussion_verbs
                and toks[end] not in x.v.single_prepositions)  # (not "come" of "when did the Common Furrow Fund
    # come up?", nor "across" of "teaching and skills across the sessions")
    while start > 1 and shown[start - 1][:1].isupper() and toks[start - 1] not in STOP and start - 1 not in x.m.used:
        start -= 1  # the name's capitalised words before the first topic word ("Common" of "Common Furrow Fund")
    return " ".join(shown[start:end]) if end - min(at) <= 2 * len(at) + 1 else words_  # (not a whole sentence)


def unnamed(x: Ctx, bullets: list[Bullet]) -> bool:
    """'Which pesticide was it?': the quoted bullets mention the asked thing, and none names it."""
    thing = asked_thing(x.m)
    if thing and _unknown_thing(x, thing):
        return True  # "the name of the declaration they signed", "which version": no post mentions one at all
    seen = [True if x.evidence.their_own(b, x.m) else names_thing(" ".join(u.text for u in b.units), thing, x.m)
            for b in bullets] if thing else []  # ("Her fund …": the speaker's affiliation names it)
    # (or, for "which X", none of them mentions an X the posts do speak of elsewhere: "under which licence was the
    # soil map released?"; "the name of the GitHub programme" may be there in other words: "initiative")
    unmentioned = bool(seen) and x.m.answer_type != "name" and bool(x.catalog.df(thing[0]))  # (not "the name of")
    return True not in seen and (False in seen or unmentioned)


def _unknown_thing(x: Ctx, thing: tuple[str, ...]) -> bool:
    """Whether no post uses the asked thing's head word nor stands near it."""
    return not x.catalog.df(thing[0]) and not near_of(x).get(thing[0])


def no_name_key(x: Ctx) -> str:
    """The refusal for a thing the quotes do not name: "no_name"; or "" when no post mentions the thing
    at all, so that refuse() says which words no post mentions ("The post does not mention version.")."""
    thing = asked_thing(x.m)
    return "" if thing and _unknown_thing(x, thing) else "no_name"


_TYPED_REFUSALS = ("place", "name", "time")  # answer types whose absence a refusal names ("no_place", …)
TIED = 0.9  # a candidate scoring this share of the best's ranks nearly as high (answering_first)
TIED_DEPTH = 4
TYPED_DEPTH = 5  # a refusal names the missing kind of answer when none of this many best bullets holds it


def _cover_set(x: Ctx, scored: list[Scored]) -> list[Scored]:
    """The best bullet, then bullets that add topic words it lacks (a several-part question), or a close second."""
    best = scored[0]
    chosen = [best]
    covered = chosen[0].bullet.stems
    topic = [t for t in dict.fromkeys(x.m.topic) if x.catalog.df(t)]
    for s in scored[1:8]:
        if len(chosen) == 3 or s.score < 0.6 * best.score:
            break
        new = [t for t in topic if t in s.bullet.stems and t not in covered]
        adds = sum(x.catalog.idf(t) for t in new) >= 0.2 * sum(x.catalog.idf(t) for t in topic) if topic else False
        close = len(chosen) == 1 and s.score >= SECOND * best.score and s.syn >= best.syn * 0.75
        if x.m.answer_type == "person":
            close = close or another_speaker(x, s, chosen)
        if adds or close:
            chosen.append(s)
            covered |= s.bullet.stems
    # ("6. Open Source as a Career Path": its two halves are one point; not for a figure, a name or a choice
    # asked: "did the lead time go up to three hours or thirty?" has its answer in the one half)
    if len(chosen) < 3 and not x.m.answer_type and "or" not in x.m.tokens:
        half = _other_half(x, best.bullet)
        if half is not None and half not in {s.bullet for s in chosen}:
            chosen.insert(1, ranked(x, [half])[0])
    return chosen


def _other_half(x: Ctx, b: Bullet) -> Bullet | None:
    """The other bullet of the numbered point b is one of two of ("6. Open Source as a Career Path": career
    opportunities, then skill enhancement): the point is quoted whole. None for any other bullet. A point's
    bullets stand together in the posts, so its neighbours two places either side tell its size."""
    a = b.first
    if a.part_kind != "insight":
        return None
    point = (a.source, a.session, a.part)
    same = [n for step in (-2, -1, 1, 2) if (n := x.evidence.beside(b, step)) is not None
            and (n.first.source, n.first.session, n.first.part) == point and not all(u.heading for u in n.units)]
    return same[0] if len(same) == 1 else None


def another_speaker(x: Ctx, s: Scored, chosen: list[Scored]) -> bool:
    """'Who …?': s is nearly as good as the best chosen bullet and someone else's remark."""
    best = chosen[0]
    return s.score >= ANOTHER * best.score and s.syn >= best.syn * 0.75 and bool(
        _speakers(x, s) - set().union(*(_speakers(x, c) for c in chosen)))


def _speakers(x: Ctx, s: Scored) -> set[str]:
    return {n for u in s.bullet.units for n in x.k.spoken_by(u)}


def near_of(x: Ctx) -> dict[str, frozenset[str]]:
    """For each topic stem, the posts' stems the embedding model puts near it."""
    return x.evidence.near(list(dict.fromkeys(x.m.topic)), _topic_words(x)) if x.m.topic else {}


def unknown_words(x: Ctx) -> list[str]:
    """The topic words no post uses and no post word stands near, as the user wrote them."""
    near = near_of(x)
    return [w for t, w in zip(x.m.topic, x.m.topic_words, strict=True) if not x.catalog.df(t) and not near.get(t)]


def _partly(x: Ctx, scored: list[Scored]) -> bool:
    """The third verdict, where the best quote says the rest of the topic (_rest_said): the rest of a question that
    asks a kind of answer includes it ("how many stations did he look at": "30 percent of the stations" is not
    the number)."""
    return not x.m.answer_type or scored[0].typed >= 1.0


def _rest_said(x: Ctx, scored: list[Scored], p: float) -> bool:
    """Some of the topic's words no post has; the best quote says the rest, closely enough."""
    absent, joined = unknown_terms(x.m, x.catalog, near_of(x))  # "job title": no known part left
    rest = [t for t in x.m.topic if t not in absent and t not in joined]
    return bool(scored and absent and rest and scored[0].known >= PARTLY_KNOWN and p >= calibration().partly)


def refuse(x: Ctx, scored: list[Scored], what: str = "", key: str = "", **values: str) -> str:
    """'The post does not say …' (or the template `key`, with `values`), with the nearest on-topic quote (or
    none)."""
    say_refusal(x, what, key, **values)
    near = next((s for s in scored if s.syn >= ON_TOPIC), None)
    if near is None and not x.m.topic and x.m.answer_type == "time":  # "the exact dates of the summit": when
        near = next((s for s in scored[:TYPED_DEPTH] if shape().pattern("time").search(  # it was, loosely
            " ".join(u.text for u in s.bullet.units))), None)
    if near is not None:
        u = near.bullet.quote(x.evidence.texts[near.bullet.first.source])
        x.c.say("nearest", text=u.text, cite=x.c.cite(u))
    else:
        x.c.say("nothing_near")
    return REFUSED


def say_refusal(x: Ctx, what: str = "", key: str = "", **values: str) -> None:
    """The refusal's first line: the template `key`; else "does not say" `what`; else the topic words no
    post mentions; else a plain "The post does not say." (the template `refuse`)."""
    unknown = unknown_words(x)
    if key:
        x.c.say(key, **values)
    elif what:
        x.c.say("refuse_detail", what=what)
    elif unknown:
        x.c.say("not_mentioned", what=", ".join(dict.fromkeys(unknown)))
    elif "not_mentioned" not in x.c.keys:  # (what the posts never mention was said already)
        x.c.say("refuse")


def bullets_of(x: Ctx, units: list) -> list[Bullet]:
    """The bullets these units belong to, each once, in order."""
    return list(dict.fromkeys(x.evidence.bullet(u) for u in units))


def known_topic(x: Ctx, exclude: set[str] = frozenset(), *, near: bool = False) -> list[str]:
    """The question's topic stems that the posts use (or, with near, stand near a word they use),
    minus the words of sessions it names."""
    drop = {w for title in exclude for w in x.catalog.session_words(title)}
    close = near_of(x) if near else {}
    return [t for t in x.m.topic if (x.catalog.df(t) or close.get(t)) and t not in drop]
