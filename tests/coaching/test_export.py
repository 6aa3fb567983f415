"""Exports of a plan built by a real session (slow): Markdown, JSON, PNG chart and a printable PDF."""

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.coaching import export
from assistant.coaching.plan import LearningPlan
from assistant.coaching.service import CoachingService
from coaching.player import load_personas, play

pytestmark = pytest.mark.slow


@pytest.fixture
def plan(make_coach: Callable[[], CoachingService]) -> LearningPlan:
    coach = make_coach()
    persona = next(p for p in load_personas() if p["id"] == "childrens-museum-educator")
    persona = {**persona, "turns": [t for t in persona["turns"] if "expect_kind" not in t]}
    v = persona["visitor_id"]
    t = play(persona, lambda: (200, coach.start(v).to_dict()),
             lambda sid, text: (200, coach.answer(sid, text, v).to_dict()))
    coach.record_supervisor_rating(t.session_id, "A.4", 1.5, evidence="Tracks camp spending", visitor_id=v)
    return coach.plan(t.session_id, v)


def test_json_round_trips(plan: LearningPlan) -> None:
    assert LearningPlan.model_validate(json.loads(export.to_json(plan))) == plan


def test_markdown_has_profile_ratings_plan_and_sources(plan: LearningPlan) -> None:
    md = export.to_markdown(plan)
    for part in ("# My learning plan", "## Profile", "## Self-assessment", "## Growth areas", "## Sources",
                 "Supervisor ratings (kept separate)", plan.disclaimer):
        assert part in md
    for area in plan.growth_areas:
        assert f"### {area.competency_id} {area.name}" in md
    for ref in {r.id for a in plan.growth_areas for s in a.steps for r in s.resources}:
        assert f"[{ref}]" in md


def test_chart_is_a_png(plan: LearningPlan) -> None:
    png = export.chart_png(plan)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


@pytest.mark.parametrize("font_dir", [None, "empty"])
def test_pdf_renders_with_dejavu_or_core_fonts(plan: LearningPlan, tmp_path: Path, font_dir: str | None) -> None:
    fonts = None if font_dir is None else tmp_path / "no-fonts"
    if fonts is not None:
        fonts.mkdir()
    pdf = export.to_pdf(plan, font_dir=fonts)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    out = tmp_path / "plan.pdf"
    out.write_bytes(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "My learning plan" in text and "Sources" in text
        assert plan.growth_areas[0].competency_id in text


def test_core_font_fallback_folds_to_latin1() -> None:
    assert export._latin1("Bank Street — “M.S.Ed.” → café ☃") == 'Bank Street - "M.S.Ed." -> café ?'
