"""Export turns and ratings as JSONL or CSV, streamed row by row.

CSV cells holding lists or objects (retrieved hits, citations, flags) are JSON text. A cell that
starts with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading apostrophe, so a spreadsheet opening
the file shows a user's message instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal

Format = Literal["jsonl", "csv"]
MEDIA_TYPES: dict[str, str] = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}

TURN_COLUMNS = (
    "turn_id", "session_id", "seq", "created_at", "mode", "channel", "user_message", "query", "decision", "reply",
    "refused", "flagged", "feedback", "generator", "model", "prompt_id", "prompt_version", "index_version",
    "retrieved", "citations", "flags", "latency_ms", "ratings", "mean_rating",
)
RATING_COLUMNS = (
    "turn_id", "evaluator", "groundedness", "helpfulness", "tone", "comment", "corrected_answer",
    "created_at", "updated_at",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def to_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def export(rows: Iterable[dict[str, Any]], fmt: Format, columns: tuple[str, ...]) -> Iterator[str]:
    """``rows`` as JSONL (every field) or CSV (``columns`` in order)."""
    if fmt == "jsonl":
        return to_jsonl(rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    raise ValueError(f"unknown export format {fmt!r}; use jsonl or csv")
