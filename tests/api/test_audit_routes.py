"""Evaluator endpoints against the real app under uvicorn: credentials, listing, detail, replay,
ratings, agreement and exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import inspect

from api.conftest import Live

pytestmark = pytest.mark.slow

EVAL = {"X-API-Key": "eval-key-0123456789"}
ADMIN = {"Authorization": "Bearer admin-key-0123456789"}
QUESTIONS = [
    "What does level 2 mean for finances?",
    "What's the weather going to be like in Chicago tomorrow?",
    "What is the Mission, Vision, and Goals category about?",
]


@pytest.fixture(scope="module")
def turns(live: Live) -> Iterator[list[str]]:
    ids = []
    with live.client() as c:
        for q in QUESTIONS:
            r = c.post("/v1/chat", json={"message": q, "mode": "qa"})
            assert r.status_code == 200, r.text
            ids.append(r.json()["turn_id"])
    yield ids


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/audit/turns"), ("GET", "/v1/audit/turns/x"), ("POST", "/v1/audit/turns/x/replay"),
     ("PUT", "/v1/audit/turns/x/rating"), ("GET", "/v1/audit/ratings/agreement"),
     ("GET", "/v1/audit/export/turns"), ("GET", "/v1/audit/export/ratings"), ("GET", "/v1/audit/me")],
)
@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}])
def test_every_endpoint_refuses_without_valid_credentials(client: httpx.Client, method: str, path: str,
                                                          headers: dict[str, str]) -> None:
    r = client.request(method, path, headers=headers, json={} if method == "PUT" else None)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"


def test_list_turns_with_filters(client: httpx.Client, turns: list[str]) -> None:
    r = client.get("/v1/audit/turns", headers=EVAL)
    assert r.status_code == 200
    page = r.json()
    assert page["total"] >= 3 and {t["turn_id"] for t in page["items"]} >= set(turns)
    refused = client.get("/v1/audit/turns", headers=EVAL, params={"refused": "true"}).json()
    assert [t["turn_id"] for t in refused["items"]] == [turns[1]]
    assert all(t["mode"] == "qa" for t in client.get("/v1/audit/turns", headers=ADMIN, params={"mode": "qa"}).json()["items"])
    assert client.get("/v1/audit/turns", headers=EVAL, params={"since": "2999-01-01T00:00:00Z"}).json()["total"] == 0
    assert client.get("/v1/audit/turns", headers=EVAL, params={"limit": 1}).json()["items"].__len__() == 1
    bad = client.get("/v1/audit/turns", headers=EVAL, params={"min_rating": 9})
    assert bad.status_code == 422


def test_turn_detail_has_the_whole_record_and_passage_text(client: httpx.Client, live: Live, turns: list[str]) -> None:
    d = client.get(f"/v1/audit/turns/{turns[0]}", headers=EVAL).json()
    for field in ("query", "decision", "prompt_id", "prompt_version", "generator", "model", "index_version",
                  "citations", "flags", "latency_ms", "retrieved", "reply", "user_message"):
        assert field in d
    assert d["index_version"] == live.services.index_version
    assert d["retrieved"] and all(p["text"] and p["in_current_index"] for p in d["retrieved"])
    first = d["retrieved"][0]
    assert first["text"] == live.services.runtime.index.chunk(first["id"]).text
    assert client.get("/v1/audit/turns/00000000-0000-4000-8000-000000000000", headers=EVAL).status_code == 404


def test_replay_shows_differences_and_stores_nothing(client: httpx.Client, live: Live, turns: list[str]) -> None:
    before = live.counts()
    r = client.post(f"/v1/audit/turns/{turns[0]}/replay", headers=EVAL)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["hits"]["same"] is True and body["reply_changed"] is False  # same index, deterministic composer
    assert body["replay"]["retrieved"] == body["stored"]["retrieved"]
    assert live.counts() == before


def test_ratings_one_per_evaluator_updatable_and_agreement(client: httpx.Client, turns: list[str]) -> None:
    rating = {"groundedness": 5, "helpfulness": 4, "tone": 5, "comment": "good", "corrected_answer": ""}
    r = client.put(f"/v1/audit/turns/{turns[0]}/rating", headers={**EVAL, "X-Evaluator-Name": "ana"}, json=rating)
    assert r.status_code == 200, r.text
    assert r.json()["evaluator"] == "ana" and r.json()["corrected_answer"] is None
    again = client.put(f"/v1/audit/turns/{turns[0]}/rating", headers={**EVAL, "X-Evaluator-Name": "ana"},
                       json={**rating, "tone": 3})
    assert again.json()["tone"] == 3
    # an evaluator without a name is known by a hash of the key, never the key
    anon = client.put(f"/v1/audit/turns/{turns[0]}/rating", headers=ADMIN, json={**rating, "helpfulness": 2})
    assert anon.json()["evaluator"].startswith("key:") and "admin-key" not in anon.text
    for t, g in ((turns[1], 2), (turns[2], 4)):
        client.put(f"/v1/audit/turns/{t}/rating", headers={**EVAL, "X-Evaluator-Name": "ana"},
                   json={**rating, "groundedness": g})
        client.put(f"/v1/audit/turns/{t}/rating", headers=ADMIN, json={**rating, "groundedness": g})
    listed = client.get(f"/v1/audit/turns/{turns[0]}/ratings", headers=EVAL).json()
    assert len(listed) == 2
    assert client.get("/v1/audit/turns", headers=EVAL, params={"rated": "true"}).json()["total"] == 3
    mine = client.get("/v1/audit/turns", headers={**EVAL, "X-Evaluator-Name": "ana"},
                      params={"unrated_by_me": "true"}).json()
    assert not {t["turn_id"] for t in mine["items"]} & set(turns)
    ag = client.get("/v1/audit/ratings/agreement", headers=EVAL).json()
    g = ag["criteria"]["groundedness"]
    assert g["fleiss"]["turns"] == 3 and g["fleiss"]["kappa"] == pytest.approx(1.0)
    assert g["cohen_pairs"][0]["kappa"] == pytest.approx(1.0)
    bad = client.put(f"/v1/audit/turns/{turns[0]}/rating", headers=EVAL, json={**rating, "tone": 6})
    assert bad.status_code == 422
    missing = client.put("/v1/audit/turns/00000000-0000-4000-8000-000000000000/rating", headers=EVAL, json=rating)
    assert missing.status_code == 404


def test_exports_jsonl_and_csv(client: httpx.Client, turns: list[str]) -> None:
    client.put(f"/v1/audit/turns/{turns[0]}/rating", headers={**EVAL, "X-Evaluator-Name": "bo"},
               json={"groundedness": 3, "helpfulness": 3, "tone": 3, "comment": "=HYPERLINK(\"x\")"})
    lines = client.get("/v1/audit/export/turns", headers=EVAL, params={"format": "jsonl"}).text.splitlines()
    rows = [json.loads(line) for line in lines]
    assert {r["turn_id"] for r in rows} >= set(turns) and all("retrieved" in r for r in rows)
    r = client.get("/v1/audit/export/turns", headers=EVAL, params={"format": "csv", "refused": "true"})
    assert r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["turn_id"] for row in table] == [turns[1]]
    ratings = list(csv.DictReader(io.StringIO(
        client.get("/v1/audit/export/ratings", headers=EVAL, params={"format": "csv"}).text)))
    bo = next(row for row in ratings if row["evaluator"] == "bo")
    assert bo["comment"].startswith("'=")  # a spreadsheet shows it as text, not a formula
    assert client.get("/v1/audit/export/ratings", headers=EVAL, params={"format": "xml"}).status_code == 422


def test_evaluator_page_is_served_without_any_key(client: httpx.Client) -> None:
    page = client.get("/evaluator")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "eval-key" not in page.text and "admin-key" not in page.text
    js = client.get("/evaluator/evaluator.js")
    assert js.status_code == 200 and "sessionStorage" in js.text and "localStorage" not in js.text


def test_ratings_table_is_on_the_shared_base(live: Live) -> None:
    assert "ratings" in inspect(live.services.store.engine).get_table_names()
