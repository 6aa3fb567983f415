"""Every scripted persona played through the HTTP API, with a server restart half-way (slow).

Checks per persona: one question per assistant turn; bad input answered clearly with the session
intact; every suggested resource exists in the corpus; every plan item cites a framework id; the plan
covers the areas the persona expressed; the session resumes on a second app over the same SQLite file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.framework.models import Corpus
from assistant.settings import Settings
from coaching.player import load_personas, play

pytestmark = pytest.mark.slow

PERSONAS = load_personas()
FRAMEWORK_ID = re.compile(r"^[A-D](\.[1-4])?(\.L[1-3])?$")


class Server:
    """One running app; ``restart`` closes it and starts a new one on the same settings and database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stack = ExitStack()
        self.client = self._open()

    def _open(self) -> TestClient:
        client = self.stack.enter_context(TestClient(create_app(self.settings)))
        assert "coach" in client.app.state.services.extras  # type: ignore[attr-defined]
        return client

    def restart(self) -> None:
        self.stack.close()
        self.stack = ExitStack()
        self.client = self._open()

    def close(self) -> None:
        self.stack.close()


@pytest.fixture
def server(settings: Settings) -> Iterator[Server]:
    s = Server(settings)
    yield s
    s.close()


def _call(server: Server, visitor: str) -> tuple[Any, Any]:
    headers = {"X-Visitor-Id": visitor}

    def start() -> tuple[int, dict[str, Any]]:
        r = server.client.post("/v1/coach/sessions", headers=headers)
        return r.status_code, r.json()

    def answer(sid: str, text: str) -> tuple[int, dict[str, Any]]:
        r = server.client.post(f"/v1/coach/sessions/{sid}/answer", json={"text": text}, headers=headers)
        return r.status_code, r.json()

    return start, answer


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["id"] for p in PERSONAS])
def test_persona_through_the_api(server: Server, corpus: Corpus, persona: dict[str, Any]) -> None:
    visitor = persona["visitor_id"]
    start, answer = _call(server, visitor)
    transcript = play(persona, start, answer, switch=server.restart)

    # one question per assistant turn
    for turn in transcript.questions:
        assert turn["question"].count("?") == 1, turn["question"]
    assert transcript.final["done"] and transcript.final["question"] is None

    headers = {"X-Visitor-Id": visitor}
    r = server.client.get(f"/v1/coach/sessions/{transcript.session_id}/plan?format=json", headers=headers)
    assert r.status_code == 200
    plan = r.json()
    known = {d.id for d in corpus.framework.domains} | {c.id for c in corpus.framework.categories}
    known |= {f"{c}.L{n}" for c in known for n in (1, 2, 3)} - corpus.framework.unpublished_ids()
    areas = [a["competency_id"] for a in plan["growth_areas"]]
    assert 2 <= len(areas) <= 4
    for area in plan["growth_areas"]:
        assert area["steps"]
        modes = {s["mode"] for s in area["steps"]}
        assert "stretch" in modes and len(modes) == 3
        for step in area["steps"]:
            fw = [c for c in step["cites"] if FRAMEWORK_ID.match(c)]
            assert fw and set(fw) <= known, step
            for cite in step["cites"]:
                if cite.startswith("res:"):
                    assert corpus.resource(cite[4:]) is not None, cite
            for res in step["resources"]:
                found = corpus.resource(res["slug"])
                assert found is not None and res["confirmed"] == found.confirmed
            assert not re.search(r"\b(must|required|mandatory|endorsed)\b", step["text"], re.I), step["text"]
        for res in area["pathways"]:
            assert corpus.resource(res["slug"]) is not None
    # the plan covers the areas the persona expressed
    assert set(persona["expect_areas"]) <= set(areas), (areas, persona["expect_areas"])

    # the plan downloads in every format, also after another restart
    server.restart()
    for fmt, kind, magic in (("pdf", "application/pdf", b"%PDF-"), ("png", "image/png", b"\x89PNG"),
                             ("md", "text/markdown", b"# My learning plan")):
        r = server.client.get(f"/v1/coach/sessions/{transcript.session_id}/plan?format={fmt}", headers=headers)
        assert r.status_code == 200 and r.headers["content-type"].startswith(kind) and r.content.startswith(magic)


def test_bad_session_ids_and_owners_get_404_and_leave_the_session(server: Server) -> None:
    start, answer = _call(server, "owner-1")
    status, first = start()
    sid = first["session_id"]
    for path, headers in ((f"/v1/coach/sessions/{sid}/answer", {"X-Visitor-Id": "intruder"}),
                          (f"/v1/coach/sessions/{sid}/answer", {}),
                          ("/v1/coach/sessions/nope/answer", {"X-Visitor-Id": "owner-1"})):
        r = server.client.post(path, json={"text": "hello there"}, headers=headers)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = server.client.get(f"/v1/coach/sessions/{sid}/plan", headers={"X-Visitor-Id": "intruder"})
    assert r.status_code == 404
    r = server.client.get(f"/v1/coach/sessions/{sid}/plan", headers={"X-Visitor-Id": "owner-1"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "plan_not_ready"
    r = server.client.post(f"/v1/coach/sessions/{sid}/answer", json={}, headers={"X-Visitor-Id": "owner-1"})
    assert r.status_code == 422
    r = server.client.get(f"/v1/coach/sessions/{sid}", headers={"X-Visitor-Id": "owner-1"})
    assert r.status_code == 200 and r.json()["question_id"] == first["question_id"] == "context.role"
