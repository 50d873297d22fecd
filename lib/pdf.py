"""HTML to PDF with fpdf2: the one PDF machinery for the comparison brief and the self-assessment summary.

Simple HTML (h1-h3, p, ul/ol, table, b, i, a, img with a data: URI) is drawn by fpdf2's
write_html. DejaVu Sans is used when installed (Debian's fonts-dejavu); otherwise a core font,
with the text transliterated to Latin-1.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
              "BI": "DejaVuSans-BoldOblique.ttf"}


def ascii_text(text: str) -> str:
    """Latin-1-safe text for fpdf2's core fonts when no Unicode font is installed."""
    swaps = {"—": "-", "–": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'", "·": "-", "×": "x", "÷": "/",
             "✓": "v", "•": "-"}
    for a, b in swaps.items():
        text = text.replace(a, b)
    return unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")


def from_html(body: str, title: str, creator: str, font_dir: Path | None = FONT_DIR) -> bytes:
    """A4 PDF of an HTML body."""
    from fpdf import FPDF
    from fpdf.fonts import TextStyle

    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, 15)
    family = "helvetica"
    if font_dir and all((Path(font_dir) / f).is_file() for f in FONT_FILES.values()):
        for style, file in FONT_FILES.items():
            pdf.add_font("dejavu", style, str(Path(font_dir) / file))
        family = "dejavu"
    else:
        body, title = ascii_text(body), ascii_text(title)
    pdf.set_title(title)
    pdf.set_creator(creator)
    pdf.add_page()
    pdf.set_font(family, size=10)
    ink, accent = (31, 42, 54), (46, 111, 158)
    styles = {"h1": TextStyle(font_size_pt=18, color=ink, t_margin=0, b_margin=0.5),
              "h2": TextStyle(font_size_pt=13.5, color=accent, t_margin=4, b_margin=0.3),
              "h3": TextStyle(font_size_pt=11, color=ink, t_margin=2, b_margin=0.2),
              "a": TextStyle(color=accent, underline=True)}
    pdf.write_html(body, font_family=family, table_line_separators=True, li_prefix_color=ink, tag_styles=styles,
                   warn_on_tags_not_matching=False)
    return bytes(pdf.output())
