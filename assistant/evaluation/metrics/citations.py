"""Citation accuracy: is each citation real, retrieved, and does its passage support its sentence?

The unit is one citation: an id cited for a sentence of the answer (see ``sentences`` for how markers
are found and attached), plus any id the generator declared in ``cited_ids`` without placing it in the
text. A citation is correct when all three hold:

1. ``known``: the id exists (is in ``known_ids``, the framework's and corpus's citable ids);
2. ``retrieved``: the id was among the passages retrieved for this turn (else it was made up or remembered);
3. ``supported``: ``similarity(sentence, passage) >= threshold``. Not checked (``None``) for ids in a
   "Sources:" list or declared outside the text, which back no particular sentence.

``score`` pools all citations (micro-average): an answer with ten citations weighs ten times one with one.
``per_case`` is each answer's share of correct citations (``None`` for an answer without citations), and
``details["macro"]`` their mean.

>>> case = CitationCase("Facilitators ask open questions [A.4.L2]. Wait a while [Z.9].", ["A.4.L2"],
...                     {"A.4.L2": "Asks open questions of learners."})
>>> citation_accuracy([case], known_ids={"A.4.L2"}).score
0.5
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.metrics.base import (
    MetricResult,
    Similarity,
    checked_similarity,
    mean_or_nan,
    ratio_or_nan,
    require_cases,
    require_ids,
    require_unit_interval,
)
from assistant.evaluation.metrics.sentences import extract_citations, split_answer
from assistant.evaluation.metrics.text import DEFAULT_SUPPORT_THRESHOLD, lexical_overlap

__all__ = ["CitationCase", "citation_accuracy", "citation_recall", "extract_citations"]


@dataclass(frozen=True)
class CitationCase:
    """One answer to judge: its text, the ids retrieved for it and their passages ``{id: text}``."""

    answer: str
    retrieved_ids: Sequence[str]
    passages: Mapping[str, str]
    cited_ids: Sequence[str] = ()
    case_id: str | None = None


def _check_case(metric: str, index: int, case: object) -> CitationCase:
    if not isinstance(case, CitationCase):
        raise ValueError(f"{metric}: case {index} must be a CitationCase, got {type(case).__name__}")
    if not isinstance(case.answer, str):
        raise ValueError(f"{metric}: case {index}: answer must be text, got {type(case.answer).__name__}")
    require_ids(metric, case.retrieved_ids, f"case {index}: retrieved_ids")
    require_ids(metric, case.cited_ids, f"case {index}: cited_ids")
    if not isinstance(case.passages, Mapping):
        raise ValueError(f"{metric}: case {index}: passages must map id -> passage text")
    for pid, text in case.passages.items():
        if not isinstance(pid, str) or not isinstance(text, str):
            raise ValueError(
                f"{metric}: case {index}: passages must map str ids to str text; bad entry {pid!r}"
            )
    return case


def citation_accuracy(
    cases: Sequence[CitationCase],
    known_ids: Collection[str],
    *,
    similarity: Similarity = lexical_overlap,
    threshold: float = DEFAULT_SUPPORT_THRESHOLD,
) -> MetricResult:
    """Share of citations that are known, retrieved and supportive (see the module docstring)."""
    metric = "citation_accuracy"
    require_cases(metric, cases)
    known = set(require_ids(metric, known_ids, "known_ids"))
    threshold = require_unit_interval(metric, threshold, "threshold")

    records: list[dict[str, Any]] = []
    per_case: list[float | None] = []
    for index, raw in enumerate(cases):
        case = _check_case(metric, index, raw)
        label = case.case_id if case.case_id is not None else index
        retrieved = set(case.retrieved_ids)
        units: list[tuple[str | None, str]] = []
        for sentence in split_answer(case.answer):
            checks_support = sentence.kind != "boilerplate" and bool(sentence.text)
            units.extend((sentence.text if checks_support else None, cid) for cid in sentence.citations)
        in_text = {cid for _, cid in units}
        units.extend((None, cid) for cid in dict.fromkeys(case.cited_ids) if cid not in in_text)

        correct_here = 0
        for sentence_text, cid in units:
            is_known, was_retrieved = cid in known, cid in retrieved
            support: float | None = None
            supported: bool | None = None
            if sentence_text is not None:
                passage = case.passages.get(cid)
                if passage is None:  # cited but no passage text to check it against: unsupported
                    support, supported = 0.0, False
                else:
                    support = checked_similarity(metric, similarity, sentence_text, passage)
                    supported = support >= threshold
            correct = is_known and was_retrieved and supported is not False
            correct_here += correct
            problems = [
                name
                for name, failed in (
                    ("unknown", not is_known),
                    ("not_retrieved", not was_retrieved),
                    ("unsupported", supported is False),
                )
                if failed
            ]
            records.append(
                {
                    "case": label,
                    "id": cid,
                    "sentence": sentence_text,
                    "known": is_known,
                    "retrieved": was_retrieved,
                    "support": support,
                    "supported": supported,
                    "correct": correct,
                    "problems": problems,
                }
            )
        per_case.append(correct_here / len(units) if units else None)

    total = len(records)
    correct_total = sum(r["correct"] for r in records)
    details: dict[str, Any] = {
        "citations": total,
        "correct": correct_total,
        "unknown": sum("unknown" in r["problems"] for r in records),
        "not_retrieved": sum("not_retrieved" in r["problems"] for r in records),
        "unsupported": sum("unsupported" in r["problems"] for r in records),
        "support_checked": sum(r["supported"] is not None for r in records),
        "cases_without_citations": [i for i, v in enumerate(per_case) if v is None],
        "macro": mean_or_nan(per_case),
        "threshold": threshold,
        "records": records,
    }
    return MetricResult(metric, ratio_or_nan(correct_total, total), tuple(per_case), details)


def citation_recall(expected: Sequence[Collection[str]], cited: Sequence[Collection[str]]) -> MetricResult:
    """Per answer, the share of its expected ids among its citations; ``score`` is their mean.

    >>> citation_recall([["A.4.L2", "A.4.L1"]], [["A.4.L2", "A.4"]]).score
    0.5
    """
    metric = "citation_recall"
    require_cases(metric, list(expected), "expected")
    if len(expected) != len(cited):
        raise ValueError(f"{metric}: {len(expected)} expected sets but {len(cited)} cited sets")
    per_case: list[float | None] = []
    missed: list[list[str]] = []
    for want, got in zip(expected, cited, strict=True):
        want_set, got_set = set(want), set(got)
        per_case.append(len(want_set & got_set) / len(want_set) if want_set else None)
        missed.append(sorted(want_set - got_set))
    return MetricResult(metric, mean_or_nan(per_case), tuple(per_case), {"missed": missed})
