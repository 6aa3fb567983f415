"""Read-only queries for evaluators: filter and page through turns, and one turn with its full record.

Retrieved passages are stored as ids and scores only; ``turn_detail`` adds each passage's text through
a lookup passed in by the caller (the loaded index), so this module stays below the indexing layer.
A passage no longer in the index is shown with ``text: None`` and ``in_current_index: False``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, not_, select
from sqlalchemy.orm import selectinload

from assistant.audit.ratings import Rating, RatingRecord, iso_utc
from assistant.audit.store import AuditStore
from assistant.audit.tables import AuditRecord, Turn
from assistant.errors import InputError, NotFoundError

MAX_PAGE = 200
PassageLookup = Callable[[str], "tuple[str, str] | None"]
"""``lookup(chunk_id) -> (title, text)`` or None when the current index has no such chunk."""


@dataclass(frozen=True)
class TurnFilter:
    """Which turns to list; every field left ``None`` means "any"."""

    since: datetime | None = None
    until: datetime | None = None
    mode: str | None = None
    refused: bool | None = None
    flagged: bool | None = None
    rated: bool | None = None
    min_rating: float | None = None
    max_rating: float | None = None
    unrated_by: str | None = None

    def __post_init__(self) -> None:
        for name in ("min_rating", "max_rating"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= 5:
                raise InputError(f"{name} must be between 1 and 5, got {value}.")
        if self.since and self.until and self.since > self.until:
            raise InputError("since is after until.", hint="Swap the two dates.")


def _rating_stats() -> Any:
    mean = (Rating.groundedness + Rating.helpfulness + Rating.tone) / 3.0
    return (
        select(Rating.turn_id.label("turn_id"), func.count().label("n"), func.avg(mean).label("mean"))
        .group_by(Rating.turn_id)
        .subquery()
    )


def _filtered(flt: TurnFilter) -> tuple[Select[Any], Any]:
    stats = _rating_stats()
    q = select(Turn, stats.c.n, stats.c.mean).outerjoin(stats, stats.c.turn_id == Turn.id)
    conds = []
    if flt.since is not None:
        conds.append(Turn.created_at >= flt.since)
    if flt.until is not None:
        conds.append(Turn.created_at <= flt.until)
    if flt.mode:
        conds.append(Turn.mode == flt.mode)
    if flt.refused is not None:
        conds.append(Turn.refused.is_(flt.refused))
    if flt.flagged is not None:
        conds.append(Turn.flagged.is_(flt.flagged))
    if flt.rated is not None:
        conds.append(stats.c.n.is_not(None) if flt.rated else stats.c.n.is_(None))
    if flt.min_rating is not None:
        conds.append(stats.c.mean >= flt.min_rating)
    if flt.max_rating is not None:
        conds.append(stats.c.mean <= flt.max_rating)
    if flt.unrated_by:
        mine = exists().where(and_(Rating.turn_id == Turn.id, Rating.evaluator == flt.unrated_by))
        conds.append(not_(mine))
    if conds:
        q = q.where(and_(*conds))
    return q, stats


def _summary(turn: Turn, n: int | None, mean: float | None) -> dict[str, Any]:
    audit = turn.audit
    return {
        "turn_id": turn.id, "session_id": turn.session_id, "seq": turn.seq,
        "created_at": iso_utc(turn.created_at), "mode": turn.mode,
        "user_message": turn.user_message, "reply": turn.reply,
        "refused": turn.refused, "flagged": turn.flagged, "feedback": turn.feedback,
        "generator": audit.generator if audit else None, "index_version": audit.index_version if audit else None,
        "ratings": int(n or 0), "mean_rating": None if mean is None else round(float(mean), 3),
    }


def list_turns(store: AuditStore, flt: TurnFilter, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """One page of matching turns, newest first, with the total count."""
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"limit must be between 1 and {MAX_PAGE}, got {limit}.")
    if offset < 0:
        raise InputError("offset must not be negative.")
    q, _ = _filtered(flt)
    with store.sessions() as db:
        total = int(db.scalar(select(func.count()).select_from(q.subquery())) or 0)
        rows = db.execute(
            q.options(selectinload(Turn.audit)).order_by(Turn.created_at.desc(), Turn.id).limit(limit).offset(offset)
        ).all()
        items = [_summary(t, n, mean) for t, n, mean in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def iter_turns(store: AuditStore, flt: TurnFilter, *, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every matching turn with its audit record, oldest first, in batches (for exports)."""
    q, _ = _filtered(flt)
    offset = 0
    while True:
        with store.sessions() as db:
            rows = db.execute(
                q.options(selectinload(Turn.audit)).order_by(Turn.created_at, Turn.id).limit(batch).offset(offset)
            ).all()
            out = [{**_summary(t, n, mean), **_audit_fields(t.audit)} for t, n, mean in rows]
        yield from out
        if len(rows) < batch:
            return
        offset += batch


def _audit_fields(audit: AuditRecord | None) -> dict[str, Any]:
    if audit is None:
        return {}
    return {
        "channel": audit.channel, "query": audit.query, "decision": audit.decision,
        "retrieved": audit.retrieved or [], "prompt_id": audit.prompt_id, "prompt_version": audit.prompt_version,
        "model": audit.model, "citations": audit.citations or [], "flags": audit.flags or [],
        "latency_ms": audit.latency_ms, "started_at": iso_utc(audit.started_at) if audit.started_at else None,
    }


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def turn_detail(store: AuditStore, turn_id: str, lookup: PassageLookup, ratings: list[RatingRecord]) -> dict[str, Any]:
    """Everything the audit record holds about one turn, passages with their current text, and its ratings."""
    with store.sessions() as db:
        turn = db.get(Turn, turn_id, options=[selectinload(Turn.audit)]) if _is_uuid(turn_id) else None
        if turn is None:
            raise NotFoundError(f"No turn with id {turn_id!r}.")
        n = len(ratings)
        mean = sum((r.groundedness + r.helpfulness + r.tone) / 3 for r in ratings) / n if n else None
        detail = {**_summary(turn, n, mean), **_audit_fields(turn.audit)}
    passages = []
    for hit in detail.get("retrieved", []):
        found = lookup(str(hit.get("id")))
        passages.append({**hit, "text": found[1] if found else None, "in_current_index": found is not None,
                         "title": hit.get("title") or (found[0] if found else None)})
    detail["retrieved"] = passages
    detail["ratings_detail"] = [r.to_dict() for r in ratings]
    return detail
