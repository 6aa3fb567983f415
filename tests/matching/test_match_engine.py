"""The matcher on the real model and corpus: contract, exact offsets, bad input, a few postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import EmptyInputError, InputTooLargeError
from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.matching.engine import PostingMatcher, Thresholds
from assistant.matching.explain import describe_match
from assistant.matching.models import MatchResult
from assistant.settings import ROOT

POSTINGS = ROOT / "evals" / "postings"

pytestmark = pytest.mark.slow


def posting(name: str) -> str:
    return (POSTINGS / name).read_text(encoding="utf-8")


def posting_files() -> list[Path]:
    return sorted(p for p in POSTINGS.iterdir() if p.suffix in {".txt", ".html", ".md"} and p.name != "README.md")


def _all_spans(result: MatchResult) -> list[tuple[str, int, int]]:
    spans = [(e.text, e.start, e.end) for d in result.domains for e in d.evidence]
    spans += [(e.text, e.start, e.end) for c in result.competencies for e in c.evidence]
    spans += [(u.text, u.start, u.end) for u in result.uncovered]
    spans += [(d.text, d.start, d.end) for d in result.dropped]
    return spans


def _assert_exact(text: str, result: MatchResult) -> None:
    spans = _all_spans(result)
    assert spans, "expected some spans"
    for span_text, start, end in spans:
        assert text[start:end] == span_text
        assert span_text == span_text.strip()


@pytest.mark.parametrize("path", posting_files(), ids=lambda p: p.name)
def test_offsets_are_exact_for_every_eval_posting(matcher: PostingMatcher, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _assert_exact(text, matcher.match(text))


@pytest.mark.parametrize("variant", ["crlf", "unicode", "indented"])
def test_offsets_are_exact_for_text_variants(matcher: PostingMatcher, variant: str) -> None:
    text = posting("p05_program_manager.txt")
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "unicode":
        text = "🌿 Naturé Center — “Programs” 👩‍🔬\n" + text.replace("- ", "• ").replace("'", "’")
    else:
        text = text.replace("\n- ", "\n    \t- ")
    result = matcher.match(text)
    _assert_exact(text, result)
    assert result.competency("A.4") is not None


def test_html_offsets_point_into_the_submitted_markup(matcher: PostingMatcher) -> None:
    text = posting("p02_exhibit_developer.html")
    result = matcher.match(text)
    _assert_exact(text, result)
    budget = result.competency("A.4")
    assert budget is not None and any("$250,000" in e.text for e in budget.evidence)
    assert all("<li>" not in e.text for e in budget.evidence)
    assert any("&#39;" in u.text for u in result.uncovered)  # "Bachelor&#39;s degree", as submitted


def test_contract_shape(matcher: PostingMatcher) -> None:
    dumped = json.loads(json.dumps(matcher.match(posting("p01_floor_educator.txt")).model_dump()))
    assert {"domains", "competencies", "uncovered", "dropped"} <= set(dumped)
    for d in dumped["domains"]:
        assert d["id"] in "ABCD" and d["level"] in (1, 2, 3) and 0.0 <= d["score"] <= 1.0
        assert all({"text", "start", "end"} <= set(e) for e in d["evidence"])
    for c in dumped["competencies"]:
        assert c["id"] in {"A.1", "A.2", "A.3", "A.4", "B.1", "B.2", "C.1", "C.2"}
        assert c["level"] in (1, 2, 3) and 0.5 <= c["score"] <= 1.0 and c["evidence"]
    assert all({"text", "start", "end"} == set(u) for u in dumped["uncovered"])
    assert all({"text", "start", "end", "reason"} == set(d) for d in dumped["dropped"])


def test_boilerplate_is_dropped_and_reported(matcher: PostingMatcher) -> None:
    text = posting("p01_floor_educator.txt")
    result = matcher.match(text)
    reasons = {d.reason for d in result.dropped}
    assert {"about the organization", "compensation and benefits", "equal-opportunity statement",
            "how to apply"} <= reasons
    dropped_text = " ".join(d.text for d in result.dropped)
    assert "403(b)" in dropped_text and "No phone calls" in dropped_text
    evidence = " ".join(e.text for c in result.competencies for e in c.evidence)
    assert "403(b)" not in evidence and "equal opportunity" not in evidence


def test_front_line_educator(matcher: PostingMatcher) -> None:
    result = matcher.match(posting("p01_floor_educator.txt"))
    practice = result.competency("C.1")
    assert practice is not None and practice.level == 1
    assert result.competency("A.4") is None
    general = result.domain("D")
    assert general is not None and general.level == 1


def test_finance_director_needs_institution_level_finances(matcher: PostingMatcher) -> None:
    result = matcher.match(posting("p06_finance_director.txt"))
    finances = result.competency("A.4")
    assert finances is not None and finances.level == 2
    assert result.competency("C.1") is None


def test_field_building_role_reaches_level_three(matcher: PostingMatcher) -> None:
    result = matcher.match(posting("p09_field_network_director.txt"))
    practice = result.competency("C.1")
    assert practice is not None and practice.level == 3
    assert {d.id: d.level for d in result.domains}.get("C") == 3


def test_forklift_licence_is_uncovered(matcher: PostingMatcher) -> None:
    result = matcher.match(posting("o01_forklift_operator.txt"))
    uncovered = " ".join(u.text for u in result.uncovered)
    assert "forklift operator license" in uncovered and "lift up to 50 lbs" in uncovered
    assert not any(c.id.startswith(("B.", "C.1")) for c in result.competencies)


def test_short_pasted_requirement_list(matcher: PostingMatcher) -> None:
    result = matcher.match("- Manage the education department budget and write grant proposals\n"
                           "- Valid forklift licence required")
    assert [c.id for c in result.competencies] == ["A.4"]
    assert [u.text for u in result.uncovered] == ["Valid forklift licence required"]


@pytest.mark.parametrize(
    "line",
    ["- Analyze member survey data to understand who our members are and what brings them back.",
     "- Use visitor feedback to learn who our guests are and what they value."],
)
def test_research_on_members_or_visitors_is_audiences(matcher: PostingMatcher, line: str) -> None:
    result = matcher.match(line + "\n- Valid driver's license required")
    assert "B.1" in [c.id for c in result.competencies]
    assert not any(u.text in line for u in result.uncovered)


def test_spanish_posting_gets_a_note_not_matches(matcher: PostingMatcher) -> None:
    text = posting("x01_spanish_educator.txt")
    result = matcher.match(text)
    assert result.language == "es" and not result.competencies and not result.domains
    assert result.note is not None and "English" in result.note
    _assert_exact(text, result)
    answer, cited = describe_match(result, matcher.framework)
    assert "English" in answer and cited == []


@pytest.mark.parametrize("text", ["", "   \n\t  ", "<div>  </div><p></p>"])
def test_empty_input(matcher: PostingMatcher, text: str) -> None:
    with pytest.raises(EmptyInputError):
        matcher.match(text)


def test_oversize_input(corpus: Corpus, embedder: SentenceTransformerEmbedder) -> None:
    small = PostingMatcher(corpus.framework, embedder, max_chars=100)
    small.match("- Deliver programs for visitors. " * 3)
    with pytest.raises(InputTooLargeError):
        small.match("x" * 101)


def test_bad_construction(corpus: Corpus, embedder: SentenceTransformerEmbedder) -> None:
    with pytest.raises(ValueError, match="max_chars"):
        PostingMatcher(corpus.framework, embedder, max_chars=0)
    with pytest.raises(ValueError, match="thresholds"):
        Thresholds(line=0.7, item=0.5)


def test_describe_match_cites_corpus_statements(matcher: PostingMatcher) -> None:
    result = matcher.match(posting("p06_finance_director.txt"))
    answer, cited = describe_match(result, matcher.framework)
    assert "A.4.L2" in cited and "[A.4.L2]" in answer
    statement = matcher.framework.category("A.4").level(2).statement  # type: ignore[union-attr]
    assert statement in answer
    assert all(c.count(".") in (1, 2) for c in cited)


def test_job_profile_for_a_volunteer_coordinator(matcher: PostingMatcher) -> None:
    profile = matcher.job_profile("Volunteer Coordinator", "zoo")
    assert profile.archetype == "volunteer coordinator"
    ids = {c.id: c.level for c in profile.competencies}
    assert "C.1" in ids and all(c.reasons and c.statement for c in profile.competencies)
    assert profile.draft.startswith("## Competencies") and "zoo" in profile.draft


def test_job_profile_for_an_executive_is_institution_level(matcher: PostingMatcher) -> None:
    profile = matcher.job_profile("Executive Director")
    levels = {c.id: c.level for c in profile.competencies}
    assert levels.get("A.1") == 2 and levels.get("A.4") == 2


def test_job_profile_rejects_empty_role(matcher: PostingMatcher) -> None:
    with pytest.raises(EmptyInputError):
        matcher.job_profile("   ")


def test_job_profile_seniority_widens_practice(matcher: PostingMatcher) -> None:
    junior = {c.id: c.level for c in matcher.job_profile("Evaluator").competencies}
    senior = matcher.job_profile("Senior Evaluator", "aquarium")
    assert junior.get("C.1") == 1
    assert {c.id: c.level for c in senior.competencies}.get("C.1") == 2
    assert "at an aquarium" in senior.draft


def test_unknown_role_is_flagged_as_a_weak_guess(matcher: PostingMatcher) -> None:
    profile = matcher.job_profile("Quantum widget polisher")
    assert profile.archetype_similarity < 0.35 and "weak guess" in profile.note


@pytest.mark.parametrize("role", ["zoo keeper", "Senior Aquarist", "horticulturist"])
def test_animal_and_plant_care_roles_get_their_own_duties(matcher: PostingMatcher, role: str) -> None:
    profile = matcher.job_profile(role)
    assert profile.archetype == "animal or plant keeper" and profile.archetype_similarity == 1.0
    assert "A.4" not in {c.id for c in profile.competencies}  # a keeper is not a finance manager


def test_a_bookkeeper_stays_with_finance(matcher: PostingMatcher) -> None:
    assert matcher.job_profile("bookkeeper").archetype == "finance manager"
