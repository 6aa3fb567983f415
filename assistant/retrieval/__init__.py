"""Hybrid retrieval (dense + BM25, fused), filters, and a LangChain retriever adapter."""

from assistant.retrieval.hybrid import Filters, Hit, HybridRetriever, Retriever

__all__ = ["Filters", "Hit", "HybridRetriever", "Retriever"]
