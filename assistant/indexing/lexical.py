"""A small BM25 (Okapi) index over chunk texts, in numpy; the corpus is hundreds of chunks."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "tell", "please", "give", "show", "explain", "describe"]
)


def stem(token: str) -> str:
    """A light suffix stripper: enough to fold plurals and common verb forms together."""
    if len(token) <= 3 or any(ch.isdigit() for ch in token):
        return token
    if token.endswith(("ches", "shes", "xes", "sses", "zes")) and len(token) > 5:
        return token[:-2]
    for suf, rep in (("ies", "y"), ("ss", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if token.endswith(suf) and len(token) - len(suf) >= 3:
            return token[: -len(suf)] + rep
    return token


def tokenize(text: str) -> list[str]:
    return [stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


class BM25Index:
    """Okapi BM25 with k1=1.5, b=0.75 over a fixed list of documents."""

    def __init__(self, docs: Sequence[str], *, k1: float = 1.5, b: float = 0.75) -> None:
        if k1 <= 0 or not 0 <= b <= 1:
            raise ValueError("BM25 needs k1 > 0 and 0 <= b <= 1")
        self.k1, self.b = k1, b
        toks = [tokenize(d) for d in docs]
        self.vocab: dict[str, int] = {}
        for t in toks:
            for w in t:
                self.vocab.setdefault(w, len(self.vocab))
        n = len(docs)
        self.doc_len = np.array([len(t) for t in toks], dtype=np.float32)
        self.avgdl = float(self.doc_len.mean()) if n else 0.0
        self.tf = np.zeros((len(self.vocab), n), dtype=np.float32)
        for j, t in enumerate(toks):
            for w, c in Counter(t).items():
                self.tf[self.vocab[w], j] = c
        df = (self.tf > 0).sum(axis=1)
        self.idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = self.k1 * (1 - self.b + self.b * self.doc_len / max(self.avgdl, 1e-9))
        # precomputed per-term per-doc weights: idf * tf*(k1+1)/(tf+norm)
        self._w = (self.idf[:, None] * self.tf * (self.k1 + 1) / (self.tf + norm[None, :])).astype(np.float32)

    def __len__(self) -> int:
        return int(self.doc_len.shape[0])

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for the query (zeros where no term matches)."""
        rows = [self.vocab[w] for w in set(tokenize(query)) if w in self.vocab]
        if not rows:
            return np.zeros(len(self), dtype=np.float32)
        return np.asarray(self._w[rows].sum(axis=0), dtype=np.float32)

    def coverage(self, query: str) -> float:
        """Share of the query's content words that occur anywhere in the corpus."""
        words = set(tokenize(query))
        if not words:
            return 0.0
        return sum(1 for w in words if w in self.vocab) / len(words)

    def max_idf(self) -> float:
        return float(self.idf.max()) if len(self.idf) else math.inf
