"""LangChain adapter so other chains can use the hybrid retriever as a ``BaseRetriever``.

    >>> lc = ISLRetriever(retriever=hybrid, k=4)                 # doctest: +SKIP
    >>> lc.invoke("budgets at level 1")[0].metadata["id"]         # doctest: +SKIP
    'A.4.L1'
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval.hybrid import Filters, Hit


def hit_to_document(hit: Hit) -> Document:
    c = hit.chunk
    return Document(
        page_content=c.text,
        id=c.id,
        metadata={
            "id": c.id,
            "kind": c.kind,
            "title": c.title,
            "domain": c.domain,
            "category": c.category,
            "level": c.level,
            "score": hit.score,
            "dense": hit.dense,
            "provenance": c.provenance,
        },
    )


class ISLRetriever(BaseRetriever):
    """Wraps any object with ``search(query, k, filters) -> list[Hit]``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = 5
    filters: Filters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [hit_to_document(h) for h in self.retriever.search(query, k=self.k, filters=self.filters)]
