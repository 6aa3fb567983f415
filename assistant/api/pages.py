"""The HTML pages the app serves (the widget demo, the embed page, the coverage page): one set of headers.

The pages carry a Content-Security-Policy so that, even if a bug let server text reach the DOM as
markup, no inline script could run.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent / "static"


def csp(frame_ancestors: str = "'self'", *, inline_styles: bool = False) -> str:
    """``inline_styles``: the widget puts its stylesheet in a <style> element inside its shadow root."""
    styles = "'self' 'unsafe-inline'" if inline_styles else "'self'"
    return (
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
        f"style-src {styles}; object-src 'none'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {frame_ancestors}"
    )


def page(name: str, frame_ancestors: str = "'self'", *, inline_styles: bool = False) -> FileResponse:
    return FileResponse(
        STATIC / name,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": csp(frame_ancestors, inline_styles=inline_styles),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Cache-Control": "no-cache",
        },
    )


def asset(name: str, media_type: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type=media_type,
                        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"})
