"""The LangChain face of the pipeline: a retriever and a runnable chain.

`OfflineEmbeddings` is the packaged embedding model as LangChain `Embeddings`.
`AssistantRetriever` is a `BaseRetriever` returning `Document`s (metadata: session, day, part,
start, end, source, score). `build_chain(engine)` is an LCEL runnable
`{"question", "history", filters...} -> Answer` made of three named steps (plan, retrieve,
answer), so `invoke`, `batch` and `stream` work and it composes with other LangChain code.
Does not own retrieval or answering logic; it wires engine methods together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough
from pydantic import ConfigDict

if TYPE_CHECKING:
    import numpy as np

    from assistant.api import Assistant
    from assistant.store.embeddings import OfflineEmbedder


class OfflineEmbeddings(Embeddings):
    """LangChain Embeddings over the packaged MiniLM model (the process-wide one unless given)."""

    def __init__(self, model: OfflineEmbedder | None = None) -> None:
        from assistant.store.embeddings import get_embedder

        self.model = model or get_embedder()
        self.model_id, self.dim = self.model.model_id, self.model.dim

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain: embed documents."""
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """LangChain: embed one query."""
        return self.model.embed_query(text)

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Unit vectors as a numpy array (n, dim)."""
        return self.model.embed_array(texts)

    def embed_query_array(self, text: str) -> np.ndarray:
        """One unit vector (cached)."""
        return self.model.embed_query_array(text)


class AssistantRetriever(BaseRetriever):
    """LangChain retriever over the assistant's hybrid, structure-aware search."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    assistant: Any
    k: int = 4

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                k: int | None = None) -> list[Document]:
        """The `k` (per call, else the retriever's own) best passages as Documents."""
        return [
            Document(page_content=p.text, metadata={key: v for key, v in p.to_dict().items() if key != "text"})
            for p in self.assistant.retrieve(query, k=k if k is not None else self.k)
        ]


def build_chain(assistant: Assistant) -> Runnable:
    """plan -> retrieve -> answer, as one LCEL runnable returning an Answer."""

    def plan(inputs: dict[str, Any]) -> dict[str, Any]:
        return {**inputs, "plan": assistant._plan(inputs["question"], inputs.get("history"))}

    def retrieve(inputs: dict[str, Any]) -> list[Any]:
        return assistant._passages(inputs["plan"], inputs.get("filters"))

    def answer(inputs: dict[str, Any]) -> Any:
        plan, passages = inputs["plan"], inputs["passages"]
        return assistant._answer(plan, passages, inputs.get("history"), inputs.get("filters"))

    return (
        RunnableLambda(plan, name="plan")
        | RunnablePassthrough.assign(passages=RunnableLambda(retrieve, name="retrieve"))
        | RunnableLambda(answer, name="answer")
    ).with_config(run_name="conference_assistant")
