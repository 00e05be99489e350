"""What the citation guard changed in a streamed answer, as a few lines a terminal can print after it.

The model's tokens are shown as they arrive; the guarded Answer is final. `changes(streamed, final)`
compares the two sentence by sentence (markers aside) and says only what differs: sentences
removed, sentences added or reworded, and citation numbers that were renumbered. `rows(text, width)`
counts the terminal rows a text took, so a terminal can overwrite the stream in place instead.
Does not print, and knows nothing of the guard's reasons.
"""

from __future__ import annotations

from assistant.llm.markers import bare, numbers, split_sentences


def _sentences(text: str) -> list[tuple[str, list[int]]]:
    return [(bare(s), numbers(s)) for _prefix, s in split_sentences(text)]


def changes(streamed: str, final: str) -> list[str]:
    """Lines describing how `final` differs from `streamed` ([] when only whitespace differs)."""
    if streamed.strip() == final.strip():
        return []
    old, new = _sentences(streamed), _sentences(final)
    new_text = {t for t, _m in new}
    old_text = {t for t, _m in old}
    out = [f"  removed: “{t}”" for t, _m in old if t not in new_text]
    out += [f"  added: “{t}”" for t, _m in new if t not in old_text]
    renumbered: dict[int, int] = {}
    for t, marks in old:
        match = next((m for s, m in new if s == t), None)
        if match is not None:
            for a, b in zip(marks, match, strict=False):
                if a != b:
                    renumbered.setdefault(a, b)
    if renumbered:
        out.append("  sources renumbered: " + ", ".join(f"[{a}]→[{b}]" for a, b in sorted(renumbered.items())))
    return out


def rows(text: str, width: int) -> int:
    """Terminal rows `text` occupies at `width` columns (each line wraps; an empty line is one row)."""
    width = max(1, width)
    lines = text.split("\n")
    return sum(max(1, -(-len(line) // width)) for line in lines)
