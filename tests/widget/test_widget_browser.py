"""The chat widget in a real browser: Debian Chromium driven by Playwright against the real app.

Playwright's CSS and role locators pierce the widget's open shadow root, so the tests read like the page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAUNCHER = "Ask the ISL assistant"
QUESTION = "What is Level 2 in Finances?"
HOSTILE = "<img src=x onerror=alert(1)><script>window.__xss=1</script>"

# The focused element, looking through shadow roots (document.activeElement stops at the host).
DEEP_ACTIVE = """() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  if (!a) return null;
  const s = getComputedStyle(a);
  return {tag: a.tagName.toLowerCase(), text: (a.textContent || '').trim(), id: a.id,
          cls: String(a.className || ''), outline: s.outlineStyle + ' ' + s.outlineWidth};
}"""

# Elements the text could have smuggled in, anywhere in the page or the widget's shadow root.
SMUGGLED = """() => {
  const roots = [document];
  document.querySelectorAll('[data-isl-widget]').forEach(h => roots.push(h.shadowRoot));
  let n = 0;
  for (const r of roots) n += r.querySelectorAll('img, iframe, object, embed, [onerror], [onclick], a[href^="javascript:" i]').length;
  const scripts = [...document.querySelectorAll('script')].filter(s => !s.src.endsWith('/widget.js'));
  return {elements: n, inlineScripts: scripts.length, xss: typeof window.__xss};
}"""


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate(DEEP_ACTIVE)


def open_panel(page: Any) -> None:
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.locator("#isl-panel")).to_be_visible()


def ask(page: Any, text: str, *, replies: int = 1) -> dict[str, Any]:
    """Type a message, send it with Enter, wait for the finished reply; return the stream's response info."""
    box = page.locator("#isl-input")
    with page.expect_response(lambda r: r.url.endswith("/v1/chat/stream")) as info:
        box.fill(text)
        box.press("Enter")
    response = info.value
    expect(page.locator(".msg.bot .feedback")).to_have_count(replies, timeout=60_000)
    return {"status": response.status, "type": response.headers.get("content-type", ""),
            "request": response.request}


def stored(page: Any) -> dict[str, str | None]:
    return page.evaluate("""() => ({
      visitor: localStorage.getItem('isl-widget:visitor'),
      session: localStorage.getItem('isl-widget:session:' + window.ISLWidget.api)})""")


def test_ask_streams_a_reply_with_citations_and_records_feedback(
    page: Any, live: Any, artifacts: Path
) -> None:
    page.goto(live.base + "/")
    open_panel(page)
    expect(page.get_by_role("button", name="Delete my conversation")).to_be_disabled()
    sent = ask(page, QUESTION)

    assert sent["status"] == 200 and sent["type"].startswith("text/event-stream")
    request = sent["request"]
    assert json.loads(request.post_data) == {"message": QUESTION}
    headers = request.all_headers()
    assert headers.get("x-visitor-id") == stored(page)["visitor"]
    assert "authorization" not in headers and "x-api-key" not in headers  # no secret in the page

    reply = page.locator(".msg.bot").last
    expect(reply.locator(".bubble")).to_contain_text("Finances")
    expect(reply.locator(".bubble strong").first).to_contain_text("Finances")  # Markdown bold became <strong>
    chip = reply.locator(".bubble a.cite", has_text="A.4.L2").first
    expect(chip).to_be_visible()
    card = reply.locator("details.card").filter(has=page.locator("summary", has_text="A.4.L2")).first
    expect(card).not_to_have_attribute("open", "")
    chip.click()
    expect(card).to_have_attribute("open", "")
    expect(card.locator("summary")).to_contain_text("A.4 Finances, Level 2")
    expect(card.locator(".card-body")).to_contain_text("Level statement")
    assert focused(page)["tag"] == "summary"
    expect(page.locator("#isl-title")).to_be_in_viewport()  # only the conversation scrolled, not the panel
    assert page.locator("#isl-panel").evaluate("el => el.scrollTop") == 0
    expect(page.locator("[role=status]")).to_contain_text("Assistant: ")
    expect(page.get_by_role("button", name="Delete my conversation")).to_be_enabled()

    with page.expect_response(lambda r: "/feedback" in r.url) as fb:
        reply.get_by_role("button", name="Helpful", exact=True).click()
    assert fb.value.status == 204
    expect(reply.get_by_role("button", name="Helpful", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(reply.locator(".fb-note")).to_have_text("Thanks for your feedback.")
    ids = stored(page)
    with live.client(ids["visitor"]) as c:
        turns = c.get(f"/v1/sessions/{ids['session']}").json()["turns"]
    assert [t["feedback"] for t in turns] == [1]

    reply.evaluate("""el => { const log = el.closest('.log');
      log.scrollTop += el.getBoundingClientRect().top - log.getBoundingClientRect().top - 8; }""")
    page.screenshot(path=str(artifacts / "widget-desktop.png"))


def test_conversation_survives_a_reload_and_can_be_deleted(page: Any, live: Any, watch: Any) -> None:
    page.goto(live.base + "/")
    open_panel(page)
    ask(page, QUESTION)
    ids = stored(page)
    assert ids["session"] and ids["visitor"]

    page.reload()
    expect(page.locator("#isl-panel")).to_be_hidden()
    with page.expect_response(lambda r: f"/v1/sessions/{ids['session']}" in r.url) as hist:
        open_panel(page)
    assert hist.value.status == 200
    expect(page.locator(".msg.user .bubble")).to_have_text([QUESTION])
    expect(page.locator(".msg.bot .bubble a.cite", has_text="A.4.L2").first).to_be_visible()
    expect(page.locator(".msg.bot details.card").first).to_be_attached()
    expect(page.locator(".intro")).to_have_count(0)
    with live.client("another-visitor-0001") as stranger:  # sessions are scoped to the visitor id
        assert stranger.get(f"/v1/sessions/{ids['session']}").status_code == 404

    page.get_by_role("button", name="Delete my conversation").click()
    confirm = page.locator(".confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("cannot be undone")
    assert focused(page)["text"] == "Cancel"  # the safe choice has focus
    page.keyboard.press("Escape")  # Escape dismisses the question first, not the panel
    expect(confirm).to_be_hidden()
    expect(page.locator("#isl-panel")).to_be_visible()
    assert focused(page)["text"] == "Delete my conversation"

    page.get_by_role("button", name="Delete my conversation").click()
    with page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        confirm.get_by_role("button", name="Delete", exact=True).click()
    assert deleted.value.status == 204
    expect(page.locator(".notice")).to_have_text("Your conversation was deleted from the server.")
    expect(page.locator(".msg")).to_have_count(0)
    expect(page.locator(".starter")).to_have_count(3)
    assert stored(page)["session"] is None
    assert focused(page)["id"] == "isl-input"
    with live.client(ids["visitor"]) as c:
        assert c.get(f"/v1/sessions/{ids['session']}").status_code == 404
    assert watch.dialogs == []  # the confirmation is in the panel, not window.confirm

    page.reload()
    open_panel(page)
    expect(page.locator(".starter")).to_have_count(3)
    expect(page.locator(".msg")).to_have_count(0)


def test_new_conversation_starts_a_fresh_session(page: Any, live: Any) -> None:
    page.goto(live.base + "/")
    open_panel(page)
    ask(page, QUESTION)
    first = stored(page)["session"]
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator(".msg")).to_have_count(0)
    assert stored(page)["session"] is None
    ask(page, "What does Level 1 in Finances mean?")
    second = stored(page)["session"]
    assert second and second != first
    with live.client(stored(page)["visitor"]) as c:  # the old one is kept on the server
        assert c.get(f"/v1/sessions/{first}").status_code == 200


def test_keyboard_only(page: Any, live: Any, artifacts: Path) -> None:
    page.goto(live.base + "/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["text"] == LAUNCHER:
            break
    launcher = focused(page)
    assert launcher["text"] == LAUNCHER
    assert launcher["outline"] == "solid 3px"  # a visible focus ring

    page.keyboard.press("Enter")
    expect(page.locator("#isl-panel")).to_be_visible()
    assert focused(page)["id"] == "isl-input"
    expect(page.get_by_role("button", name=LAUNCHER)).to_have_attribute("aria-expanded", "true")

    seen = []
    for _ in range(6):  # the starters sit just above the input
        page.keyboard.press("Shift+Tab")
        now = focused(page)
        seen.append(now["text"])
        if "starter" in now["cls"] and now["text"] == QUESTION:
            break
    assert seen[-1] == QUESTION, seen
    assert focused(page)["outline"] == "solid 3px"
    page.screenshot(path=str(artifacts / "widget-desktop-keyboard.png"))

    with page.expect_response(lambda r: r.url.endswith("/v1/chat/stream")):
        page.keyboard.press("Enter")  # a starter prompt sends itself
    expect(page.locator(".msg.bot .feedback")).to_have_count(1, timeout=60_000)
    assert focused(page)["id"] == "isl-input"
    expect(page.locator(".msg.user .bubble")).to_have_text([QUESTION])

    page.keyboard.type("And Level 3?")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("In Finances.")
    assert page.locator("#isl-input").input_value() == "And Level 3?\nIn Finances."
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot .feedback")).to_have_count(2, timeout=60_000)
    assert page.locator("#isl-input").input_value() == ""

    page.keyboard.press("Shift+Tab")  # from the input back into the last reply's controls
    for _ in range(8):
        if focused(page)["cls"] == "fb":
            break
        page.keyboard.press("Shift+Tab")
    assert focused(page)["cls"] == "fb"
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot").last.locator(".fb-note")).to_have_text("Thanks for your feedback.")

    page.keyboard.press("Escape")
    expect(page.locator("#isl-panel")).to_be_hidden()
    assert focused(page)["text"] == LAUNCHER
    expect(page.get_by_role("button", name=LAUNCHER)).to_have_attribute("aria-expanded", "false")


def test_hostile_text_is_rendered_inert(page: Any, live: Any, watch: Any) -> None:
    page.goto(live.base + "/")
    open_panel(page)
    # (a) the user's own message, then the same text coming back from the server's history
    ask(page, f"{HOSTILE} {QUESTION}")
    expect(page.locator(".msg.user .bubble")).to_have_text([f"{HOSTILE} {QUESTION}"])
    page.wait_for_timeout(300)
    assert page.evaluate(SMUGGLED) == {"elements": 0, "inlineScripts": 0, "xss": "undefined"}
    page.reload()
    open_panel(page)
    expect(page.locator(".msg.user .bubble")).to_have_text([f"{HOSTILE} {QUESTION}"])
    page.wait_for_timeout(300)
    assert page.evaluate(SMUGGLED) == {"elements": 0, "inlineScripts": 0, "xss": "undefined"}

    # (b) a hostile reply and citation fed straight to the renderer
    rendered = page.evaluate(
        """([hostile]) => {
          const reply = '**Bold ' + hostile + '** and <b onmouseover=alert(2)>x</b> [A.4]\\n\\n' +
            '- [click](javascript:alert(3)) and [ok](https://example.org/a?b=1)\\n- ' + hostile + ' [A.4.L2]\\n\\n' +
            'See https://example.org/x. and `<script>alert(4)</script>`';
          const node = window.ISLWidget.renderReplyForTest(reply, [
            {id: 'A.4', title: '<img src=x onerror=alert(5)>', kind: '<script>window.__xss=2</script>'},
            {id: 'A.4.L2', title: '"><svg onload=alert(6)>', kind: 'level'}]);
          document.body.append(node);
          return {
            text: node.textContent,
            tags: [...node.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
            links: [...node.querySelectorAll('a:not(.cite)')].map(a => a.getAttribute('href')),
            chipTitles: [...node.querySelectorAll('a.cite')].map(a => a.title),
            attrs: [...node.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)),
          };
        }""",
        [HOSTILE],
    )
    page.wait_for_timeout(300)
    assert set(rendered["tags"]) <= {
        "div", "p", "strong", "em", "ul", "li", "a", "span", "code", "details", "summary", "br",
    }
    assert not [a for a in rendered["attrs"] if a.startswith("on")]
    assert rendered["links"] == ["https://example.org/a?b=1", "https://example.org/x"]
    assert "<script>window.__xss=1</script>" in rendered["text"]
    assert "<img src=x onerror=alert(5)>" in rendered["text"]
    assert rendered["chipTitles"] == ["<img src=x onerror=alert(5)>", '"><svg onload=alert(6)>']

    # (c) a hostile stream, as if the server itself were compromised
    done = {"session_id": "hostile-session-0001", "turn_id": "hostile-turn-0001", "mode": "qa",
            "reply": f"{HOSTILE} [A.4]", "refused": False,
            "citations": [{"id": "A.4", "title": "<img src=x onerror=alert(7)>", "kind": HOSTILE}]}
    body = (f"event: delta\ndata: {json.dumps({'text': HOSTILE})}\n\n"
            f"event: done\ndata: {json.dumps(done)}\n\n")
    page.route("**/v1/chat/stream", lambda route: route.fulfill(
        status=200, headers={"Content-Type": "text/event-stream"}, body=body))
    page.get_by_role("button", name="New conversation").click()
    ask(page, QUESTION)
    last = page.locator(".msg.bot").last
    expect(last.locator(".bubble")).to_contain_text(HOSTILE)
    expect(last.locator("summary")).to_contain_text("<img src=x onerror=alert(7)>")
    page.wait_for_timeout(300)
    smuggled = page.evaluate(SMUGGLED)
    assert smuggled == {"elements": 0, "inlineScripts": 0, "xss": "undefined"}
    assert watch.dialogs == []


def test_errors_are_shown_in_the_panel(page: Any, live: Any) -> None:
    page.goto(live.base + "/")
    open_panel(page)
    box = page.locator("#isl-input")
    box.fill("   ")
    box.press("Enter")
    expect(page.locator(".msg")).to_have_count(0)  # blank input is not sent

    limited = {"error": {"code": "rate_limited", "message": "Too many requests from this client.",
                         "hint": "The limit is 60 a minute."}}
    page.route("**/v1/chat/stream", lambda route: route.fulfill(
        status=429, headers={"Content-Type": "application/json"}, body=json.dumps(limited)))
    box.fill(QUESTION)
    box.press("Enter")
    error = page.locator(".msg.bot.error .bubble")
    expect(error).to_contain_text("Too many requests from this client.")
    expect(error).to_contain_text("The limit is 60 a minute.")
    expect(page.locator("[role=status]")).to_contain_text("Error: Too many requests")
    expect(page.get_by_role("button", name="Send")).to_be_enabled()


def test_partner_site_embeds_by_script_tag_and_iframe(page: Any, live: Any) -> None:
    page.goto(live.partner + "/")
    expect(page.locator("#isl-title")).to_have_text("Ask about ISL competencies")
    open_panel(page)
    ask(page, QUESTION)  # cross-origin: a CORS preflight, then the stream
    expect(page.locator(".msg.bot .bubble a.cite", has_text="A.4.L2").first).to_be_visible()

    page.goto(live.partner + "/iframe")
    frame = page.frame_locator("iframe")
    expect(frame.locator("#isl-panel")).to_be_visible()
    expect(frame.get_by_role("button", name=LAUNCHER)).to_have_count(0)
    box = frame.locator("#isl-input")
    box.fill(QUESTION)
    box.press("Enter")
    expect(frame.locator(".msg.bot .feedback")).to_have_count(1, timeout=60_000)
    expect(frame.locator(".msg.bot .bubble a.cite", has_text="A.4.L2").first).to_be_visible()


def test_an_origin_not_in_cors_origins_cannot_call_the_api(page: Any, live: Any) -> None:
    page.goto(live.stranger + "/")
    open_panel(page)
    box = page.locator("#isl-input")
    box.fill(QUESTION)
    box.press("Enter")
    expect(page.locator(".msg.bot.error .bubble")).to_contain_text("Could not reach the assistant.")


def test_320px_wide(narrow_page: Any, live: Any, artifacts: Path) -> None:
    page = narrow_page
    page.goto(live.base + "/")
    expect(page.get_by_role("button", name=LAUNCHER)).to_be_in_viewport()
    open_panel(page)
    ask(page, QUESTION)
    card = page.locator(".msg.bot details.card").first
    card.locator("summary").click()
    expect(card).to_have_attribute("open", "")

    box = page.locator("#isl-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    sizes = page.evaluate("""() => {
      const root = document.querySelector('[data-isl-widget]').shadowRoot;
      const log = root.querySelector('.log');
      const out = {page: document.documentElement.scrollWidth, log: log.scrollWidth - log.clientWidth, offscreen: []};
      root.querySelectorAll('button, textarea, summary, .bubble, .card').forEach(e => {
        const r = e.getBoundingClientRect();
        if (r.width && (r.left < 0 || r.right > 320)) out.offscreen.push(e.className || e.tagName);
      });
      return out;
    }""")
    assert sizes == {"page": 320, "log": 0, "offscreen": []}
    for name in ("Close chat", "New conversation", "Delete my conversation", "Send"):
        expect(page.get_by_role("button", name=name)).to_be_in_viewport()

    page.locator(".log").evaluate("el => { el.scrollTop = 0; }")
    page.screenshot(path=str(artifacts / "widget-320.png"))
    page.locator("#isl-input").focus()
    page.keyboard.press("Shift+Tab")  # show a focus ring at 320 px too
    page.locator(".log").evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.screenshot(path=str(artifacts / "widget-320-focus.png"))
