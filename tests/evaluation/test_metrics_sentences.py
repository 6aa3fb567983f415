import pytest

from assistant.evaluation.metrics.sentences import (
    citation_group_ids,
    extract_citations,
    split_answer,
    split_sentences,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ask open questions [A.4.L2].", [("Ask open questions.", ["A.4.L2"])]),
        ("Ask open questions. [A.4.L2]", [("Ask open questions.", ["A.4.L2"])]),
        ("Ask open questions (A.4).", [("Ask open questions.", ["A.4"])]),
        ("Ask open questions [A.4.L2, B.L3].", [("Ask open questions.", ["A.4.L2", "B.L3"])]),
        (
            "Ask open questions [A.4.L2][doc:questioning#3].",
            [("Ask open questions.", ["A.4.L2", "doc:questioning#3"])],
        ),
        (
            "Ask open questions [A.4.L2; res:ngss-practices].",
            [("Ask open questions.", ["A.4.L2", "res:ngss-practices"])],
        ),
        (
            "Pathways vary [def:learning-pathway] by level (fw:levels-note).",
            [("Pathways vary by level.", ["def:learning-pathway", "fw:levels-note"])],
        ),
        (
            "Supervisors use it to hire [use:supervisors].",
            [("Supervisors use it to hire.", ["use:supervisors"])],
        ),
        ("Domain A covers communication [A].", [("Domain A covers communication.", ["A"])]),
        ("Level statements exist per domain [A.L1].", [("Level statements exist per domain.", ["A.L1"])]),
        ("Ask open questions.\n[A.4.L2]", [("Ask open questions.", ["A.4.L2"])]),
        (
            "Ask open questions [A.4.L2]. Wait after asking. [B.L3] Reflect daily.",
            [("Ask open questions.", ["A.4.L2"]), ("Wait after asking.", ["B.L3"]), ("Reflect daily.", [])],
        ),
        (
            "Ask (e.g. open questions) and see (see below).",
            [("Ask (e.g. open questions) and see (see below).", [])],
        ),
        (
            "Read [the guide](https://x.org/a?b=1) first.",
            [("Read [the guide](https://x.org/a?b=1) first.", [])],
        ),
        ("Lowercase [a.4] is prose.", [("Lowercase [a.4] is prose.", [])]),
        ("Cite once [A.4] and again [A.4].", [("Cite once and again.", ["A.4"])]),
    ],
)
def test_extract_citations(text, expected):
    assert extract_citations(text) == expected


@pytest.mark.parametrize(
    ("group", "ids"),
    [
        ("A.4.L2, B.L3", ["A.4.L2", "B.L3"]),
        ("doc:intro#3", ["doc:intro#3"]),
        ("see below", None),
        ("e.g. A.4", None),
        ("A.4.", None),
        ("", None),
    ],
)
def test_citation_group_ids(group, ids):
    assert citation_group_ids(group) == ids


def test_split_sentences_spares_abbreviations_decimals_and_ids():
    text = "Wait e.g. three seconds. Level 2.5 sits in A.4.L2 here. Dr. Smith agrees! Really? Yes."
    assert split_sentences(text) == [
        "Wait e.g. three seconds.",
        "Level 2.5 sits in A.4.L2 here.",
        "Dr. Smith agrees!",
        "Really?",
        "Yes.",
    ]


def test_split_sentences_strips_list_markers_and_breaks_lines():
    assert split_sentences("- First point\n2. Second point.\n\n* Third") == [
        "First point",
        "Second point.",
        "Third",
    ]


def test_split_answer_kinds():
    answer = "\n".join(
        [
            "## Questioning",
            "**Key points**",
            "Here is what the framework says:",
            "Facilitators ask open-ended questions [A.4.L2].",
            "- Plan activities around learner interests",
            "Great question!",
            "Hope this helps!",
            "Sources: [A.4.L2], [B.3]",
            "- [B.3] Mentors colleagues.",
            "",
            "References to A.4 appear in the guidance [A.4].",
        ]
    )
    kinds = [(s.text, s.kind, s.citations) for s in split_answer(answer)]
    assert kinds == [
        ("## Questioning", "heading", ()),
        ("**Key points**", "heading", ()),
        ("Here is what the framework says:", "heading", ()),
        ("Facilitators ask open-ended questions.", "claim", ("A.4.L2",)),
        ("Plan activities around learner interests", "claim", ()),
        ("Great question!", "short", ()),
        ("Hope this helps!", "boilerplate", ()),
        ("Sources:", "boilerplate", ("A.4.L2", "B.3")),
        ("Mentors colleagues.", "boilerplate", ("B.3",)),
        ("References to A.4 appear in the guidance.", "claim", ("A.4",)),
    ]


def test_split_answer_min_words():
    assert split_answer("Ask open questions.", min_words=4)[0].kind == "short"
    assert split_answer("Ask open questions.", min_words=3)[0].kind == "claim"
