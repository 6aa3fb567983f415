"""Coverage analysis on a small set written for the test, with the real analyzer, examples and model."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.coverage.analysis import CoverageAnalyzer, Item, columns
from assistant.coverage.examples import load_coverage_examples
from assistant.coverage.explain import describe
from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.matching.engine import PostingMatcher
from assistant.settings import ROOT
from assistant.understanding.examples import ExamplesError

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
def analyzer(corpus: Corpus, embedder: SentenceTransformerEmbedder) -> CoverageAnalyzer:
    return CoverageAnalyzer.from_prompts(corpus, embedder, ROOT / "prompts")


def test_items_gaps_matrix_and_suggestions(analyzer: CoverageAnalyzer, corpus: Corpus) -> None:
    report = analyzer.analyze(ITEMS, "program", "Test day")
    by_id = {i.id: i for i in report.items}
    assert "A.4" in {c.id for c in by_id["s1"].competencies}
    assert by_id["s2"].competencies == ()  # a lunch break serves nothing
    for item in report.items:  # evidence is the item's own words, by offset into its title or text
        given = next(i for i in ITEMS if i.id == item.id)
        for c in item.competencies:
            for e in c.evidence:
                assert (given.title if e.field == "title" else given.text)[e.start:e.end] == e.text
    served = {cid for row in report.matrix.values() for cid in row}
    assert set(report.gaps) == set(report.columns) - served and report.gaps
    assert report.columns == tuple(c for c, _ in columns(corpus)) and "D" in report.columns
    assert {s.gap for s in report.suggestions} == set(report.gaps)
    assert all("use:professional-organizations" in s.cites for s in report.suggestions)


def test_a_title_alone_is_read_and_is_its_own_evidence(analyzer: CoverageAnalyzer) -> None:
    item = Item(id="t", title="Writing the volunteer safety and emergency procedures handbook", text="")
    got = analyzer.item(item)
    assert got.competencies, "a descriptive title is enough to read an item"
    assert all(e.field == "title" and item.title[e.start:e.end] == e.text
               for c in got.competencies for e in c.evidence)
    assert analyzer.item(Item(id="e", title="", text="")).competencies == ()


def test_examples_must_name_framework_items(corpus: Corpus, embedder: SentenceTransformerEmbedder) -> None:
    with pytest.raises(ValueError, match="Z.9"):
        PostingMatcher(corpus.framework, embedder, examples={"Z.9": ("Something.",)})


def test_a_broken_examples_file_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "coverage-examples.yaml").write_text("version: 1\ncolumns: [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(ExamplesError, match="not a valid coverage examples file") as err:
        load_coverage_examples(tmp_path)
    assert "assistant/coverage/examples.py" in (err.value.hint or "")
    with pytest.raises(ExamplesError, match="Cannot read"):
        load_coverage_examples(tmp_path / "missing")


def test_the_summary_names_every_item_and_never_shows_a_bare_id(analyzer: CoverageAnalyzer, corpus: Corpus) -> None:
    untitled = Item(id="7", title="", text="Walk families through the night sky and answer their questions "
                                             "about planets, stars and the moon for about an hour each evening.")
    report = analyzer.analyze([*ITEMS, untitled], "program")
    lines = describe(report, dict(columns(corpus))).split("**Item by item:**")[1].strip().splitlines()
    assert [ln.split(":")[0] for ln in lines] == ["- Budgets for program leads", "- Lunch",
                                                   "- Evaluating what visitors take away", "- Item 7"]
    assert lines[1].endswith("no competency of the framework")
