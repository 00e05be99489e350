"""Session-aware chunking: Post -> Chunk records, each inside one session, with its metadata.

A chunk is one part of a session (a keynote, the panelists, one numbered insight, a conclusion,
a paragraph or an action point), so boundaries are the post's own. Tiny parts are merged into
the next part of the same session; a part over the token budget is split between its list items
or lines, never inside one. Offsets make `post.text[start:end] == chunk.text`. Does not embed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.corpus import Part, Post, Session
from assistant.ingest.tokens import count_tokens, save_counts

CHUNKER_VERSION = "parts-v1"
MAX_TOKENS = 320  # under MiniLM's 256 word pieces for most text; headers are added on top
MIN_TOKENS = 24


@dataclass(frozen=True)
class Chunk:
    """A verbatim span of one session of one post, with what the index stores beside it."""

    id: str
    source: str
    post: str
    session: str
    day: str
    kind: str
    part: str
    part_kind: str
    speakers: tuple[str, ...]
    start: int
    end: int
    text: str
    order: int  # position in the post: ranking ties and reading order

    @property
    def embed_text(self) -> str:
        """What is embedded: the session's context, then the chunk without markdown marks."""
        who = f" Speakers: {', '.join(self.speakers)}." if self.speakers else ""
        head = f"{self.session}" + (f" ({self.day})" if self.day else "") + f". {self.part}.{who}"
        return head + "\n" + plain(self.text)

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for Chroma (lists joined with '; ')."""
        return {
            "source": self.source,
            "post": self.post,
            "session": self.session,
            "day": self.day,
            "kind": self.kind,
            "part": self.part,
            "part_kind": self.part_kind,
            "speakers": "; ".join(self.speakers),
            "start": self.start,
            "end": self.end,
            "order": self.order,
        }


def plain(text: str) -> str:
    """Markdown marks removed: headings' #, bold **, list dashes and numbers, links' targets."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:-|\d+\.)\s+", "", text, flags=re.M)
    return text.replace("**", "")


def _split_long(post: Post, part: Part, cache_dir: Path) -> list[tuple[int, int]]:
    """Spans of at most MAX_TOKENS, cut only before a line that starts a list item or paragraph."""
    text = post.text
    if count_tokens(text[part.start : part.end], cache_dir) <= MAX_TOKENS:
        return [(part.start, part.end)]
    cuts = [part.start]
    for m in re.finditer(r"\n(?=\s*(?:- |\d+\. )|\S)", text[part.start : part.end]):
        cuts.append(part.start + m.end())
    spans: list[tuple[int, int]] = []
    cur = cuts[0]
    for i in range(1, len(cuts) + 1):
        nxt = cuts[i] if i < len(cuts) else part.end
        if i < len(cuts) and count_tokens(text[cur:nxt], cache_dir) <= MAX_TOKENS:
            continue
        # [cur, prev) fits; emit it unless empty, then continue from prev.
        prev = cuts[i - 1] if i < len(cuts) else part.end
        if prev > cur:
            spans.append((cur, prev))
            cur = prev
    if cur < part.end:
        spans.append((cur, part.end))
    return [(s, e) for s, e in ((s, e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in spans) if e > s]


def _session_chunks(post: Post, session: Session, cache_dir: Path, order0: int) -> list[Chunk]:
    parts = list(session.parts)
    if not parts:
        parts = [Part(title=session.title, kind="paragraph", start=session.start, end=session.end)]
    merged: list[Part] = []
    carry: Part | None = None
    for part in parts:
        if carry is not None:
            part = Part(part.title, part.kind, carry.start, part.end, part.number)
            carry = None
        small = count_tokens(post.text[part.start : part.end], cache_dir) < MIN_TOKENS
        if small and part is not parts[-1] and part.kind not in ("panelists", "action_point"):
            carry = part
            continue
        merged.append(part)
    out: list[Chunk] = []
    for part in merged:
        for s, e in _split_long(post, part, cache_dir):
            key = f"{post.source}\x00{session.title}\x00{s}\x00{e}\x00{post.sha256}"
            out.append(
                Chunk(
                    id=hashlib.sha1(key.encode()).hexdigest()[:20],
                    source=post.source,
                    post=post.title,
                    session=session.title,
                    day=session.day,
                    kind=session.kind,
                    part=part.title,
                    part_kind=part.kind,
                    speakers=session.speakers,
                    start=s,
                    end=e,
                    text=post.text[s:e],
                    order=order0 + len(out),
                )
            )
    return out


def chunk_post(post: Post, cache_dir: Path) -> list[Chunk]:
    """All chunks of a post, in reading order."""
    chunks: list[Chunk] = []
    for session in post.sessions:
        chunks += _session_chunks(post, session, cache_dir, len(chunks))
    save_counts(cache_dir)  # reopening the same post counts nothing (and loads no encoding)
    return chunks
