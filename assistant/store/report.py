"""What opening the index did (BuildReport), the checksum the manifest keeps of the chunk ids, and
the pruning of damaged stores moved aside. Plain helpers of index.py: does not open Chroma.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from typing import Any

from assistant.config import Settings

KEEP_CORRUPT = 3  # damaged stores moved aside that are kept for inspection; older ones are deleted


@dataclass
class BuildReport:
    """What opening the index did: reopened, added/changed/removed posts, seconds, warnings."""

    reopened: bool = True
    embedded_chunks: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rebuilt_reason: str = ""
    repaired: int = 0  # chunks that were missing from the store and were re-embedded
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _checksum(ids: Any) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


def _prune_corrupt(settings: Settings) -> int:
    """Delete all but the newest KEEP_CORRUPT damaged stores moved aside; how many were deleted."""
    def stamp(p: Any) -> int:
        tail = p.name.rsplit("-", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    aside = sorted(settings.index_dir.parent.glob(settings.index_dir.name + ".corrupt-*"), key=stamp)
    old = aside[:-KEEP_CORRUPT] if len(aside) > KEEP_CORRUPT else []
    for p in old:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    return len(old)
