"""Build, reopen and keep whole the Chroma collection that holds every chunk of every post.

The collection's metadata is its manifest (schema version, embedder id, chunker version, each post's
sha256, the number and a checksum of the chunk ids), so the same check works embedded and on a
`chroma run` server shared by several replicas. Opening re-embeds only posts added or changed
(removed ones are deleted); a changed schema, embedder or chunker rebuilds everything; lost chunks
are re-embedded and strays removed. A build holds a file lock. A store that cannot be opened is
moved aside (the newest few copies kept) and rebuilt from the corpus, the truth. A running app
whose collection disappears or is replaced reopens it, or rebuilds it when ASSISTANT_REBUILD allows,
and says so. Server calls give up after ASSISTANT_STORE_DEADLINE. The build report and checksums
are in report.py, the client in chroma.py. The nearest-chunk search (`dense`) compares every stored
vector, exactly. Does not rank or answer.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import IndexError_
from assistant.ingest.chunks import CHUNKER_VERSION, Chunk, chunk_post
from assistant.ingest.corpus import Post, load_corpus
from assistant.store.chroma import LockUnusable as _LockUnusable
from assistant.store.chroma import build_lock, embedding_function, forget_client
from assistant.store.chroma import client as _client
from assistant.store.chroma import is_missing as _is_missing
from assistant.store.chroma import tell as _tell
from assistant.store.chroma import unreachable as _unreachable
from assistant.store.chroma import where as _where
from assistant.store.embeddings import OfflineEmbedder
from assistant.store.report import KEEP_CORRUPT, BuildReport, _checksum, _prune_corrupt
from assistant.store.vectors import VectorCache

SCHEMA_VERSION = 1
COLLECTION = "conference_assistant"
Progress = Callable[[int, int, str], None]  # (done, total, what)


def _fingerprint(embedder: OfflineEmbedder) -> dict[str, str]:
    return {"schema": str(SCHEMA_VERSION), "embedder": embedder.model_id, "chunker": CHUNKER_VERSION}



class Index:
    """The posts, their chunks, and the Chroma collection holding the chunks' vectors."""

    def __init__(self, settings: Settings, posts: list[Post], chunks: list[Chunk], collection: Any, *,
                 embedder: OfflineEmbedder | None = None) -> None:
        self.settings = settings
        self.posts = posts
        self.chunks = chunks
        self.by_id = {c.id: c for c in chunks}
        self.collection = collection
        self.embedder = embedder
        self._heal_lock = threading.Lock()
        self._stored: tuple[Any, int, list[str], np.ndarray] | None = None

    @classmethod
    def open(
        cls, settings: Settings, embedder: OfflineEmbedder, *, progress: Progress | None = None
    ) -> tuple[Index, BuildReport]:
        """Open the index for the corpus, building or updating it only where the corpus changed."""
        t0 = time.perf_counter()
        report = BuildReport()
        # Sources are paths relative to the project root (as the Answer contract says) when the corpus
        # lies inside it, else relative to the corpus folder's parent.
        inside = settings.corpus_dir.resolve().is_relative_to(PROJECT_ROOT)
        posts, problems = load_corpus(settings.corpus_dir, root=PROJECT_ROOT if inside else settings.corpus_dir.parent)
        report.warnings += [f"skipped {p}" for p in problems]
        chunks = [c for p in posts for c in chunk_post(p, settings.tiktoken_cache_dir)]
        try:
            collection = cls._sync(settings, embedder, posts, chunks, report, progress)
        except _LockUnusable:
            raise
        except Exception as exc:
            if settings.chroma_host:
                if isinstance(exc, IndexError_):
                    raise
                raise IndexError_(_unreachable(settings, exc)) from None
            collection = cls._retry_then_rebuild(settings, embedder, posts, chunks, report, progress)
        report.seconds = time.perf_counter() - t0
        return cls(settings, posts, chunks, collection, embedder=embedder), report

    @classmethod
    def _retry_then_rebuild(
        cls, settings: Settings, embedder: OfflineEmbedder, posts: list[Post], chunks: list[Chunk],
        report: BuildReport, progress: Progress | None,
    ) -> Any:
        """An unreadable store may only be busy (another process writing it): wait for the writer and
        try once more; only a store that still cannot be read is moved aside and rebuilt."""
        forget_client(settings)
        try:
            with build_lock(settings):
                pass
            return cls._sync(settings, embedder, posts, chunks, report, progress)
        except _LockUnusable:
            raise
        except Exception as again:
            return cls._rebuild_corrupt(settings, embedder, posts, chunks, report, progress, again)

    @classmethod
    def _rebuild_corrupt(
        cls, settings: Settings, embedder: OfflineEmbedder, posts: list[Post], chunks: list[Chunk],
        report: BuildReport, progress: Progress | None, exc: BaseException,
    ) -> Any:
        aside = settings.index_dir.with_name(settings.index_dir.name + f".corrupt-{time.time_ns() // 1_000_000}")
        forget_client(settings)
        if settings.index_dir.exists() and not settings.index_dir.is_dir():
            shutil.move(str(settings.index_dir), str(aside))  # a file where the folder belongs: no lock to take
        else:
            with build_lock(settings):
                if settings.index_dir.exists():
                    shutil.move(str(settings.index_dir), str(aside))
        pruned = _prune_corrupt(settings)
        older = f"; removed {pruned} older damaged copies (the newest {KEEP_CORRUPT} are kept)" if pruned else ""
        report.warnings.append(
            f"The index at {settings.index_dir} could not be read ({type(exc).__name__}: {exc}); "
            f"moved it to {aside} and rebuilt it from the corpus{older}."
        )
        return cls._sync(settings, embedder, posts, chunks, report, progress)

    @classmethod
    def _sync(
        cls, settings: Settings, embedder: OfflineEmbedder, posts: list[Post], chunks: list[Chunk],
        report: BuildReport, progress: Progress | None,
    ) -> Any:
        client = _client(settings)
        want = _fingerprint(embedder)
        have_posts = {p.source: p.sha256 for p in posts}
        col = cls._get(client)
        if col is not None and cls._current(col, want, have_posts) and cls._whole(col, chunks):
            return col
        with build_lock(settings):
            col = cls._get(client)  # another process may have built it while we waited
            if col is not None and cls._current(col, want, have_posts) and cls._whole(col, chunks):
                return col
            report.reopened = False
            meta = dict(col.metadata or {}) if col is not None else {}
            if col is None or any(meta.get(k) != v for k, v in want.items()):
                report.rebuilt_reason = "new index" if col is None else "schema, embedder or chunker changed"
                if col is not None:
                    client.delete_collection(COLLECTION)
                col = client.create_collection(
                    COLLECTION, embedding_function=embedding_function(embedder),
                    metadata={**want, "posts": "{}", "hnsw:space": "cosine"},
                )
                stored: dict[str, str] = {}
            else:
                stored = json.loads(meta.get("posts", "{}"))
            report.removed = sorted(set(stored) - set(have_posts))
            report.added = sorted(set(have_posts) - set(stored))
            report.changed = sorted(s for s in have_posts if s in stored and stored[s] != have_posts[s])
            for src in report.removed + report.changed:
                col.delete(where={"source": src})
                stored.pop(src, None)
            todo = [p for p in posts if p.source in set(report.added + report.changed)]
            cls._embed(embedder, col, [c for c in chunks if c.source in {p.source for p in todo}], report, progress,
                       cache=VectorCache(embedder, settings.cache_dir / "vectors"))
            for p in todo:
                stored[p.source] = p.sha256
                # Record progress per post: an interrupted build resumes where it stopped.
                col.modify(metadata={**want, "posts": json.dumps(stored, sort_keys=True)})
            cls._repair(settings, embedder, col, chunks, report, progress)
            col.modify(metadata={**want, "posts": json.dumps(stored, sort_keys=True), "chunks": len(chunks),
                                 "checksum": _checksum(c.id for c in chunks)})
            return col

    @staticmethod
    def _whole(col: Any, chunks: list[Chunk]) -> bool:
        """The store holds exactly the chunks its manifest records and the corpus has: first the count,
        then the checksum of the ids (one cheap read of ids, no vectors)."""
        meta = col.metadata or {}
        want = _checksum(c.id for c in chunks)
        if meta.get("chunks", len(chunks)) != len(chunks) or meta.get("checksum", want) != want:
            return False
        if col.count() != len(chunks):
            return False
        return _checksum(col.get(include=[])["ids"]) == want

    @classmethod
    def _repair(cls, settings: Settings, embedder: OfflineEmbedder, col: Any, chunks: list[Chunk],
                report: BuildReport, progress: Progress | None) -> None:
        """Re-embed chunks missing from the store (lost vectors) and delete ids no chunk has."""
        have = set(col.get(include=[])["ids"])
        missing = [c for c in chunks if c.id not in have]
        stray = sorted(have - {c.id for c in chunks})
        recorded = (col.metadata or {}).get("chunks")
        if missing:
            said = f" (its manifest records {recorded})" if recorded is not None else ""
            report.warnings.append(
                f"{len(missing)} of {len(chunks)} chunks were missing from {_where(settings)}{said}; "
                "re-embedded them."
            )
            cls._embed(embedder, col, missing, report, progress, what="re-embedding missing chunks")
            report.repaired += len(missing)
        if stray:
            report.warnings.append(f"{len(stray)} entries in {_where(settings)} belong to no chunk of the corpus; "
                                   "removed them.")
            col.delete(ids=stray)

    @staticmethod
    def _get(client: Any) -> Any:
        try:
            return client.get_collection(COLLECTION)
        except Exception as exc:  # NotFoundError / ValueError depending on the chromadb version
            if "does not exist" in str(exc) or "not found" in str(exc).lower():
                return None
            raise

    @staticmethod
    def _current(col: Any, want: dict[str, str], have_posts: dict[str, str]) -> bool:
        meta = col.metadata or {}
        if any(meta.get(k) != v for k, v in want.items()):
            return False
        return json.loads(meta.get("posts", "{}")) == have_posts

    @staticmethod
    def _embed(embedder: OfflineEmbedder, col: Any, chunks: list[Chunk], report: BuildReport,
               progress: Progress | None, what: str = "embedding chunks", cache: VectorCache | None = None) -> None:
        """Embed and store chunks post by post; a post embedded before (same texts) reuses `cache`."""
        cache = cache or VectorCache(embedder)  # without a folder nothing is kept
        step, done = 32, 0
        for src in dict.fromkeys(c.source for c in chunks):
            group = [c for c in chunks if c.source == src]
            tick = (lambda n, d=done: progress(d + n, len(chunks), what)) if progress else None
            vecs = cache.batched([c.embed_text for c in group], "chunks", tick)
            for i in range(0, len(group), step):
                col.upsert(ids=[c.id for c in group[i : i + step]], embeddings=vecs[i : i + step].tolist(),
                           documents=[c.text for c in group[i : i + step]],
                           metadatas=[c.metadata() for c in group[i : i + step]])
            done += len(group)
            report.embedded_chunks += len(group)

    def dense(self, vector: list[float], n: int,
              admits: Callable[[Chunk], bool] | None = None) -> list[tuple[str, float]]:
        """Chunk ids and cosine similarities of the n nearest chunks (those `admits` passes), exactly: every
        vector the collection stores is compared, ties broken by id. (Chroma's own HNSW query left a
        reachable chunk out of its results in about one index build in three, and in one process start in
        eight on the same files, so the same question got another answer; at a few hundred chunks an exact
        comparison costs microseconds.)"""
        n = max(1, min(n, len(self.chunks)))
        for attempt in (1, 2):
            col = self.collection
            try:
                ids, vecs = self._vectors(col)
                break
            except IndexError_:
                raise
            except Exception as exc:
                if attempt == 1 and _is_missing(exc):
                    self._heal(col)  # the collection vanished or was replaced: reopen or rebuild it, once
                    continue
                raise IndexError_(_unreachable(self.settings, exc) + " Retry once it is back.") from None
        q = np.asarray(vector, dtype=np.float32)
        sims = vecs @ (q / (np.linalg.norm(q) or 1.0))
        keep = [i for i, cid in enumerate(ids) if admits is None or cid in self.by_id and admits(self.by_id[cid])]
        keep.sort(key=lambda i: (-float(sims[i]), ids[i]))
        return [(ids[i], float(sims[i])) for i in keep[:n]]

    def _vectors(self, col: Any) -> tuple[list[str], np.ndarray]:
        """The ids and unit vectors the collection stores, read once per collection and re-read when its
        count changes (a count is also what tells a vanished collection or an unreachable server)."""
        count = col.count()
        cached = self._stored
        if cached is None or cached[0] is not col or cached[1] != count:
            got = col.get(include=["embeddings"])
            vecs = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), -1)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            cached = (col, count, list(got["ids"]), vecs / np.where(norms == 0, 1.0, norms))
            self._stored = cached
        return cached[2], cached[3]

    def _heal(self, failed: Any) -> None:
        """Replace a collection that no longer exists: reopen the one now there, or rebuild it from the corpus."""
        with self._heal_lock:
            if self.collection is not failed:
                return  # another question healed it while this one waited
            t0 = time.perf_counter()
            where = _where(self.settings)
            embedder = self.embedder
            if embedder is None:
                from assistant.store.embeddings import get_embedder

                embedder = get_embedder()
            try:
                found = Index._get(_client(self.settings))
                ready = found is not None and Index._current(
                    found, _fingerprint(embedder), {p.source: p.sha256 for p in self.posts}
                ) and Index._whole(found, self.chunks)
            except IndexError_:
                raise
            except Exception as exc:
                raise IndexError_(_unreachable(self.settings, exc) + " Retry once it is back.") from None
            if ready:
                self.collection = found
                _tell(f"The index collection on {where} had been replaced by a new one (another process "
                      "built it); reopened it.")
                return
            state = "missing from" if found is None else "incomplete on"
            if self.settings.rebuild != "auto":
                raise IndexError_(
                    f"The index collection is {state} {where} (was it restarted with an empty data folder?); "
                    "run 'assistant index' with the same settings to rebuild it. This app does not rebuild it "
                    "itself (ASSISTANT_REBUILD=never)."
                )
            report = BuildReport()
            try:
                self.collection = Index._sync(self.settings, embedder, self.posts, self.chunks, report, None)
            except IndexError_:
                raise
            except Exception as exc:
                raise IndexError_(_unreachable(self.settings, exc) + " Retry once it is back.") from None
            if report.reopened:  # another process finished it while this one waited for the build lock
                _tell(f"The index collection on {where} had been replaced by a new one (another process "
                      "built it); reopened it.")
            else:
                _tell(f"The index collection was {state} {where} (was it restarted with an empty data folder?); "
                      f"rebuilt it from the corpus: {report.embedded_chunks} chunks in "
                      f"{time.perf_counter() - t0:.1f} s.")
