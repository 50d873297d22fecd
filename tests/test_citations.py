"""Citations leave the page as whole lines: title, publisher, year, locator and link, never a bare id or count."""
import pandas as pd

from lib import citations, db, i18n, queries
from lib.mdtext import escape
from lib.values import known


def test_a_citation_line_has_everything_a_report_needs():
    row = {"local_id": "S08", "title": "Berita", "publisher": "Kompas", "year": 2011, "locator": "para 2",
           "url": "https://example.org/x"}
    assert citations.line(row, "en") == "S08 Berita (Kompas, 2011) — para 2 <https://example.org/x>"
    assert citations.line(row, "id") == "S08 Berita (Kompas, 2011) — alinea 2 <https://example.org/x>"
    assert citations.line({**row, "publisher": None, "year": float("nan"), "locator": pd.NA, "url": None}, "id") \
        == "S08 Berita"


def test_every_practice_of_the_real_data_gets_its_sources_as_text():
    store = db.open_store()
    try:
        ids = [pid for (pid,) in store.rows("SELECT practice_id FROM practices")]
        cites = queries.citations(store, "practice", ids)
        text = citations.by_subject(cites, "en")
        assert set(text) == set(ids)
        for pid in ids[:20]:
            rows = cites[cites["subject_id"] == pid]
            assert text[pid].count(citations.SEPARATOR) == len(rows) - 1
            for title, url in zip(rows["title"], rows["url"]):
                assert title in text[pid] and (not isinstance(url, str) or url in text[pid])
    finally:
        store.close()


HOSTILE = {"local_id": "S1", "title": "<script>alert(1)</script> *bold* [x](javascript:y)", "publisher": "A & B",
           "year": 2019, "locator": "p. <3>", "url": "https://example.org/a b(c)"}


def test_the_markdown_and_html_renderers_show_hostile_titles_as_text():
    md = citations.markdown(pd.DataFrame([HOSTILE]), "en")
    assert "<script>" not in md and "*bold*" not in md and "](javascript:" not in md
    assert "(https://example.org/a%20b%28c%29)" in md
    numbering = citations.Numbering("en")
    assert numbering.cite(pd.DataFrame([{**HOSTILE, "source_id": "r:S1"}, {**HOSTILE, "source_id": "r:S1",
                                                                              "locator": "p. 9"}])) == [1]
    entry = str(citations.html(numbering.items[0]))
    assert "<script>" not in entry and "&lt;script&gt;alert(1)&lt;/script&gt;" in entry
    assert "A &amp; B, 2019" in entry and "p. &lt;3&gt;; p. 9" in entry and "<i>r:S1</i>" in entry
    assert entry.count("<a href=") == 1
    assert "<a" not in str(citations.html(citations.Reference(2, "r:S2", "T", url="javascript:alert(1)")))


def test_numbering_follows_first_citation_across_a_document():
    rows = [{"source_id": s, "title": s, "publisher": None, "year": None, "url": None, "locator": None}
            for s in ("b", "a", "b", "c")]
    numbering = citations.Numbering("en")
    assert numbering.cite(pd.DataFrame(rows[:2])) == [1, 2]
    assert numbering.cite(pd.DataFrame(rows[2:])) == [1, 3]
    assert [(r.n, r.source_id) for r in numbering.items] == [(1, "b"), (2, "a"), (3, "c")]
    assert citations.marks([3, 1]) == " [1, 3]" and citations.marks([]) == ""


def _shown_everywhere(row: dict, lang: str, shown: str) -> None:
    """The title with its notes, `shown`, heads the plain line, the Markdown list and the numbered reference."""
    assert citations.line(row, lang).startswith(f"{row['local_id']} {shown} ({row['year']})")
    assert escape(shown) in citations.markdown(pd.DataFrame([row]), lang)
    numbering = citations.Numbering(lang)
    numbering.cite(pd.DataFrame([row]))
    assert str(citations.html(numbering.items[0])).startswith(shown)


def test_a_title_read_off_the_url_says_so_in_the_reading_language():
    row = {"local_id": "S9", "title": "Kejati Siap Tahan Bupati", "publisher": None, "year": 2004, "locator": "para 1",
           "url": "https://example.org/kejati-siap-tahan-bupati", "title_from_url": True, "source_id": "r:S9"}
    for lang in ("id", "en"):
        _shown_everywhere(row, lang, f"Kejati Siap Tahan Bupati ({i18n.t(lang, 'common.title_from_url')})")
    assert "(" not in citations.line({**row, "title_from_url": False, "year": None}, "id").split(" — ")[0]


def test_a_descriptive_title_and_a_title_note_show_in_the_reading_language():
    row = {"local_id": "S7", "title": "Berita tentang MPP", "publisher": None, "year": 2020, "locator": None,
           "url": "https://example.org/p=1", "source_id": "r:S7", "title_descriptive": True,
           "title_note_id": "salinan di Scribd", "title_note_en": "copy on Scribd"}
    for lang, note in (("id", "salinan di Scribd"), ("en", "copy on Scribd")):
        _shown_everywhere(row, lang, f"Berita tentang MPP ({i18n.t(lang, 'common.title_descriptive')}; {note})")
    assert i18n.t("id", "common.title_descriptive") != i18n.t("en", "common.title_descriptive")
    # a note written only in Indonesian is shown in English too, as every bilingual text falls back
    assert citations.title({**row, "title_descriptive": False, "title_note_en": None}, "en") \
        == "Berita tentang MPP (salinan di Scribd)"
    assert citations.title({**row, "title_descriptive": None, "title_note_id": None, "title_note_en": None}, "en") \
        == "Berita tentang MPP"


def test_a_descriptive_title_written_in_english_reads_in_indonesian_from_its_title_id(real_store):
    """A descriptive title is ours, not the publisher's: the Indonesian UI shows its Indonesian wording (title_id),
    the English UI the title; every descriptive title in the data has one, and no published title is translated."""
    row = {"local_id": "S8", "title": "Mayor sentenced to five years", "title_id": "Wali kota divonis lima tahun",
           "publisher": None, "year": 2024, "locator": None, "url": None, "source_id": "r:S8",
           "title_descriptive": True}
    for lang, words in (("id", "Wali kota divonis lima tahun"), ("en", "Mayor sentenced to five years")):
        _shown_everywhere(row, lang, f"{words} ({i18n.t(lang, 'common.title_descriptive')})")
    sources = real_store.df("SELECT title_descriptive, title_id FROM sources")
    descriptive = sources[sources["title_descriptive"]]
    assert len(descriptive) >= 7 and descriptive["title_id"].notna().all()
    assert sources[~sources["title_descriptive"]]["title_id"].isna().all()


ANALYST_REMARKS = ("descriptive title", "page title not in excerpt", "(page ", "(p. ", " copy)", "numbered tii",
                   "title from page", "catalogue summary", "ringkasan katalog", "also mpp visit", " profile)",
                   "(rev. ", "from slug", "(berita ")
"""Remarks of the evidence writers that titles carried before they became the fields title_descriptive,
title_note and the citations' locators (issue 16, item 11)."""


def test_the_real_data_keeps_remarks_out_of_source_titles(real_store):
    sources = real_store.df("SELECT source_id, title, title_descriptive, title_note_id, title_note_en FROM sources")
    kept = [(sid, t) for sid, t in zip(sources["source_id"], sources["title"])
            if any(m in t.lower() for m in ANALYST_REMARKS)]
    assert kept == []
    assert sources["title_descriptive"].sum() >= 7
    notes = sources.dropna(subset=["title_note_id"])
    assert len(notes) >= 10 and notes["title_note_en"].notna().all()
    scribd = notes[notes["source_id"] == "sragen:S216"]
    assert list(scribd["title_note_en"]) == ["copy on Scribd"]


def test_a_page_of_the_url_is_in_the_locator_not_the_title(real_store):
    """The source read at a URL's page 2 says so where it is cited: 'page 2, para 3' ('hlm. 2, alinea 3')."""
    cites = real_store.df("""SELECT c.locator FROM citations c JOIN sources s USING (source_id)
                             WHERE s.url LIKE '%page=2' OR s.url LIKE '%.html/2' OR s.url LIKE '%/3'""")
    assert len(cites) and cites["locator"].str.contains(r"\bpage \d", regex=True).all()


def test_the_real_data_marks_titles_read_off_the_url_as_a_field_not_as_text(real_store):
    titles = real_store.df("SELECT title, title_from_url FROM sources")
    assert not titles["title"].str.contains("from slug", case=False).any()
    assert titles["title_from_url"].sum() >= 20


def test_the_compare_indicator_table_writes_each_values_sources_as_citation_lines(real_store):
    """The indicator table's citation cells are the module's lines (no second citation format in SQL)."""
    from lib import comparison
    shared = real_store.df("""SELECT indicator, list(DISTINCT region_id ORDER BY region_id) AS ids FROM outcomes
                              WHERE indicator IS NOT NULL GROUP BY indicator ORDER BY count(*) DESC LIMIT 3""")
    assert len(shared)
    for indicator, ids in zip(shared["indicator"], shared["ids"]):
        table = comparison.indicator_values(real_store, "en", tuple(ids), indicator)
        for row in table.itertuples():
            cited = real_store.df("""SELECT s.title, c.locator FROM citations c JOIN sources s USING (source_id)
                                     WHERE c.subject_type = 'outcome' AND c.subject_id = ?""", [row.outcome_id])
            if not len(cited):
                assert row.citations is None
                continue
            assert row.citations.count(citations.SEPARATOR) == len(cited) - 1
            for title, locator in zip(cited["title"], cited["locator"]):
                assert title in row.citations and (not isinstance(locator, str) or f" — {locator}" in row.citations)
            if known(row.rank_of):
                assert row.rank_text == i18n.t("en", "compare.rank_of", rank=int(row.rank), of=int(row.rank_of))


def test_texts_follow_the_order_asked_and_mark_a_subject_without_sources(real_store):
    ids = [pid for (pid,) in real_store.rows("SELECT practice_id FROM practices ORDER BY practice_id DESC LIMIT 5")]
    asked = [*ids, "no-such-practice"]
    cells = citations.texts(real_store, "practice", asked, "en", missing="")
    assert len(cells) == len(asked) and cells[-1] == ""
    for pid, cell in zip(ids, cells):
        titles = real_store.rows("""SELECT s.title FROM citations c JOIN sources s USING (source_id)
                                    WHERE c.subject_type = 'practice' AND c.subject_id = ?""", [pid])
        assert titles and all(title in cell for (title,) in titles)
    assert citations.texts(real_store, "practice", ["no-such-practice"], "en") == [None]
