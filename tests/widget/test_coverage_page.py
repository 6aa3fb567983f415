"""The /coverage page in headless Chromium against the real app under uvicorn, driven from the keyboard:
paste a five-session conference program, analyse it, read the heatmap and the gaps, download the CSV.
A screenshot of the result is kept in test-artifacts/ for people to look at.

Lives beside the widget's browser tests because it reuses their fixtures (``live``, ``page``, ``artifacts``
in tests/widget/conftest.py), which tests/coverage/ cannot see.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Fictional sessions, a blank line between items, the first line of each its title (plain-text format).
PROGRAM = """Budgets that survive a bad year
Education managers build the annual budget for a department, forecast revenue from camps and school \
field trips, track spending against the plan each month and write grant proposals to local foundations.

Lunch break
A buffet lunch is served in the atrium on the ground floor. Vegetarian and gluten-free dishes are at \
the far table; coffee and tea are served until half past one.

Listening to visitors before you plan
Design a short exit survey for a gallery, analyze what families and school groups say they took away, \
and use the answers to set learning outcomes for the next season of programs.

Facilitating hands-on science at the cart
Floor staff practise asking open questions at a discovery cart, invite children to predict and test, \
and adapt an activity on the spot for visitors with different abilities and languages.

Partnering with community organizations
Museum educators map local libraries, youth clubs and cultural centers, build trusting relationships \
with their leaders and co-design after-school programs that serve neighborhoods the museum rarely reaches.
"""
TITLES = ["Budgets that survive a bad year", "Lunch break", "Listening to visitors before you plan",
          "Facilitating hands-on science at the cart", "Partnering with community organizations"]
LUNCH = 2  # its row, 1-based (ids are the items' positions)
CSV_HEADER = ["item_id", "item_title", "competency_id", "competency_name", "level", "evidence"]

# Collects the page's CSP violations before any of its scripts run.
RECORD_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')), true);"""
ACTIVE = "() => { const a = document.activeElement; return a ? (a.id || a.tagName.toLowerCase() + ':' + " \
         "(a.textContent || '').trim()) : null; }"


def focused(page: Any) -> str | None:
    return page.evaluate(ACTIVE)


def tab_to(page: Any, target: str, *, limit: int = 12) -> None:
    """Press Tab until ``target`` (an id, or ``tag:text``) has focus; fail if it never does."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(focused(page))
        if seen[-1] == target:
            return
    pytest.fail(f"Tab never reached {target!r}; focus went {seen}")


def test_a_pasted_program_is_analysed_and_downloaded_from_the_keyboard(
    page: Any, live: Any, artifacts: Path
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url', '')}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico") else None)
    page.add_init_script(RECORD_CSP)
    page.goto(live.base + "/coverage")
    expect(page.get_by_role("heading", name="What does this set cover?")).to_be_visible()
    expect(page.locator("#results")).to_be_hidden()

    # kind: the select is the first stop; arrows change it without a pointer
    tab_to(page, "kind")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#kind")).to_have_value("curriculum")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#kind")).to_have_value("program")

    tab_to(page, "items-text")
    page.keyboard.insert_text(PROGRAM)  # what a paste does: one insertion, one input event
    expect(page.locator("#items-text")).to_have_value(PROGRAM)

    tab_to(page, "analyse")
    with page.expect_response(lambda r: r.url.endswith("/v1/coverage") and r.request.method == "POST") as info:
        page.keyboard.press("Enter")
    response = info.value
    assert response.status == 200, response.text()
    sent = response.request.post_data_json
    assert sent["kind"] == "program" and sent["text"] == PROGRAM

    expect(page.locator("#status")).to_have_text("Analysed 5 items.", timeout=60_000)
    expect(page.locator("#results")).to_be_visible()
    assert focused(page) == "results-heading"  # focus follows the result, for keyboard and screen-reader users

    # the heatmap: a row per item, headed by its id and title, a cell per column
    report = response.json()
    rows = page.locator("#matrix tbody tr")
    expect(rows).to_have_count(5)
    heads = page.locator("#matrix tbody th[scope=row]").all_inner_texts()
    assert heads == [f"{n} {t}" for n, t in enumerate(TITLES, 1)]
    columns = page.locator("#matrix thead th[scope=col]").all_inner_texts()
    assert columns == ["Item", *report["columns"]] and "D" in report["columns"]
    for r in range(5):
        expect(rows.nth(r).locator("td")).to_have_count(len(report["columns"]))

    lunch = rows.nth(LUNCH - 1)
    assert lunch.locator("th").inner_text() == f"{LUNCH} Lunch break"
    assert lunch.locator("td.l1, td.l2, td.l3").count() == 0, "the lunch break serves a competency"
    assert all(t.strip() == "" for t in lunch.locator("td").all_inner_texts())
    assert all(label.endswith(": not served") for label in
               lunch.locator("td").evaluate_all("tds => tds.map(td => td.getAttribute('aria-label'))"))
    filled = page.locator("#matrix tbody td.l1, #matrix tbody td.l2, #matrix tbody td.l3")
    assert filled.count() > 0, "no session serves anything"
    budget = rows.nth(0).locator("td.l1, td.l2, td.l3")
    assert budget.count() > 0, "the budgeting session serves nothing"

    # the gaps: one entry per gap, each naming its category and suggesting what to add
    assert report["gaps"], "five sessions cannot cover the whole framework"
    gaps = page.locator("#gaps li")
    expect(gaps).to_have_count(len(report["gaps"]))
    for n, gap in enumerate(report["gaps"]):
        expect(gaps.nth(n).locator("strong")).to_contain_text(gap)
        expect(gaps.nth(n)).to_contain_text("Nothing in this set serves")
    for gap in report["gaps"]:
        expect(page.locator("#matrix thead th.gap", has_text=gap).first).to_be_attached()
    expect(page.locator("#items > li")).to_have_count(5)
    expect(page.locator("#items > li").nth(LUNCH - 1)).to_contain_text("Serves no competency of the framework.")
    # each item's evidence in its own words, and evidence read from a title is labelled as such
    fields = {e["field"] for item in report["items"] for c in item["competencies"] for e in c["evidence"]}
    assert fields == {"title", "text"}, "the sessions' titles and texts are both read"
    for n, item in enumerate(report["items"]):
        for c in item["competencies"]:
            for e in c["evidence"]:
                said = f"title \u201c{e['text']}\u201d" if e["field"] == "title" else f"\u201c{e['text']}\u201d"
                expect(page.locator("#items > li").nth(n)).to_contain_text(said)

    # the downloads: three buttons in a labelled group, the first the next Tab stop after the heading
    downloads = page.get_by_role("group", name="Download the analysis")
    for name in ("Download CSV", "Download XLSX", "Download PDF report"):
        expect(downloads.get_by_role("button", name=name)).to_be_enabled()
    page.keyboard.press("Tab")
    assert focused(page) == "button:Download CSV"
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    download = dl.value
    assert download.suggested_filename == "coverage-program.csv"
    assert download.failure() is None
    saved = Path(download.path())
    text = saved.read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == CSV_HEADER
    by_item: dict[str, list[list[str]]] = {}
    for row in table[1:]:
        by_item.setdefault(row[0], []).append(row)
    assert sorted(by_item) == ["1", "2", "3", "4", "5"]
    assert by_item[str(LUNCH)] == [[str(LUNCH), "Lunch break", "", "", "", ""]]
    assert all(row[4] in {"1", "2", "3"} for row in by_item["1"])
    expect(page.locator("#status")).to_have_text("Downloaded coverage-program.csv.")

    # the matrix region is itself a Tab stop (it scrolls sideways), after the three buttons
    tab_to(page, "button:Download XLSX", limit=1)
    tab_to(page, "button:Download PDF report", limit=1)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Coverage matrix, items by competency"

    page.locator("#results-heading").focus()
    shot = artifacts / "coverage-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and shot.stat().st_size > 20_000
    with Image.open(shot) as image:
        assert image.size[0] == 1280 and image.size[1] >= 800
        rgb = image.convert("RGB")
        assert len(rgb.getcolors(maxcolors=1 << 24) or []) > 1  # not a single colour
        assert rgb.getcolors(maxcolors=64) is None  # text and a heatmap, not a blank page

    assert page.evaluate("window.__csp") == []
    assert errors == []
