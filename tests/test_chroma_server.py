"""The API and index tests again, on a real `chroma run` server (CHROMA_HOST/CHROMA_PORT) on loopback.

Also: a second replica on the same server reopens the shared index without embedding, a server
that goes away mid-session gives an AssistantError naming CHROMA_HOST and the fix, and the same
Assistant answers again once the server is back; a frozen server (kill -STOP) costs a question at
most ASSISTANT_STORE_DEADLINE; a server restarted with an empty data folder is noticed by a running
app, which rebuilds the collection (or reopens the one another replica rebuilt) and says so.
"""

from __future__ import annotations

import inspect
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Assistant, AssistantError
from assistant.config import Settings
from tests import test_api, test_index

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).with_name("chroma")  # installed beside python by chromadb


def free_port() -> int:
    """A TCP port nobody listens on right now (127.0.0.1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    """`chroma run --path DIR --host 127.0.0.1 --port PORT`, startable and stoppable on the same port."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        exe = str(CHROMA) if CHROMA.exists() else shutil.which("chroma")
        if not exe:
            pytest.fail("the 'chroma' CLI is not installed; run 'make setup'")
        self.proc = subprocess.Popen(
            [exe, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"chroma run exited with status {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"chroma run did not answer /api/v2/heartbeat within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None

    def settings(self, base: Settings, cache_dir: Path | None = None) -> Settings:
        """base pointed at this server (what CHROMA_HOST/CHROMA_PORT do). The model and chunk-vector
        cache stays base's, shared as replicas share it in production: these tests are about the
        server, and a first build on an empty cache is tested and timed elsewhere (test_cold_start,
        `make bench`)."""
        return base.with_(chroma_host="127.0.0.1", chroma_port=self.port, cache_dir=cache_dir or base.cache_dir)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    srv = ChromaServer(tmp_path_factory.mktemp("chroma-data"))
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def server_settings(server: ChromaServer, settings: Settings) -> Settings:
    return server.settings(settings)


@pytest.fixture(scope="module")
def server_bot(server_settings: Settings) -> Assistant:
    b = Assistant(settings=server_settings)
    rep = b.index()
    assert not rep.reopened and rep.embedded_chunks > 50
    return b


def test_settings_from_env_select_the_server() -> None:
    s = Settings.from_env({"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "8123"})
    assert (s.chroma_host, s.chroma_port) == ("127.0.0.1", 8123)
    with pytest.raises(AssistantError, match="CHROMA_PORT"):
        Settings.from_env({"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "eighty"})


# Every API test that needs only an Assistant runs again, unchanged, on the server-backed one.
_API_TESTS = [
    f for name, f in sorted(vars(test_api).items())
    if name.startswith("test_") and callable(f) and list(inspect.signature(f).parameters) == ["bot"]
]


@pytest.mark.parametrize("api_test", _API_TESTS, ids=lambda f: f.__name__)
def test_api_on_chroma_server(api_test, server_bot: Assistant) -> None:
    api_test(server_bot)


def test_store_is_the_server_not_the_embedded_index(server_bot: Assistant, server_settings: Settings) -> None:
    from assistant.store.chroma import client as _client

    assert _client(server_settings).get_settings().chroma_api_impl.endswith("FastAPI")
    index = server_bot._ready().index
    assert index.collection.count() == len(index.chunks)


def test_second_replica_reopens_the_shared_index_without_embedding(server_bot: Assistant,
                                                                     server_settings: Settings) -> None:
    from assistant.store.chroma import forget_client

    forget_client(server_settings)  # as if it were another process: a fresh HttpClient
    replica = Assistant(settings=server_settings)
    rep = replica.index()
    assert rep.reopened and rep.embedded_chunks == 0
    assert replica.ask("What is Zendis?").text == server_bot.ask("What is Zendis?").text


def test_cli_index_builds_there(server_settings: Settings, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import main

    monkeypatch.setenv("CHROMA_HOST", server_settings.chroma_host)
    monkeypatch.setenv("CHROMA_PORT", str(server_settings.chroma_port))
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(server_settings.cache_dir))
    assert main(["index"]) == 0
    assert "reopened (nothing changed)" in capsys.readouterr().out


def test_index_updates_per_post_on_a_server(tmp_path: Path, tmp_corpus: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """test_index's incremental re-indexing test, with its Settings pointed at a server of its own."""
    srv = ChromaServer(tmp_path / "chroma-data")
    srv.start()
    try:
        real = Settings

        class OnServer:
            @staticmethod
            def from_env(env: dict[str, str] | None = None) -> Settings:
                return srv.settings(real.from_env(env))

        monkeypatch.setattr(test_index, "Settings", OnServer)
        test_index.test_reopen_does_not_reembed_and_changes_reindex_only_that_post(tmp_path, tmp_corpus)
    finally:
        srv.stop()


def test_unreachable_server_names_chroma_host_and_the_fix(settings: Settings, tmp_path: Path) -> None:
    s = settings.with_(chroma_host="127.0.0.1", chroma_port=free_port(), cache_dir=tmp_path)
    with pytest.raises(AssistantError) as exc:
        Assistant(settings=s).ask("What is Zendis?")
    msg = str(exc.value)
    assert f"127.0.0.1:{s.chroma_port}" in msg and "chroma run" in msg and "CHROMA_HOST" in msg


def test_server_going_away_gives_a_clear_error_and_recovers(server: ChromaServer,
                                                            server_bot: Assistant) -> None:
    before = server_bot.ask("Who sat on the youth panel?")
    server.stop()
    try:
        for q in ("What is Zendis?", "youth programs"):
            with pytest.raises(AssistantError) as exc:
                server_bot.ask(q)
            msg = str(exc.value)
            assert "CHROMA_HOST" in msg and "chroma run" in msg and str(server.port) in msg
        with pytest.raises(AssistantError, match="CHROMA_HOST"):
            server_bot.retrieve("youth programs")
    finally:
        server.start()
    after = server_bot.ask("Who sat on the youth panel?")
    assert after.text == before.text and after.citations == before.citations
    assert server_bot._ready().index.collection.count() == len(server_bot._ready().index.chunks)


def test_a_frozen_server_gives_a_clear_error_within_the_store_deadline(server: ChromaServer,
                                                                       server_bot: Assistant,
                                                                       server_settings: Settings) -> None:
    """kill -STOP: the port still accepts connections but nothing answers. No question may hang on it."""
    import os
    import threading

    from assistant.store.chroma import forget_client

    limit = server_settings.store_deadline
    server_bot.ask("What is Zendis?")
    outcomes: list[tuple[float, BaseException | None]] = []

    def ask(bot: Assistant, q: str) -> None:
        t = time.perf_counter()
        try:
            bot.ask(q)
            outcomes.append((time.perf_counter() - t, None))
        except BaseException as exc:  # noqa: BLE001 - recorded and checked below
            outcomes.append((time.perf_counter() - t, exc))

    assert server.proc is not None
    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        # Four web-queue slots' worth of questions at once, then a replica opening the index afresh.
        threads = [threading.Thread(target=ask, args=(server_bot, q), daemon=True)
                   for q in ("What is Zendis?", "Who sat on the youth panel?", "youth programs", "trust")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=limit + 20)
        forget_client(server_settings)
        fresh = threading.Thread(target=ask, args=(Assistant(settings=server_settings), "What is Zendis?"),
                                 daemon=True)
        fresh.start()
        fresh.join(timeout=limit + 20)
        assert len(outcomes) == 5, f"{5 - len(outcomes)} questions still hang on the frozen server"
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    for seconds, exc in outcomes:
        assert isinstance(exc, AssistantError), exc
        msg = str(exc)
        assert "did not answer within" in msg and "ASSISTANT_STORE_DEADLINE" in msg and str(server.port) in msg
        assert seconds < limit + 5, seconds
    assert server_bot.ask("What is Zendis?").citations  # and it answers again once the server runs


def _restart_empty(srv: ChromaServer) -> None:
    """Stop the server, give it a new, empty data folder, start it again on the same port."""
    srv.stop()
    shutil.rmtree(srv.path)
    srv.path.mkdir()
    srv.start()


def test_a_server_restarted_empty_is_noticed_and_rebuilt_by_a_running_app(tmp_path: Path,
                                                                          settings: Settings) -> None:
    from assistant.store.chroma import forget_client

    srv = ChromaServer(tmp_path / "chroma-data")
    srv.start()
    try:
        s = srv.settings(settings)
        bot = Assistant(settings=s)
        bot.index()
        q = "Who sat on the youth panel?"
        before = bot.ask(q)
        _restart_empty(srv)
        healed = bot.ask(q)  # the running app finds its collection gone and rebuilds it from the corpus
        assert healed.text == before.text and healed.citations == before.citations
        assert "missing from the Chroma server" in healed.notice and "rebuilt it from the corpus" in healed.notice
        index = bot._ready().index
        assert index.collection.count() == len(index.chunks)
        assert not bot.ask(q).notice  # said once, when it happened

        # Another replica rebuilds it first: this app reopens the new collection instead of embedding again.
        _restart_empty(srv)
        forget_client(s)
        other = Assistant(settings=s)
        assert not other.index().reopened
        again = bot.ask(q)
        assert again.text == before.text and "reopened it" in again.notice and "rebuilt" not in again.notice
    finally:
        srv.stop()


def test_with_rebuild_never_a_running_app_says_what_to_run_and_reopens_later(tmp_path: Path,
                                                                            settings: Settings) -> None:
    from assistant.store.chroma import forget_client

    srv = ChromaServer(tmp_path / "chroma-data")
    srv.start()
    try:
        s = srv.settings(Settings.from_env({"ASSISTANT_REBUILD": "never"})).with_(
            index_dir=settings.index_dir)
        bot = Assistant(settings=s)
        bot.index()
        q = "Who sat on the youth panel?"
        before = bot.ask(q)
        _restart_empty(srv)
        for _ in range(2):
            with pytest.raises(AssistantError) as exc:
                bot.ask(q)
            msg = str(exc.value)
            assert "missing from the Chroma server" in msg and "assistant index" in msg
            assert "ASSISTANT_REBUILD=never" in msg
        forget_client(s)
        assert not Assistant(settings=s.with_(rebuild="auto")).index().reopened  # what `assistant index` does
        after = bot.ask(q)
        assert after.text == before.text and "reopened it" in after.notice
    finally:
        srv.stop()
