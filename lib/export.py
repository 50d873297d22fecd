"""Files people take away: CSV (UTF-8 with BOM for Excel), XLSX, chart PNG/SVG, and every contract table.

Pure functions over DataFrames, Altair charts and the store; the UI and the CLI both call them.
"""
from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import altair as alt
import pandas as pd

from lib import charts
from lib.values import known

PNG_SCALE = 2


STEM_MAX = 80  # characters of a file name's stem: room for a few region names, short enough for any system


def file_stem(*words) -> str:
    """A download's file name without its extension, by one rule for every download: the words (the name of the
    download in the reader's language, then parts such as region ids or a stage) in ASCII, lowercase, joined by
    hyphens, so that it is safe on every system and reads in the reader's language ("Praktik", "II" ->
    "praktik-ii"). Empty words are left out."""
    text = " ".join(str(w) for w in words if w not in (None, ""))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:STEM_MAX].strip("-")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula


def _as_text(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice for CSV
    injection): `=HYPERLINK(...)` in a case-file title stays text. Numbers, even negative ones, are untouched."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel shows Indonesian text correctly; text cells are never formulas."""
    text_columns = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    safe = frame.assign(**{c: frame[c].map(_as_text) for c in text_columns}) if text_columns else frame
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")  # RFC 4180: a stray CR is quoted


def _cell(value):
    """A value openpyxl can write (lists joined, missing values empty)."""
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist() if hasattr(value, "tolist") else value
        if isinstance(value, list):
            return ", ".join(map(str, value))
    if not known(value):
        return None
    return value


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One workbook, a sheet per frame (sheet names cut to Excel's 31 characters). Every text cell is stored as
    text: openpyxl turns a string that starts with "=" into a live formula, and this data never holds one."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "sheet"
            frame.map(_cell).to_excel(writer, sheet_name=safe, index=False)
        for sheet in writer.book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    return buffer.getvalue()


def titled(chart: alt.TopLevelMixin, title: str, subtitle: list[str] | str) -> dict:
    """The chart's Vega-Lite spec with the project theme, a title and a subtitle (years, source line)."""
    lines = [subtitle] if isinstance(subtitle, str) else subtitle
    return charts.theme(chart, title, lines).to_dict()


def png_bytes(spec: dict, scale: int = PNG_SCALE) -> bytes:
    import vl_convert as vlc
    return vlc.vegalite_to_png(spec, scale=scale)


def svg_text(spec: dict) -> str:
    import vl_convert as vlc
    return vlc.vegalite_to_svg(spec)


def write_tables(store, out: Path, tables: tuple[str, ...]) -> list[Path]:
    """Every named table as CSV, and all of them in one workbook reform.xlsx; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    frames = {name: store.df(f"SELECT * FROM {name}") for name in tables}  # names from the fixed contract list
    written = []
    for name, frame in frames.items():
        path = out / f"{name}.csv"
        path.write_bytes(csv_bytes(frame))
        written.append(path)
    book = out / "reform.xlsx"
    book.write_bytes(xlsx_bytes(frames))
    written.append(book)
    return written
