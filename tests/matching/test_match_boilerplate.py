"""Boilerplate is dropped with a reason; duties and requirements are kept."""

from __future__ import annotations

import pytest

from assistant.matching import boilerplate as bp
from assistant.matching.text import segment


def _reasons(text: str) -> list[tuple[str, str | None]]:
    segs = segment(text)
    return [(s.text, r) for s, r in zip(segs, bp.classify(segs), strict=True)]


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


def test_sections_and_sentences_are_classified() -> None:
    got = dict(_reasons(POSTING))
    assert got["About Us"] == bp.ABOUT
    assert got["Riverbend Science Center is a nonprofit science center that welcomes 300,000 visitors a year."] == bp.ABOUT
    assert got["Deliver live science demonstrations for visitors."] is None
    assert got["Manage program budgets of up to $250,000 per year."] is None
    assert got["Medical and dental insurance and a 403(b) plan."] == bp.BENEFITS
    assert got["Riverbend is an equal opportunity employer and does not discriminate on the basis of race."] == bp.EEO
    assert got["Send your resume and cover letter to jobs@riverbend.example."] == bp.APPLY
    assert got["Science Educator"] is None


@pytest.mark.parametrize("heading", ["About the Role", "About this position", "About you", "Who should apply"])
def test_role_headings_are_not_boilerplate(heading: str) -> None:
    assert bp.section_reason(heading) is None


@pytest.mark.parametrize(
    ("heading", "reason"),
    [("About Us", bp.ABOUT), ("Who We Are", bp.ABOUT), ("What We Offer", bp.BENEFITS),
     ("Compensation & Benefits", bp.BENEFITS), ("How to Apply", bp.APPLY), ("Equal Opportunity", bp.EEO)],
)
def test_boilerplate_headings(heading: str, reason: str) -> None:
    assert bp.section_reason(heading) == reason


def test_equal_opportunity_sentence_dropped_even_inside_requirements() -> None:
    got = dict(_reasons("Requirements\n- Strong communication skills.\n- We are an Equal Opportunity Employer."))
    assert got["We are an Equal Opportunity Employer."] == bp.EEO
    assert got["Strong communication skills."] is None


def test_commitment_to_equity_is_a_requirement_not_boilerplate() -> None:
    got = dict(_reasons("Qualifications\n- A commitment to equity, diversity and inclusion."))
    assert got["A commitment to equity, diversity and inclusion."] is None


def test_body_start_skips_the_introduction() -> None:
    segs = segment("Educator\nWe are a museum.\nResponsibilities\n- Teach camps.")
    assert segs[bp.body_start(segs)].text == "Responsibilities"
