"""Text normalisation shared by retrieval and answering: folding, words, stems, sentences.

Accent- and case-folding, curly-quote folding, a light English stemmer, stop words for
English/French/Spanish, and a sentence splitter that keeps character offsets. Pure functions;
knows nothing about posts, sessions or the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP = frozenset(
    """a about above after among amongst afterward afterwards beforehand thereafter again against all also am an and any
    are as at be because been before being
    below between both but by can could did do does doing down during each every since though although whether unless
    everything entire whole else ever few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours out over own same she
    should ought so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with without
    would you your yours tell please post blog conference event session sessions panel panels say said
    says according did does mention mentioned talk talked give gave given anything something thing things
    know many much one ones another two get got let lets us like way detail details ve re ll d s t
    put puts putting see sees saw seen seeing
    le la les une des du de et en est sont qui que quoi quel quelle quels quelles dans pour par sur
    au aux ce cette ces il elle ils elles a ont été lors avec se sa son ses leur leurs ou y
    el los las unos unas del al es son fue fueron quien quienes que cual cuales en para por sobre con
    su sus se lo como donde cuando during throughout per""".split()
)


_YEAR = re.compile(r"(19|20)\d\d")


def is_year(token: str) -> bool:
    """Whether a token is a year ("2024"): a date, not a count or a number in a title."""
    return _YEAR.fullmatch(token) is not None


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accents removed, curly quotes made straight."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower().translate(_LETTERS)


# Letters that are not a base letter plus an accent (NFKD leaves them whole): "Søren Kjærgaard", "Łódź".
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


# Irregular past forms stem as their verb ("built" as "build", "spoken" as "speak"); forms that are also
# common words of their own ("left", "found", "saw", "rose", "felt", "fell") are not listed.
_IRREGULAR = {f: base for base, forms in (
    ("build", "built"), ("give", "gave given"), ("speak", "spoke spoken"), ("say", "said"), ("hold", "held"),
    ("take", "took taken"), ("make", "made"), ("bring", "brought"), ("teach", "taught"), ("think", "thought"),
    ("begin", "began begun"), ("write", "wrote written"), ("choose", "chose chosen"), ("draw", "drew drawn"),
    ("grow", "grew grown"), ("know", "knew known"), ("go", "went gone"), ("come", "came"), ("keep", "kept"),
    ("pay", "paid"), ("sell", "sold"), ("send", "sent"), ("spend", "spent"), ("stand", "stood"), ("tell", "told"),
    ("understand", "understood"), ("hear", "heard"), ("show", "shown"), ("seek", "sought"), ("buy", "bought"),
    ("catch", "caught"), ("fight", "fought"), ("mean", "meant"), ("break", "broke broken"), ("drive", "drove driven"),
    ("use", "using used"),
    ("feed", "fed"), ("sleep", "slept"), ("win", "won"), ("run", "ran"), ("meet", "met"), ("lead", "led"),
    # nouns with Latin, Greek or old English plurals
    ("curriculum", "curricula curriculums"), ("criterion", "criteria"), ("phenomenon", "phenomena"),
    ("analysis", "analyses"), ("crisis", "crises"), ("hypothesis", "hypotheses"), ("thesis", "theses"),
    ("appendix", "appendices"), ("child", "children"), ("woman", "women"), ("man", "men"),
) for f in forms.split()}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: plural, -ing, -ed, -ly, -ation... (enough to match word forms)."""
    w = _IRREGULAR.get(word, word)
    if len(w) <= 3:
        return w
    if len(w) > 6:  # British spelling as American: "summarise", "organisation" stem as "summarize", "organization"
        w = re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", w)
    for suf, rep in (
        ("ational", "ate"), ("ization", "ize"), ("ically", "ic"), ("ical", "ic"), ("fulness", "ful"),
        ("iveness", "ive"), ("ousness", "ous"),
        ("ations", "ate"), ("ation", "ate"), ("ities", "ity"), ("iness", "y"), ("ments", "ment"),
        ("ies", "y"), ("ings", ""), ("ing", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""),
    ):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: len(w) - len(suf)] + rep
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """Folded word tokens (keeps stop words)."""
    return _WORD.findall(fold(text).replace("'s ", " "))


def surname_parts(name_words: Sequence[str]) -> list[str]:
    """The words after a name's first that can stand for it alone ("Castañeda" of "Rubén Castañeda Ortiz"):
    those longer than three letters."""
    return [w for w in name_words[1:] if len(w) > 3]


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop words, in order."""
    return [stem(w) for w in words(text) if w not in STOP and len(w) > 1]


_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z“\"(0-9])")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|H\.E|J|vs|Mr|Ms|Dr|St|U\.S|etc)\.$")


def sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a plain run of text, shifted by offset."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.start() + len(m.group(0).rstrip())
        candidate = text[start:end].rstrip()
        if _ABBREV.search(candidate.rstrip("\"”’)")):
            continue
        if candidate.strip():
            spans.append((start, start + len(candidate)))
        start = m.end()
    tail = text[start:].rstrip()
    if tail.strip():
        spans.append((start, start + len(tail)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        out.append((s + offset, e + offset))
    return out


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # Optimal string alignment: a swap of two neighbours ("youht") costs one edit.
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


_GREETING = set("""hi hello hey hiya yo thanks thank thx cheers bye goodbye morning afternoon evening
    bonjour salut merci hola gracias adios ok okay cool great nice awesome perfect""".split())
_FILLER = set("""you so very much a lot good there again all for that the help your beaucoup muchas
    buenos buenas dias tardes see later bot assistant""".split())


def is_smalltalk(question: str) -> bool:
    """A greeting, thanks or goodbye with nothing to look up."""
    ws = words(question)
    return 0 < len(ws) <= 6 and any(w in _GREETING for w in ws) and all(w in _GREETING | _FILLER for w in ws)
