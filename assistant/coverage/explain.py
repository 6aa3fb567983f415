"""A coverage analysis in words: the summary and gaps the chat answers with and the command line prints."""

from __future__ import annotations

from assistant.coverage.analysis import CoverageReport

MAX_ITEMS_LISTED = 12


def describe(report: CoverageReport, names: dict[str, str]) -> str:
    """Markdown: what the set covers, the gaps with a suggestion each, over-weighted areas, then item by item.

    ``names`` maps a column id to its name (``dict(analysis.columns(corpus))``).
    """
    served = len(report.columns) - len(report.gaps)
    what = {"curriculum": "courses", "program": "sessions", "team": "roles"}[report.kind]
    head = f"**{report.title}**: " if report.title else ""
    out = [f"{head}These {len(report.items)} {what} serve {served} of the framework's {len(report.columns)} "
           "categories (General Expertise, D, counted as one)."]
    if report.gaps:
        out += ["", "**Gaps** (nothing in the set serves them):"]
        out += [f"- {s.name} (`{s.gap}`): {s.text.split('. ', 1)[-1]}" for s in report.suggestions]
    else:
        out += ["", "No gaps: every category is served by at least one item."]
    if report.over_weighted:
        heavy = ", ".join(f"{names.get(c, c)} (`{c}`)" for c in report.over_weighted)
        out += ["", f"**Over-weighted:** {heavy}, each served by more than half of the {what}."]
    out += ["", "**Item by item:**"]
    for item in report.items[:MAX_ITEMS_LISTED]:
        comps = ", ".join(f"`{c.id}` L{c.level}" for c in item.competencies) or "no competency of the framework"
        out.append(f"- {item.title or f'Item {item.id}'}: {comps}")
    if len(report.items) > MAX_ITEMS_LISTED:
        out.append(f"- ... and {len(report.items) - MAX_ITEMS_LISTED} more (the full matrix is on /coverage).")
    return "\n".join(out)
