"""Hybrid retrieval over the real index and model, its filters, and the LangChain adapter."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from doubles import HashEmbedder
from langchain_core.documents import Document

from assistant.framework.loader import load_corpus
from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.indexing.lexical import BM25Index
from assistant.indexing.store import Index, build_index
from assistant.retrieval.hybrid import Filters, HybridRetriever, Retriever
from assistant.retrieval.langchain import ISLRetriever, hit_to_document
from assistant.settings import ROOT

TOP3 = [
    ("What is Level 2 in Finances?", "A.4.L2"),
    ("Tell me about A.4.L2", "A.4.L2"),
    ("What does Level 1 of Structure mean?", "A.2.L1"),
    ("audiences level 3", "B.1.L3"),
    ("What does Level 3 of Effective Practice mean?", "C.1.L3"),
    ("What are soft skills in the framework?", "D"),
    ("How can supervisors use the framework?", "use:supervisors"),
    ("What is a learning pathway?", "def:learning-pathway"),
    ("What is a competency framework?", "def:competency-framework"),
    ("Is there one right level I should aim for?", "fw:levels-note"),
]


@pytest.mark.slow
class TestRealModel:
    @pytest.mark.parametrize(("question", "expected"), TOP3)
    def test_expected_id_in_top_3(self, retriever: HybridRetriever, question: str, expected: str) -> None:
        assert expected in [h.id for h in retriever.search(question, k=3)]

    @pytest.mark.parametrize(
        ("question", "first"),
        [("What is Level 2 in Finances?", "A.4.L2"), ("What is A.4.L2?", "A.4.L2"), ("Finances level one", "A.4.L1"),
         ("What is C.1?", "C.1"), ("Institutional Impact level 3", "B.L3"), ("What is A.L2?", "A.L2")],
    )
    def test_named_item_comes_first(self, retriever: HybridRetriever, question: str, first: str) -> None:
        assert retriever.search(question, k=3)[0].id == first

    # a bare id asked with a level ("A.4 at level 3", "domain B level 3") names that level, not the item
    def test_domain_id_with_level_comes_first(self, retriever: HybridRetriever) -> None:
        assert retriever.search("domain B level 3", k=3)[0].id == "B.L3"

    @pytest.mark.parametrize(
        ("question", "first"),
        [
            ("Who created the ISL framework and when?", "fw:about"),
            ("What is the history of the ISL framework?", "fw:about"),
            ("Who creates policies at level 3?", "A.3.L3"),  # "creates" here is the Level 3 verb
        ],
    )
    def test_questions_about_the_framework_itself_find_its_history(
        self, retriever: HybridRetriever, question: str, first: str
    ) -> None:
        assert retriever.search(question, k=3)[0].id == first

    def test_hits_are_ranked(self, retriever: HybridRetriever) -> None:
        hits = retriever.search("budgets and spending", k=8)
        assert len(hits) == 8
        assert [h.rank for h in hits] == list(range(1, 9))
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0
        assert len({h.id for h in hits}) == len(hits)

    def test_dense_is_the_cosine(self, retriever: HybridRetriever, embedder: SentenceTransformerEmbedder) -> None:
        q = "how an institution is organized"
        qv = embedder.embed([q])[0]
        for h in retriever.search(q, k=4):
            cv = embedder.embed([h.chunk.search_text])[0]
            assert h.dense == pytest.approx(float(cv @ qv), abs=1e-4)

    def test_search_vector_matches_search(self, retriever: HybridRetriever, embedder: SentenceTransformerEmbedder) -> None:
        q = "what the framework says about visitors"
        assert [h.id for h in retriever.search_vector(q, embedder.embed([q])[0], k=5)] == [
            h.id for h in retriever.search(q, k=5)
        ]

    @pytest.mark.parametrize(
        ("filters", "check"),
        [
            (Filters.of(kinds=["level"]), lambda h: h.chunk.kind == "level"),
            (Filters.of(domains=["B"]), lambda h: h.chunk.domain == "B"),
            (Filters.of(categories=["A.2"]), lambda h: h.chunk.category == "A.2"),
            (Filters.of(levels=[3]), lambda h: h.chunk.level == 3),
            (Filters.of(kinds=["level", "domain_level"], levels=[1]), lambda h: h.chunk.level == 1),
            (Filters.of(kinds=["definition"]), lambda h: h.id.startswith("def:")),
        ],
    )
    def test_filters(self, retriever: HybridRetriever, filters: Filters, check: object) -> None:
        hits = retriever.search("What is Level 2 in Finances?", k=5, filters=filters)
        assert hits
        assert all(check(h) for h in hits)  # type: ignore[operator]

    def test_filter_lifts_the_level_chunk(self, retriever: HybridRetriever) -> None:
        hits = retriever.search("Finances", k=3, filters=Filters.of(kinds=["level"], levels=[2]))
        assert hits[0].id == "A.4.L2"

    def test_filter_that_matches_nothing(self, retriever: HybridRetriever) -> None:
        assert retriever.search("Finances", k=5, filters=Filters.of(categories=["D.1"])) == []

    def test_langchain_invoke_returns_documents(self, retriever: HybridRetriever) -> None:
        lc = ISLRetriever(retriever=retriever, k=4)
        docs = lc.invoke("What is Level 2 in Finances?")
        hits = retriever.search("What is Level 2 in Finances?", k=4)
        assert all(isinstance(d, Document) for d in docs)
        assert [d.metadata["id"] for d in docs] == [h.id for h in hits]
        assert docs[0].metadata["id"] == "A.4.L2" and docs[0].id == "A.4.L2"
        assert docs[0].page_content == hits[0].chunk.text
        assert docs[0].metadata["kind"] == "level" and docs[0].metadata["category"] == "A.4"

    def test_langchain_passes_filters(self, retriever: HybridRetriever) -> None:
        lc = ISLRetriever(retriever=retriever, k=3, filters=Filters.of(kinds=["definition"]))
        docs = lc.invoke("learning")
        assert docs and {d.metadata["kind"] for d in docs} == {"definition"}

    def test_is_a_retriever(self, retriever: HybridRetriever) -> None:
        r: Retriever = retriever
        assert r.search("budgets", k=1)


# ---- fast: argument checks on a small index built with the hash embedder --------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Index, HashEmbedder, Corpus]:
    root = tmp_path_factory.mktemp("hybrid") / "corpus"
    shutil.copytree(ROOT / "corpus", root)
    corpus = load_corpus(root)
    emb = HashEmbedder()
    return build_index(corpus, emb, tmp_path_factory.mktemp("hybrid-index"), progress=False), emb, corpus


@pytest.mark.parametrize("k", [0, -1])
def test_k_must_be_positive(small: tuple[Index, HashEmbedder, Corpus], k: int) -> None:
    index, emb, corpus = small
    with pytest.raises(ValueError, match="k must be positive"):
        HybridRetriever(index, emb, corpus.framework).search("budgets", k=k)


def test_k_bounds_the_hits(small: tuple[Index, HashEmbedder, Corpus]) -> None:
    index, emb, corpus = small
    r = HybridRetriever(index, emb, corpus.framework)
    assert len(r.search("budgets income spending", k=2)) == 2
    assert len(r.search("budgets income spending", k=10_000)) <= len(index.chunks)


def test_rejects_a_model_of_another_dimension(small: tuple[Index, HashEmbedder, Corpus]) -> None:
    index, _, corpus = small
    with pytest.raises(ValueError, match="index dim 384 != embedder dim 32"):
        HybridRetriever(index, HashEmbedder(dim=32), corpus.framework)


def test_rejects_an_empty_index(small: tuple[Index, HashEmbedder, Corpus]) -> None:
    _, emb, corpus = small
    empty = Index([], None, np.zeros((0, emb.dim), np.float32), BM25Index([]), {})
    with pytest.raises(ValueError, match="the index is empty"):
        HybridRetriever(empty, emb, corpus.framework)


def test_hit_to_document(small: tuple[Index, HashEmbedder, Corpus]) -> None:
    index, emb, corpus = small
    hit = HybridRetriever(index, emb, corpus.framework).search("A.4.L2", k=1)[0]
    doc = hit_to_document(hit)
    assert doc.metadata["id"] == hit.id == "A.4.L2"
    assert doc.metadata["score"] == hit.score and doc.metadata["level"] == 2


@pytest.mark.parametrize(
    ("filters", "kind", "accepted"),
    [(Filters(), "level", True), (Filters.of(kinds=["level"]), "level", True),
     (Filters.of(kinds=["note"]), "level", False), (Filters.of(levels=[2]), "level", True),
     (Filters.of(levels=[3]), "level", False), (Filters.of(domains=["A"], categories=["A.4"]), "level", True)],
)
def test_filters_accept(
    small: tuple[Index, HashEmbedder, Corpus], filters: Filters, kind: str, accepted: bool
) -> None:
    chunk = small[0].chunk("A.4.L2")
    assert chunk is not None and chunk.kind == kind
    assert filters.accepts(chunk) is accepted


def test_filters_of_freezes_any_iterables() -> None:
    f = Filters.of(kinds=iter(["level"]), levels=(1, 2))
    assert f == Filters(frozenset({"level"}), frozenset(), frozenset(), frozenset({1, 2}))


@pytest.mark.slow
def test_practice_examples_vote_for_their_statement_and_are_not_returned(retriever: HybridRetriever) -> None:
    kinds = {c.kind for c in retriever.index.chunks}
    assert "example" in kinds  # the project's practice examples are indexed ...
    for query in ["I count the cafe and shop takings every evening and enter them in the spreadsheet",
                  "I sit on a national working group that sets exhibit safety standards for museums everywhere"]:
        hits = retriever.search(query, k=10)
        assert hits and not any(h.chunk.kind == "example" for h in hits)  # ... but never shown as passages
    # the statement an example illustrates scores at least as well as that example would on its own
    index = retriever.index
    ex = next(i for i, c in enumerate(index.chunks) if c.kind == "example")
    parent = index.chunks[ex].meta["statement"]
    top = retriever.search(index.chunks[ex].text, k=5)
    assert parent in [h.id for h in top]
