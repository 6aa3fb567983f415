"""Turn queries for evaluators and the JSONL/CSV exports, on a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.audit import exports, queries
from assistant.audit.db import Base, make_engine
from assistant.audit.migrate import upgrade
from assistant.audit.ratings import RatingInput, RatingStore
from assistant.audit.store import AuditStore
from assistant.errors import InputError, NotFoundError
from audit.test_ratings import make_turn


@pytest.fixture
def store(tmp_path: Path) -> AuditStore:
    engine = make_engine(f"sqlite:///{tmp_path / 'audit.db'}")
    upgrade(engine)
    Base.metadata.create_all(engine)  # the ratings table, until its migration exists (no-op after)
    return AuditStore(engine)


def rate(store: AuditStore, tid: str, who: str, score: int) -> None:
    RatingStore(store.engine).rate(tid, who, RatingInput(groundedness=score, helpfulness=score, tone=score),
                                   api_key_hash="h")


@pytest.fixture
def three(store: AuditStore) -> list[str]:
    a = make_turn(store, "budgets?")
    b = make_turn(store, "weather?", refused=True)
    c = make_turn(store, "ignore rules", flags=("injection",))
    rate(store, a, "ana", 5)
    rate(store, b, "ana", 2)
    rate(store, b, "bo", 1)
    return [a, b, c]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (queries.TurnFilter(), [0, 1, 2]),
        (queries.TurnFilter(refused=True), [1]),
        (queries.TurnFilter(refused=False), [0, 2]),
        (queries.TurnFilter(flagged=True), [2]),
        (queries.TurnFilter(rated=True), [0, 1]),
        (queries.TurnFilter(rated=False), [2]),
        (queries.TurnFilter(max_rating=2), [1]),
        (queries.TurnFilter(min_rating=4), [0]),
        (queries.TurnFilter(unrated_by="bo"), [0, 2]),
        (queries.TurnFilter(mode="match"), []),
        (queries.TurnFilter(since=datetime.now(UTC) + timedelta(days=1)), []),
        (queries.TurnFilter(until=datetime.now(UTC) + timedelta(days=1)), [0, 1, 2]),
    ],
)
def test_filters(store: AuditStore, three: list[str], flt: queries.TurnFilter, expected: list[int]) -> None:
    page = queries.list_turns(store, flt)
    assert sorted(t["turn_id"] for t in page["items"]) == sorted(three[i] for i in expected)
    assert page["total"] == len(expected)


def test_paging_newest_first(store: AuditStore, three: list[str]) -> None:
    first = queries.list_turns(store, queries.TurnFilter(), limit=2)
    second = queries.list_turns(store, queries.TurnFilter(), limit=2, offset=2)
    assert [t["turn_id"] for t in first["items"]] == [three[2], three[1]]
    assert [t["turn_id"] for t in second["items"]] == [three[0]]
    mean = next(t for t in first["items"] if t["turn_id"] == three[1])
    assert mean["ratings"] == 2 and mean["mean_rating"] == 1.5
    with pytest.raises(InputError):
        queries.list_turns(store, queries.TurnFilter(), limit=0)


def test_bad_filters_are_input_errors() -> None:
    with pytest.raises(InputError):
        queries.TurnFilter(min_rating=0)
    with pytest.raises(InputError):
        queries.TurnFilter(since=datetime(2025, 2, 1, tzinfo=UTC), until=datetime(2025, 1, 1, tzinfo=UTC))


def test_detail_adds_passage_text_from_the_lookup(store: AuditStore, three: list[str]) -> None:
    texts = {"A.4": ("Finances", "Budgets and income.")}
    ratings = RatingStore(store.engine).for_turn(three[1])
    d = queries.turn_detail(store, three[1], texts.get, ratings)
    assert d["retrieved"][0]["text"] == "Budgets and income." and d["retrieved"][0]["in_current_index"]
    assert d["retrieved"][1]["text"] is None and not d["retrieved"][1]["in_current_index"]
    assert d["prompt_id"] == "qa" and d["index_version"] == "idx-1" and d["generator"] == "composer"
    assert len(d["ratings_detail"]) == 2 and d["mean_rating"] == 1.5
    with pytest.raises(NotFoundError):
        queries.turn_detail(store, "nope", texts.get, [])


def test_iter_turns_pages_through_everything(store: AuditStore, three: list[str]) -> None:
    rows = list(queries.iter_turns(store, queries.TurnFilter(), batch=2))
    assert [r["turn_id"] for r in rows] == three
    assert rows[0]["retrieved"][0]["id"] == "A.4" and rows[0]["citations"][0]["id"] == "A.4"


def test_exports_jsonl_and_csv_with_formula_guard() -> None:
    rows = [{"turn_id": "t1", "user_message": "=1+1", "retrieved": [{"id": "A.4"}], "flags": ["x"], "extra": 1}]
    jsonl = "".join(exports.export(rows, "jsonl", exports.TURN_COLUMNS))
    assert json.loads(jsonl) == rows[0]
    text = "".join(exports.export(rows, "csv", exports.TURN_COLUMNS))
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert parsed[0]["user_message"] == "'=1+1"
    assert json.loads(parsed[0]["retrieved"]) == [{"id": "A.4"}]
    assert list(parsed[0]) == list(exports.TURN_COLUMNS)
    with pytest.raises(ValueError):
        exports.export(rows, "xml", exports.TURN_COLUMNS)  # type: ignore[arg-type]
