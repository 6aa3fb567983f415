"""The embeddable chat widget: ``/widget.js`` and its modules, the demo page ``/`` and the iframe variant ``/embed``.

The widget is static, framework-free code served as it is, without a build step:
``/widget.js`` is a small classic script (the one tag host pages use) that adds
``/widget/main.js``, an ES module, which imports its siblings ``/widget/*.js`` and gives its shadow
root ``/widget/widget.css``. Host pages load all of it cross-origin. Module scripts are fetched in
CORS mode, so the assets carry ``Access-Control-Allow-Origin: *``: they are public code, served
without cookies or secrets, and ``*`` never lets a browser send credentials. Whether a page may then
*talk* to the assistant is still decided by the API's CORS origins.

The pages carry a Content-Security-Policy so that, even if a bug let server text reach the DOM as
markup, no inline script could run, and no inline style either except the pages' own ``<style>``
blocks, allowed by hash. ``/embed`` may be framed only by the configured CORS origins, the same list
that may call the chat API from the browser.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse

from assistant.api.deps import get_app_settings
from assistant.settings import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"
WIDGET = STATIC / "widget"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# Only files that ship in static/widget/ are served, by name: no path from the URL reaches the disk.
ASSETS = {p.name: p for p in sorted(WIDGET.iterdir()) if p.suffix in MEDIA_TYPES}

router = APIRouter(tags=["widget"], include_in_schema=False)

_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


@lru_cache(maxsize=16)
def _style_hashes(path: Path, mtime_ns: int) -> str:
    """CSP sources for the page's inline ``<style>`` blocks, so style-src needs no 'unsafe-inline'."""
    blocks = _STYLE_BLOCK.findall(path.read_text(encoding="utf-8"))
    digests = (base64.b64encode(hashlib.sha256(b.encode("utf-8")).digest()).decode("ascii") for b in blocks)
    return "".join(f" 'sha256-{d}'" for d in digests)


def _csp(frame_ancestors: str, styles: str) -> str:
    return (
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
        f"style-src 'self'{styles}; object-src 'none'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {frame_ancestors}"
    )


def _page(name: str, frame_ancestors: str) -> FileResponse:
    path = STATIC / name
    return FileResponse(
        path,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": _csp(frame_ancestors, _style_hashes(path, path.stat().st_mtime_ns)),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Cache-Control": "no-cache",
        },
    )


def _asset(path: Path, cache_control: str) -> FileResponse:
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[path.suffix],
        headers={
            "Cache-Control": cache_control,
            "X-Content-Type-Options": "nosniff",
            # Loaded by pages on other origins: CORS for the module fetches, CORP for pages with COEP.
            "Access-Control-Allow-Origin": "*",
            "Cross-Origin-Resource-Policy": "cross-origin",
        },
    )


@router.get("/")
def demo_page() -> FileResponse:
    """A demo page that embeds the widget with one script tag."""
    return _page("index.html", "'self'")


@router.get("/embed")
def embed_page(settings: Settings = Depends(get_app_settings)) -> FileResponse:
    """The same chat, full page, for ``<iframe src=".../embed">`` on the configured origins."""
    origins = " ".join(o for o in settings.cors_origins if o != "*")
    return _page("embed.html", f"'self' {origins}".strip())


@router.get("/widget.js")
def widget_js() -> FileResponse:
    """The loader: the one script tag host pages use."""
    return _asset(STATIC / "widget.js", "public, max-age=300")


@router.get("/widget/{name}")
def widget_asset(name: str) -> FileResponse:
    """A module of the widget or its stylesheet."""
    path = ASSETS.get(name)
    if path is None:
        raise HTTPException(404, f"No widget file {name!r}.")
    # Revalidated on every load: modules cached at different times could come from two releases.
    return _asset(path, "no-cache")
