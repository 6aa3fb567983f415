"""The routes that serve the widget: content types, security headers, CORS for partner sites."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import Settings

pytestmark = pytest.mark.slow  # the app loads the real embedding model

PARTNER = "https://www.astc.example"
STATIC = Path(__file__).resolve().parents[2] / "assistant" / "api" / "static"
WIDGET_JS = [STATIC / "widget.js", *sorted((STATIC / "widget").glob("*.js"))]
# How the widget names its files: the loader's new URL("widget/main.js", self), static imports
# (import ... from "./x.js"), dynamic import("./x.js") and new URL("widget.css", import.meta.url).
REFERENCE = re.compile(r"""new URL\("([^"]+)",|\bfrom\s+"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)""")


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


def served_files(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Every file the widget loads, found by following references from /widget.js: path -> response."""
    todo: list[str] = ["http://testserver/widget.js"]
    seen: dict[str, Any] = {}
    while todo:
        url = todo.pop()
        path = urlsplit(url).path
        if path in seen:
            continue
        r = seen[path] = client.get(path, headers=headers or {})
        assert r.status_code == 200, path
        if path.endswith(".js"):
            todo += [urljoin(url, next(g for g in m.groups() if g)) for m in REFERENCE.finditer(r.text)]
    return seen


def test_widget_script_is_served_as_javascript_without_secrets(client: TestClient) -> None:
    r = client.get("/widget.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["cross-origin-resource-policy"] == "cross-origin"
    for path, served in served_files(client).items():
        for secret in ("Authorization", "Bearer", "api_key", "X-API-Key", "innerHTML", "insertAdjacentHTML",
                       "outerHTML", "document.write", "eval(", "new Function"):
            assert secret not in served.text, (path, secret)


@pytest.mark.parametrize("path", WIDGET_JS, ids=lambda p: p.name)
def test_each_widget_module_is_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < 400, f"{path.name} has {lines} lines: split it by concept"


@pytest.mark.parametrize("origin", [None, PARTNER, "https://evil.example"])
def test_every_module_and_the_stylesheet_are_served_for_cross_origin_loading(
    client: TestClient, origin: str | None
) -> None:
    served = served_files(client, {"Origin": origin} if origin else None)
    on_disk = {"/widget.js"} | {f"/widget/{p.name}" for p in (STATIC / "widget").iterdir()}
    assert set(served) == on_disk  # each file is used, and each one used is served
    assert "/widget/main.js" in served and "/widget/widget.css" in served
    for path, r in served.items():
        h = r.headers
        kind = "text/css" if path.endswith(".css") else "text/javascript"
        assert h["content-type"].split(";")[0] == kind, path
        assert h["x-content-type-options"] == "nosniff", path
        assert h["cross-origin-resource-policy"] == "cross-origin", path
        # module scripts are fetched in CORS mode: any page may load the widget (calling the API is
        # what cors_origins limits), and no response allows credentials
        assert h["access-control-allow-origin"] in {"*", origin}, path
        assert "access-control-allow-credentials" not in h, path


@pytest.mark.parametrize("path", ["/widget/nope.js", "/widget/..%2Fwidget.js", "/widget/../routes/widget.py",
                                  "/widget/", "/widget/index.html"])
def test_only_the_widget_files_are_served_from_its_folder(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", ["/", "/embed"])
def test_page_styles_are_allowed_by_hash_not_unsafe_inline(client: TestClient, page: str) -> None:
    r = client.get(page)
    style_src = next(d for d in r.headers["content-security-policy"].split("; ") if d.startswith("style-src"))
    assert "'unsafe-inline'" not in style_src
    blocks = re.findall(r"<style>(.*?)</style>", r.text, re.DOTALL)
    assert blocks
    for block in blocks:
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in style_src


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
