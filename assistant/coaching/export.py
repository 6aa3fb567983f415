"""Exports of a learning plan: Markdown, JSON, a PNG chart of the self-assessment, and a printable PDF.

The PDF (fpdf2, on the shared :class:`~assistant.reports.pdf.ReportPDF` page) uses DejaVu Sans when the
TTF is installed, else the core Helvetica font with the text folded to Latin-1, so it always renders. The
chart (matplotlib, Agg) shows self-ratings by domain, with supervisor ratings as separate bars when there
are any: the two are never merged.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from assistant.coaching.plan import LearningPlan, Rating, ResourceRef  # noqa: E402
from assistant.reports.pdf import ReportPDF, latin1  # noqa: E402

_latin1 = latin1  # the fold the core-font fallback uses; its tests read it from here
DOMAIN_COLORS = {"A": "#3b6ea5", "B": "#d08c2f", "C": "#4f9a55", "D": "#9a4f8c"}
LEVEL_NAMES = {1: "Level 1", 2: "Level 2", 3: "Level 3"}
_REASONS = {"chosen": "you chose it", "goal_gap": "your goal points higher than your rating",
            "suggested": "suggested from your answers"}


def _level(r: Rating) -> str:
    if r.not_sure or r.level is None:
        return "not sure"
    return f"{r.level:g}" + (" (tentative)" if r.hedged else "")


def _res(ref: ResourceRef) -> str:
    return f"{ref.name} [{ref.id}]" + ("" if ref.confirmed else " (unconfirmed)")


# ---------------------------------------------------------------- JSON and Markdown


def to_json(plan: LearningPlan) -> str:
    return plan.model_dump_json(indent=2)


def to_markdown(plan: LearningPlan) -> str:
    p = plan.profile
    out = ["# My learning plan", ""]
    out.append(f"Created {plan.created_at:%Y-%m-%d} with the ISL Competency Assistant "
               f"(reflection model: {plan.reflection_model}).")
    out += ["", "## Profile", ""]
    for label, value in (("Role", p.role), ("Institution type", p.institution), ("Time in the field", p.years),
                         ("Career stage", p.career_stage), ("Goal", p.goal), ("Support", p.support)):
        if value:
            out.append(f"- **{label}:** {value}")
    if p.role_refs:
        out.append("- **Related role profile:** " + ", ".join(_res(r) for r in p.role_refs))
    if p.first_step:
        out += ["", f"**First step (next two weeks):** {p.first_step}"]
    out += ["", "## Self-assessment", "", "| Competency | Self-rating | Evidence |", "|---|---|---|"]
    for r in plan.self_ratings:
        ev = (r.evidence or "-").replace("|", "/").replace("\n", " ")
        out.append(f"| {r.competency_id} {r.name} | {_level(r)} | {ev} |")
    if plan.supervisor_ratings:
        out += ["", "### Supervisor ratings (kept separate)", "", "| Competency | Rating | Rater | Evidence |",
                "|---|---|---|---|"]
        for r in plan.supervisor_ratings:
            ev = (r.evidence or "-").replace("|", "/").replace("\n", " ")
            out.append(f"| {r.competency_id} {r.name} | {_level(r)} | {r.rater} | {ev} |")
    if plan.fits:
        out += ["", "## What this plan fits around", ""]
        for f in plan.fits:
            out.append(f"- You said: \u201c{f.said}\u201d {f.honoured}")
    out += ["", "## Growth areas and next steps", ""]
    for a in plan.growth_areas:
        now = "not sure" if a.not_sure else ("not rated" if a.current_level is None else f"{a.current_level:g}")
        out.append(f"### {a.competency_id} {a.name} ({a.domain_name})")
        out.append("")
        target = f"{a.target_statement_id}: {a.target_statement}" if a.target_statement_id else (
            f"level {a.target_level} (its statement is not in the corpus)")
        out.append(f"Now: {now}. Toward: {target.rstrip('.')}. Why: {', '.join(_REASONS.get(r, r) for r in a.reasons)}.")
        out.append("")
        for s in a.steps:
            out.append(f"- **{s.label}.** {s.text} _Cites: {', '.join(s.cites)}_")
            for ref in s.resources:
                out.append(f"  - {_res(ref)}" + (f" <{ref.url}>" if ref.url else ""))
        for ref in a.pathways:
            out.append(f"- **Pathway to read about:** {_res(ref)}")
        out.append("")
    if plan.progress:
        out += ["## Progress", ""]
        for e in plan.progress:
            out.append(f"- {e.recorded_at:%Y-%m-%d} {e.item_id}: {e.status}" + (f" - {e.note}" if e.note else ""))
        out.append("")
    out += ["## Sources", ""]
    for src in plan.sources:
        flag = "" if src.confirmed else " (unconfirmed)"
        line = f"- **{src.id}** {src.title}{flag}"
        if src.text:
            line += f": {src.text}"
        if src.url:
            line += f" <{src.url}>"
        out.append(line)
    out += ["", "---", "", plan.disclaimer, ""]
    return "\n".join(out)


# ---------------------------------------------------------------- chart


def chart_png(plan: LearningPlan, *, dpi: int = 150) -> bytes:
    """Bar chart of the self-assessment by domain (supervisor ratings beside, hatched); PNG bytes."""
    ratings = sorted(plan.self_ratings, key=lambda r: r.competency_id)
    sup = {r.competency_id: r for r in plan.supervisor_ratings}
    fig, ax = plt.subplots(figsize=(7.0, max(2.2, 0.55 * len(ratings) + 1.2)), dpi=dpi)
    try:
        labels, y = [], 0.0
        for r in ratings:
            color = DOMAIN_COLORS.get(r.domain, "#777777")
            if r.level is None:
                ax.barh(y, 3, color="none", edgecolor="#999999", linestyle="--", height=0.5)
                ax.text(0.08, y, "not sure", va="center", fontsize=8, color="#555555")
            else:
                ax.barh(y, r.level, color=color, height=0.5)
            s = sup.get(r.competency_id)
            if s is not None and s.level is not None:
                ax.barh(y + 0.32, s.level, color="white", edgecolor=color, hatch="///", height=0.2)
            labels.append(f"{r.competency_id} {r.name}")
            y += 1
        ax.set_yticks(range(len(labels)), labels=labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 3)
        ax.set_xticks([1, 2, 3], labels=[LEVEL_NAMES[n] for n in (1, 2, 3)], fontsize=8)
        ax.grid(axis="x", color="#dddddd")
        ax.set_axisbelow(True)
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for d, c in DOMAIN_COLORS.items()
                   if any(r.domain == d for r in ratings)]
        names = [d for d in DOMAIN_COLORS if any(r.domain == d for r in ratings)]
        if sup:
            handles.append(plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="#333333", hatch="///"))
            names.append("supervisor")
        if handles:
            ax.legend(handles, [f"Domain {n}" if len(n) == 1 else n for n in names], fontsize=7,
                      loc="lower right", frameon=False)
        ax.set_title("Self-assessment by domain (levels 1-3)", fontsize=10)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()
    finally:
        plt.close(fig)


# ---------------------------------------------------------------- PDF


def to_pdf(plan: LearningPlan, *, font_dir: Path | None = None) -> bytes:
    """A printable plan: title, profile, chart and ratings, growth areas with steps, sources."""
    pdf = ReportPDF(font_dir, footer="learning plan")
    pdf.set_title(pdf.t("Learning plan - ISL Professional Competency Framework"))
    pdf.set_author("ISL Competency Assistant")
    pdf.add_page()
    p = plan.profile
    pdf.set_font(pdf.family_name, "B", 18)
    pdf.multi_cell(0, 9, pdf.t("My learning plan"), new_x="LMARGIN", new_y="NEXT")
    pdf.para(f"Informal STEM Learning (ISL) Professional Competency Framework - created {plan.created_at:%d %B %Y}",
             size=9)
    pdf.para(f"Reflection model: {plan.reflection_model}", size=8.5)

    pdf.heading("Profile")
    for label, value in (("Role", p.role), ("Institution type", p.institution), ("Time in the field", p.years),
                         ("Career stage", p.career_stage), ("Goal", p.goal), ("Support", p.support),
                         ("First step (next two weeks)", p.first_step)):
        if value:
            pdf.para(f"{label}: {value}")
    if p.role_refs:
        pdf.para("Related role profile: " + ", ".join(_res(r) for r in p.role_refs), size=8.5)

    pdf.heading("Self-assessment")
    if plan.self_ratings:
        pdf.image(io.BytesIO(chart_png(plan)), w=pdf.epw * 0.85)
        for r in plan.self_ratings:
            line = f"{r.competency_id} {r.name}: {_level(r)}"
            pdf.para(line, bold=True, size=9)
            if r.evidence:
                pdf.para(f"Evidence: {r.evidence[:600]}", size=8.5, indent=4)
    else:
        pdf.para("No ratings were given in this session.")
    if plan.supervisor_ratings:
        pdf.para("Supervisor ratings (kept separate from the self-assessment):", bold=True, size=9)
        for r in plan.supervisor_ratings:
            pdf.para(f"{r.competency_id} {r.name}: {_level(r)} ({r.rater})" + (f" - {r.evidence}" if r.evidence
                                                                                  else ""), size=8.5, indent=4)

    if plan.fits:
        pdf.heading("What this plan fits around")
        for f in plan.fits:
            pdf.para(f"You said: \u201c{f.said}\u201d {f.honoured}", size=9)

    pdf.heading("Growth areas and next steps")
    for a in plan.growth_areas:
        now = "not sure" if a.not_sure else ("not rated" if a.current_level is None else f"{a.current_level:g}")
        pdf.para(f"{a.competency_id} {a.name} ({a.domain_name})", bold=True, size=11)
        target = f"{a.target_statement_id}: {a.target_statement}" if a.target_statement_id else (
            f"level {a.target_level} (its statement is not in the corpus)")
        why = ", ".join(_REASONS.get(r, r) for r in a.reasons)
        pdf.para(f"Now: {now}. Toward {target.rstrip('.')}. Why: {why}.", size=8.5)
        for s in a.steps:
            pdf.para(f"- {s.text}", size=9, indent=3)
            pdf.para(f"Cites: {', '.join(s.cites)}", size=7.5, indent=7)
            for ref in s.resources:
                pdf.para(_res(ref) + (f" - {ref.url}" if ref.url else ""), size=7.5, indent=7)
        for ref in a.pathways:
            pdf.para(f"Pathway to read about: {_res(ref)}", size=8, indent=3)
        pdf.ln(1.5)

    if plan.progress:
        pdf.heading("Progress")
        for e in plan.progress:
            pdf.para(f"{e.recorded_at:%Y-%m-%d} {e.item_id}: {e.status}" + (f" - {e.note}" if e.note else ""),
                     size=8.5)

    pdf.heading("Sources")
    for src in plan.sources:
        flag = "" if src.confirmed else " (unconfirmed)"
        text = f"{src.id} - {src.title}{flag}" + (f": {src.text}" if src.text else "") + (
            f" {src.url}" if src.url else "")
        pdf.para(text, size=7.5)
    pdf.ln(2)
    pdf.para(plan.disclaimer, size=7.5)
    return bytes(pdf.output())
