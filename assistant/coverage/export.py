"""Exports of a coverage analysis as files: CSV, an XLSX workbook and a printable PDF with a heatmap.

Item ids, titles and evidence come from the user, so every text cell of the CSV and XLSX goes through
:func:`safe_cell`: a value a spreadsheet would run as a formula (starting ``= + - @``, or a tab or carriage
return, the OWASP list) gets a leading apostrophe, and the spreadsheet shows it as text.

The heatmap (matplotlib, Agg) draws the matrix with items as rows and the report's columns as columns,
levels 1-3 in shades light to dark, blank where the item serves nothing; long sets are cut into charts of
:data:`ROWS_PER_CHART` items so each fits an A4 page and stays legible.

    >>> csv_text = to_csv(report)                 # doctest: +SKIP
    >>> Path("coverage.xlsx").write_bytes(to_xlsx(report))   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import BoundaryNorm, ListedColormap  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.worksheet import Worksheet  # noqa: E402

from assistant.coverage.analysis import HEAVY_SHARE, MIN_HEAVY, CoverageReport, ItemCoverage  # noqa: E402
from assistant.reports.pdf import ReportPDF  # noqa: E402

CSV_FIELDS = ("item_id", "item_title", "competency_id", "competency_name", "level", "evidence")
EVIDENCE_SEP = " | "
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# one shade per level, light to dark (matplotlib "Blues"); level 3 carries white text
LEVEL_COLORS = {1: "#c6dbef", 2: "#6baed6", 3: "#08519c"}
DARK_LEVELS = frozenset({3})
ROWS_PER_CHART = 25
XLSX_CELL_MAX = 32_767  # Excel refuses longer cells
LABEL_MAX = 48  # characters of an item's label on the heatmap


def safe_cell(value: str) -> str:
    """A text cell a spreadsheet shows as text: a leading formula character gets an apostrophe before it."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _evidence(texts: Sequence[str]) -> str:
    return EVIDENCE_SEP.join(" ".join(t.split()) for t in texts)


def rows(report: CoverageReport) -> list[dict[str, str | int]]:
    """One row per (item, competency), in item order; an item serving nothing has one row with empty fields.

    Values are raw (not made safe): the CSV and XLSX writers guard them.
    """
    out: list[dict[str, str | int]] = []
    for item in report.items:
        if not item.competencies:
            out.append({"item_id": item.id, "item_title": item.title, "competency_id": "",
                        "competency_name": "", "level": "", "evidence": ""})
        for c in item.competencies:
            out.append({"item_id": item.id, "item_title": item.title, "competency_id": c.id,
                        "competency_name": c.name, "level": c.level,
                        "evidence": _evidence([e.text for e in c.evidence])})
    return out


def column_names(report: CoverageReport) -> dict[str, str]:
    """Column id -> name, read from the report (a served column names itself in an item, a gap in its suggestion)."""
    names = {s.gap: s.name for s in report.suggestions}
    names.update({c.id: c.name for i in report.items for c in i.competencies})
    return {col: names.get(col, col) for col in report.columns}


# ---------------------------------------------------------------- CSV


def to_csv(report: CoverageReport) -> str:
    """The rows of :func:`rows` as CSV (RFC 4180 line ends), with a header, user text made safe."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in rows(report):
        writer.writerow({k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()})
    return buf.getvalue()


# ---------------------------------------------------------------- XLSX


def _xlsx_text(value: str) -> str:
    """Safe, without the control characters XML cannot hold, and no longer than Excel takes."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > XLSX_CELL_MAX:
        value = value[: XLSX_CELL_MAX - 1] + "\u2026"
    return safe_cell(value)


def _xlsx_value(value: str | int) -> str | int:
    return _xlsx_text(value) if isinstance(value, str) else value


def _fill(level: int) -> PatternFill:
    rgb = LEVEL_COLORS[level].lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def _header(ws: Worksheet, labels: Sequence[str], widths: Sequence[float]) -> None:
    ws.append([_xlsx_text(label) for label in labels])
    for n, (cell, width) in enumerate(zip(ws[1], widths, strict=True), start=1):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A2"


def _matrix_sheet(ws: Worksheet, report: CoverageReport) -> None:
    names = column_names(report)
    _header(ws, ["Item", "Title", *(f"{c} {names[c]}" for c in report.columns)],
            [14, 40, *(16 for _ in report.columns)])
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "C2"  # the header row and the item columns stay in view
    for r, item in enumerate(report.items, start=2):
        ws.cell(row=r, column=1, value=_xlsx_text(item.id))
        ws.cell(row=r, column=2, value=_xlsx_text(item.title))
        served = report.matrix.get(item.id, {})
        for col_n, col in enumerate(report.columns, start=3):
            level = served.get(col)
            if level is None:
                continue
            cell = ws.cell(row=r, column=col_n, value=level)
            cell.fill = _fill(level)
            cell.alignment = Alignment(horizontal="center")
            if level in DARK_LEVELS:
                cell.font = Font(bold=True, color="FFFFFF")


def _competencies_sheet(ws: Worksheet, report: CoverageReport) -> None:
    _header(ws, CSV_FIELDS, [14, 40, 14, 28, 8, 80])
    for row in rows(report):
        ws.append([_xlsx_value(row[k]) for k in CSV_FIELDS])
    for (cell,) in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _gaps_sheet(ws: Worksheet, report: CoverageReport) -> None:
    _header(ws, ["gap_id", "name", "suggestion", "cites"], [10, 28, 90, 40])
    by_gap = {s.gap: s for s in report.suggestions}
    names = column_names(report)
    for gap in report.gaps:
        s = by_gap.get(gap)
        ws.append([_xlsx_text(gap), _xlsx_text(s.name if s else names.get(gap, gap)),
                   _xlsx_text(s.text if s else ""), _xlsx_text("; ".join(s.cites) if s else "")])
    for (cell,) in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def to_xlsx(report: CoverageReport) -> bytes:
    """A workbook: "Matrix" (items x columns, coloured by level), "Competencies" (the CSV rows), "Gaps"."""
    wb = Workbook()
    matrix = wb.active
    assert matrix is not None  # a new Workbook always has its first sheet
    matrix.title = "Matrix"
    _matrix_sheet(matrix, report)
    _competencies_sheet(wb.create_sheet("Competencies"), report)
    _gaps_sheet(wb.create_sheet("Gaps"), report)
    wb.properties.title = _xlsx_text(report.title or "Coverage analysis")
    wb.properties.creator = "ISL Competency Assistant"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- heatmap


def _label(item: ItemCoverage) -> str:
    text = f"{item.id} {' '.join(item.title.split())}".strip()
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "\u2026"


def heatmap_png(report: CoverageReport, items: Sequence[ItemCoverage] | None = None, *, dpi: int = 150) -> bytes:
    """The matrix of ``items`` (default: all of the report's) as a PNG heatmap annotated with the levels.

    The figure grows with the number of rows; :func:`to_pdf` passes at most :data:`ROWS_PER_CHART` at a time.
    """
    shown = list(report.items if items is None else items)
    cols = list(report.columns)
    data = np.full((max(len(shown), 1), len(cols)), np.nan)
    for r, item in enumerate(shown):
        for c, col in enumerate(cols):
            level = report.matrix.get(item.id, {}).get(col)
            if level is not None:
                data[r, c] = level
    cmap = ListedColormap([LEVEL_COLORS[n] for n in (1, 2, 3)])
    cmap.set_bad("white")
    norm = BoundaryNorm([0.5, 1.5, 2.5, 3.5], cmap.N)
    height = min(max(2.0, 0.28 * len(shown) + 1.6), 11.0)
    fontsize = 8 if len(shown) <= ROWS_PER_CHART else 6
    fig, ax = plt.subplots(figsize=(7.5, height), dpi=dpi)
    try:
        ax.imshow(np.ma.masked_invalid(data), cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
        for r in range(len(shown)):
            for c in range(len(cols)):
                if not np.isnan(data[r, c]):
                    level = int(data[r, c])
                    ax.text(c, r, str(level), ha="center", va="center", fontsize=fontsize,
                            color="white" if level in DARK_LEVELS else "black")
        ax.set_xticks(range(len(cols)), labels=cols, fontsize=8)
        ax.xaxis.tick_top()
        # user titles: a "$" must not start matplotlib's math mode
        ax.set_yticks(range(len(shown)), labels=[_label(i) for i in shown], fontsize=fontsize, parse_math=False)
        ax.set_xticks(np.arange(-0.5, len(cols)), minor=True)
        ax.set_yticks(np.arange(-0.5, max(len(shown), 1)), minor=True)
        ax.grid(which="minor", color="#bbbbbb", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        handles = [Patch(facecolor=LEVEL_COLORS[n], edgecolor="#999999", label=f"Level {n}") for n in (1, 2, 3)]
        handles.append(Patch(facecolor="white", edgecolor="#999999", label="not served"))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, fontsize=7,
                  frameon=False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight")
        return buf.getvalue()
    finally:
        plt.close(fig)


# ---------------------------------------------------------------- PDF


def _served_by(report: CoverageReport, col: str) -> int:
    return sum(1 for row in report.matrix.values() if col in row)


def to_pdf(report: CoverageReport, *, font_dir: Path | None = None, compress: bool = True) -> bytes:
    """A printable report: title, heatmap, gaps with suggestions, over-weighted areas, items with evidence.

    ``font_dir`` overrides where DejaVu Sans is looked for; ``compress=False`` leaves the page streams readable.
    """
    pdf = ReportPDF(font_dir, footer="coverage analysis")
    pdf.set_compression(compress)
    title = report.title or "Coverage analysis"
    pdf.set_title(pdf.t(f"{title} - ISL Professional Competency Framework"))
    pdf.set_author("ISL Competency Assistant")
    names = column_names(report)
    pdf.add_page()
    pdf.set_font(pdf.family_name, "B", 18)
    pdf.multi_cell(0, 9, pdf.t(title), new_x="LMARGIN", new_y="NEXT")
    n = len(report.items)
    pdf.para(f"Coverage analysis of a {report.kind} set ({n} item{'' if n == 1 else 's'}) against the Informal "
             "STEM Learning (ISL) Professional Competency Framework", size=9)
    served = len(report.columns) - len(report.gaps)
    pdf.para(f"Kind: {report.kind}. Served: {served} of {len(report.columns)} areas. "
             f"Gaps: {', '.join(report.gaps) or 'none'}. Over-weighted: {', '.join(report.over_weighted) or 'none'}.",
             size=8.5)

    pdf.heading("Coverage matrix")
    if report.items:
        for start in range(0, n, ROWS_PER_CHART):
            chunk = report.items[start:start + ROWS_PER_CHART]
            if n > ROWS_PER_CHART:
                pdf.para(f"Items {start + 1}-{start + len(chunk)} of {n}", size=8, bold=True)
            pdf.image(io.BytesIO(heatmap_png(report, chunk)), w=pdf.epw)
            pdf.ln(1)
    else:
        pdf.para("The set has no items.")
    pdf.para("Columns: " + "; ".join(f"{c} {names[c]}" for c in report.columns), size=7.5)

    pdf.heading("Gaps and suggestions")
    if not report.gaps:
        pdf.para("Every area of the framework is served by at least one item.")
    by_gap = {s.gap: s for s in report.suggestions}
    for gap in report.gaps:
        s = by_gap.get(gap)
        pdf.para(f"{gap} {s.name if s else names.get(gap, gap)}", bold=True, size=10)
        if s is not None:
            pdf.para(s.text, size=9, indent=3)
            if s.cites:
                pdf.para(f"Cites: {', '.join(s.cites)}", size=7.5, indent=3)
        pdf.ln(1)

    pdf.heading("Over-weighted areas")
    if not report.over_weighted:
        pdf.para(f"None: no area is served by more than {HEAVY_SHARE:.0%} of the items "
                 f"(and by at least {MIN_HEAVY}).", size=9)
    for col in report.over_weighted:
        pdf.para(f"{col} {names.get(col, col)}: served by {_served_by(report, col)} of {n} items.", size=9)

    pdf.heading("Items")
    for item in report.items:
        pdf.para(f"{item.id} - {item.title}" if item.title else item.id, bold=True, size=10)
        if not item.competencies:
            pdf.para("Serves no area of the framework.", size=8.5, indent=3)
        for c in item.competencies:
            pdf.para(f"{c.id} {c.name}: level {c.level}", size=9, indent=3)
            for e in c.evidence:
                text = " ".join(e.text.split())
                pdf.para(f"\u201c{text[:600]}\u201d (points to level {e.level})", size=7.5, indent=7)
        pdf.ln(1)
    return bytes(pdf.output())
