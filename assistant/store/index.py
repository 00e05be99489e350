"""Build, reopen and keep whole the Chroma collection that holds every chunk of every post.

The collection's own metadata is its manifest: schema version, embedder id, chunker version, each
post's sha256, and the number and a checksum of the chunk ids written, so the same check works on
the embedded store and on a `chroma run` server shared by several app replicas. Opening compares
the manifest with the corpus on disk and re-embeds only posts that were added or changed (removed
posts are deleted); a changed schema, embedder or chunker rebuilds everything; chunks missing from
the store (lost vectors) are re-embedded and strays removed. A build holds a file lock, so two
processes never interleave writes. A store that cannot be opened is moved aside (the newest few
copies are kept) and rebuilt from the corpus (the corpus is the truth; nothing is lost). A running
app whose collection disappears (a server restarted with an empty data folder) or is replaced
reopens it, or rebuilds it when ASSISTANT_REBUILD allows, and says so (logged, and as a note on the
answer). Calls to a Chroma server give up after ASSISTANT_STORE_DEADLINE. Does not rank or answer.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import IndexError_
from assistant.ingest.chunks import CHUNKER_VERSION, Chunk, chunk_post
from assistant.ingest.corpus import Post, load_corpus
from assistant.store.embeddings import OfflineEmbedder, register_with_chroma

SCHEMA_VERSION = 1
COLLECTION = "conference_assistant"
KEEP_CORRUPT = 3  # damaged stores moved aside that are kept for inspection; older ones are deleted
Progress = Callable[[int, int, str], None]  # (done, total, what)

log = logging.getLogger(__name__)
_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()
_notes: ContextVar[list[str] | None] = ContextVar("index_notes", default=None)


class _LockUnusable(IndexError_):
    """The build lock file cannot be opened: not a damaged store, so nothing is moved aside."""


@contextmanager
def collecting_notes() -> Iterator[list[str]]:
    """Collect what the index did on its own (reopened, rebuilt) while the block runs, to tell the user."""
    notes: list[str] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


def _tell(message: str) -> None:
    log.warning("%s", message)
    notes = _notes.get()
    if notes is not None:
        notes.append(message)


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


def _client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    register_with_chroma()
    cs = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    key = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.index_dir)
    with _clients_lock:
        if key in _clients:
            return _clients[key]
        try:
            if settings.chroma_host:
                client = _http_client(settings, cs)
            else:
                settings.index_dir.mkdir(parents=True, exist_ok=True)
                # Another process may be creating this store right now: open it only between builds.
                with build_lock(settings):
                    client = chromadb.PersistentClient(path=str(settings.index_dir / "chroma"), settings=cs)
        except _LockUnusable:
            raise
        except Exception as exc:  # chromadb raises many types; all mean "store not reachable"
            raise IndexError_(_unreachable(settings, exc)) from None
        _clients[key] = client
        return client


def _http_client(settings: Settings, cs: Any) -> Any:
    """A client of the `chroma run` server whose every request gives up after ASSISTANT_STORE_DEADLINE.

    chromadb's HTTP client waits forever (httpx timeout=None) and already talks to the server while
    it is being built, so a stopped or frozen server is first probed with a bounded heartbeat.
    """
    import chromadb
    import httpx

    timeout = httpx.Timeout(settings.store_deadline)
    httpx.get(f"http://{settings.chroma_host}:{settings.chroma_port}/api/v2/heartbeat", timeout=timeout
              ).raise_for_status()
    client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=cs)
    session = getattr(getattr(client, "_server", None), "_session", None)  # chromadb's httpx.Client
    if not isinstance(session, httpx.Client):
        raise RuntimeError("this chromadb version's HTTP client cannot be given a timeout; pin chromadb 1.5")
    session.timeout = timeout
    client.heartbeat()
    return client


def _is_timeout(exc: BaseException) -> bool:
    return "Timeout" in type(exc).__name__ or isinstance(exc, TimeoutError)


def _unreachable(settings: Settings, exc: BaseException) -> str:
    if settings.chroma_host and _is_timeout(exc):
        where = f"{settings.chroma_host}:{settings.chroma_port}"
        return (
            f"The Chroma server at {where} did not answer within {settings.store_deadline:g} s "
            f"(ASSISTANT_STORE_DEADLINE); it may be stopped, frozen or overloaded: check that 'chroma run' answers "
            f"http://{where}/api/v2/heartbeat and restart it, or unset CHROMA_HOST to use the embedded index."
        )
    if settings.chroma_host:
        return (
            f"The Chroma server at {settings.chroma_host}:{settings.chroma_port} did not answer "
            f"({type(exc).__name__}: {exc}); start it with 'chroma run --host {settings.chroma_host} "
            f"--port {settings.chroma_port} --path DIR', or unset CHROMA_HOST to use the embedded index."
        )
    return f"The index at {settings.index_dir} could not be opened ({type(exc).__name__}: {exc})."


def forget_client(settings: Settings) -> None:
    """Drop the cached client (after the store moved or the server restarted)."""
    key = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.index_dir)
    with _clients_lock:
        _clients.pop(key, None)
    if not settings.chroma_host:
        # chromadb keeps one System per persist directory for the whole process; drop ours so a
        # store rebuilt at the same path is opened afresh.
        from chromadb.api.shared_system_client import SharedSystemClient

        system = SharedSystemClient._identifier_to_system.pop(str(settings.index_dir / "chroma"), None)
        SharedSystemClient._identifier_to_refcount.pop(str(settings.index_dir / "chroma"), None)
        if system is not None:
            try:
                system.stop()
            except Exception:  # a broken store may fail to stop; it is being discarded anyway
                pass


@contextmanager
def build_lock(settings: Settings) -> Iterator[None]:
    """An exclusive lock for writers of this index (processes on this machine)."""
    lock_dir = settings.index_dir if not settings.chroma_host else settings.cache_dir
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / ".build.lock"
    try:
        fh = open(path, "w")  # noqa: SIM115 - closed below, after the lock is released
    except OSError as exc:
        rm = "rm -r" if path.is_dir() else "rm"
        raise _LockUnusable(
            f"The index's lock file {path} cannot be opened ({exc.strerror or type(exc).__name__}); it must be a "
            f"writable file. Remove what is there ('{rm} {path}') and run the command again."
        ) from None
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _checksum(ids: Any) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


def _where(settings: Settings) -> str:
    if settings.chroma_host:
        return f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}"
    return f"the index at {settings.index_dir}"


def _is_missing(exc: BaseException) -> bool:
    """chromadb's "Collection [id] does not exist" (NotFoundError or ValueError by version)."""
    return "does not exist" in str(exc) or type(exc).__name__ == "NotFoundError"


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
            collection = cls._retry_then_rebuild(settings, embedder, posts, chunks, report, progress, exc)
        report.seconds = time.perf_counter() - t0
        return cls(settings, posts, chunks, collection, embedder=embedder), report

    @classmethod
    def _retry_then_rebuild(
        cls, settings: Settings, embedder: OfflineEmbedder, posts: list[Post], chunks: list[Chunk],
        report: BuildReport, progress: Progress | None, exc: BaseException,
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
                    COLLECTION, embedding_function=embedder.chroma_function(),
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
            cls._embed(embedder, col, [c for c in chunks if c.source in {p.source for p in todo}], report, progress)
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
               progress: Progress | None, what: str = "embedding chunks") -> None:
        step = 32
        chunks = sorted(chunks, key=lambda c: len(c.embed_text))  # similar lengths together: little padding
        for i in range(0, len(chunks), step):
            batch = chunks[i : i + step]
            vecs = embedder.embed_array([c.embed_text for c in batch])
            col.upsert(
                ids=[c.id for c in batch],
                embeddings=vecs.tolist(),
                documents=[c.text for c in batch],
                metadatas=[c.metadata() for c in batch],
            )
            report.embedded_chunks += len(batch)
            if progress:
                progress(min(i + step, len(chunks)), len(chunks), what)

    def dense(self, vector: list[float], n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Chunk ids and cosine similarities of the n nearest chunks (optionally filtered)."""
        n = max(1, min(n, len(self.chunks)))
        for attempt in (1, 2):
            col = self.collection
            try:
                res = col.query(query_embeddings=[vector], n_results=n, where=where or None, include=["distances"])
                break
            except IndexError_:
                raise
            except Exception as exc:
                if attempt == 1 and _is_missing(exc):
                    self._heal(col)  # the collection vanished or was replaced: reopen or rebuild it, once
                    continue
                raise IndexError_(_unreachable(self.settings, exc) + " Retry once it is back.") from None
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]

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
