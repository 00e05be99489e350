"""[n] markers in generated prose: finding them, putting them after the claim, and never leaving a hole.

A model sometimes uses a marker as a noun — "As stated in [1], …", "The passage from [2] states
that …", "[3] says …", "(see [4])". Removing such a marker would leave "The passage from states";
`repair` rewrites the reference as "the post" and moves the marker to the end of the sentence, so a
marker can later be removed or renumbered without garbling the text. Also splits generated text
into (bullet, sentence) pairs and recognises "the post does not say …" sentences and what they deny.
Does not judge support.
"""

from __future__ import annotations

import re

from assistant.llm.claims import stems_of
from assistant.text import sentences

MARK = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_GROUP = r"(?:\[\d+(?:\s*[,;]\s*\d+)*\](?:\s*(?:,|and|&)?\s*\[\d+(?:\s*[,;]\s*\d+)*\])*)"
_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NOUN = r"(?:passages?|sources?|facts?|lines?|texts?|excerpts?|documents?|sections?|references?|items?)"
_VERB = (r"(?:states?|says?|said|mentions?|mentioned|notes?|noted|shows?|explains?|indicates?|highlights?|describes?|"
         r"reports?|confirms?|lists?|suggests?|emphasi[sz]es|adds?|records?|points out|tells us)")
# "(see [2])", "(cf. [2])": the parenthesis is only a pointer.
_SEE = re.compile(r"\s*\(\s*(?:see|cf\.?|source:?|sources:?)\s*(" + _GROUP + r")\s*\)", re.I)
# A marker used as a noun: after a preposition or an article/noun ("in [1]", "passage [2]", "the [3]"),
# or as the subject of a reporting verb ("[1] states").
_AS_NOUN = re.compile(
    r"(?:\b(?:the\s+)?" + _NOUN + r"\s+(?:(?:from|in|at|of)\s+)?|\b(?:in|from|by|to|of|per|on|at|see|under)\s+"
    r"(?:the\s+)?(?:" + _NOUN + r"\s+)?|\bthe\s+)(" + _GROUP + r")|^(" + _GROUP + r")(?=\s+" + _VERB + r"\b)",
    re.I)
_LEFTOVER = re.compile(r"\b(?:from|in|by|per|passage|source)\s+(?:states?|says?|mentions?|notes?|[,.;:]|$)", re.I)
# A sentence whose last word (markers removed) cannot end one: the marker stood for its object
# ("The representative who gave the keynote is [1].").
_DANGLING = re.compile(r"\b(?:is|are|was|were|be|been|by|of|from|to|in|at|on|with|for|as|the|a|an|and|or|"
                       r"named|called|titled|include|includes|including)\s*[.!?:]*$", re.I)
# "The post does not say …": the post (or what the model was given) is what does not say it.
_NOT_SAID = re.compile(
    r"\b(?:the (?:blog )?(?:post|summary|article|text|passages?|sources?|facts?|document|write-?up)|it|they) "
    r"(?:does not|doesn't|do not|don't|did not|didn't|never) (?:say|mention|state|specify|record|name|list|give|"
    r"provide|include|detail|indicate|reveal|discuss|describe|explain|identify|cover)s?\b|"
    r"\bthere (?:is|was|are|were) no (?:mention|information|record|detail)s?\b|"
    r"\b(?:is|are|was|were) not (?:mentioned|stated|specified|given|named|recorded|provided|listed|described)\b|"
    r"\bno (?:information|details?|mention) (?:is|are|was|were) (?:given|provided|available)\b|"
    r"\b(?:le|la|l') ?(?:post|texte|billet|résumé|article) ne (?:dit|mentionne|précise|donne|nomme|indique) pas\b|"
    r"\b(?:el|la) (?:post|texto|resumen|artículo|publicación) no (?:dice|menciona|especifica|indica|nombra)\b",
    re.I)
_DENIAL_FRAME = frozenset(stems_of("""post blog summary article text source passage passages facts fact line
    information details detail exact exactly specific specifically whether anything mention mentions say says
    state states specify record name give provide include indicate reveal discuss describe explain identify
    cover available dice menciona nombre""")) | {"who", "what", "when", "where", "which", "how", "why"}


def split_sentences(text: str) -> list[tuple[str, str]]:
    """(bullet prefix, sentence) pairs in order; markers written after the full stop move before it."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _BULLET.match(line)
        prefix, body = ("- ", line[m.end():]) if m else ("", line.strip())
        body = _AFTER_STOP.sub(r"\2\1", body)
        for i, (s, e) in enumerate(sentences(body)):
            sent = body[s:e].strip()
            if sent:
                out.append((prefix if i == 0 else "", sent))
    return out


def numbers(sentence: str) -> list[int]:
    """The marker numbers of a sentence, in order."""
    return [int(n) for group in MARK.findall(sentence) for n in re.split(r"\s*[,;]\s*", group)]


def bare(sentence: str) -> str:
    """The sentence without markers (spaces before punctuation closed)."""
    return re.sub(r"\s+([.,;:!?])", r"\1", MARK.sub("", sentence)).strip()


def repair(sentence: str) -> str | None:
    """Markers used as nouns rewritten ("As stated in [1], X." -> "As stated in the post, X [1]."); None when
    the sentence would still read wrongly without its markers."""
    if numbers(sentence) and _DANGLING.search(bare(sentence)):
        return None
    moved: list[str] = []

    def take(m: re.Match[str]) -> str:
        moved.append(re.sub(r"\s*(?:,|and|&)\s*", "", m.group(1)))
        return ""

    s = _SEE.sub(take, sentence)
    s = re.sub(r"\bthe\s+(" + _GROUP + r")\s+" + _NOUN + r"\b", r"the \1", s, flags=re.I)  # "the [1] passage"

    def noun(m: re.Match[str]) -> str:
        group = m.group(1) or m.group(2)
        moved.append(re.sub(r"\s*(?:,|and|&)\s*", "", group))
        if m.group(2):  # "[1] states that …" -> "The post states that …"
            return "The post"
        lead = m.group(0)[: m.start(1) - m.start(0)]
        lead = re.sub(r"\b(?:the\s+)?" + _NOUN + r"\s+(?:(?:from|in|at|of)\s+)?$", "", lead, flags=re.I)
        lead = re.sub(r"\bthe\s+$", "", lead, flags=re.I)
        return f"{lead}the post"

    s = _AS_NOUN.sub(noun, s)
    lead = re.match(r"^(" + _GROUP + r")\s+(?!" + _VERB + r"\b)", s, re.I)
    if lead:  # "[1] where panelists said Y." -> "Where panelists said Y [1]."
        moved.append(re.sub(r"\s*(?:,|and|&)\s*", "", lead.group(1)))
        s = s[lead.end():]
    if not moved:
        return sentence
    s = re.sub(r"\bthe post(\s+the post)+", "the post", s, flags=re.I)
    s = re.sub(r"\b(the post\s+)(show|say|state|mention|indicate|suggest|confirm|list|note|report|describe|"
               r"highlight|record)\b", r"\1\2s", s, flags=re.I)  # "the facts [1][2] show" -> "the post shows"
    s = re.sub(r"\s{2,}", " ", s).strip()
    if _LEFTOVER.search(bare(s)):
        return None
    end = re.search(r"[.!?]+[\"”’)]*$", s)
    markers = "".join(moved)
    s = f"{s[:end.start()].rstrip()} {markers}{s[end.start():]}" if end else f"{s} {markers}"
    return s[0].upper() + s[1:] if s else None


def denial(sentence: str) -> frozenset[str] | None:
    """For "the post does not say X", the stems of X (empty: denies nothing in particular); None otherwise."""
    text = bare(sentence)
    if not _NOT_SAID.search(text):
        return None
    return frozenset(s for s in stems_of(text) if s not in _DENIAL_FRAME)


def denied(sentence: str) -> str:
    """What a "the post does not say X" sentence denies, as a phrase ("who moderated the panel")."""
    text = bare(sentence)
    m = _NOT_SAID.search(text)
    after = text[m.end():] if m else ""
    what = after if len(after.split()) >= 2 else _NOT_SAID.sub(" ", text)
    return what.strip(" .")
