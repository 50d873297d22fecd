"""Spreadsheet formula injection: text cells of every CSV and XLSX download stay text (a case-file title
`=HYPERLINK(...)` must not become a live formula); numbers stay numbers."""
import csv
import io

import openpyxl
import pandas as pd

from lib import export

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "plain", "a=b"]


def _frame():
    return pd.DataFrame({"title": HOSTILE, "value": [-1.5, 2, -3, 4, 5, 6, 7, 8],
                         "year": pd.array([2001, None, 2003, 2004, 2005, 2006, 2007, 2008], dtype="Int64")})


def test_csv_text_cells_that_look_like_formulas_are_quoted_and_numbers_are_not():
    rows = list(csv.reader(io.StringIO(export.csv_bytes(_frame()).decode("utf-8-sig"), newline="")))
    titles = [r[0] for r in rows[1:]]
    for original, written in zip(HOSTILE, titles):
        if original[0] in "=+-@\t\r":
            assert written == "'" + original
        else:
            assert written == original
    assert [r[1] for r in rows[1:]][:3] == ["-1.5", "2.0", "-3.0"]   # a negative number is not a formula


def test_xlsx_never_holds_a_formula_and_keeps_the_text_whole():
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"practices": _frame()})))
    sheet = book["practices"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    written = [sheet.cell(row=i + 2, column=1).value for i in range(len(HOSTILE))]
    assert written == [h.replace("\r", "\n") for h in HOSTILE]   # the XLSX format keeps a CR as a line break
    assert sheet.cell(row=2, column=2).value == -1.5 and sheet.cell(row=2, column=2).data_type == "n"
