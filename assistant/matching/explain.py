"""A readable Markdown answer about a match result, for chat, citing framework level-statement ids.

Cited ids follow the corpus scheme: ``A.4.L2`` for a category level statement and ``D.L1`` for a domain
level statement. Statements are quoted from the loaded corpus, never composed here.
"""

from __future__ import annotations

import html
import re

from assistant.framework.models import Framework
from assistant.matching.models import JobProfile, MatchResult
from assistant.matching.profile import article, at_institution

_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")


def plain(span_text: str, limit: int = 160) -> str:
    """Evidence text for reading: tags removed, entities decoded, whitespace collapsed, shortened."""
    text = _WS.sub(" ", html.unescape(_TAG.sub(" ", span_text))).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_match(result: MatchResult, framework: Framework) -> tuple[str, list[str]]:
    """Markdown answer and the framework ids it cites, built only from ``result`` and the corpus."""
    if result.note and not result.competencies and not result.domains:
        return result.note, []
    cited: list[str] = []
    out: list[str] = []
    if not result.domains:
        out.append("I could not find duties in this posting that the ISL Professional Competency Framework describes.")
    else:
        names = ", ".join(f"{d.name} ({d.id}, Level {d.level})" for d in result.domains)
        out.append(f"This posting asks for competencies in {len(result.domains)} of the framework's domains: {names}.")
    for dom in result.domains:
        fw_dom = framework.domain(dom.id)
        stmt = fw_dom.level(dom.level) if fw_dom else None
        out += ["", f"### {dom.name} ({dom.id}) — Level {dom.level}"]
        if stmt is not None:
            ref = f"{dom.id}.L{dom.level}"
            cited.append(ref)
            out.append(f"{stmt.statement} [{ref}]")
        comps = [c for c in result.competencies if c.id.startswith(dom.id + ".")]
        for comp in comps:
            cat = framework.category(comp.id)
            cstmt = cat.level(comp.level) if cat else None
            line = f"- **{comp.name} ({comp.id}), Level {comp.level}**"
            if cstmt is not None:
                ref = f"{comp.id}.L{comp.level}"
                cited.append(ref)
                line += f": {cstmt.statement} [{ref}]"
            out.append(line)
            for ev in comp.evidence[:2]:
                out.append(f"  - evidence: “{plain(ev.text)}”")
        if dom.id == "D" or not comps:
            for ev in dom.evidence[:2]:
                out.append(f"- evidence: “{plain(ev.text)}”")
    if result.competencies:
        top = sorted(result.competencies, key=lambda c: (-c.level, -c.score))
        lead = ", ".join(f"{c.name} at Level {c.level}" for c in top[:3])
        out += ["", f"**For applicants:** emphasise evidence of {lead}; the higher the level, the wider the scope "
                    "(your own work, your institution, the field) your examples should show."]
    if result.uncovered:
        items = "; ".join(f"“{plain(u.text, 90)}”" for u in result.uncovered[:6])
        out += ["", f"**Not covered by the framework:** {items}."]
    if result.dropped:
        reasons = sorted({d.reason for d in result.dropped})
        out += ["", f"_Set aside before matching: {', '.join(reasons)}._"]
    if result.note:
        out += ["", f"_{result.note}_"]
    return "\n".join(out), cited


def describe_profile(profile: JobProfile) -> tuple[str, list[str]]:
    """Markdown answer to "which competencies does <role> need?" and the framework ids it cites."""
    where = at_institution(profile.institution_type)
    cited: list[str] = []
    role, typical = profile.role, profile.archetype
    out = [f"For {article(role)} **{role}**{where}, the typical duties of {article(typical)} *{typical}* point to "
           "these competencies of the framework:"]
    items = [*profile.competencies, *[d for d in profile.domains if d.id == "D"]]
    if not items:
        out.append("- none that I can suggest with confidence.")
    for item in items:
        ref = f"{item.id}.L{item.level}"
        cited.append(ref)
        label = f"{item.name} (domain {item.id})" if "." not in item.id else f"{item.name} ({item.id})"
        out.append(f"- **{label}, Level {item.level}**: {item.statement} [{ref}]")
        if item.reasons:
            out.append(f"  - because the role typically involves: “{plain(item.reasons[0], 120)}”")
    out += ["", f"_{profile.note}_", "",
            "To check a specific job, send its posting here; for a draft “Competencies” section for a job "
            "description, use the job-profile tool (`POST /v1/job-profile`)."]
    return "\n".join(out), cited
