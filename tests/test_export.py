"""Exports open and hold what they should: CSV with BOM, XLSX read back, PNG/SVG valid, tables CLI."""
import io
import xml.dom.minidom

import altair as alt
import duckdb
import openpyxl
import pandas as pd

from lib import db, export

from .conftest import cli


def test_csv_has_a_bom_and_keeps_indonesian_text():
    frame = pd.DataFrame({"judul": ["Pelayanan terpadu – satu pintu", "Kabupaten Sragen"], "tahun": [2001, None]})
    raw = export.csv_bytes(frame)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back["judul"]) == list(frame["judul"])


def test_xlsx_round_trip_with_lists_and_missing_values():
    frame = pd.DataFrame({"id": ["a", "b"], "themes": [["one_stop", "licensing"], []], "year": [2003, None]})
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"practices: all/[x]": frame})))
    sheet = book.worksheets[0]
    assert sheet.title == "practices_ all__x_"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("id", "themes", "year")
    assert rows[1] == ("a", "one_stop, licensing", 2003)
    assert rows[2][0] == "b" and rows[2][2] is None


def test_chart_png_is_2x_and_svg_is_valid_with_title_and_source_line():
    data = pd.DataFrame({"year": [2011, 2012], "value": [3.15, 5.2]})
    chart = alt.Chart(data).mark_line().encode(x="year:O", y="value:Q")
    spec = export.titled(chart, "Skor integritas", ["Tahun 2011–2012", "Sumber: KPK"])
    png = export.png_bytes(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    small = export.png_bytes(spec, scale=1)
    assert width >= 2 * int.from_bytes(small[16:20], "big") - 2
    svg = export.svg_text(spec)
    xml.dom.minidom.parseString(svg)
    assert "Skor integritas" in svg and "Sumber: KPK" in svg and "2011–2012" in svg


def test_export_tables_cli_writes_every_contract_table(tmp_path):
    out = tmp_path / "tables"
    result = cli("export", "tables", "--out", str(out))
    assert result.returncode == 0, result.stderr
    store = db.open_store()
    con = duckdb.connect(str(store.path), read_only=True)
    book = openpyxl.load_workbook(out / "reform.xlsx", read_only=True)
    for table in db.CONTRACT:
        csv = pd.read_csv(out / f"{table}.csv", encoding="utf-8-sig")
        count = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert len(csv) == count, table
        assert list(csv.columns) == [c for c, _ in db.TABLES[table]]
        assert book[table].max_row == count + 1, table
    con.close()


def test_brief_html_and_pdf_from_the_cli(tmp_path):
    import re

    import pypdf

    html_out, pdf_out = tmp_path / "brief.html", tmp_path / "brief.pdf"
    result = cli("export", "brief", "--regions", "sragen,metro", "--lang", "en", "--format", "html",
                 "--out", str(html_out))
    assert result.returncode == 0, result.stderr
    html = html_out.read_text()
    assert "Kabupaten Sragen" in html and "Kota Metro" in html and "Comparison brief" in html
    assert "<script" not in html
    assert "http" not in html.split("id='ref-1'")[0].replace("http://www.w3.org", "")   # links only in references
    refs = re.findall(r"<p id='ref-(\d+)'>", html)
    assert refs == [str(n) for n in range(1, len(refs) + 1)] and len(refs) > 10
    cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", html.split("id='ref-1'")[0]) for n in group.split(", ")}
    assert cited == set(range(1, len(refs) + 1))          # every reference is cited, every citation listed
    assert "data:image/svg+xml;base64," in html          # the shared-indicator chart, inline

    result = cli("export", "brief", "--regions", "sragen,metro", "--lang", "id", "--format", "pdf",
                 "--out", str(pdf_out))
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf_out).pages)
    assert "Kabupaten Sragen" in text and "Kota Metro" in text and "Daftar pustaka" in text
    assert f"[{len(refs)}]" in text.replace("\n", " ")


def test_brief_refuses_bad_region_lists(tmp_path):
    for regions in ("sragen", "sragen,nowhere", "a,b,c,d,e"):
        result = cli("export", "brief", "--regions", regions, "--out", str(tmp_path / "x.html"))
        assert result.returncode == 1 and "2" in result.stderr
        assert not (tmp_path / "x.html").exists()
