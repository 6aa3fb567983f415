"""The HTML pages the app serves (the widget demo, the embed page, the coverage page): one set of headers.

The pages carry a Content-Security-Policy so that, even if a bug let server text reach the DOM as
markup, no inline script could run, and no inline style either except the page's own ``<style>``
blocks, allowed by their sha256 hash (so style-src never needs 'unsafe-inline').
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent / "static"

_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


@lru_cache(maxsize=16)
def _style_hashes(path: Path, mtime_ns: int) -> tuple[str, ...]:
    """CSP sources for the page's inline ``<style>`` blocks (``mtime_ns`` keys the cache to the file)."""
    blocks = _STYLE_BLOCK.findall(path.read_text(encoding="utf-8"))
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(b.encode("utf-8")).digest()).decode("ascii") + "'"
        for b in blocks
    )


def csp(frame_ancestors: str = "'self'", style_hashes: tuple[str, ...] = ()) -> str:
    styles = " ".join(("'self'", *style_hashes))
    return (
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
        f"style-src {styles}; object-src 'none'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {frame_ancestors}"
    )


def page(name: str, frame_ancestors: str = "'self'") -> FileResponse:
    path = STATIC / name
    return FileResponse(
        path,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": csp(frame_ancestors, _style_hashes(path, path.stat().st_mtime_ns)),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Cache-Control": "no-cache",
        },
    )


def asset(path: Path, media_type: str, *, cache_control: str = "no-cache",
          cross_origin: bool = False) -> FileResponse:
    """A static file. ``cross_origin``: loaded by pages on other origins (the widget), so it carries
    CORS for module fetches and CORP for pages with COEP; it is public code served without secrets."""
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": cache_control}
    if cross_origin:
        headers |= {"Access-Control-Allow-Origin": "*", "Cross-Origin-Resource-Policy": "cross-origin"}
    return FileResponse(path, media_type=media_type, headers=headers)
