"""A placement question in everyday words, asked through the widget in Chromium: the answer's first
sentence names a Finances level and the reply carries that level's citation chip; a screenshot of it
is kept in test-artifacts/ for people to look at."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUESTION = ("I look after the budget for the small education department at our science center: I track "
            "what we spend on staff and supplies and draft next year's numbers. Which Finances level is that?")


def test_a_budget_holder_is_placed_at_a_finances_level_with_a_citation(
    page: Any, live: Any, artifacts: Path
) -> None:
    page.goto(live.base + "/")
    page.get_by_role("button", name="Ask the ISL assistant").click()
    box = page.locator("#isl-input")
    box.fill(QUESTION)
    box.press("Enter")
    reply = page.locator(".msg.bot").last
    expect(reply.locator(".feedback")).to_be_visible(timeout=60_000)

    first_sentence = re.split(r"(?<=[.!?])\s", reply.locator(".bubble p").first.inner_text(), maxsplit=1)[0]
    placed = re.search(r"Finances\b.*\bLevel ([1-3])\b", first_sentence)
    assert placed, f"the first sentence does not place the work at a level: {first_sentence!r}"
    level_id = f"A.4.L{placed.group(1)}"

    chip = reply.locator(".bubble a.cite", has_text=level_id).first
    expect(chip).to_be_visible()
    href = chip.get_attribute("href")
    assert href and href.startswith("#isl-src-")
    card = reply.locator(f"details.card{href}")  # the chip points at this reply's source card
    expect(card.locator("summary")).to_contain_text(level_id)
    expect(card.locator(".card-body")).to_contain_text("Level statement")

    reply.evaluate("""el => { const log = el.closest('.log');
      log.scrollTop += el.getBoundingClientRect().top - log.getBoundingClientRect().top - 8; }""")
    shot = artifacts / "widget-placement.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and shot.stat().st_size > 20_000
    with Image.open(shot) as image:
        assert image.size == (1280, 800)
        assert image.convert("RGB").getcolors(maxcolors=64) is None  # text and widget, not a blank page
