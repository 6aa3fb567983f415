"""The readiness report: the pure function on the real corpus with hand-made ratings, and the route on a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api.conftest import Live, live_server, make_settings

from assistant.coaching.plan import Rating
from assistant.coverage.readiness import DISCLAIMER, MIN_WORDS, SIMILARITY_FLOOR, readiness, to_markdown
from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder

LONG_BUDGET = ("I build and manage our department's annual budget, forecast revenue from camps and school visits, "
               "and reconcile spending every month with the finance office.")
OFF_TOPIC = "I like dogs and went hiking in the mountains last weekend with my family and our two old friends."
VERDICT_WORDS = ("promot", "pay", "raise")


def own(cid: str, level: float | None, evidence: str | None = None, name: str = "") -> Rating:
    return Rating(competency_id=cid, name=name or cid, domain=cid[0], level=level, not_sure=level is None,
                  evidence=evidence)


def boss(cid: str, level: float | None, evidence: str | None = None) -> Rating:
    return Rating(competency_id=cid, name=cid, domain=cid[0], level=level, not_sure=level is None,
                  evidence=evidence, rater="supervisor: Dana")


def test_self_and_supervisor_ratings_stay_apart(corpus: Corpus) -> None:
    report = readiness(corpus, [own("A.4", 1, LONG_BUDGET)],
                       [boss("A.4", 2, "Runs the camp budget."), boss("C.1", 2, LONG_BUDGET)])
    a4, c1 = report.competencies
    assert (a4.competency_id, a4.self_level, a4.supervisor_level, a4.agree) == ("A.4", 1, 2, False)
    assert a4.self_evidence == LONG_BUDGET and a4.supervisor_evidence == "Runs the camp budget."
    assert a4.supervisor == "supervisor: Dana" and a4.next_level_from == "self"
    # the next level follows the person's own rating, quoted from the corpus
    l2 = corpus.framework.category("A.4").level(2)  # type: ignore[union-attr]
    assert a4.next_statement_id == "A.4.L2" and a4.next_statement == l2.statement  # type: ignore[union-attr]
    # rated by the supervisor only: no self level is made up
    assert (c1.self_level, c1.self_evidence, c1.supervisor_level, c1.next_level_from) == (None, None, 2, "supervisor")
    assert c1.next_statement_id == "C.1.L3" and c1.agree is None
    assert report.disagreements == ("A.4",)
    md = to_markdown(report)
    assert "**Self level:** 1" in md and "**Supervisor level** (supervisor: Dana): 2 (differs" in md
    assert "**Evidence (supervisor):** Runs the camp budget." in md


def test_ratings_on_the_wrong_side_are_refused(corpus: Corpus) -> None:
    with pytest.raises(ValueError, match="apart"):
        readiness(corpus, [boss("A.4", 2)])
    with pytest.raises(ValueError, match="apart"):
        readiness(corpus, [], [own("A.4", 2)])


@pytest.mark.parametrize(("evidence", "strength", "words"), [
    (None, "none", 0),
    ("   ", "none", 0),
    ("I track spending for my own camp.", "thin", 7),
    (LONG_BUDGET, "some", len(LONG_BUDGET.split())),
])
def test_evidence_strength_by_word_count(corpus: Corpus, evidence: str | None, strength: str, words: int) -> None:
    item = readiness(corpus, [own("A.4", 1, evidence)]).competencies[0]
    assert (item.evidence_strength, item.evidence_words, item.evidence_similarity) == (strength, words, None)
    if strength == "thin":
        assert f"{words} words" in item.evidence_reason and str(MIN_WORDS) in item.evidence_reason
    if strength == "some":
        assert "not measured" in item.evidence_reason


def test_thin_evidence_is_listed_in_the_summary(corpus: Corpus) -> None:
    report = readiness(corpus, [own("A.4", 1, "Budgets, a bit.", "Finances"), own("C.1", 2, LONG_BUDGET),
                                own("B.1", 1)])
    assert report.thin == ("A.4", "B.1")
    assert "Evidence is thin or missing for: A.4 Finances, B.1 Audiences." in report.summary
    assert "C.1" not in report.summary


@pytest.mark.parametrize(("cid", "level", "missing"), [("B.2", 1, "B.2.L2"), ("B.2", 2, "B.2.L3"),
                                                       ("C.2", 1.5, "C.2.L2")])
def test_an_unpublished_next_level_is_said_plainly(corpus: Corpus, cid: str, level: float, missing: str) -> None:
    report = readiness(corpus, [own(cid, level, LONG_BUDGET)])
    item = report.competencies[0]
    assert item.next_statement_id == missing and item.next_statement is None
    assert item.next_statement_note is not None
    assert "not published in the framework" in item.next_statement_note and cid in item.next_statement_note
    assert report.not_published == (cid,) and missing in report.summary
    md = to_markdown(report)
    assert f"- **Next level:** {item.next_statement_note}" in md
    assert f"**Next level ({missing}):**" not in md  # no statement text is made up for it


def test_unpublished_category_and_the_ends_of_the_scale(corpus: Corpus) -> None:
    report = readiness(corpus, [own("B.3", 1, LONG_BUDGET), own("A.1", 3, LONG_BUDGET), own("A.2", None),
                                own("D", 1.5, LONG_BUDGET)])
    by = {i.competency_id: i for i in report.competencies}
    assert by["B.3"].next_statement is None and "B.3 is not published" in (by["B.3"].next_statement_note or "")
    assert by["A.1"].next_level is None and "last of the framework's levels" in (by["A.1"].next_statement_note or "")
    assert by["A.2"].self_not_sure and by["A.2"].next_level is None and by["A.2"].evidence_strength == "none"
    assert by["D"].next_statement_id == "D.L2" and by["D"].next_statement  # domain level statements are published
    assert [i.competency_id for i in report.competencies] == ["A.1", "A.2", "D", "B.3"]  # framework order


def test_no_verdict_words_outside_the_disclaimer(corpus: Corpus) -> None:
    report = readiness(corpus, [own("A.4", 1, LONG_BUDGET), own("B.2", 1, "Some."), own("A.1", 3), own("D", None)],
                       [boss("A.4", 2, "Runs the camp budget.")])
    md, js = to_markdown(report), report.model_dump_json()
    assert DISCLAIMER in md and report.disclaimer == DISCLAIMER
    assert "not a verdict on pay, promotion" in DISCLAIMER
    for text in (md.replace(DISCLAIMER, ""), js.replace(DISCLAIMER, "")):
        assert not [w for w in VERDICT_WORDS if w in text.lower()], text
        assert "ready" not in text.lower().replace("readiness", "")


def test_no_ratings_says_so(corpus: Corpus) -> None:
    report = readiness(corpus, [])
    assert report.competencies == () and "No competency has been rated" in report.summary
    assert to_markdown(report).endswith(DISCLAIMER + "\n")


@pytest.mark.slow
def test_an_embedder_flags_evidence_about_something_else(corpus: Corpus, embedder: SentenceTransformerEmbedder) -> None:
    report = readiness(corpus, [own("A.4", 1, LONG_BUDGET), own("A.3", 1, OFF_TOPIC), own("B.2", 1, OFF_TOPIC)],
                       embedder=embedder)
    by = {i.competency_id: i for i in report.competencies}
    assert by["A.4"].evidence_strength == "some"
    assert by["A.4"].evidence_similarity is not None and by["A.4"].evidence_similarity >= SIMILARITY_FLOOR
    assert by["A.3"].evidence_strength == "thin" and "A.3.L2" in by["A.3"].evidence_reason
    assert by["A.3"].evidence_similarity is not None and by["A.3"].evidence_similarity < SIMILARITY_FLOOR
    # nothing published to compare with: counted by words, and the reason says why
    assert by["B.2"].evidence_similarity is None and "no published next level" in by["B.2"].evidence_reason
    assert embedder.model_id in report.method


# ---------------------------------------------------------------- the route, on a real server

SCRIPT = {
    "context.role": "I'm an education coordinator at a children's museum",
    "context.institution": "A children's museum",
    "context.years": "about 6 years",
    "context.goal": "I'd like to manage the whole education department and its budget",
    "reflection.what": "We ran a new summer camp on engineering for 8 year olds. I designed the curriculum "
                       "and trained the staff, and parents loved it.",
    "reflection.so_what": "I'm good at designing programs, but I don't really understand the money side.",
    "assess.pick": "no",
}
VISITOR = {"X-Visitor-Id": "readiness-visitor"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[Live]:
    db = tmp_path_factory.mktemp("readiness-db") / "assistant.db"
    with live_server(make_settings(index_dir, f"sqlite:///{db}")) as live:
        yield live


def _rate_until_growth(c: httpx.Client) -> tuple[str, list[str]]:
    """A short session: context, reflection and the self-assessment; the first area gets thin evidence."""
    turn = c.post("/v1/coach/sessions", headers=VISITOR).json()
    sid, rated = turn["session_id"], []
    for _ in range(30):
        qid = turn["question_id"] or ""
        if turn["done"] or qid.startswith("growth"):
            break
        if qid.startswith("assess.level:"):
            rated.append(qid.split(":", 1)[1])
            text = "1" if len(rated) == 1 else "2"
        elif qid.startswith("assess.evidence:"):
            text = "I track spending for my camp" if len(rated) == 1 else LONG_BUDGET
        else:
            text = SCRIPT[qid]
        r = c.post(f"/v1/coach/sessions/{sid}/answer", json={"text": text}, headers=VISITOR)
        assert r.status_code == 200, r.text
        turn = r.json()
    assert rated, "the session asked for no self-rating"
    return sid, rated


@pytest.mark.slow
def test_readiness_of_a_coaching_session_over_the_api(server: Live) -> None:
    with server.client() as c:
        sid, rated = _rate_until_growth(c)
        first = rated[0]
        r = c.post(f"/v1/coach/sessions/{sid}/supervisor-ratings", headers=VISITOR,
                   json={"competency_id": first, "level": 2, "evidence": "Leads the camp budget.", "supervisor": "Dana"})
        assert r.status_code == 200, r.text

        r = c.get(f"/v1/coach/{sid}/readiness", headers=VISITOR)
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        body: dict[str, Any] = r.json()
        by = {i["competency_id"]: i for i in body["competencies"]}
        assert list(by) and set(by) == set(rated) and body["session_id"] == sid
        head = by[first]
        assert (head["self_level"], head["supervisor_level"], head["agree"]) == (1, 2, False)
        assert head["self_evidence"] == "I track spending for my camp"
        assert head["supervisor_evidence"] == "Leads the camp budget." and head["supervisor"] == "supervisor: Dana"
        assert head["evidence_strength"] == "thin" and first in body["thin"]
        assert head["next_level"] == 2 and head["next_statement_id"] == f"{first}.L2"
        assert body["disclaimer"] == DISCLAIMER

        r = c.get(f"/v1/coach/{sid}/readiness?format=markdown", headers=VISITOR)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
        assert r.text.startswith("# Readiness report") and f"## {first} " in r.text and DISCLAIMER in r.text
        assert c.get(f"/v1/coach/sessions/{sid}/readiness", headers=VISITOR).json() == body

        for path, headers in ((f"/v1/coach/{'0' * 32}/readiness", VISITOR),
                              (f"/v1/coach/{sid}/readiness", {"X-Visitor-Id": "someone-else"}),
                              (f"/v1/coach/{sid}/readiness?format=markdown", {})):
            r = c.get(path, headers=headers)
            assert r.status_code == 404, (path, r.text)
            error = r.json()["error"]
            assert error["code"] == "not_found" and "No coaching session" in error["message"]
