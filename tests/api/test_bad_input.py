"""Bad input against the real server: each gets its status and the error shape, never a 500, and
nothing already stored is lost or changed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from api.conftest import Live

pytestmark = pytest.mark.slow
UNKNOWN = "3f1c0a3e-0000-4000-8000-000000000000"
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def existing(live: Live) -> dict[str, Any]:
    """A conversation stored before any bad input arrives, and its history as the API shows it."""
    with live.client() as c:
        first = c.post("/v1/chat", json={"message": "What is Level 2 in Finances?"}).json()
        c.post("/v1/chat", json={"message": "and at level 3?", "session_id": first["session_id"]})
        history = c.get(f"/v1/sessions/{first['session_id']}").json()
    assert len(history["turns"]) == 2
    return history


def body(obj: object) -> bytes:
    return json.dumps(obj).encode()


def chunked(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    """An iterator body: httpx sends it with Transfer-Encoding: chunked and no Content-Length."""
    for i in range(0, len(data), size):
        yield data[i : i + size]


REJECTED = [
    pytest.param(body({"message": ""}), 422, "empty", id="empty"),
    pytest.param(body({"message": " \n\t  "}), 422, "empty", id="whitespace"),
    pytest.param(b'{"message": "\\u0000\\u0000"}', 422, "empty", id="only-nul"),
    pytest.param(body({"message": "x" * 20_001}), 413, "20,000", id="over-20000-chars"),
    pytest.param(b'{"message": "What is Level 2 in', 422, "not valid JSON", id="truncated-json"),
    pytest.param(b"message=hello", 422, "JSON", id="not-json"),
    pytest.param(b"", 422, "", id="no-body"),
    pytest.param(b'{"message": "caf\xe9 level 2 \xff\xfe"}', 422, "", id="invalid-utf8"),
    pytest.param(body({"message": "What is Level 2?", "session_id": UNKNOWN}), 404, "No conversation", id="unknown-session"),
    pytest.param(body({"message": "What is Level 2?", "session_id": "../../etc/passwd"}), 404, "No conversation", id="garbage-session"),
    pytest.param(body({"message": "What is Level 2?", "temperature": 2}), 422, "temperature", id="extra-field"),
    pytest.param(body({"message": "What is Level 2?", "mode": "admin"}), 422, "mode", id="unknown-mode"),
    pytest.param(body({"message": 42}), 422, "message", id="message-not-a-string"),
    pytest.param(body(["What is Level 2?"]), 422, "", id="json-array"),
    pytest.param(body({"message": "What is Level 2?", "session_id": "x" * 65}), 422, "session_id", id="long-session-id"),
    pytest.param(body({"message": "x" * 2_000_000}), 413, "", id="2mb-body"),
]


@pytest.mark.parametrize("path", ["/v1/chat", "/v1/chat/stream"])
@pytest.mark.parametrize(("payload", "status", "says"), REJECTED)
def test_bad_input_is_rejected_and_nothing_changes(
    live: Live, existing: dict[str, Any], path: str, payload: bytes, status: int, says: str
) -> None:
    before = live.counts()
    with live.client() as c:
        r = c.post(path, content=payload, headers=JSON)
        assert r.status_code == status, r.text
        error = r.json()["error"]
        assert set(error) == {"code", "message", "hint"} and error["message"]
        assert says in error["message"]
        assert live.counts() == before
        assert c.get(f"/v1/sessions/{existing['session_id']}").json() == existing


def test_a_2mb_body_without_content_length_is_refused(live: Live, existing: dict[str, Any]) -> None:
    # whitespace padding is valid JSON: only a limit on the bytes read can stop it
    payload = b'{"message": "What is Level 2 in Finances?"' + b" " * 2_000_000 + b"}"
    before = live.counts()
    with live.client() as c:
        r = c.post("/v1/chat", content=chunked(payload), headers=JSON)
        assert r.status_code == 413, r.text
        assert live.counts() == before
        assert c.get(f"/v1/sessions/{existing['session_id']}").json() == existing


ACCEPTED = [
    pytest.param(b'{"message": "What is Level 2 in Finances?\\u0000"}', id="nul-escape"),
    pytest.param(b'{"message": "What is Level 2 in \\ud800 Finances?"}', id="lone-high-surrogate"),
    pytest.param(b'{"message": "\\udfff What is Level 2 in Finances?"}', id="lone-low-surrogate"),
    pytest.param(b'{"message": "What is Level 2 in Finances? \\u001b[31m"}', id="terminal-escape"),
    pytest.param(body({"message": "What is Level 2 in Finances? \U0001f9ea"}), id="emoji"),
    pytest.param(body({"message": ("What is Level 2 in Finances? " * 700)[:20_000]}), id="exactly-20000-chars"),
]


@pytest.mark.parametrize("payload", ACCEPTED)
def test_odd_but_valid_text_is_answered_and_stored_clean(live: Live, existing: dict[str, Any], payload: bytes) -> None:
    before = live.counts()
    with live.client() as c:
        r = c.post("/v1/chat", content=payload, headers=JSON)
        assert r.status_code == 200, r.text
        turn, audit = live.services.store.get_turn(r.json()["turn_id"])
        assert "\x00" not in audit.user_message and "\x1b" not in audit.user_message
        audit.user_message.encode("utf-8")  # no lone surrogates reached the database
        assert turn.user_message == audit.user_message
        assert live.counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
        assert c.get(f"/v1/sessions/{existing['session_id']}").json() == existing


@pytest.mark.parametrize(
    ("method", "path", "payload", "status"),
    [
        ("GET", f"/v1/sessions/{UNKNOWN}", None, 404),
        ("GET", "/v1/sessions/not-a-uuid", None, 404),
        ("DELETE", f"/v1/sessions/{UNKNOWN}", None, 404),
        ("POST", f"/v1/turns/{UNKNOWN}/feedback", {"value": 1}, 404),
        ("POST", f"/v1/turns/{UNKNOWN}/feedback", {"value": 3}, 422),
        ("POST", f"/v1/turns/{UNKNOWN}/feedback", {"value": 1, "note": "x"}, 422),
        ("GET", "/v1/nowhere", None, 404),
        ("PUT", "/v1/chat", {"message": "hi"}, 405),
    ],
)
def test_other_bad_requests_have_the_error_shape(
    live: Live, existing: dict[str, Any], method: str, path: str, payload: Any, status: int
) -> None:
    before = live.counts()
    with live.client() as c:
        r = c.request(method, path, json=payload)
        assert r.status_code == status
        assert set(r.json()["error"]) == {"code", "message", "hint"}
        assert live.counts() == before
        assert c.get(f"/v1/sessions/{existing['session_id']}").json() == existing


def test_a_visitor_header_over_128_characters_is_refused(live: Live) -> None:
    before = live.counts()
    with live.client() as c:
        r = c.post("/v1/chat", json={"message": "What is Level 2 in Finances?"}, headers={"X-Visitor-Id": "v" * 129})
    assert r.status_code == 422 and "error" in r.json()
    assert live.counts() == before
