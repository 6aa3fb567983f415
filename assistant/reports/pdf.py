"""The PDF page every printable report uses (fpdf2): fonts, the Latin-1 fallback, a footer, headings, paragraphs.

DejaVu Sans when its TTF is installed, else the core Helvetica font with the text folded to Latin-1, so a
report always renders whatever the machine has.

    >>> pdf = ReportPDF(None, footer="learning plan")   # doctest: +SKIP
    >>> pdf.add_page(); pdf.heading("Profile"); pdf.para("Role: educator")   # doctest: +SKIP
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fpdf import FPDF

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts"))
_FOLD = {"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
         "\u2026": "...", "\u2022": "-", "\u00a0": " ", "\u2192": "->"}


def find_font(name: str) -> Path | None:
    """The first file called ``name`` under the usual font directories, None when there is none."""
    for d in FONT_DIRS:
        if d.is_dir():
            hit = next(iter(sorted(d.rglob(name))), None)
            if hit is not None:
                return hit
    return None


def latin1(text: str) -> str:
    """Fold text to Latin-1 for the core fonts: dashes and quotes mapped, accents stripped, rest '?'."""
    text = "".join(_FOLD.get(ch, ch) for ch in text)
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


class ReportPDF(FPDF):
    """An A4 page with DejaVu (or Helvetica) and a footer naming the report; ``font_dir`` overrides the search."""

    def __init__(self, font_dir: Path | None, *, footer: str) -> None:
        super().__init__(format="A4")
        self.footer_label = footer
        regular = find_font("DejaVuSans.ttf") if font_dir is None else font_dir / "DejaVuSans.ttf"
        bold = find_font("DejaVuSans-Bold.ttf") if font_dir is None else font_dir / "DejaVuSans-Bold.ttf"
        self.unicode = bool(regular and bold and regular.exists() and bold.exists())
        if self.unicode and regular is not None and bold is not None:
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold))
            self.family_name = "DejaVu"
        else:
            self.family_name = "Helvetica"
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(18, 16, 18)

    def t(self, text: str) -> str:
        """Text as the current font can draw it."""
        return text if self.unicode else latin1(text)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family_name, "", 7)
        self.set_text_color(120, 120, 120)
        self.cell(0, 5, self.t(f"ISL Competency Assistant - {self.footer_label} - page {self.page_no()}"), align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font(self.family_name, "B", size)
        self.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(1)

    def para(self, text: str, size: float = 9.5, bold: bool = False, indent: float = 0) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT", align="L")
