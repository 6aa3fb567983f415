"""Coverage analysis: ``POST /v1/coverage`` (JSON, or ``?format=csv|xlsx|pdf`` as a file) and the ``/coverage`` page.

Thin: validate the set (:func:`assistant.coverage.inputs.check`), run the analysis, shape the output.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import get_coverage, get_services, rate_limited
from assistant.api.pages import STATIC, asset, page
from assistant.api.services import Services
from assistant.coverage import export
from assistant.coverage.analysis import CoverageAnalyzer, Item, Kind
from assistant.coverage.inputs import Format, Limits, check, parse
from assistant.errors import InputError, InputTooLargeError

router = APIRouter(tags=["coverage"])

FILES: dict[str, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


class CoverageItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200, description="Your id for the item, e.g. a course code.")
    title: str = Field(default="", max_length=500)
    text: str = Field(description="Its description, learning outcomes, abstract or job description.")


class CoverageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind = Field(description="curriculum (courses), program (conference or webinar sessions) or team (roles).")
    title: str | None = Field(default=None, max_length=500)
    items: list[CoverageItem] | None = Field(default=None, description="The items; or send `text` instead.")
    text: str | None = Field(default=None, description="The list as pasted or uploaded: CSV (id,title,text), "
                             "Markdown (a heading per item) or plain text (a blank line between items).")
    text_format: Format = Field(default="auto", description="How `text` is written; auto detects it.")


@router.post("/v1/coverage", dependencies=[Depends(rate_limited)], response_model=None)
def coverage(
    body: CoverageRequest,
    format: Literal["json", "csv", "xlsx", "pdf"] = Query(default="json", description="json, or a file."),
    analyzer: CoverageAnalyzer = Depends(get_coverage),
    services: Services = Depends(get_services),
) -> dict[str, Any] | Response:
    """For each item the competencies it serves (level, evidence offsets into its text); the matrix, gaps,
    over-weighted areas and suggestions for the gaps."""
    s = services.settings
    if (body.items is None) == (body.text is None):
        raise InputError("Send either `items` or `text`.",
                         hint='E.g. {"kind": "program", "items": [{"id": "s1", "title": "...", "text": "..."}]}.')
    if body.text is not None and len(body.text) > s.coverage_max_items * s.coverage_max_item_chars:
        raise InputTooLargeError(f"The text has {len(body.text):,} characters.", hint="Split it into several analyses.")
    items = (parse(body.text, body.text_format) if body.text is not None
             else [Item(id=i.id, title=i.title, text=i.text) for i in body.items or []])
    check(items, Limits(max_items=s.coverage_max_items, max_item_chars=s.coverage_max_item_chars))
    report = analyzer.analyze(items, body.kind, body.title)
    if format == "json":
        return report.model_dump()
    media, suffix = FILES[format]
    content = export.to_csv(report) if format == "csv" else (
        export.to_xlsx(report) if format == "xlsx" else export.to_pdf(report))
    return Response(content=content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="coverage-{body.kind}.{suffix}"'})


@router.get("/coverage", include_in_schema=False)
def coverage_page() -> FileResponse:
    """Paste or upload a list of courses, sessions or roles; see the heatmap and gaps; download the files."""
    return page("coverage.html")


@router.get("/coverage.js", include_in_schema=False)
def coverage_js() -> FileResponse:
    return asset(STATIC / "coverage.js", "text/javascript; charset=utf-8")


@router.get("/coverage.css", include_in_schema=False)
def coverage_css() -> FileResponse:
    return asset(STATIC / "coverage.css", "text/css; charset=utf-8")
