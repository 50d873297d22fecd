"""Citations leave the page as whole lines: title, publisher, year, locator and link, never a bare id or count."""
import pandas as pd

from lib import citations, db, queries


def test_a_citation_line_has_everything_a_report_needs():
    row = {"local_id": "S08", "title": "Berita", "publisher": "Kompas", "year": 2011, "locator": "para 2",
           "url": "https://example.org/x"}
    assert citations.line(row) == "S08 Berita (Kompas, 2011) — para 2 <https://example.org/x>"
    assert citations.line({**row, "publisher": None, "year": float("nan"), "locator": pd.NA, "url": None}) \
        == "S08 Berita"


def test_every_practice_of_the_real_data_gets_its_sources_as_text():
    store = db.open_store()
    try:
        ids = [pid for (pid,) in store.rows("SELECT practice_id FROM practices")]
        cites = queries.citations(store, "practice", ids)
        text = citations.by_subject(cites)
        assert set(text) == set(ids)
        for pid in ids[:20]:
            rows = cites[cites["subject_id"] == pid]
            assert text[pid].count(citations.SEPARATOR) == len(rows) - 1
            for title, url in zip(rows["title"], rows["url"]):
                assert title in text[pid] and (not isinstance(url, str) or url in text[pid])
    finally:
        store.close()
