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

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse

from assistant.api.deps import get_app_settings
from assistant.api.pages import STATIC, asset, page
from assistant.settings import Settings

WIDGET = STATIC / "widget"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# Only files that ship in static/widget/ are served, by name: no path from the URL reaches the disk.
ASSETS = {p.name: p for p in sorted(WIDGET.iterdir()) if p.suffix in MEDIA_TYPES}

router = APIRouter(tags=["widget"], include_in_schema=False)


@router.get("/")
def demo_page() -> FileResponse:
    """A demo page that embeds the widget with one script tag."""
    return page("index.html", "'self'")


@router.get("/embed")
def embed_page(settings: Settings = Depends(get_app_settings)) -> FileResponse:
    """The same chat, full page, for ``<iframe src=".../embed">`` on the configured origins."""
    origins = " ".join(o for o in settings.cors_origins if o != "*")
    return page("embed.html", f"'self' {origins}".strip())


@router.get("/widget.js")
def widget_js() -> FileResponse:
    """The loader: the one script tag host pages use."""
    return asset(STATIC / "widget.js", MEDIA_TYPES[".js"], cache_control="public, max-age=300", cross_origin=True)


@router.get("/widget/{name}")
def widget_asset(name: str) -> FileResponse:
    """A module of the widget or its stylesheet."""
    path = ASSETS.get(name)
    if path is None:
        raise HTTPException(404, f"No widget file {name!r}.")
    # Revalidated on every load: modules cached at different times could come from two releases.
    return asset(path, MEDIA_TYPES[path.suffix], cross_origin=True)
