"""Sessions over HTTP: scoped to the visitor, deletable, and feedback stored on the turn."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from api.conftest import Live
from assistant.audit.tables import AuditRecord, Turn

pytestmark = pytest.mark.slow


def start(client: httpx.Client, visitor: str | None) -> dict:
    headers = {"X-Visitor-Id": visitor} if visitor else {}
    r = client.post("/v1/chat", json={"message": "What is Level 2 in Finances?"}, headers=headers)
    assert r.status_code == 200
    return r.json()


def rows_of(live: Live, session_id: str) -> tuple[int, int]:
    with live.services.store.sessions() as db:
        turns = db.scalar(select(func.count()).select_from(Turn).where(Turn.session_id == session_id))
        audits = db.scalar(
            select(func.count()).select_from(AuditRecord).join(Turn).where(Turn.session_id == session_id)
        )
    return int(turns or 0), int(audits or 0)


def test_a_session_is_invisible_to_another_visitor(client: httpx.Client, live: Live) -> None:
    sid = start(client, "a")["session_id"]
    b = {"X-Visitor-Id": "b"}
    assert client.get(f"/v1/sessions/{sid}", headers=b).status_code == 404
    r = client.post("/v1/chat", json={"message": "and at level 3?", "session_id": sid}, headers=b)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert client.post("/v1/chat/stream", json={"message": "hi", "session_id": sid}, headers=b).status_code == 404
    assert client.delete(f"/v1/sessions/{sid}", headers=b).status_code == 404
    # the owner still has it, unchanged
    mine = client.get(f"/v1/sessions/{sid}", headers={"X-Visitor-Id": "a"})
    assert mine.status_code == 200 and len(mine.json()["turns"]) == 1
    assert rows_of(live, sid) == (1, 1)


def test_the_owner_continues_the_session(client: httpx.Client) -> None:
    sid = start(client, "a")["session_id"]
    r = client.post("/v1/chat", json={"message": "and at level 3?", "session_id": sid}, headers={"X-Visitor-Id": "a"})
    assert r.status_code == 200 and r.json()["citations"][0]["id"] == "A.4.L3"


def test_another_visitors_turn_cannot_be_rated(client: httpx.Client, live: Live) -> None:
    turn_id = start(client, "a")["turn_id"]
    r = client.post(f"/v1/turns/{turn_id}/feedback", json={"value": -1}, headers={"X-Visitor-Id": "b"})
    assert r.status_code == 404
    assert live.services.store.get_turn(turn_id)[0].feedback is None


def test_delete_removes_the_session_its_turns_and_audit_rows(client: httpx.Client, live: Live) -> None:
    keep = start(client, "a")["session_id"]
    sid = start(client, "a")["session_id"]
    a = {"X-Visitor-Id": "a"}
    client.post("/v1/chat", json={"message": "and at level 3?", "session_id": sid}, headers=a)
    assert rows_of(live, sid) == (2, 2)
    r = client.delete(f"/v1/sessions/{sid}", headers=a)
    assert r.status_code == 204 and r.content == b""
    assert client.get(f"/v1/sessions/{sid}", headers=a).status_code == 404
    assert client.delete(f"/v1/sessions/{sid}", headers=a).status_code == 404
    assert rows_of(live, sid) == (0, 0)
    assert client.get(f"/v1/sessions/{keep}", headers=a).status_code == 200
    assert rows_of(live, keep) == (1, 1)


@pytest.mark.parametrize(("value", "stored"), [(1, 1), (-1, -1), (0, None)])
def test_feedback_is_stored_on_the_turn(client: httpx.Client, live: Live, value: int, stored: int | None) -> None:
    answer = start(client, "a")
    url = f"/v1/turns/{answer['turn_id']}/feedback"
    assert client.post(url, json={"value": -value or 1}, headers={"X-Visitor-Id": "a"}).status_code == 204
    assert client.post(url, json={"value": value}, headers={"X-Visitor-Id": "a"}).status_code == 204
    assert live.services.store.get_turn(answer["turn_id"])[0].feedback == stored
    history = client.get(f"/v1/sessions/{answer['session_id']}", headers={"X-Visitor-Id": "a"}).json()
    assert history["turns"][0]["feedback"] == stored


def test_a_session_without_visitor_is_readable_by_its_link(client: httpx.Client) -> None:
    sid = start(client, None)["session_id"]
    assert client.get(f"/v1/sessions/{sid}", headers={"X-Visitor-Id": "anyone"}).status_code == 200


def test_history_lists_turns_with_citations(client: httpx.Client) -> None:
    answer = start(client, "h")
    turns = client.get(f"/v1/sessions/{answer['session_id']}", headers={"X-Visitor-Id": "h"}).json()["turns"]
    assert len(turns) == 1
    t = turns[0]
    assert (t["turn_id"], t["seq"], t["mode"], t["reply"]) == (answer["turn_id"], 1, "qa", answer["reply"])
    assert t["citations"] == answer["citations"]
