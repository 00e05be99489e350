"""The Chroma client an index lives in: embedded (a folder) or a `chroma run` server, opened once per place.

`client(settings)` opens (and caches) the client, bounding every call to a server by
ASSISTANT_STORE_DEADLINE; `forget_client` drops it after the store moved or the server restarted.
`build_lock` keeps two processes from writing one index at once. `collecting_notes` / `tell` carry
what the index did on its own (reopened, rebuilt) to the answer that caused it. Errors say where the
store is and how to bring it back. Does not decide what is in the collection (index.py does).
"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from assistant.config import Settings
from assistant.errors import IndexError_

log = logging.getLogger(__name__)
EMBEDDING_FUNCTION = "conference-assistant-minilm-int8"
_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()
_notes: ContextVar[list[str] | None] = ContextVar("index_notes", default=None)


class LockUnusable(IndexError_):
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


def tell(message: str) -> None:
    log.warning("%s", message)
    notes = _notes.get()
    if notes is not None:
        notes.append(message)


def client(settings: Settings) -> Any:
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
        except LockUnusable:
            raise
        except Exception as exc:  # chromadb raises many types; all mean "store not reachable"
            raise IndexError_(unreachable(settings, exc)) from None
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


def is_timeout(exc: BaseException) -> bool:
    return "Timeout" in type(exc).__name__ or isinstance(exc, TimeoutError)


def unreachable(settings: Settings, exc: BaseException) -> str:
    if settings.chroma_host and is_timeout(exc):
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
        raise LockUnusable(
            f"The index's lock file {path} cannot be opened ({exc.strerror or type(exc).__name__}); it must be a "
            f"writable file. Remove what is there ('{rm} {path}') and run the command again."
        ) from None
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def where(settings: Settings) -> str:
    if settings.chroma_host:
        return f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}"
    return f"the index at {settings.index_dir}"


def is_missing(exc: BaseException) -> bool:
    """chromadb's "Collection [id] does not exist" (NotFoundError or ValueError by version)."""
    return "does not exist" in str(exc) or type(exc).__name__ == "NotFoundError"


@lru_cache(maxsize=1)
def _adapter() -> type:
    """Chroma's EmbeddingFunction over the offline embedder (a class made on first use: defining it
    imports chromadb, which a cold start does while the model loads)."""
    from chromadb.api.types import Documents, EmbeddingFunction

    from assistant.store.embeddings import MODEL_ID, OfflineEmbedder, get_embedder

    class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
        """Chroma adapter over an OfflineEmbedder (so a collection can embed `query_texts` itself)."""

        def __init__(self, embedder: OfflineEmbedder | None = None) -> None:
            self._embedder = embedder or get_embedder()

        def __call__(self, input: Documents) -> Any:
            return list(self._embedder.embed_array(list(input)))

        @staticmethod
        def name() -> str:
            return EMBEDDING_FUNCTION

        def get_config(self) -> dict[str, Any]:
            return {"model_id": MODEL_ID}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> Any:
            return ChromaEmbeddingFunction()

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

    return ChromaEmbeddingFunction


def embedding_function(embedder: Any) -> Any:
    """The offline embedder as a Chroma EmbeddingFunction."""
    return _adapter()(embedder)


def register_with_chroma() -> None:
    """Let chromadb rebuild our embedding function from a collection's stored config.

    Unregistered, every `get_collection` warns "Could not reconstruct embedding function" with a
    site-packages path: noise a user cannot act on.
    """
    from chromadb.utils.embedding_functions import register_embedding_function

    register_embedding_function(_adapter())
