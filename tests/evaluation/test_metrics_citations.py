import math

import pytest

from assistant.evaluation.metrics.citations import CitationCase, citation_accuracy

KNOWN = {"A.4", "A.4.L2", "B.L3", "doc:wait#1"}
PASSAGES = {
    "A.4.L2": "Uses open-ended questions to extend learners' thinking.",
    "B.L3": "Mentors colleagues and leads professional learning communities.",
    "doc:wait#1": "Wait time after asking gives learners time to think.",
}

# Worked by hand with lexical_overlap and threshold 0.4:
# case 0 "good-ish": three citations
#   A.4.L2 for "Facilitators use open-ended questions to extend thinking."  6/7 words in passage -> correct
#   B.L3   for "Leaders mentor colleagues."  mentor, colleague of leader/mentor/colleague = 2/3 -> correct
#   doc:wait#1 known but not retrieved -> wrong (not_retrieved)
# case 1 "bad": three citations
#   A.4.L2 for "Learners should memorise facts quickly."  only learner of 4 words = 1/4 -> wrong (unsupported)
#   Z.9    for "See the hub."  unknown, not retrieved, no passage -> wrong (all three problems)
#   B.L3   declared in cited_ids only: support not checked; known but not retrieved -> wrong
# case 2 no citations -> None
# case 3 "Sources: [A.4]": a source list, support not checked; known and retrieved -> correct
# micro: 3 correct of 7; per case 2/3, 0, None, 1; macro (2/3 + 0 + 1) / 3 = 5/9
CASES = [
    CitationCase(
        "Facilitators use open-ended questions to extend thinking [A.4.L2]. "
        "Leaders mentor colleagues [B.L3]. Pause after asking [doc:wait#1].",
        ["A.4.L2", "B.L3"],
        PASSAGES,
        case_id="good-ish",
    ),
    CitationCase(
        "Learners should memorise facts quickly [A.4.L2]. See the hub [Z.9].",
        ["A.4.L2"],
        PASSAGES,
        cited_ids=("B.L3",),
        case_id="bad",
    ),
    CitationCase("No citations appear here at all.", ["A.4"], PASSAGES),
    CitationCase("Sources: [A.4]", ["A.4"], {}),
]


def test_citation_accuracy_by_hand():
    result = citation_accuracy(CASES, KNOWN)
    assert result.name == "citation_accuracy"
    assert result.score == pytest.approx(3 / 7)
    assert result.per_case == pytest.approx((2 / 3, 0.0, None, 1.0))
    d = result.details
    counts = {key: d[key] for key in ("citations", "correct", "unknown", "not_retrieved", "unsupported")}
    assert counts == {"citations": 7, "correct": 3, "unknown": 1, "not_retrieved": 3, "unsupported": 2}
    assert d["macro"] == pytest.approx(5 / 9)
    assert d["cases_without_citations"] == [2]
    assert d["support_checked"] == 5


def test_citation_records_explain_each_failure():
    records = citation_accuracy(CASES, KNOWN).details["records"]
    by_key = {(r["case"], r["id"]): r for r in records}
    assert by_key[("good-ish", "A.4.L2")]["support"] == pytest.approx(6 / 7)
    assert by_key[("good-ish", "doc:wait#1")]["problems"] == ["not_retrieved"]
    assert by_key[("bad", "A.4.L2")]["problems"] == ["unsupported"]
    assert by_key[("bad", "A.4.L2")]["support"] == pytest.approx(1 / 4)
    assert by_key[("bad", "Z.9")]["problems"] == ["unknown", "not_retrieved", "unsupported"]
    assert by_key[("bad", "B.L3")]["sentence"] is None
    assert by_key[("bad", "B.L3")]["supported"] is None
    assert by_key[(3, "A.4")]["correct"] is True


def test_declared_id_already_in_text_is_not_counted_twice():
    case = CitationCase("Ask open-ended questions [A.4.L2].", ["A.4.L2"], PASSAGES, cited_ids=["A.4.L2"])
    assert citation_accuracy([case], KNOWN).details["citations"] == 1


@pytest.mark.parametrize(("threshold", "score"), [(0.2, 4 / 7), (0.7, 2 / 7), (0.0, 4 / 7)])
def test_threshold_moves_support_decisions(threshold, score):
    # 0.2: "memorise facts" (1/4) now supported; 0.7: "Leaders mentor colleagues" (2/3) no longer is.
    assert citation_accuracy(CASES, KNOWN, threshold=threshold).score == pytest.approx(score)


def test_similarity_is_pluggable_and_called_with_sentence_then_passage():
    calls: list[tuple[str, str]] = []

    def always_supportive(sentence: str, passage: str) -> float:
        calls.append((sentence, passage))
        return 0.9

    result = citation_accuracy(CASES, KNOWN, similarity=always_supportive)
    # "memorise facts" becomes supported; Z.9 has no passage, so similarity is never asked about it.
    assert result.score == pytest.approx(4 / 7)
    assert ("Learners should memorise facts quickly.", PASSAGES["A.4.L2"]) in calls
    assert len(calls) == 4


def test_no_citations_anywhere_gives_nan():
    result = citation_accuracy([CitationCase("Nothing cited here.", [], {})], KNOWN)
    assert math.isnan(result.score)
    assert result.per_case == (None,)


@pytest.mark.parametrize(
    ("cases", "kwargs", "message"),
    [
        ([], {}, "cases is empty"),
        ([{"answer": "x"}], {}, "case 0 must be a CitationCase, got dict"),
        ([CitationCase(b"x", [], {})], {}, "case 0: answer must be text"),  # type: ignore[arg-type]
        ([CitationCase("x", "A.4", {})], {}, "case 0: retrieved_ids is a string"),
        ([CitationCase("x", [], {}, cited_ids="A.4")], {}, "case 0: cited_ids is a string"),
        ([CitationCase("x", [], {"A.4": 3})], {}, "must map str ids to str text"),  # type: ignore[dict-item]
        ([CitationCase("x", [], ["A.4"])], {}, "must map id -> passage text"),  # type: ignore[arg-type]
        (CASES, {"threshold": 2}, "threshold must be a number between 0 and 1"),
        (CASES, {"similarity": lambda a, b: math.nan}, "similarity function returned nan"),
    ],
)
def test_citation_accuracy_rejects_bad_input(cases, kwargs, message):
    with pytest.raises(ValueError, match=message):
        citation_accuracy(cases, KNOWN, **kwargs)


def test_known_ids_must_be_a_collection_of_ids():
    with pytest.raises(ValueError, match="known_ids is a string"):
        citation_accuracy(CASES, "A.4")
