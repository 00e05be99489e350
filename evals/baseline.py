"""The BASELINE row: LangChain's tutorial RAG recipe, wrapped in the assistant's ask/retrieve interface.

RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True) over each
raw post, the project's offline embedder (as LangChain Embeddings), langchain_chroma.Chroma on an
in-memory client, top 4. The "answer" is the retrieved chunks concatenated, each chunk a citation
whose session is the nearest `##`/`###` heading at the chunk's first line of content ("Day N" headings
group sessions and are skipped). It never refuses and ignores history. Runs the same metrics as the
assistant so every report shows the distance. Does not use tiktoken, an LLM, or the project's index.
"""

from __future__ import annotations

import bisect
import re
import uuid
from pathlib import Path

from assistant import Answer, Citation, Passage

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4
_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$", re.M)
_DAY = re.compile(r"^day\s+\d+$", re.I)
_TITLE = re.compile(r"^title:\s*[\"']?(.+?)[\"']?\s*$", re.M)


class SessionLocator:
    """Maps a character offset of a post to (session heading, day) in effect there."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._names: list[tuple[str, str]] = []
        day = ""
        for m in _HEADING.finditer(text):
            title = m.group(2)
            if _DAY.match(title):
                day = title
                continue
            if len(m.group(1)) == 2:
                day = ""  # a `##` overview section (Summary, Action points, ...) belongs to no day
            self._starts.append(m.start())
            self._names.append((title, day))
        self._text = text

    def at(self, offset: int) -> tuple[str, str]:
        """(session, day) of the heading in effect at the first non-heading line from offset."""
        for line in re.finditer(r"[^\n]*\n?", self._text[offset:]):
            if line.group().strip() and not line.group().lstrip().startswith("#"):
                offset += line.start()
                break
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._names[i] if i >= 0 else ("", "")


class BaselineAssistant:
    """ask/retrieve over LangChain's tutorial recipe; a real implementation of the assistant's interface."""

    backend = "baseline"

    def __init__(
        self, *, root: Path, sources: list[str], embedder: object | None = None, k: int = TOP_K
    ) -> None:
        self.root = root
        self.sources = sources
        self.k = k
        self._embedder = embedder
        self._store: object | None = None
        self._meta: dict[str, tuple[str, SessionLocator]] = {}

    def _build(self) -> object:
        import chromadb
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from assistant import embedder

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )
        docs: list[Document] = []
        for source in self.sources:
            text = (self.root / source).read_text(encoding="utf-8")
            title = _TITLE.search(text)
            self._meta[source] = (title.group(1) if title else "", SessionLocator(text))
            docs += splitter.create_documents([text], metadatas=[{"source": source}])
        store = Chroma(
            collection_name=f"baseline-{uuid.uuid4().hex}",
            embedding_function=self._embedder or embedder(),
            client=chromadb.EphemeralClient(),
            collection_metadata={"hnsw:space": "cosine"},
        )
        store.add_documents(docs)
        return store

    def warm(self) -> None:
        """Split, embed and index now, so that the first question's latency is comparable."""
        if self._store is None:
            self._store = self._build()

    def retrieve(self, question: str, k: int = TOP_K) -> list[Passage]:
        """The top-k chunks by embedding similarity, as Passages with their resolved session."""
        self.warm()
        hits = self._store.similarity_search_with_score(question, k=k)  # type: ignore[attr-defined]
        out: list[Passage] = []
        for doc, distance in hits:
            source = doc.metadata["source"]
            start = int(doc.metadata["start_index"])
            post, locator = self._meta[source]
            session, day = locator.at(start)
            out.append(
                Passage(
                    session=session,
                    day=day,
                    text=doc.page_content,
                    score=1.0 - float(distance),
                    start=start,
                    end=start + len(doc.page_content),
                    source=source,
                    post=post,
                    chunk_id=f"{source}:{start}",
                )
            )
        return out

    def ask(self, question: str, history: list[dict[str, str]] | None = None) -> Answer:
        """The retrieved chunks, each followed by its marker; never refuses."""
        passages = self.retrieve(question, k=self.k)
        cits = [
            Citation(
                n=i,
                session=p.session,
                day=p.day,
                quote=p.text,
                start=p.start,
                end=p.end,
                source=p.source,
                post=p.post,
                passage=p.text,
            )
            for i, p in enumerate(passages, 1)
        ]
        text = "\n\n".join(f"{p.text} [{i}]" for i, p in enumerate(passages, 1))
        return Answer(text=text, citations=cits, refused=False, question=question, backend=self.backend)
