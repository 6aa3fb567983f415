"""BM25 (scored by bm25s over our tokens) and the tokenizer it shares with the hash embedder double."""

from __future__ import annotations

import logging
import math

import numpy as np
import pytest

from assistant.indexing.lexical import BM25Index, stem, tokenize


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("What is Level 2 in Budgets?", ["level", "2", "budget"]),
        ("Tell me about the budgets", ["budget"]),
        ("policies and classes", ["policy", "class"]),
        ("Managing managed manages", ["manag", "manag", "manage"]),
        ("A.4.L2 and b.1", ["a.4.l2", "b.1"]),
        ("  ", []),
        ("the a an of", []),
        ("Zoos, aquariums & planetariums!", ["zoo", "aquarium", "planetarium"]),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [("bus", "bus"), ("gas", "gas"), ("l2s", "l2s"), ("museums", "museum"), ("studies", "study"),
     ("classes", "class"), ("passes", "pass"), ("learning", "learn"), ("sing", "sing"), ("finances", "finance"),
     ("business", "business"), ("wishes", "wish")],
)
def test_stem(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


@pytest.mark.parametrize(("plural", "singular"), [("finances", "finance"), ("resources", "resource"),
                                                  ("structures", "structure"), ("churches", "church"),
                                                  ("classes", "class"), ("studies", "study")])
def test_plural_and_singular_fold_together(plural: str, singular: str) -> None:
    assert stem(plural) == stem(singular)


DOCS = [
    "Finances: budgets, income and spending of the institution.",
    "Audiences: visitors and communities the institution serves.",
    "Structure: how units of the institution are organized.",
    "Budgets budgets budgets everywhere, a very long document about many other things as well "
    "including staffing, exhibits, programs, evaluation, outreach and volunteers.",
]


@pytest.fixture(scope="module")
def bm25() -> BM25Index:
    return BM25Index(DOCS)


def test_ranks_the_matching_document_first(bm25: BM25Index) -> None:
    scores = bm25.scores("who are the visitors")
    assert int(np.argmax(scores)) == 1
    assert scores.shape == (len(DOCS),) and scores.dtype == np.float32
    assert scores[0] == scores[2] == scores[3] == 0


def test_no_match_scores_zero(bm25: BM25Index) -> None:
    assert not bm25.scores("planetarium telescopes").any()
    assert not bm25.scores("").any()


def test_shared_term_counts_less_than_a_rare_one(bm25: BM25Index) -> None:
    # "institution" is in three documents, "organized" in one
    assert bm25.idf[bm25.vocab["organiz"]] > bm25.idf[bm25.vocab["institution"]]


def test_length_normalisation_and_saturation(bm25: BM25Index) -> None:
    scores = bm25.scores("budget")
    # three mentions in a long document beat one mention in a short one, but by less than 3x (k1 saturation)
    assert scores[3] > scores[0] > 0
    assert scores[3] < 3 * scores[0]


def test_no_length_normalisation_when_b_is_zero() -> None:
    idx = BM25Index(["budget", "budget plus many other words in a long text"], b=0.0)
    s = idx.scores("budget")
    assert math.isclose(float(s[0]), float(s[1]), rel_tol=1e-6)


@pytest.mark.parametrize(("query", "coverage"), [("budgets visitors", 1.0), ("budgets telescopes", 0.5),
                                                  ("telescopes", 0.0), ("the", 0.0)])
def test_coverage(bm25: BM25Index, query: str, coverage: float) -> None:
    assert bm25.coverage(query) == coverage


@pytest.mark.parametrize(("k1", "b"), [(0, 0.75), (-1, 0.75), (1.5, -0.1), (1.5, 1.1)])
def test_rejects_bad_parameters(k1: float, b: float) -> None:
    with pytest.raises(ValueError, match="k1 > 0 and 0 <= b <= 1"):
        BM25Index(DOCS, k1=k1, b=b)


def test_empty_index() -> None:
    idx = BM25Index([])
    assert len(idx) == 0
    assert idx.scores("budgets").shape == (0,)
    assert idx.max_idf() == math.inf


def test_len_and_max_idf(bm25: BM25Index) -> None:
    assert len(bm25) == len(DOCS)
    assert bm25.max_idf() == pytest.approx(float(np.log(1 + (4 - 1 + 0.5) / 1.5)))


def test_scores_are_the_okapi_formula_by_hand() -> None:
    # pins the bm25s configuration (atire tf with lucene idf) to the textbook Okapi value, scale included
    docs = ["budget budget income", "visitors", "budget staff"]
    idx = BM25Index(docs, k1=1.2, b=0.75)
    n, avgdl = 3, (3 + 1 + 2) / 3

    def okapi(tf: int, df: int, dl: int) -> float:
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return idf * tf * (1.2 + 1) / (tf + 1.2 * (1 - 0.75 + 0.75 * dl / avgdl))

    s = idx.scores("budgets")
    assert s == pytest.approx([okapi(2, 2, 3), 0.0, okapi(1, 2, 2)], rel=1e-6)
    assert idx.idf[idx.vocab["budget"]] == pytest.approx(math.log(1 + 1.5 / 2.5))


def test_a_repeated_query_word_counts_once(bm25: BM25Index) -> None:
    assert np.array_equal(bm25.scores("budgets budgets budget"), bm25.scores("budgets"))


def test_unknown_words_do_not_change_the_scores(bm25: BM25Index) -> None:
    assert np.array_equal(bm25.scores("budgets telescopes"), bm25.scores("budgets"))


def test_documents_without_content_words() -> None:
    idx = BM25Index(["the and of", "", "budgets"])
    assert len(idx) == 3
    s = idx.scores("budget")
    assert s[0] == s[1] == 0 and s[2] > 0
    only_stopwords = BM25Index(["the", "of a"])
    assert not only_stopwords.scores("budget").any() and only_stopwords.scores("budget").shape == (2,)
    assert only_stopwords.max_idf() == math.inf and only_stopwords.coverage("budget") == 0.0


def test_building_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        BM25Index(DOCS).scores("budgets")
    assert not [r for r in caplog.records if r.name.startswith("bm25s")]
