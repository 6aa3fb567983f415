"""The embeddable chat widget: ``/widget.js``, the demo page ``/`` and the iframe variant ``/embed``.

The widget is a static, framework-free script (``api/static/widget.js``); these routes only serve it.
The pages carry a Content-Security-Policy so that, even if a bug let server text reach the DOM as
markup, no inline script could run. ``/embed`` may be framed only by the configured CORS origins,
the same list that may call the chat API from the browser.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from assistant.api.deps import get_app_settings
from assistant.settings import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(tags=["widget"], include_in_schema=False)


def _csp(frame_ancestors: str) -> str:
    return (
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
        # 'unsafe-inline' for styles only: the widget puts its stylesheet in a <style> element
        # inside its shadow root, so one script tag is all a host page needs.
        "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {frame_ancestors}"
    )


def _page(name: str, frame_ancestors: str) -> FileResponse:
    return FileResponse(
        STATIC / name,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": _csp(frame_ancestors),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Cache-Control": "no-cache",
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
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript; charset=utf-8",
        # Host pages load it cross-origin with a plain <script> tag; no credentials are involved.
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff",
                 "Cross-Origin-Resource-Policy": "cross-origin"},
    )
