"""Chunking, embedding, the FAISS + lexical index, and its manifest."""
