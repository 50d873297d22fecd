"""AppTest: the search page agrees with the CLI; the SQL page runs reads and refuses the rest."""
import json

import pytest

from lib import i18n

from .conftest import cli
from .harness import app_page, shown_text


@pytest.mark.parametrize("query", ["pengaduan masyarakat", "complaint handling", "izin satu pintu", "LPSE",
                                   "free health insurance"])
def test_search_page_and_cli_agree_on_the_order(query):
    expected = [hit["title"] for hit in json.loads(cli("search", query, "--json", "--lang", "en").stdout)]
    assert expected, query
    at = app_page("search", q=query, lang="en")
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("##### ")]
    shown = [h.split(". ", 1)[1].replace("**", "").replace("\\", "") for h in headings]
    assert shown[:5] == [t.replace("\\", "") for t in expected[:5]]


def test_typo_shows_the_correction():
    at = app_page("search", q="perizinn", lang="en")
    assert any("Showing results for: perizinan" in i.value for i in at.info)
    assert at.markdown[0] is not None


def test_search_with_filters_only_and_junk():
    at = app_page("search", stage="II", lang="en")
    assert not at.exception and "practices found" in shown_text(at)
    for junk in ["!!!", "'; DROP TABLE practices; --", "x" * 10_000, "<script>alert(1)</script>"]:
        at = app_page("search", q=junk)
        assert not at.exception
        assert "<script>" not in "".join(m.value for m in at.markdown)
    at = app_page("search")
    assert "Ketik kata kunci" in shown_text(at)


def test_search_results_show_status_and_citations():
    at = app_page("search", q="LPSE", lang="en")
    text = shown_text(at)
    assert "badge[" in text and "**Sources**" in text and "Metro" in text


def test_sql_page_runs_a_read_and_offers_downloads():
    at = app_page("sql", q="SELECT region_id, count(*) AS n FROM practices GROUP BY 1 ORDER BY 1", lang="en")
    assert not at.exception
    frame = at.dataframe[0].value
    assert len(frame) == 9 and list(frame.columns) == ["region_id", "n"]
    labels = [b.label for b in at.get("download_button")]
    assert {"CSV", "XLSX"} <= set(labels) and any("database" in label for label in labels)


@pytest.mark.parametrize("sql,reasons", [
    ("SELECT * FROM read_csv('/etc/passwd')", ["files"]),
    ("COPY practices TO '/tmp/x.csv'", ["files", "statements"]),
    ("ATTACH '/tmp/y.duckdb' AS y", ["files", "statements"]),
    ("INSTALL httpfs", ["extensions", "statements"]),
    ("SET threads = 1", ["settings", "statements"]),
    ("DROP TABLE practices", ["write", "statements", "not-read-only"]),
])
def test_sql_page_refuses_with_a_clear_message(sql, reasons, tmp_path):
    for lang in ("en", "id"):
        at = app_page("sql", q=sql, lang=lang)
        assert not at.exception
        assert not at.dataframe
        assert at.error and at.error[0].value in [i18n.t(lang, f"sql.reason.{r}") for r in reasons]
    assert not (tmp_path / "x.csv").exists()


def test_search_says_which_glossary_expansion_it_used_and_pages_the_results():
    at = app_page("search", q="PTSP", lang="en")
    assert not at.exception
    assert any("PTSP" in i.value and "integrated service" in i.value for i in at.info)
    total = int(at.subheader[0].value.split()[0])
    assert total > 20
    headings = [m.value for m in at.markdown if m.value.startswith("##### ")]
    assert len(headings) == 20 and headings[0].startswith("##### 1. ")
    assert f"Showing 1–20 of {total}" in shown_text(at)
    links = " ".join(m.value for m in at.markdown)
    assert "/region?region=" in links and "/practice?practice=" in links and "lang=en" in links

    last = -(-total // 20)
    at = app_page("search", q="PTSP", lang="en", page=str(last))
    headings = [m.value for m in at.markdown if m.value.startswith("##### ")]
    assert headings[0].startswith(f"##### {(last - 1) * 20 + 1}. ") and len(headings) == total - (last - 1) * 20
    assert at.query_params["page"] == str(last)

    at = app_page("search", q="PTSP", lang="en", page="999")  # past the end, e.g. an old link: the first page
    assert not at.exception and "page" not in at.query_params
    assert [m.value for m in at.markdown if m.value.startswith("##### ")][0].startswith("##### 1. ")


def test_sql_page_can_be_switched_off_by_configuration(monkeypatch):
    monkeypatch.setenv("REFORM_SQL_CONSOLE", "off")
    at = app_page("sql", q="SELECT 1", lang="en")
    assert not at.exception
    assert any(i18n.t("en", "sql.disabled") == i.value for i in at.info)
    assert not at.text_area and not at.dataframe


def test_sql_page_says_busy_in_the_readers_language(monkeypatch):
    from lib import sqlguard
    monkeypatch.setattr(sqlguard, "BUSY_WAIT", 0.01)
    for _ in range(sqlguard.WORKERS):
        sqlguard._slots.acquire()
    try:
        at = app_page("sql", q="SELECT 1")
        assert [e.value for e in at.error] == [i18n.t("id", "sql.reason.busy", workers=sqlguard.WORKERS)]
    finally:
        for _ in range(sqlguard.WORKERS):
            sqlguard._slots.release()


def test_sql_page_explains_a_refusal_in_the_readers_language():
    """The detail under a refusal comes from the catalogue of problems, in the page's language."""
    from lib import mdtext, problems, sqlguard
    for lang in ("id", "en"):
        at = app_page("sql", q="PRAGMA show_tables", lang=lang)
        assert not at.exception
        detail = problems.text("sql-pragma", lang, {"allowed": sqlguard.ALLOWED_TEXT})
        assert any(mdtext.escape(detail) in c.value for c in at.caption), [c.value for c in at.caption]
