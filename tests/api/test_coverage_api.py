"""POST /v1/coverage, its files, its errors, the /coverage page and a list pasted in chat, on a real server."""

from __future__ import annotations

import csv
import io

import httpx
import openpyxl
import pytest

from api.conftest import Live

pytestmark = pytest.mark.slow

ITEMS = [
    {"id": "s1", "title": "Money for small education teams",
     "text": "Build and manage the annual budget of an education department, forecast income from camps and "
             "school visits, and write grant proposals to local foundations."},
    {"id": "s2", "title": "Lunch", "text": "Lunch is served in the atrium."},
    {"id": "s3", "title": "Listening to visitors",
     "text": "Design a short exit survey, analyze the answers, and use what visitors say to revise the learning "
             "outcomes of your gallery programs."},
]
BODY = {"kind": "program", "title": "Spring day", "items": ITEMS}


@pytest.fixture(scope="module")
def analysed(live: Live) -> dict:
    with live.client() as c:
        r = c.post("/v1/coverage", json=BODY)
    assert r.status_code == 200, r.text
    return r.json()


def test_contract_items_evidence_matrix_gaps(analysed: dict) -> None:
    assert {"items", "matrix", "gaps", "suggestions", "columns", "over_weighted", "kind", "title"} <= set(analysed)
    by_id = {i["id"]: i for i in analysed["items"]}
    assert by_id["s2"]["competencies"] == []  # lunch serves nothing
    assert "A.4" in {c["id"] for c in by_id["s1"]["competencies"]}
    for item in analysed["items"]:
        given = next(i for i in ITEMS if i["id"] == item["id"])
        for comp in item["competencies"]:  # offsets into the item's title or text, as ``field`` says
            assert 1 <= comp["level"] <= 3 and comp["evidence"]
            assert all(given[e["field"]][e["start"]:e["end"]] == e["text"] for e in comp["evidence"])
    served = {cid for row in analysed["matrix"].values() for cid in row}
    assert set(analysed["gaps"]) == set(analysed["columns"]) - served
    assert {s["gap"] for s in analysed["suggestions"]} == set(analysed["gaps"])


def test_pasted_text_gives_the_same_analysis_as_items(client: httpx.Client, analysed: dict) -> None:
    markdown = "\n\n".join(f"## {i['title']}\n{i['text']}" for i in ITEMS)
    r = client.post("/v1/coverage", json={"kind": "program", "title": "Spring day", "text": markdown})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["matrix"] == {str(n): analysed["matrix"][i["id"]] for n, i in enumerate(ITEMS, 1)}
    assert body["gaps"] == analysed["gaps"]


def test_files_hold_the_same_analysis(client: httpx.Client, analysed: dict) -> None:
    r = client.post("/v1/coverage?format=csv", json=BODY)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["item_id"] for row in rows} == {"s1", "s2", "s3"}
    assert {(row["item_id"], row["competency_id"]) for row in rows if row["competency_id"]} == {
        (i["id"], c["id"]) for i in analysed["items"] for c in i["competencies"]}

    r = client.post("/v1/coverage?format=xlsx", json=BODY)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert {"Matrix", "Competencies", "Gaps"} <= set(book.sheetnames)

    r = client.post("/v1/coverage?format=pdf", json=BODY)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and len(r.content) > 5_000  # the heatmap is an image in it


@pytest.mark.parametrize("body, status, says", [
    ({"kind": "program", "items": []}, 422, "no items"),
    ({"kind": "program", "items": [{"id": "a", "text": "Budgets"}, {"id": "b", "text": " "}]}, 422, "'b' has no title or text"),
    ({"kind": "program"}, 422, "either `items` or `text`"),
    ({"kind": "program", "text": "x", "items": [{"id": "a", "text": "y"}]}, 422, "either `items` or `text`"),
    ({"kind": "festival", "items": [{"id": "a", "text": "y"}]}, 422, "kind"),
    ({"kind": "team", "items": [{"id": str(n), "text": "Educator"} for n in range(201)]}, 413, "the limit is 200"),
    ({"kind": "team", "items": [{"id": "a", "text": "word " * 2_000}]}, 413, "the limit is 8,000"),
])
def test_bad_input_is_a_clear_error_and_stores_nothing(live: Live, client: httpx.Client, body: dict, status: int,
                                                         says: str) -> None:
    before = live.counts()
    r = client.post("/v1/coverage", json=body)
    assert r.status_code == status, r.text
    assert says in r.json()["error"]["message"]
    assert live.counts() == before


def test_the_page_and_its_assets(client: httpx.Client) -> None:
    page = client.get("/coverage")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text and 'src="/coverage.js"' in page.text
    assert client.get("/coverage.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/coverage.css").headers["content-type"].startswith("text/css")


def test_a_list_pasted_in_chat_gets_the_coverage_summary(client: httpx.Client) -> None:
    message = ("These are the sessions of our regional educators' meetup:\n"
               "1. Writing grant proposals that get funded\n"
               "2. Running a volunteer program\n"
               "3. Designing hands-on science activities for families\n"
               "Which parts of the framework does this cover, and what is missing?")
    body = client.post("/v1/chat", json={"message": message}).json()
    assert body["mode"] == "coverage", body
    assert "Gaps" in body["reply"] and "/coverage" in body["reply"]
    assert body["citations"]


def test_a_question_about_planning_a_conference_stays_a_question(client: httpx.Client) -> None:
    body = client.post("/v1/chat", json={"message": "Could we plan our conference sessions around the framework?"}).json()
    assert body["mode"] == "qa"
