"""Boilerplate is dropped with a reason; duties and requirements are kept (the real examples and model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.matching import boilerplate as bp
from assistant.matching.engine import PostingMatcher
from assistant.matching.text import segment
from assistant.understanding.examples import ExamplesError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reader(matcher: PostingMatcher) -> bp.Boilerplate:
    return matcher.boilerplate


def _reasons(reader: bp.Boilerplate, text: str) -> dict[str, str | None]:
    segs = segment(text)
    return {s.text: r for s, r in zip(segs, reader.classify(segs), strict=True)}


# written for this test: a small science center's posting, every kind of line once
POSTING = """Science Educator
About Us
Riverbend Science Center is a nonprofit science center that welcomes 300,000 visitors a year.
Responsibilities
- Deliver live science demonstrations for visitors.
- Manage program budgets of up to $250,000 per year.
Benefits
- Medical and dental insurance and a 403(b) plan.
Riverbend is an equal opportunity employer and does not discriminate on the basis of race.
How to Apply
Send your resume and cover letter to jobs@riverbend.example.
"""


def test_sections_and_sentences_are_classified(reader: bp.Boilerplate) -> None:
    got = _reasons(reader, POSTING)
    assert got["About Us"] == bp.ABOUT
    assert got["Riverbend Science Center is a nonprofit science center that welcomes 300,000 visitors a year."] == bp.ABOUT
    assert got["Deliver live science demonstrations for visitors."] is None
    assert got["Manage program budgets of up to $250,000 per year."] is None  # money in a duty is a duty
    assert got["Medical and dental insurance and a 403(b) plan."] == bp.BENEFITS
    assert got["Riverbend is an equal opportunity employer and does not discriminate on the basis of race."] == bp.EEO
    assert got["Send your resume and cover letter to jobs@riverbend.example."] == bp.APPLY
    assert got["Science Educator"] is None  # the title


@pytest.mark.parametrize("heading", ["About the Role", "Your responsibilities", "Who you are", "Requirements"])
def test_role_headings_are_not_boilerplate(reader: bp.Boilerplate, heading: str) -> None:
    assert reader.section_reason(heading) is None


@pytest.mark.parametrize(
    ("heading", "reason"),
    [("About Us", bp.ABOUT), ("Who We Are", bp.ABOUT), ("What We Offer", bp.BENEFITS),
     ("Compensation & Benefits", bp.BENEFITS), ("How to Apply", bp.APPLY), ("Equal Opportunity", bp.EEO)],
)
def test_boilerplate_headings(reader: bp.Boilerplate, heading: str, reason: str) -> None:
    assert reader.section_reason(heading) == reason


def test_equal_opportunity_sentence_dropped_even_inside_requirements(reader: bp.Boilerplate) -> None:
    got = _reasons(reader, "Requirements\n- Strong communication skills.\n- We are an Equal Opportunity Employer.")
    assert got["We are an Equal Opportunity Employer."] == bp.EEO
    assert got["Strong communication skills."] is None


def test_commitment_to_equity_is_a_requirement_not_boilerplate(reader: bp.Boilerplate) -> None:
    got = _reasons(reader, "Qualifications\n- A commitment to equity, diversity and inclusion.")
    assert got["A commitment to equity, diversity and inclusion."] is None


def test_the_organization_describing_itself_is_dropped_only_before_the_role(reader: bp.Boilerplate) -> None:
    line = "Our museum serves 80,000 visitors a year from across the region."
    before = _reasons(reader, f"Educator\n{line}\nResponsibilities\n- Teach camps.")
    inside = _reasons(reader, f"Educator\nResponsibilities\n- Teach camps.\n- {line}")
    assert before[line] == bp.ABOUT and inside[line] is None


def test_body_start_skips_the_introduction(reader: bp.Boilerplate) -> None:
    segs = segment("Educator\nWe are a museum.\nResponsibilities\n- Teach camps.")
    assert segs[reader.body_start(segs)].text == "Responsibilities"


def test_a_broken_examples_file_says_what_to_do(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    (tmp_path / bp.EXAMPLES_FILE).write_text("version: 1\nsentences: {about: [x]}\nheadings: {role: [y]}\n",
                                              encoding="utf-8")
    with pytest.raises(ExamplesError, match="not a valid posting boilerplate examples file"):
        bp.load_boilerplate_examples(tmp_path)
    with pytest.raises(ExamplesError, match="Cannot read"):
        bp.Boilerplate.from_prompts(embedder, tmp_path / "missing")


def test_a_duty_about_benefits_under_the_role_is_kept(reader: bp.Boilerplate) -> None:
    line = "Run open enrollment for staff health plans and answer employees' questions about their coverage."
    listed = _reasons(reader, f"HR Coordinator\nResponsibilities\n- {line}")
    assert listed[line] is None  # a duty that is about benefits, not an offer of them
    offered = _reasons(reader, "HR Coordinator\nResponsibilities\n- Answer staff questions.\nBenefits\n"
                               "- Health, dental and vision insurance from the first day.")
    assert offered["Health, dental and vision insurance from the first day."] == bp.BENEFITS
