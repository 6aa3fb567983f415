"""Coverage analysis on a small set written for the test, with the real matcher and model."""

from __future__ import annotations

import pytest

from assistant.coverage.analysis import Item, analyze, columns
from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.matching.engine import PostingMatcher

pytestmark = pytest.mark.slow

ITEMS = [
    Item(id="s1", title="Budgets for program leads",
         text="Participants build and manage the annual budget for an education department, forecast revenue "
              "from camps and school visits, and write grant proposals to foundations."),
    Item(id="s2", title="Lunch", text="Lunch is served in the atrium."),
    Item(id="s3", title="Evaluating what visitors take away",
         text="Design a short exit survey, analyze the answers and use the results to set learning outcomes "
              "for your own gallery programs and the audiences they serve."),
]


@pytest.fixture(scope="module")
def matcher(corpus: Corpus, embedder: SentenceTransformerEmbedder) -> PostingMatcher:
    return PostingMatcher(corpus.framework, embedder, corpus.guidance)


def test_items_gaps_matrix_and_suggestions(matcher: PostingMatcher, corpus: Corpus) -> None:
    report = analyze(ITEMS, "program", matcher, corpus, "Test day")
    by_id = {i.id: i for i in report.items}
    assert "A.4" in {c.id for c in by_id["s1"].competencies}
    assert by_id["s2"].competencies == ()  # a lunch break serves nothing
    for item in report.items:  # evidence is the item's own words, by offset
        text = next(i.text for i in ITEMS if i.id == item.id)
        for c in item.competencies:
            assert all(text[e.start:e.end] == e.text for e in c.evidence)
    served = {cid for row in report.matrix.values() for cid in row}
    assert set(report.gaps) == set(report.columns) - served and report.gaps
    assert report.columns == tuple(c for c, _ in columns(corpus)) and "D" in report.columns
    assert {s.gap for s in report.suggestions} == set(report.gaps)
    assert all("use:professional-organizations" in s.cites for s in report.suggestions)
