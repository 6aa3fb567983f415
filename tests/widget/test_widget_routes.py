"""The routes that serve the widget: content types, security headers, CORS for partner sites."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import Settings

pytestmark = pytest.mark.slow  # the app loads the real embedding model

PARTNER = "https://www.astc.example"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"cors_origins": [PARTNER]}))) as c:
        yield c


def test_demo_page_embeds_the_widget_under_a_strict_csp(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<script src="/widget.js"' in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_embed_page_may_be_framed_by_the_configured_origins_only(client: TestClient) -> None:
    r = client.get("/embed")
    assert r.status_code == 200
    assert 'data-mode="embed"' in r.text
    assert r.headers["content-security-policy"].endswith(f"frame-ancestors 'self' {PARTNER}")


def test_widget_script_is_served_as_javascript_without_secrets(client: TestClient) -> None:
    r = client.get("/widget.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["cross-origin-resource-policy"] == "cross-origin"
    for secret in ("Authorization", "Bearer", "api_key", "X-API-Key", "innerHTML", "insertAdjacentHTML",
                   "outerHTML", "document.write", "eval("):
        assert secret not in r.text, secret


@pytest.mark.parametrize(("origin", "allowed"), [(PARTNER, True), ("https://evil.example", False)])
def test_chat_preflight_is_answered_for_configured_origins_only(
    client: TestClient, origin: str, allowed: bool
) -> None:
    r = client.options("/v1/chat/stream", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-visitor-id",
    })
    assert (r.headers.get("access-control-allow-origin") == origin) is allowed
    assert (r.status_code == 200) is allowed
