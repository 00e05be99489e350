"""Embeddings computed once and kept on disk by content.

The index's chunk vectors (a rebuild after a schema change or a damaged store embeds nothing that
was embedded before), and the answerer's sentence (unit) vectors, word vectors of the posts'
vocabulary and intent examples' vectors are all "texts -> unit vectors" with the packaged MiniLM;
this cache keys each batch by the model id and a hash of the texts, so a changed post or intents
file is embedded again and an unchanged one loads in milliseconds. Writes are atomic (temporary
file, then rename). Does not decide what to embed.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


class VectorCache:
    """texts -> (n, dim) float32 unit vectors, memoised in memory and (optionally) in a folder."""

    def __init__(self, embedder: Any, folder: Path | None = None) -> None:
        self.embedder = embedder
        self.folder = folder
        self._mem: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def texts(self, texts: list[str], namespace: str) -> np.ndarray:
        """Vectors of `texts`, in order."""
        if not texts:
            return np.zeros((0, getattr(self.embedder, "dim", 384)), dtype=np.float32)
        vecs = self.saved(texts, namespace)
        if vecs is None:
            vecs = np.asarray(self.embedder.embed_array(texts), dtype=np.float32)
            self.keep(texts, namespace, vecs)
        return vecs

    def batched(self, texts: list[str], namespace: str, progress: Callable[[int], None] | None = None,
                step: int = 32) -> np.ndarray:
        """Like texts(), embedding what is not kept in batches of similar length and calling
        progress(done) after each (an index build shows it)."""
        vecs = self.saved(texts, namespace)
        if vecs is None:
            vecs = np.zeros((len(texts), getattr(self.embedder, "dim", 384)), dtype=np.float32)
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths: little padding
            for i in range(0, len(order), step):
                idx = order[i : i + step]
                vecs[idx] = self.embedder.embed_array([texts[j] for j in idx])
                if progress:
                    progress(min(i + step, len(texts)))
            self.keep(texts, namespace, vecs)
        elif progress:
            progress(len(texts))
        return vecs

    def _key(self, texts: list[str], namespace: str) -> str:
        h = hashlib.sha256(("\x1f".join([getattr(self.embedder, "model_id", "?"), *texts])).encode("utf-8"))
        return f"{namespace}-{h.hexdigest()[:20]}"

    def saved(self, texts: list[str], namespace: str) -> np.ndarray | None:
        """The vectors kept for exactly these texts, or None (never kept, or damaged)."""
        key = self._key(texts, namespace)
        with self._lock:
            if key in self._mem:
                return self._mem[key]
        vecs = self._load(key)
        if vecs is None or vecs.shape != (len(texts), getattr(self.embedder, "dim", 384)):
            return None
        with self._lock:
            self._mem[key] = vecs
        return vecs

    def keep(self, texts: list[str], namespace: str, vecs: np.ndarray) -> None:
        """Remember vectors computed elsewhere (in batches, with progress) for these texts."""
        key = self._key(texts, namespace)
        vecs = np.asarray(vecs, dtype=np.float32)
        self._save(key, vecs)
        with self._lock:
            self._mem[key] = vecs

    def query(self, text: str) -> np.ndarray:
        """One question's vector (the embedder keeps its own small cache)."""
        return np.asarray(self.embedder.embed_query_array(text), dtype=np.float32)

    def queries(self, texts: list[str]) -> list[np.ndarray]:
        """Several questions' (or words') vectors in one model call for those not seen recently."""
        return [np.asarray(v, dtype=np.float32) for v in self.embedder.embed_queries(texts)]

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.npy" if self.folder is not None else None

    def _load(self, key: str) -> np.ndarray | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            return np.load(path, allow_pickle=False)
        except (OSError, ValueError):  # a damaged cache file is recomputed, never trusted
            return None

    def _save(self, key: str, vecs: np.ndarray) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            with open(tmp, "wb") as f:
                np.save(f, vecs, allow_pickle=False)
            os.replace(tmp, path)
        except OSError:  # a read-only cache folder costs time, not answers
            pass
