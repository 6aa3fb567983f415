"""A whole coaching conversation in the widget, in Chromium: the person asks to reflect, says who they are
and how much time they have in their own words, asks for the plan, and downloads it from the reply's buttons
(fetched with the visitor id, saved as files). The saved Markdown is the plan, keeping to the stated time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TURNS = (
    "Help me reflect on my work and build a learning plan, please.",
    "I run the school field trip programs at a nature center, about six years now.",
    "I could give this roughly two hours a week, not more.",
    "Could I see my plan now?",
)


def send(page: Any, text: str, replies: int) -> Any:
    box = page.locator("#isl-input")
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".msg.bot .feedback")).to_have_count(replies, timeout=60_000)
    return page.locator(".msg.bot").last


def test_a_coaching_conversation_ends_with_the_plan_to_download(page: Any, live: Any, tmp_path: Path) -> None:
    page.goto(live.base + "/")
    page.get_by_role("button", name="Ask the ISL assistant").click()
    first = send(page, TURNS[0], 1)
    expect(first.locator(".bubble")).to_contain_text("?")  # the coach asks its first question
    for n, text in enumerate(TURNS[1:-1], start=2):
        reply = send(page, text, n)
        expect(reply.locator(".downloads")).to_have_count(0)  # no plan yet
        assert reply.locator(".bubble").inner_text().count("?") == 1  # one question a turn
    last = send(page, TURNS[-1], len(TURNS))
    bar = last.locator(".downloads")
    expect(bar).to_be_visible()
    expect(bar.get_by_role("button")).to_have_count(3)

    with page.expect_download() as info:
        bar.get_by_role("button", name="Download Markdown").click()
    saved = tmp_path / "plan.md"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "learning-plan.md"
    plan = saved.read_text(encoding="utf-8")
    assert plan.startswith("# My learning plan")
    assert "## What this plan fits around" in plan and "2 hours a week" in plan  # the time they gave
    assert "nature center" in plan  # what they said in passing, kept in the profile

    with page.expect_download() as pdf:
        bar.get_by_role("button", name="Download PDF").click()
    pdf_file = tmp_path / "plan.pdf"
    pdf.value.save_as(pdf_file)
    assert pdf_file.read_bytes().startswith(b"%PDF")
    expect(bar.locator(".dl-note")).to_contain_text("Saved your plan")
