"""Markdown post -> Post/Session/Part records with metadata and exact character offsets.

Understands the shape of a conference-summary post: YAML-ish front matter, `## Day N` headings
grouping `### Session` headings, `#### Keynote by ...` / `#### Panel Discussion` parts, a
`**Panelists:**` line (before or after the panel heading), numbered key insights, a
`**Conclusion:**` block, and `##` overview sections (Introduction, Summary, Action points,
Conclusion). Offsets index the file's text read as UTF-8 with newlines untouched, so
`text[start:end]` is always the verbatim span. The records themselves are in post.py.
Does not chunk, embed or answer.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from assistant.errors import CorpusError
from assistant.ingest.post import Part, Post, Session, is_named_person, split_people
from assistant.ingest.shape import shape

__all__ = ["Part", "Post", "Session", "is_named_person", "load_corpus", "parse_post", "read_post", "split_people"]

MAX_POST_BYTES = 5_000_000
_NUMBERED = re.compile(r"^(\d+)\.\s+\*\*(.+?):?\*\*:?\s*$")
_BOLD_LABEL = re.compile(r"^\*\*([^*]+?):\*\*\s*(.*)$")


def _front_matter(text: str) -> tuple[dict[str, object], int]:
    if not text.startswith("---"):
        return {}, 0
    end = text.find("\n---", 3)
    if end < 0:
        raise CorpusError("front matter opened with '---' is never closed")
    meta: dict[str, object] = {}
    key = ""
    for line in text[3:end].splitlines():
        if re.match(r"^\s+-\s+", line) and key:
            value = meta.get(key)
            lst = value if isinstance(value, list) else []
            lst.append(line.split("-", 1)[1].strip().strip('"'))
            meta[key] = lst
        elif ":" in line and not line.startswith(" "):
            key, value = line.split(":", 1)
            key = key.strip()
            meta[key] = value.strip().strip('"') if value.strip() else []
    body = text.find("\n", end + 4)
    return meta, (len(text) if body < 0 else body + 1)


def _lines(text: str, offset: int) -> list[tuple[int, int, str]]:
    """(start, end-without-newline, line) from offset on."""
    out, pos = [], offset
    for line in text[offset:].splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        out.append((pos, pos + len(bare), bare))
        pos += len(line)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _session_kind(title: str, day: str) -> str:
    if not day:
        return "action_points" if shape().overview_role(title) == "action_items" else "overview"
    return shape().session_kind(title)


def _parts(text: str, lines: list[tuple[int, int, str]], kind: str, end: int) -> tuple[Part, ...]:
    """Cut a section's lines into parts at its own boundaries (never inside a list item)."""
    cuts: list[tuple[int, str, str, int]] = []  # (offset, kind, title, number)
    for s, _e, line in lines:
        h4 = re.match(r"^####\s+(.+?)\s*$", line)
        num = _NUMBERED.match(line)
        label = _BOLD_LABEL.match(line)
        if h4:
            title = h4.group(1)
            if shape().panel.match(title) and cuts and cuts[-1][2] == "Panelists":
                # Quirk: the panelists line stood before its panel heading; one part covers both.
                cuts[-1] = (cuts[-1][0], "panelists", title, 0)
                continue
            cuts.append((s, "keynote" if shape().keynote.match(title) else "panelists", title, 0))
        elif num:
            n, title = int(num.group(1)), num.group(2).strip()
            k = "action_point" if kind == "action_points" else "insight"
            prefix = "Action point" if k == "action_point" else "Key insight"
            cuts.append((s, k, f"{prefix} {n}: {title}", n))
        elif label:
            name = label.group(1).strip()
            if shape().is_label(name, "panelists"):
                # The panelists line opens the panel part unless a panel heading just did.
                if not (cuts and cuts[-1][1] == "panelists" and shape().panel.match(cuts[-1][2])):
                    cuts.append((s, "panelists", "Panelists", 0))
            elif shape().is_label(name, "conclusion"):
                cuts.append((s, "conclusion", "Conclusion", 0))
            elif kind == "overview":
                cuts.append((s, "theme", name, 0))
        elif kind in ("overview", "action_points") and line.strip() and not cuts:
            cuts.append((s, "paragraph", "", 0))
        elif kind == "overview" and line.strip() and cuts and cuts[-1][1] == "paragraph":
            # A blank line before this one starts a new paragraph.
            prev = [ln for ln in lines if ln[0] < s]
            if prev and not prev[-1][2].strip():
                cuts.append((s, "paragraph", "", 0))
    parts: list[Part] = []
    for i, (s, k, title, n) in enumerate(cuts):
        e = cuts[i + 1][0] if i + 1 < len(cuts) else end
        s2, e2 = _trim(text, s, e)
        if e2 > s2:
            parts.append(Part(title=title, kind=k, start=s2, end=e2, number=n))
    # Text before the first cut (e.g. an intro line under Action points) belongs to the first part.
    if parts and lines:
        first = _trim(text, lines[0][0], parts[0].start)
        if first[1] > first[0]:
            p = parts[0]
            parts[0] = Part(p.title, p.kind, first[0], p.end, p.number)
    # Paragraph titles: "Paragraph 2" reads better in a citation than "".
    return tuple(
        Part(p.title or f"Paragraph {i + 1}", p.kind, p.start, p.end, p.number) for i, p in enumerate(parts)
    )


def parse_post(text: str, *, source: str, path: Path | None = None) -> Post:
    """Parse one post's text. Raises CorpusError naming `source` when it is not of this shape."""
    try:
        text.encode("utf-8")  # lone surrogates cannot be hashed, tokenized or quoted back
    except UnicodeEncodeError as exc:
        raise CorpusError(
            f"{source}: {exc.object[exc.start]!r} at offset {exc.start} is not a Unicode character; "
            "save the post as UTF-8 text."
        ) from None
    try:
        meta, body = _front_matter(text)
    except CorpusError as exc:
        raise CorpusError(f"{source}: {exc}; fix the file or move it out of the corpus folder.") from None
    title = str(meta.get("title") or "")
    lines = _lines(text, body)
    heads: list[tuple[int, int, str, int]] = []  # (line index, level, title, offset)
    for i, (s, _e, line) in enumerate(lines):
        m = re.match(r"^(#{2,3})\s+(.+?)\s*#*\s*$", line)
        if m:
            heads.append((i, len(m.group(1)), m.group(2), s))
        elif not title:
            m1 = re.match(r"^#\s+(.+?)\s*$", line)
            if m1:
                title = m1.group(1)
    sessions: list[Session] = []
    day = ""
    for h, (i, level, head, off) in enumerate(heads):
        nxt = heads[h + 1][3] if h + 1 < len(heads) else len(text)
        if level == 2:
            m = shape().day.match(head)
            if m:
                day = f"Day {m.group(1)}"
                continue
            day = ""
            if shape().overview_role(head) == "skip":
                continue
        elif not day:
            continue  # a ### outside a day belongs to an overview section; it stays in that text
        kind = _session_kind(head, day)
        j = heads[h + 1][0] if h + 1 < len(heads) else len(lines)
        sec_lines = lines[i + 1 : j]
        _s, end = _trim(text, off, nxt)
        keynote: list[str] = []
        panelists: list[str] = []
        aff: dict[str, str] = {}
        for _ls, _le, line in sec_lines:
            km = re.match(r"^####\s+(.+?)\s*$", line)
            kn = shape().keynote.match(km.group(1)) if km else None
            if kn and kn.group(1):
                names, a = split_people(kn.group(1))
                keynote += names
                aff.update(a)
            pm = _BOLD_LABEL.match(line)
            if pm and shape().is_label(pm.group(1).strip(), "panelists"):
                names, a = split_people(pm.group(2))
                panelists += names
                aff.update(a)
        sessions.append(
            Session(
                title=head,
                day=day,
                kind=kind,
                start=off,
                end=end,
                source=source,
                post_title=title,
                order=len(sessions),
                keynote_speakers=tuple(keynote),
                panelists=tuple(panelists),
                affiliations=aff,
                parts=_parts(text, sec_lines, kind, end),
                role="" if day else shape().overview_role(head),
            )
        )
    if not any(s.day for s in sessions):
        raise CorpusError(
            f"{source}: found no sessions (expected '## Day N' headings with '### Session' headings "
            "under them); fix the file or move it out of the corpus folder."
        )
    tags = meta.get("tags")
    return Post(
        path=path or Path(source),
        source=source,
        text=text,
        title=title,
        date=str(meta.get("date") or ""),
        summary=str(meta.get("summary") or ""),
        tags=tuple(tags) if isinstance(tags, list) else (),
        sessions=tuple(sessions),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def read_post(path: Path, *, root: Path | None = None) -> Post:
    """Read and parse one post file; CorpusError says which file and what to do."""
    try:
        source = str(path.resolve().relative_to(root.resolve())) if root else str(path)
    except ValueError:
        source = str(path)
    if not path.is_file():
        raise CorpusError(f"{path}: no such corpus file; put the post's .md file in the corpus folder.")
    raw = path.read_bytes()
    if len(raw) > MAX_POST_BYTES:
        raise CorpusError(f"{source}: {len(raw)} bytes is larger than a post can be ({MAX_POST_BYTES}).")
    if not raw.strip():
        raise CorpusError(f"{source}: the file is empty; add the post's text or remove the file.")
    if b"\x00" in raw:
        raise CorpusError(f"{source}: this is a binary file, not a markdown post; remove it from the corpus.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8.") from None
    return parse_post(text, source=source, path=path)


def load_corpus(corpus_dir: Path, *, root: Path | None = None) -> tuple[list[Post], list[str]]:
    """Every parseable `*.md` post in the folder (sorted), and one message per file skipped."""
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"{corpus_dir}: the corpus folder does not exist; create it and put the post(s) in it, "
            "or set ASSISTANT_CORPUS_DIR."
        )
    posts, problems = [], []
    for path in sorted(corpus_dir.glob("*.md")):
        try:
            posts.append(read_post(path, root=root))
        except CorpusError as exc:
            problems.append(str(exc))
    if not posts:
        detail = ("; ".join(problems)) if problems else "it has no .md files"
        raise CorpusError(f"{corpus_dir}: no usable post ({detail}).")
    return posts, problems
