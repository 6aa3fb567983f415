"""Evaluator endpoints (API key with role evaluator or admin) and the evaluator page at ``/evaluator``.

Thin: parse, call :mod:`assistant.audit.queries` / ``ratings`` / ``exports`` or
:mod:`assistant.evaluation.replay`, shape the output. The page itself needs no key (it holds none);
every call it makes sends the key the evaluator pasted, from ``sessionStorage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import FileResponse, StreamingResponse

from assistant.api.deps import get_services, get_store, require_role
from assistant.api.services import Services
from assistant.audit import exports, queries
from assistant.audit.ratings import RatingInput, RatingStore, evaluator_identity, key_hash
from assistant.audit.store import AuditStore
from assistant.evaluation.rating_agreement import agreement
from assistant.evaluation.replay import replay_turn

STATIC = Path(__file__).resolve().parent.parent / "static"
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

router = APIRouter(tags=["audit"])
api = APIRouter(prefix="/v1/audit", dependencies=[Depends(require_role("evaluator"))])


@dataclass(frozen=True)
class Evaluator:
    identity: str
    key_hash: str
    role: str


def current_evaluator(
    role: str = Depends(require_role("evaluator")),
    authorization: str | None = Header(default=None),
    x_api_key: str | None = Header(default=None),
    x_evaluator_name: str | None = Header(default=None, max_length=200),
) -> Evaluator:
    key = x_api_key or (authorization[7:].strip() if authorization else "")
    return Evaluator(evaluator_identity(x_evaluator_name, key), key_hash(key), role)


def get_ratings(store: AuditStore = Depends(get_store)) -> RatingStore:
    return RatingStore(store.engine)


def turn_filter(
    since: datetime | None = Query(default=None, description="ISO date-time, inclusive"),
    until: datetime | None = Query(default=None, description="ISO date-time, inclusive"),
    mode: Literal["qa", "match", "coach"] | None = None,
    refused: bool | None = None,
    flagged: bool | None = None,
    rated: bool | None = None,
    min_rating: float | None = Query(default=None, ge=1, le=5, description="mean of the turn's ratings"),
    max_rating: float | None = Query(default=None, ge=1, le=5),
    unrated_by_me: bool = Query(default=False, description="only turns the caller has not rated"),
    me: Evaluator = Depends(current_evaluator),
) -> queries.TurnFilter:
    return queries.TurnFilter(since, until, mode, refused, flagged, rated, min_rating, max_rating,
                              me.identity if unrated_by_me else None)


@api.get("/me")
def whoami(me: Evaluator = Depends(current_evaluator)) -> dict[str, str]:
    return {"evaluator": me.identity, "role": me.role}


@api.get("/turns")
def list_turns(
    flt: queries.TurnFilter = Depends(turn_filter),
    limit: int = Query(default=20, ge=1, le=queries.MAX_PAGE),
    offset: int = Query(default=0, ge=0),
    store: AuditStore = Depends(get_store),
) -> dict[str, Any]:
    return queries.list_turns(store, flt, limit=limit, offset=offset)


@api.get("/turns/{turn_id}")
def get_turn(
    turn_id: str, services: Services = Depends(get_services), ratings: RatingStore = Depends(get_ratings)
) -> dict[str, Any]:
    index = services.runtime.index

    def lookup(chunk_id: str) -> tuple[str, str] | None:
        chunk = index.chunk(chunk_id)
        return None if chunk is None else (chunk.title, chunk.text)

    return queries.turn_detail(services.store, turn_id, lookup, ratings.for_turn(turn_id))


@api.post("/turns/{turn_id}/replay")
def replay(turn_id: str, services: Services = Depends(get_services)) -> dict[str, Any]:
    return replay_turn(services.runtime.qa, services.store, turn_id, index_version=services.index_version)


@api.put("/turns/{turn_id}/rating")
def rate(
    turn_id: str, body: RatingInput, me: Evaluator = Depends(current_evaluator),
    ratings: RatingStore = Depends(get_ratings),
) -> dict[str, Any]:
    return ratings.rate(turn_id, me.identity, body, api_key_hash=me.key_hash).to_dict()


@api.get("/turns/{turn_id}/ratings")
def turn_ratings(turn_id: str, ratings: RatingStore = Depends(get_ratings)) -> list[dict[str, Any]]:
    return [r.to_dict() for r in ratings.for_turn(turn_id)]


@api.get("/ratings/agreement")
def rating_agreement(ratings: RatingStore = Depends(get_ratings)) -> dict[str, Any]:
    return agreement(ratings.all())


def _download(rows: Any, fmt: exports.Format, columns: tuple[str, ...], name: str) -> StreamingResponse:
    return StreamingResponse(
        exports.export(rows, fmt, columns), media_type=exports.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@api.get("/export/turns")
def export_turns(
    format: exports.Format = Query(default="jsonl"),
    flt: queries.TurnFilter = Depends(turn_filter),
    store: AuditStore = Depends(get_store),
) -> StreamingResponse:
    return _download(queries.iter_turns(store, flt), format, exports.TURN_COLUMNS, "turns")


@api.get("/export/ratings")
def export_ratings(
    format: exports.Format = Query(default="jsonl"), ratings: RatingStore = Depends(get_ratings)
) -> StreamingResponse:
    return _download((r.to_dict() for r in ratings.all()), format, exports.RATING_COLUMNS, "ratings")


@router.get("/evaluator", include_in_schema=False)
def evaluator_page() -> FileResponse:
    return FileResponse(STATIC / "evaluator.html", media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)


@router.get("/evaluator/evaluator.js", include_in_schema=False)
def evaluator_script() -> FileResponse:
    return FileResponse(STATIC / "evaluator.js", media_type="text/javascript; charset=utf-8", headers=_PAGE_HEADERS)


router.include_router(api)
