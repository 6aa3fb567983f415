"""The evaluator page in headless Chromium against the real app under uvicorn: paste a key, page
through turns, open one, rate it; the key stays in sessionStorage and never reaches the HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api.conftest import API_KEYS, make_settings, serve_in_thread
from playwright.sync_api import expect

from assistant.api.app import create_app
from assistant.api.services import build_services
from assistant.audit.db import Base
from assistant.audit.migrate import import_all_tables

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
EVAL_KEY = next(k for k, role in API_KEYS.items() if role == "evaluator")
HOSTILE = "<img src=x onerror=alert(1)> what is level 2 in finances?"
QUESTIONS = [HOSTILE] + [f"What does level {n % 3 + 1} mean for finances? ({n})" for n in range(11)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[str]:
    settings = make_settings(index_dir, f"sqlite:///{tmp_path_factory.mktemp('eval-page') / 'a.db'}")
    services = build_services(settings)
    import_all_tables()
    Base.metadata.create_all(services.store.engine)  # the ratings table until its migration lands
    try:
        with serve_in_thread(create_app(settings, services=services)) as url:
            with httpx.Client(base_url=url, timeout=60) as c:
                for q in QUESTIONS:
                    assert c.post("/v1/chat", json={"message": q, "mode": "qa"}).status_code == 200
            yield url
    finally:
        services.store.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/install-browser.sh).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    pg.dialogs = []
    pg.errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def sign_in(page: Any, server: str, key: str = EVAL_KEY, name: str = "ana") -> None:
    page.goto(f"{server}/evaluator")
    page.fill("#api-key", key)
    page.fill("#evaluator-name", name)
    page.click("#save-key")


def test_page_through_open_and_rate_a_turn(page: Any, server: str) -> None:
    sign_in(page, server)
    page.wait_for_selector("#turn-list li")
    assert page.locator("#turn-list li").count() == 10
    assert page.text_content("#page-info") == "1\u201310 of 12"
    assert "signed in as ana (evaluator)" in page.text_content("#whoami")

    # the key lives in sessionStorage only, and never in the document
    assert page.evaluate("sessionStorage.getItem('isl-evaluator-key')") == EVAL_KEY
    assert page.evaluate("localStorage.length") == 0 and page.evaluate("document.cookie") == ""
    assert EVAL_KEY not in page.content() and page.input_value("#api-key") == ""

    page.click("#next")
    expect(page.locator("#page-info")).to_have_text(re.compile(r"^11"))
    assert page.locator("#turn-list li").count() == 2
    page.click("#prev")
    expect(page.locator("#page-info")).to_have_text(re.compile("^1\u2013"))

    page.locator("#turn-list li").first.click()
    page.wait_for_selector("#detail:not([hidden])")
    assert page.locator("#d-passages li").count() > 0
    assert page.text_content("#d-reply")
    turn_id = page.get_attribute("#turn-list li[aria-selected='true']", "data-turn-id")

    page.select_option("#groundedness", "4")
    page.select_option("#helpfulness", "5")
    page.select_option("#tone", "3")
    page.fill("#comment", "Cites A.4.L2 correctly.")
    page.click("#save-rating")
    expect(page.locator("#rating-status")).to_have_text("Saved.")
    expect(page.locator("#d-ratings")).to_contain_text("ana: groundedness 4, helpfulness 5, tone 3")

    with httpx.Client(base_url=server, headers={"X-API-Key": EVAL_KEY}) as c:
        stored = c.get(f"/v1/audit/turns/{turn_id}/ratings").json()
    assert [(r["evaluator"], r["groundedness"], r["comment"]) for r in stored] == [("ana", 4, "Cites A.4.L2 correctly.")]

    # reopening shows the evaluator's own rating; "only unrated" hides it
    page.check("#filter-unrated")
    expect(page.locator("#page-info")).to_have_text(re.compile("of 11$"))
    assert page.locator(f"#turn-list li[data-turn-id='{turn_id}']").count() == 0

    page.click("#replay")
    page.wait_for_selector("#replay-out:not([hidden])")
    assert "reply unchanged" in page.text_content("#replay-out")
    assert page.dialogs == [] and page.errors == []


def test_hostile_text_is_shown_as_text(page: Any, server: str) -> None:
    sign_in(page, server, name="bo")
    page.wait_for_selector("#turn-list li")
    page.click("#next")
    expect(page.locator("#page-info")).to_have_text(re.compile(r"^11"))
    item = page.locator("#turn-list li", has_text="<img src=x")
    assert item.count() == 1
    item.click()
    page.wait_for_selector("#detail:not([hidden])")
    assert page.text_content("#d-message") == HOSTILE
    assert page.locator("#detail img").count() == 0 and page.dialogs == [] and page.errors == []


def test_a_wrong_key_is_refused_and_forgotten(page: Any, server: str) -> None:
    sign_in(page, server, key="not-a-key")
    expect(page.locator("#status")).to_have_text(re.compile("^401"))
    assert page.evaluate("sessionStorage.getItem('isl-evaluator-key')") is None
    assert page.locator("#turn-list li").count() == 0
