"""The HTML report is self-contained and escapes every piece of data."""

from __future__ import annotations

from assistant.evaluation.report import render_html

RESULTS = {
    "created_at": "2025-01-01T00:00:00+00:00", "repeat": 2, "index_version": "idx<1>",
    "suites": {
        "composer": {
            "generator": "composer", "status": "ok", "reason": None,
            "splits": {"test": {
            "families": {"retrieval": {"status": "ok", "reason": None, "seconds": 1.0, "runs": 2},
                         "matching": {"status": "skipped", "reason": "not available: <none>", "seconds": 0, "runs": 1}},
            "aggregate": {"retrieval.recall@10": {"mean": 0.9, "std": 0.01, "min": 0.89, "max": 0.91, "runs": [0.89, 0.91],
                                                  "scored": 3},
                          "retrieval.mrr@10": {"mean": None, "std": None, "min": None, "max": None, "runs": [None, None],
                                               "scored": 0}},
            "cases": {"retrieval": [
                {"id": "q1", "question": "<script>alert(1)</script>", "recall@10": 1.0, "retrieved": ["A", "B"]},
                {"id": "q2", "question": "x & y", "recall@10": 0.0, "retrieved": []},
                {"id": "q3", "question": "z", "recall@10": 0.5, "retrieved": ["C"], "spread": {"recall@10": 0.5}},
            ]}},
            "dev": {"families": {"retrieval": {"status": "ok", "reason": None, "seconds": 1.0, "runs": 2}},
                    "aggregate": {"retrieval.recall@10": {"mean": 0.7, "std": 0.0, "min": 0.7, "max": 0.7,
                                                          "runs": [0.7, 0.7], "scored": 5}},
                    "cases": {}}},
        },
        "llm": {"generator": "none", "status": "skipped", "reason": "not available: no LLM"},
    },
}


def test_report_is_self_contained_and_escaped() -> None:
    page = render_html(RESULTS)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "x &amp; y" in page and "idx&lt;1&gt;" in page and "not available: &lt;none&gt;" in page
    assert page.count('src="data:image/png;base64,') >= 2  # metric bars and a per-case histogram
    assert "http://" not in page and "https://" not in page
    assert "Skipped: not available: no LLM" in page
    assert "std" in page  # repeat > 1 shows the spread
    # one row per metric with dev and test side by side and their record counts
    assert "<th>dev</th>" in page and "<th>test records</th>" in page
    row = page[page.index("<td>retrieval.recall@10</td>"):].split("</tr>")[0]
    assert '<td class="num">0.700</td>' in row and '<td class="num">0.900</td>' in row and '<td class="num">5</td>' in row
