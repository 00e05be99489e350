"""Build or reopen the Chroma collection that holds every chunk of every post.

The collection's own metadata records the schema version, the embedder id, the chunker version
and each post's sha256, so the same check works on the embedded store and on a `chroma run`
server shared by several app replicas. Opening compares that record with the corpus on disk and
re-embeds only posts that were added or changed (removed posts are deleted); a changed schema,
embedder or chunker rebuilds everything. A build holds a file lock, so two processes never
interleave writes. A store that cannot be opened is moved aside and rebuilt from the corpus
(the corpus is the truth; nothing is lost). Does not rank or answer.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from assistant.chunks import CHUNKER_VERSION, Chunk, chunk_post
from assistant.config import Settings
from assistant.corpus import Post, load_corpus
from assistant.embeddings import OfflineEmbedder
from assistant.errors import IndexError_

SCHEMA_VERSION = 1
COLLECTION = "conference_assistant"
Progress = Callable[[int, int, str], None]  # (done, total, what)

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


@dataclass
class BuildReport:
    """What opening the index did: reopened, added/changed/removed posts, seconds, warnings."""

    reopened: bool = True
    embedded_chunks: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rebuilt_reason: str = ""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

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
    with open(lock_dir / ".build.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fingerprint(embedder: OfflineEmbedder) -> dict[str, str]:
    return {"schema": str(SCHEMA_VERSION), "embedder": embedder.model_id, "chunker": CHUNKER_VERSION}


class Index:
    """The posts, their chunks, and the Chroma collection holding the chunks' vectors."""

    def __init__(self, settings: Settings, posts: list[Post], chunks: list[Chunk], collection: Any) -> None:
        self.settings = settings
        self.posts = posts
        self.chunks = chunks
        self.by_id = {c.id: c for c in chunks}
        self.collection = collection

    @classmethod
    def open(
        cls, settings: Settings, embedder: OfflineEmbedder, *, progress: Progress | None = None
    ) -> tuple[Index, BuildReport]:
        """Open the index for the corpus, building or updating it only where the corpus changed."""
        t0 = time.perf_counter()
        report = BuildReport()
        posts, problems = load_corpus(settings.corpus_dir, root=settings.corpus_dir.parent)
        report.warnings += [f"skipped {p}" for p in problems]
        try:
            collection = cls._sync(settings, embedder, posts, report, progress)
        except Exception as exc:
            if settings.chroma_host:
                if isinstance(exc, IndexError_):
                    raise
                raise IndexError_(_unreachable(settings, exc)) from None
            collection = cls._retry_then_rebuild(settings, embedder, posts, report, progress, exc)
        chunks = [c for p in posts for c in chunk_post(p, settings.tiktoken_cache_dir)]
        report.seconds = time.perf_counter() - t0
        return cls(settings, posts, chunks, collection), report

    @classmethod
    def _retry_then_rebuild(
        cls, settings: Settings, embedder: OfflineEmbedder, posts: list[Post], report: BuildReport,
        progress: Progress | None, exc: BaseException,
    ) -> Any:
        """An unreadable store may only be busy (another process writing it): wait for the writer and
        try once more; only a store that still cannot be read is moved aside and rebuilt."""
        forget_client(settings)
        try:
            with build_lock(settings):
                pass
            return cls._sync(settings, embedder, posts, report, progress)
        except Exception as again:
            return cls._rebuild_corrupt(settings, embedder, posts, report, progress, again)

    @classmethod
    def _rebuild_corrupt(
        cls, settings: Settings, embedder: OfflineEmbedder, posts: list[Post], report: BuildReport,
        progress: Progress | None, exc: BaseException,
    ) -> Any:
        aside = settings.index_dir.with_name(settings.index_dir.name + f".corrupt-{int(time.time())}")
        report.warnings.append(
            f"The index at {settings.index_dir} could not be read ({type(exc).__name__}: {exc}); "
            f"moved it to {aside} and rebuilt it from the corpus."
        )
        forget_client(settings)
        if settings.index_dir.exists() and not settings.index_dir.is_dir():
            shutil.move(str(settings.index_dir), str(aside))  # a file where the folder belongs: no lock to take
        else:
            with build_lock(settings):
                if settings.index_dir.exists():
                    shutil.move(str(settings.index_dir), str(aside))
        return cls._sync(settings, embedder, posts, report, progress)

    @classmethod
    def _sync(
        cls, settings: Settings, embedder: OfflineEmbedder, posts: list[Post], report: BuildReport,
        progress: Progress | None,
    ) -> Any:
        client = _client(settings)
        want = _fingerprint(embedder)
        have_posts = {p.source: p.sha256 for p in posts}
        col = cls._get(client)
        if col is not None and cls._current(col, want, have_posts):
            return col
        with build_lock(settings):
            col = cls._get(client)  # another process may have built it while we waited
            if col is not None and cls._current(col, want, have_posts):
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
            cls._embed(settings, embedder, col, todo, report, progress)
            for p in todo:
                stored[p.source] = p.sha256
                # Record progress per post: an interrupted build resumes where it stopped.
                col.modify(metadata={**want, "posts": json.dumps(stored, sort_keys=True)})
            col.modify(metadata={**want, "posts": json.dumps(stored, sort_keys=True)})
            return col

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
    def _embed(
        settings: Settings, embedder: OfflineEmbedder, col: Any, posts: list[Post], report: BuildReport,
        progress: Progress | None,
    ) -> None:
        chunks = [c for p in posts for c in chunk_post(p, settings.tiktoken_cache_dir)]
        step = 32
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
                progress(min(i + step, len(chunks)), len(chunks), "embedding chunks")

    def dense(self, vector: list[float], n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Chunk ids and cosine similarities of the n nearest chunks (optionally filtered)."""
        n = max(1, min(n, len(self.chunks)))
        try:
            res = self.collection.query(
                query_embeddings=[vector], n_results=n, where=where or None, include=["distances"]
            )
        except Exception as exc:
            raise IndexError_(_unreachable(self.settings, exc) + " Retry once it is back.") from None
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]
