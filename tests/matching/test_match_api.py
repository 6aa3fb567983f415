"""POST /v1/match and /v1/job-profile through the real app, with the real matcher attached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.matching.engine import PostingMatcher
from assistant.settings import ROOT, Settings

pytestmark = pytest.mark.slow


def posting(name: str) -> str:
    return (ROOT / "evals" / "postings" / name).read_text(encoding="utf-8")


@pytest.fixture
def client(settings: Settings, matcher: PostingMatcher) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"max_posting_chars": 20_000}))
    with TestClient(app) as c:
        app.state.services.extras.setdefault("matcher", matcher)
        yield c


def test_match_contract(client: TestClient) -> None:
    text = posting("p11_exhibit_pm.html")
    r = client.post("/v1/match", json={"text": text})
    assert r.status_code == 200
    body = r.json()
    assert {"domains", "competencies", "uncovered", "dropped"} <= set(body)
    assert body["competencies"]
    for c in body["competencies"]:
        for e in c["evidence"]:
            assert text[e["start"] : e["end"]] == e["text"]


@pytest.mark.parametrize("text", ["", "  \n "])
def test_empty_is_422(client: TestClient, text: str) -> None:
    assert client.post("/v1/match", json={"text": text}).status_code == 422


def test_missing_field_is_422(client: TestClient) -> None:
    assert client.post("/v1/match", json={}).status_code == 422


def test_oversize_is_413(client: TestClient) -> None:
    assert client.post("/v1/match", json={"text": "a" * 20_001}).status_code == 413


def test_non_english_gets_a_note(client: TestClient) -> None:
    body = client.post("/v1/match", json={"text": posting("x01_spanish_educator.txt")}).json()
    assert body["competencies"] == [] and "English" in body["note"]


def test_job_profile(client: TestClient) -> None:
    r = client.post("/v1/job-profile", json={"role": "exhibit developer", "institution_type": "children's museum"})
    assert r.status_code == 200
    body = r.json()
    assert body["competencies"] and body["draft"].startswith("## Competencies")
    assert client.post("/v1/job-profile", json={"role": ""}).status_code == 422
