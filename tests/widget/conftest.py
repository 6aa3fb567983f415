"""Fixtures for the widget's browser tests: the real app under uvicorn, partner sites, headless Chromium.

Three real servers run in threads on loopback (house style point 9, after httpx's ``serve_in_thread``):
the assistant itself, a partner site on an origin listed in ``cors_origins`` and one on an origin that
is not. Different ports are different origins, so the browser enforces CORS between them for real.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from assistant.api.app import create_app
from assistant.settings import ROOT, Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"


@dataclass
class Live:
    """Where the servers listen."""

    base: str  # the assistant: demo page, /embed, /widget.js and the API
    partner: str  # a site allowed by cors_origins
    stranger: str  # a site that is not

    def client(self, visitor: str | None = None) -> httpx.Client:
        headers = {"X-Visitor-Id": visitor} if visitor else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=30)


class _PartnerSite(BaseHTTPRequestHandler):
    """A third-party page that embeds the widget with one script tag, or the iframe variant."""

    api = ""  # set once the assistant listens

    def do_GET(self) -> None:
        api = self.api
        if self.path.startswith("/iframe"):
            body = (f'<iframe src="{api}/embed" title="ISL Competency Assistant" '
                    'style="width:100%;height:600px;border:0"></iframe>')
        else:
            body = (f'<p><a href="#top">A link on the partner page</a></p>'
                    f'<script src="{api}/widget.js" data-api="{api}" data-title="Ask about ISL competencies" '
                    'data-position="left"></script>')
        html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
                'content="width=device-width, initial-scale=1"><title>Partner</title></head>'
                f"<body><h1>Partner museum</h1>{body}</body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(html)))
        self.end_headers()
        self.wfile.write(html)

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
        return None


def _serve_site() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PartnerSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def live(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    partner, partner_url = _serve_site()
    stranger, stranger_url = _serve_site()
    tmp = tmp_path_factory.mktemp("widget-db")
    settings = Settings(
        environment="test", index_dir=index_dir, database_url=f"sqlite:///{tmp}/a.db", auto_build_index=False,
        rate_limit_per_minute=100000, cors_origins=[partner_url],
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    _PartnerSite.api = base
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", ws="none", http="h11"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 300
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the assistant did not start under uvicorn")
        time.sleep(0.05)
    assert httpx.get(f"{base}/readyz", timeout=30).json()["status"] == "ready"
    yield Live(base, partner_url, stranger_url)
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()
    for site in (partner, stranger):
        site.shutdown()
        site.server_close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; scripts/install-browser.sh installs it in CI."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-browser.sh (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What a page did that a test must see: dialogs opened and uncaught script errors."""

    dialogs: list[str]
    errors: list[str]


@pytest.fixture
def watch() -> Watch:
    return Watch([], [])


def _new_page(chromium: Any, watch: Watch, **context: Any) -> Any:
    ctx = chromium.new_context(locale="en-US", **context)
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    return page


@pytest.fixture
def page(chromium: Any, watch: Watch) -> Iterator[Any]:
    """A fresh desktop browser context (its own localStorage, so its own visitor id)."""
    p = _new_page(chromium, watch, viewport={"width": 1280, "height": 800})
    yield p
    p.context.close()
    assert watch.errors == [], f"uncaught script errors: {watch.errors}"


@pytest.fixture
def narrow_page(chromium: Any, watch: Watch) -> Iterator[Any]:
    """A phone-sized context, 320 CSS pixels wide."""
    p = _new_page(chromium, watch, viewport={"width": 320, "height": 640}, device_scale_factor=2,
                  is_mobile=True, has_touch=True)
    yield p
    p.context.close()
    assert watch.errors == [], f"uncaught script errors: {watch.errors}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
