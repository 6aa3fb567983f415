"""Whose use of the framework a question is about, by the nearest example of prompts/usecases.yaml (the real
embedding model); the sentences here are written for this test, none is an example."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.framework.models import Corpus
from assistant.generation.pipeline import QAPipeline
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import ROOT
from assistant.understanding.examples import ExamplesError
from assistant.understanding.groups import EXAMPLES_FILE, UserGroups
from assistant.understanding.reader import EmbeddingReader


@pytest.fixture(scope="module")
def groups(embedder: SentenceTransformerEmbedder) -> UserGroups:
    return UserGroups.from_prompts(embedder, ROOT / "prompts")


@pytest.mark.parametrize(("question", "group"), [
    ("Our planetarium wants every new position described in terms of these skills.", "institutions"),
    ("My three gallery staff and I are setting goals for this year; how do I guide them?", "supervisors"),
    ("Our regional alliance is choosing topics for next spring's online training.", "professional-organizations"),
    ("Which classes should I take next term if I hope to work at a zoo?", "students"),
    ("We run a master's in science communication and are revising our required courses.", "academic-programs"),
])
def test_a_question_is_read_as_its_user_group(groups: UserGroups, embedder: SentenceTransformerEmbedder,
                                             question: str, group: str) -> None:
    assert groups.of(embedder.embed_query(question)) == group


def test_the_groups_are_the_corpus_user_groups(groups: UserGroups, corpus: Corpus) -> None:
    from assistant.indexing.chunks import build_chunks

    uses = {c.id.removeprefix("use:") for c in build_chunks(corpus) if c.kind == "use"}
    assert set(groups.names) == uses


def test_a_broken_examples_file_says_what_to_do(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    (tmp_path / EXAMPLES_FILE).write_text("id: user-groups\nversion: 1\ngroups: {}\n", encoding="utf-8")
    with pytest.raises(ExamplesError) as err:
        UserGroups.from_prompts(embedder, tmp_path)
    assert "assistant/understanding/groups.py" in (err.value.hint or "")


@pytest.mark.slow
def test_a_use_case_answer_ends_with_the_guidance_for_its_group(
        retriever: HybridRetriever, corpus: Corpus, reader: EmbeddingReader) -> None:
    qa = QAPipeline(retriever, corpus.framework, reader=reader)
    q = "How could our statewide network of small museums plan a year of webinars with the framework?"
    req = qa.prepare(q)
    assert req.intent == "usecase" and req.user_group == "professional-organizations"
    ans = qa.run(req)
    assert "[use:professional-organizations]" in ans.text
    assert "use:professional-organizations" in {c.id for c in ans.citations} <= {h.id for h in req.hits}
