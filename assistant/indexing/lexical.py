"""BM25 (Okapi) over chunk texts: our tokenizer, scored by the ``bm25s`` library.

The tokenizer stays ours (the composer and the hash embedder double share it, and the retrieval's
ids such as ``a.4.l2`` depend on it); ``bm25s`` gets the pre-tokenized documents and queries.
``method="atire"`` with ``idf_method="lucene"`` is the textbook formula this module used to compute
by hand, idf = ln(1 + (N - df + 0.5) / (df + 0.5)) times tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)),
so scores keep their scale (the audit log records them).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence

import bm25s
import numpy as np

# bm25s sets its own logger to DEBUG on import, which prints "Building index from tokens" on every build
# even under --quiet; put it back to the level a library logger should have
logging.getLogger("bm25s").setLevel(logging.WARNING)

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
    """Okapi BM25 (k1=1.5, b=0.75 by default) over a fixed list of documents.

    >>> idx = BM25Index(["Budgets and income.", "Visitors and communities."])
    >>> int(idx.scores("who are the visitors").argmax())
    1
    """

    def __init__(self, docs: Sequence[str], *, k1: float = 1.5, b: float = 0.75) -> None:
        if k1 <= 0 or not 0 <= b <= 1:
            raise ValueError("BM25 needs k1 > 0 and 0 <= b <= 1")
        self.k1, self.b = k1, b
        toks = [tokenize(d) for d in docs]
        self._n = len(toks)
        self._bm25: bm25s.BM25 | None = None
        self.vocab: dict[str, int] = {}
        # bm25s averages document lengths, which warns on an empty corpus or one without a single word
        if any(toks):
            self._bm25 = bm25s.BM25(k1=k1, b=b, method="atire", idf_method="lucene")
            self._bm25.index(toks, create_empty_token=False, show_progress=False)
            self.vocab = dict(self._bm25.vocab_dict)
        # the library keeps no idf array; coverage and max_idf need one, in the library's vocabulary order
        df = Counter(w for t in toks for w in set(t))
        self.idf = np.zeros(len(self.vocab), dtype=np.float32)
        for w, i in self.vocab.items():
            self.idf[i] = math.log(1 + (self._n - df[w] + 0.5) / (df[w] + 0.5))

    def __len__(self) -> int:
        return self._n

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for the query (zeros where no term matches)."""
        # each distinct query word counts once, as before; bm25s would add a repeated word twice
        ids = [self.vocab[w] for w in dict.fromkeys(tokenize(query)) if w in self.vocab]
        if self._bm25 is None or not ids:
            return np.zeros(self._n, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(ids), dtype=np.float32)

    def coverage(self, query: str) -> float:
        """Share of the query's content words that occur anywhere in the corpus."""
        words = set(tokenize(query))
        if not words:
            return 0.0
        return sum(1 for w in words if w in self.vocab) / len(words)

    def max_idf(self) -> float:
        return float(self.idf.max()) if len(self.idf) else math.inf
