"""The widget's ES modules and stylesheet in a real browser: loaded from the one script tag, on the
assistant's own pages under their Content-Security-Policy and on a partner site on another origin."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Collects the page's CSP violations before any of its scripts run.
RECORD_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')), true);"""

STYLES = """() => {
  const root = document.querySelector('[data-isl-widget]').shadowRoot;
  const css = el => el ? getComputedStyle(el) : null;
  return {
    sheets: [...root.querySelectorAll('link[rel=stylesheet]')].map(l => new URL(l.href).pathname),
    styleElements: root.querySelectorAll('style').length,
    launcher: css(root.querySelector('.launcher'))?.backgroundColor ?? null,
    head: css(root.querySelector('.head')).backgroundColor,
    body: getComputedStyle(document.body).backgroundColor,
    scripts: [...document.querySelectorAll('script')].map(s => s.src ? new URL(s.src).pathname : 'inline'),
  };
}"""
TEAL = "rgb(11, 85, 99)"  # the widget's #0b5563, from widget.css


@pytest.mark.parametrize(("site", "path", "launcher"), [
    ("base", "/", True), ("base", "/embed", False), ("partner", "/", True),
])
def test_modules_and_stylesheet_load_from_one_script_tag(
    page: Any, live: Any, site: str, path: str, launcher: bool
) -> None:
    loaded: dict[str, tuple[int, str]] = {}
    page.on("response", lambda r: loaded.__setitem__(
        r.url.removeprefix(live.base), (r.status, r.headers.get("content-type", ""))))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url', '')}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico") else None)
    page.add_init_script(RECORD_CSP)

    page.goto(getattr(live, site) + path)
    # mounted and styled by the time the page's load event fires, as with the single classic script
    styles = page.evaluate(STYLES)
    assert styles["sheets"] == ["/widget/widget.css"] and styles["styleElements"] == 0
    assert styles["head"] == TEAL
    assert (styles["launcher"] == TEAL) is launcher
    assert styles["scripts"] == ["/widget.js"]  # the loader's module tag removed itself
    if site == "base" and path == "/":
        assert styles["body"] == "rgb(251, 251, 249)"  # the page's own <style>, allowed by its hash
    assert page.evaluate("window.__csp") == []
    assert errors == []

    modules = {u: v for u, v in loaded.items() if u.startswith("/widget")}
    assert {"/widget.js", "/widget/main.js", "/widget/chat.js", "/widget/widget.css"} <= set(modules)
    for url, (status, kind) in modules.items():
        assert status == 200, url
        assert kind.startswith("text/css" if url.endswith(".css") else "text/javascript"), url

    if launcher:
        page.get_by_role("button", name="Ask the ISL assistant").click()
    expect(page.locator("#isl-panel")).to_be_visible()
    expect(page.locator("#isl-title")).to_have_text(
        "Ask about ISL competencies" if site == "partner" else "ISL Competency Assistant")
