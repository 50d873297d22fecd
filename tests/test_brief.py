"""The comparison brief is a side-by-side table: one column per chosen region, in HTML and in the PDF."""
import io
import re

import pypdf
import pytest

from lib import brief, db


@pytest.fixture(scope="module")
def made():
    store = db.open_store()
    try:
        yield brief.build(store, ["sragen", "metro", "parepare"], "en")
    finally:
        store.close()


def test_every_section_table_has_one_column_per_region(made):
    html = brief.to_html(made)
    tables = re.findall(r"<table>(.*?)</table>", html, re.S)
    assert len(tables) >= 2 + len(made.indicators)
    for table in tables:
        heads = re.findall(r"<th>(.*?)</th>", table)
        assert heads[1:] == made.names
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
        assert rows and all(row.count("<td>") == 1 + len(made.names) for row in rows)
    assert len(re.findall(r"<tr>", tables[0])) == 1 + len(made.stages)
    assert len(re.findall(r"<tr>", tables[1])) == 1 + len(made.factors)
    assert "@page" in html and "<script" not in html


def test_the_pdf_has_the_same_table(made):
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(brief.to_pdf(made))).pages)
    assert all(name in text for name in made.names)
    assert made.stages[0]["cells"][0]["text"] in " ".join(text.split())   # a table cell wraps inside its column


def test_hostile_text_in_the_data_stays_text(made):
    hostile = "<script>alert(1)</script>"
    made.names[0] = hostile
    made.stages[0]["cells"][0]["text"] = hostile
    html = brief.to_html(made)
    assert hostile not in html and html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3


def test_the_indonesian_brief_names_units_and_locators_in_indonesian():
    """Units (vocabularies.units) and citation locators reach the Indonesian brief in Indonesian."""
    from lib import i18n, schema
    store = db.open_store()
    try:
        made = brief.build(store, ["sragen", "metro", "parepare"], "id")
    finally:
        store.close()
    html = brief.to_html(made)
    assert made.indicators
    for ind in made.indicators:
        code = next(i["unit"] for i in schema.vocab("indicators") if schema.label("indicators", i["code"], "id") == ind["name"])
        assert i18n.t("id", "brief.unit", unit=schema.label("units", code, "id")) in html
    assert "— alinea " in html and not re.search(r"— paras? \d", html)
