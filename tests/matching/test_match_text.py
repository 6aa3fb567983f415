"""HTML to text with an exact offset map, and segmentation with exact offsets."""

from __future__ import annotations

import pytest

from assistant.matching.text import looks_like_html, segment, to_plain


def _spans(submitted: str) -> list[tuple[str, str, str]]:
    """(kind, cleaned text, submitted slice) for every segment."""
    plain = to_plain(submitted)
    out = []
    for seg in segment(plain.text, plain.bullets):
        s, e = plain.to_source(seg.start, seg.end)
        out.append((seg.kind, seg.text, submitted[s:e]))
    return out


def test_plain_text_is_read_as_is() -> None:
    text = "Title\r\n\r\n- Lead tours\r\n- Manage the budget\r\n"
    plain = to_plain(text)
    assert not plain.is_html and plain.text == text
    assert plain.to_source(3, 7) == (3, 7)


def test_crlf_bullets_keep_exact_offsets() -> None:
    text = "Responsibilities:\r\n  * Lead tours for school groups.\r\n\t2) Manage the program budget.\r\n"
    got = [(k, src) for k, _, src in _spans(text)]
    assert got == [("heading", "Responsibilities:"), ("item", "Lead tours for school groups."),
                   ("item", "Manage the program budget.")]


def test_unicode_offsets_are_code_points() -> None:
    text = "• Présenter 🚀 démonstrations for families.\n• Naïve café budget tracking for the team."
    for _, cleaned, src in _spans(text):
        assert src == cleaned
        assert text.index(src) >= 0


def test_html_entities_map_to_the_whole_entity() -> None:
    html = "<ul><li>Plan &amp; run <b>prototyping</b> sessions</li><li>Track budgets &ndash; monthly</li></ul>"
    spans = _spans(html)
    assert [k for k, _, _ in spans] == ["item", "item"]
    assert spans[0][1] == "Plan & run prototyping sessions"
    assert spans[0][2] == "Plan &amp; run <b>prototyping</b> sessions"
    assert spans[1][2] == "Track budgets &ndash; monthly"


def test_html_skips_script_style_and_head() -> None:
    html = "<html><head><title>Job board</title><style>p{}</style></head><body><script>var x='<p>';</script>" \
           "<p>Deliver programs for visitors.</p></body></html>"
    plain = to_plain(html)
    assert "Job board" not in plain.text and "var x" not in plain.text
    assert [src for _, _, src in _spans(html)] == ["Deliver programs for visitors."]


def test_html_newlines_inside_a_paragraph_do_not_split_it() -> None:
    html = "<p>Develop exhibits\nfor early learners.</p><p>Second paragraph here.</p>"
    assert [c for _, c, _ in _spans(html)] == ["Develop exhibits for early learners.", "Second paragraph here."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("<p>a</p><p>b</p>", True), ("<li>one</li>", True), ("Must have <5 years & a license", False),
     ("Salary > $40k", False)],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_headings_and_sections() -> None:
    text = "Exhibit Developer\n\nWHAT YOU'LL DO\n- Develop exhibits.\n\n## Benefits\nHealth insurance.\n" \
           "**Qualifications**\nExcellent writing skills"
    segs = segment(text)
    kinds = [(s.kind, s.text, s.section) for s in segs]
    assert kinds == [
        ("heading", "Exhibit Developer", "Exhibit Developer"),
        ("heading", "WHAT YOU'LL DO", "WHAT YOU'LL DO"),
        ("item", "Develop exhibits.", "WHAT YOU'LL DO"),
        ("heading", "Benefits", "Benefits"),
        ("sentence", "Health insurance.", "Benefits"),
        ("heading", "Qualifications", "Qualifications"),
        ("sentence", "Excellent writing skills", "Qualifications"),
    ]


def test_sentences_split_but_not_at_abbreviations() -> None:
    text = "The educator leads tours, e.g. Dinosaur Hall. They also teach camps. Dr. Smith supervises the role."
    assert [s.text for s in segment(text)] == [
        "The educator leads tours, e.g. Dinosaur Hall.", "They also teach camps.", "Dr. Smith supervises the role."]
