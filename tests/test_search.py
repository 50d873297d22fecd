"""Search: a hand-checked corpus where the right order is known, then the real case files and the CLI."""
import json

import pytest

from lib import db, loader, search
from lib.queries import PracticeFilter

from .conftest import REGIONS, cli, region, write


def _p(pid, stage, title, summary, *, themes=("supervision",), year=2005, status="running", factors=("a",)):
    """A practice; titles and summaries are (id, en) pairs. Theme 'supervision' shares no word with the queries."""
    st = {"code": status, "sources": [{"ref": "S1"}]}
    if status != "unknown":
        st["year"] = 2024
    out = {"id": pid, "stage": stage, "themes": list(themes), "factors": list(factors), "year_start": year,
           "title": {"id": title[0], "en": title[1]}, "summary": {"id": summary[0], "en": summary[1]},
           "status": st, "sources": [{"ref": "S1"}]}
    if year is None:
        del out["year_start"]
    return out


CORPUS = {
    "alpha": [
        _p("alpha-one-stop", "II", ("Kantor pelayanan terpadu", "Integrated service office"),
           ("Semua perizinan diurus di satu pintu sejak 2003.", "All permits handled at one door since 2003."),
           year=2003, factors=("a", "d")),
        _p("alpha-lpse", "IV", ("Pengadaan barang secara elektronik", "Electronic procurement of goods"),
           ("Lelang melalui LPSE agar lebih terbuka.", "Tenders run through the LPSE to be more open."),
           status="unknown", year=None),
        _p("alpha-complaints", "III", ("Layanan pengaduan masyarakat lewat SMS", "Citizen complaint service by SMS"),
           ("Warga mengirim keluhan, petugas menjawab dalam tiga hari.",
            "Residents send grievances; officers answer within three days."), year=2008),
        _p("alpha-archive", "I", ("Arsip digital warga", "Citizen digital records"),
           ("Dokumen disimpan rapi.", "Papers kept tidy."), year=2012),
    ],
    "beta": [
        _p("beta-one-stop", "II", ("Izin usaha cepat", "Fast business licences"),
           ("Kantor pelayanan perizinan memangkas waktu urus.", "The licensing office cut waiting times."),
           year=2006, status="stopped", themes=("licensing",), factors=("b",)),
        _p("beta-health", "V", ("Jaminan kesehatan gratis", "Free health insurance"),
           ("Warga miskin berobat tanpa biaya di puskesmas.", "Poor residents are treated at no cost."),
           year=2010, factors=("e",)),
        _p("beta-meeting", "I", ("Rapat koordinasi perangkat daerah", "Coordination meeting of regional agencies"),
           ("Rapat bulanan juga membahas pengaduan masyarakat.", "The monthly meeting also reviews complaints."),
           year=2001),
        _p("beta-archive", "I", ("Dokumen warga digital", "Citizen papers digital"),
           ("Arsip disimpan rapi.", "Records kept tidy."), year=2012),
    ],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search") / "regions"
    for rid, practices in CORPUS.items():
        data = region(rid, name=f"Kota {rid.title()}" if rid == "alpha" else "Kabupaten Beta",
                      type="kota" if rid == "alpha" else "kabupaten",
                      province="Lampung" if rid == "alpha" else "Jawa Tengah", practices=practices)
        write(folder, rid, data)
    catalog = loader.load_all(folder)
    assert not catalog.issues, catalog.issues
    return folder


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("db") / "search.duckdb"
    db.build(loader.load_all(corpus), out)
    s = db.Store(out)
    yield s
    s.close()


def ids(store, query, **kw):
    return [h.practice_id for h in search.search(store, query, limit=100, **kw).hits]


def test_tables_built_with_the_database(store):
    counts = dict(store.rows("""SELECT 'terms', count(*) FROM search_terms UNION ALL
                                SELECT 'docs', count(*) FROM search_docs UNION ALL
                                SELECT 'vocab', count(*) FROM search_vocab"""))
    assert counts["docs"] == 8 and counts["terms"] > 50 and counts["vocab"] > 50
    # stop words are not indexed; acronyms are kept as written
    terms = {t for (t,) in store.rows("SELECT DISTINCT term FROM search_terms")}
    assert {"yang", "di", "the", "of"}.isdisjoint(terms) and {"lpse", "sms"} <= terms


def test_index_built_in_batches_equals_one_pass(corpus, tmp_path, monkeypatch):
    """The index is counted a few practices at a time to bound memory; the batches must not change it."""
    def tables(batch: int):
        monkeypatch.setattr(search, "BATCH", batch)
        out = tmp_path / f"batch-{batch}.duckdb"
        db.build(loader.load_all(corpus), out)
        s = db.Store(out)
        try:
            return {t: s.rows(f"SELECT * FROM {t} ORDER BY ALL") for t in ("search_terms", "search_docs", "search_vocab")}
        finally:
            s.close()
    one, batched = tables(1000), tables(3)  # 8 practices: one batch, then three
    assert batched == one
    # document frequency counts practices across batches: "arsip" is in alpha-archive and beta-archive
    df = {(w, t): n for w, t, n in one["search_vocab"]}
    assert df[("arsip", search.stem_id("arsip"))] == 2


def test_ranking_order_known_by_hand(store):
    # both words in alpha-complaints' title; both in beta-meeting's summary only
    assert ids(store, "pengaduan masyarakat") == ["alpha-complaints", "beta-meeting"]
    hits = search.search(store, "pengaduan masyarakat").hits
    assert hits[0].score > hits[1].score > 0
    assert ids(store, "free health insurance")[0] == "beta-health"


def test_title_weighs_more_than_summary(store):
    # same words, same lengths: only the field of "arsip" differs
    assert ids(store, "arsip") == ["alpha-archive", "beta-archive"]
    assert ids(store, "dokumen") == ["beta-archive", "alpha-archive"]


def test_indonesian_stemming_equivalences(store):
    assert set(ids(store, "layanan")) == set(ids(store, "pelayanan")) == {
        "alpha-one-stop", "alpha-complaints", "beta-one-stop"}
    assert set(ids(store, "izin")) == set(ids(store, "perizinan")) == {"alpha-one-stop", "beta-one-stop"}
    assert search.stem_id("pengaduan") == search.stem_id("aduan")


def test_english_stemming(store):
    assert ids(store, "handling") == ["alpha-one-stop"]  # "handled"
    assert ids(store, "complaint handling")[0] in {"alpha-complaints", "beta-meeting"}
    assert set(ids(store, "complaint")) == {"alpha-complaints", "beta-meeting"}  # "complaints"
    # "permits" in alpha's text; beta-one-stop only through its theme name "Licensing and permits", so below
    assert ids(store, "permit") == ["alpha-one-stop", "beta-one-stop"]


def test_acronyms_and_region_names(store):
    assert ids(store, "LPSE") == ids(store, "lpse") == ["alpha-lpse"]
    assert set(ids(store, "Beta")) == {p["id"] for p in CORPUS["beta"]}


def test_typo_is_corrected_to_the_nearest_vocabulary_word(store):
    res = search.search(store, "perizinn")
    assert res.corrected == ["perizinan"] and res.corrections == {"perizinn": ["perizinan"]}
    assert "izin" in res.terms
    assert [h.practice_id for h in res.hits] == ids(store, "izin")
    res = search.search(store, "complant")
    assert res.corrected == ["complaint"] and res.hits
    assert search.search(store, "izin").corrected == []  # known words are left alone


def test_filters_combine_with_the_query(store):
    assert set(ids(store, "izin", filters=PracticeFilter(stages=["II"], types=["kabupaten"]))) == {"beta-one-stop"}
    assert ids(store, "layanan", filters=PracticeFilter(provinces=["Lampung"], stages=["III"])) == ["alpha-complaints"]
    assert ids(store, "izin", filters=PracticeFilter(themes=["licensing"])) == ["beta-one-stop"]
    assert ids(store, "izin", filters=PracticeFilter(factors=["d"])) == ["alpha-one-stop"]
    assert ids(store, "izin", filters=PracticeFilter(statuses=["stopped"])) == ["beta-one-stop"]
    assert ids(store, "izin", filters=PracticeFilter(year_from=2004)) == ["beta-one-stop"]
    assert ids(store, "izin", filters=PracticeFilter(year_to=2004)) == ["alpha-one-stop"]
    assert ids(store, "izin", filters=PracticeFilter(stages=["V"])) == []


def test_empty_query_with_filters_lists_the_filtered_practices(store):
    assert ids(store, "", filters=PracticeFilter(stages=["II"])) == ["alpha-one-stop", "beta-one-stop"]
    # unknown start years drop out of a year range
    assert "alpha-lpse" not in ids(store, "", filters=PracticeFilter(year_from=1900))
    res = search.search(store, "", filters=PracticeFilter(types=["kota"], year_from=2008, year_to=2012))
    assert [h.practice_id for h in res.hits] == ["alpha-archive", "alpha-complaints"] and res.total == 2
    assert all(h.score == 0 for h in res.hits)


def test_limit_and_total(store):
    res = search.search(store, "warga", limit=1)
    assert len(res.hits) == 1 and res.total > 1


@pytest.mark.parametrize("query", ["", "   ", "!!! ??? ... ;;; ---", "x" * 10_000, "'; DROP TABLE practices; --",
                                   "\" OR 1=1 --", "%_%", "\x00\x01", "🙂🙂", "a " * 5000, None])
def test_empty_and_junk_queries_give_a_clean_empty_result(store, query):
    res = search.search(store, query)
    assert res.hits == [] and res.total == 0 and res.corrected == []
    assert store.rows("SELECT count(*) FROM practices") == [(8,)]


def test_long_real_query_is_cut_not_refused(store):
    res = search.search(store, "pelayanan perizinan " * 500)
    assert {h.practice_id for h in res.hits} >= {"alpha-one-stop", "beta-one-stop"}


def test_titles_and_snippets_in_the_requested_language(store):
    hit = search.search(store, "health", lang="en").hits[0]
    assert hit.title == "Free health insurance" and hit.region_name == "Kabupaten Beta"
    hit = search.search(store, "pengaduan").hits[0]
    assert hit.title == "Layanan pengaduan masyarakat lewat SMS"


def test_index_tokens_are_the_query_tokens():
    """DuckDB tokenises the index (TOKEN_SQL); Python tokenises queries and snippets (words()): same tokens."""
    import duckdb
    text = "e-KTP_v2 perizinan Ñandú 2019 café x ²³ OSS-RBA 東京 ab" + " y" * 3
    con = duckdb.connect()
    con.execute("CREATE TABLE regions (region_id VARCHAR, name VARCHAR)")
    con.execute("INSERT INTO regions VALUES ('r', 'R')")
    con.execute("CREATE TABLE practices (practice_id VARCHAR, region_id VARCHAR, title_id VARCHAR, "
                "summary_id VARCHAR, title_en VARCHAR, summary_en VARCHAR)")
    con.execute("INSERT INTO practices VALUES ('p', 'r', NULL, ?, NULL, NULL)", [text])
    con.execute("CREATE TABLE themes (theme_code VARCHAR, name_id VARCHAR, name_en VARCHAR)")
    con.execute("CREATE TABLE practice_themes (practice_id VARCHAR, theme_code VARCHAR)")
    search.index(con)
    indexed = {w for (w,) in con.execute("SELECT word FROM search_vocab").fetchall()}
    expected = {t.lower() for t in search.words(text) if search._field_terms(t, "id")}
    assert indexed == expected and {"ktp", "v2", "ñandú", "東京"} <= indexed


def test_snippet_marks_matched_words_as_plain_segments():
    text = "Warga <b>mengirim</b> pengaduan ke kantor pelayanan."
    segs = search.snippet(text, search.candidates("pengaduan") | search.candidates("layanan"))
    assert "".join(s for s, _ in segs) == text
    assert [s for s, m in segs if m] == ["pengaduan", "pelayanan"]
    assert ("<b>", False) not in segs and any("<b>" in s for s, m in segs if not m)  # data stays text
    long = " ".join(["kata"] * 50 + ["pengaduan"] + ["lain"] * 50)
    segs = search.snippet(long, {"adu"}, width=10)
    assert segs[0][0].startswith("… kata") and segs[-1][0].endswith("lain …") and ("pengaduan", True) in segs
    assert search.snippet(None, {"adu"}) == [] and search.snippet("", set()) == []


# ---------------------------------------------------------------- the real case files

REAL = sorted(REGIONS.glob("*.yaml"))
needs_data = pytest.mark.skipif(not REAL, reason="data/regions has no case files yet")


def _text(store, pid, lang="id"):
    row = store.rows(f"SELECT lower(concat_ws(' ', title_{lang}, summary_{lang})) FROM practices "
                     "WHERE practice_id = ?", [pid])
    return row[0][0] if row else ""


@needs_data
def test_real_complaints_found_in_indonesian_and_english(real_store):
    if not real_store.rows("SELECT 1 FROM practices WHERE lower(title_id || summary_id) LIKE '%pengaduan%'"):
        pytest.skip("no practice mentions pengaduan")
    top = search.search(real_store, "pengaduan masyarakat").hits[:3]
    assert any("pengaduan" in _text(real_store, h.practice_id) for h in top)
    top = search.search(real_store, "complaint handling").hits[:3]
    assert top and any("complain" in _text(real_store, h.practice_id, "en") or "aduan" in _text(real_store, h.practice_id)
                       for h in top)


@needs_data
def test_real_stemming_and_typo(real_store):
    izin = {h.practice_id for h in search.search(real_store, "izin", limit=1000).hits}
    perizinan = {h.practice_id for h in search.search(real_store, "perizinan", limit=1000).hits}
    assert izin <= perizinan
    mention = {pid for (pid,) in real_store.rows("SELECT practice_id FROM practices WHERE regexp_matches("
                                           "lower(title_id || ' ' || summary_id), '\\bperizinan\\b')")}
    assert mention <= izin  # "izin" finds the practices that only say "perizinan"
    if mention:
        res = search.search(real_store, "perizinn", limit=1000)
        assert "perizinan" in res.corrected and mention <= {h.practice_id for h in res.hits}


@needs_data
def test_real_lpse_finds_metros_e_procurement(real_store):
    target = real_store.rows("""SELECT p.practice_id FROM practices p JOIN practice_themes t USING (practice_id)
                          WHERE p.region_id = 'metro' AND t.theme_code = 'e_procurement'""")
    if not target:
        pytest.skip("no e-procurement practice for metro")
    found = [h.practice_id for h in search.search(real_store, "LPSE", limit=100).hits]
    assert {pid for (pid,) in target} & set(found)


@needs_data
@pytest.mark.parametrize("query", ["!!!", "x" * 10_000, "'; DROP TABLE practices; --", ""])
def test_real_junk_is_harmless(real_store, query):
    res = search.search(real_store, query)
    assert isinstance(res.hits, list)
    if query != "'; DROP TABLE practices; --":
        assert res.hits == []
    assert real_store.rows("SELECT count(*) > 0 FROM practices") == [(True,)]


# ---------------------------------------------------------------- the CLI goes through the same function

def test_cli_json_matches_the_function(corpus):
    out = cli("search", "pengaduan masyarakat", "--json", "--data", str(corpus))
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    want = search.search(db.open_store(corpus), "pengaduan masyarakat").hits
    assert [(g["practice_id"], g["region_id"], g["stage_code"], g["title"]) for g in got] == \
        [(h.practice_id, h.region_id, h.stage_code, h.title) for h in want]
    assert [g["score"] for g in got] == pytest.approx([h.score for h in want])
    assert set(got[0]) == {"practice_id", "region_id", "stage_code", "score", "title"}


def test_cli_plain_lang_limit_and_correction(corpus):
    out = cli("search", "perizinn", "--limit", "1", "--lang", "en", "--data", str(corpus))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    # beta-one-stop says "izin" in its title and "perizinan" in its summary, so it leads
    assert len(lines) == 1 and "beta-one-stop" in lines[0] and "Fast business licences" in lines[0]
    assert "showing results for: perizinan" in out.stderr


def test_cli_junk_is_an_empty_list(corpus):
    out = cli("search", "'; DROP TABLE practices; --", "--json", "--data", str(corpus))
    assert out.returncode == 0 and json.loads(out.stdout) == []


# ---------------------------------------------------------------- the glossary as thesaurus

def _naming(store, entry_ids: set[str]) -> set[str]:
    """Practices whose own texts name one of these glossary entries in any form, found by the glossary's
    recogniser (the one that links terms on the pages), not by the search."""
    from lib import glossary
    entries = glossary.load()
    found = set()
    for pid, *texts in store.rows("SELECT practice_id, title_id, title_en, summary_id, summary_en FROM practices"):
        for text in filter(None, texts):
            if any(m.entry.id in entry_ids for m in glossary.find(text, entries)):
                found.add(pid)
    return found


@needs_data
@pytest.mark.parametrize("query", ["PTSP", "ptsp", "pelayanan terpadu satu pintu", "one-stop service"])
def test_an_acronym_its_expansion_and_english_term_find_every_practice_naming_it(real_store, query):
    result = search.search(real_store, query, limit=1000)
    assert [ex.entry.id for ex in result.expanded] == ["ptsp"]
    found = {h.practice_id for h in result.hits}
    related = {e.id for e in result.expanded[0].related}
    assert {"kpt", "dpmptsp"} <= related   # linked by see_also, in either direction
    assert _naming(real_store, {"ptsp"}) <= found
    assert _naming(real_store, related) <= found   # Sragen's KPT and the DPMPTSP offices among them


@needs_data
def test_kpt_reaches_beyond_sragen_through_its_related_terms(real_store):
    result = search.search(real_store, "KPT", limit=1000)
    regions = {h.region_id for h in result.hits}
    assert "sragen" in regions and len(regions) > 1
    assert _naming(real_store, {"kpt"}) <= {h.practice_id for h in result.hits}


def test_words_that_name_no_glossary_term_expand_nothing():
    assert search.thesaurus("jaminan kesehatan gratis") == []
    assert search.thesaurus("") == []


@needs_data
def test_pages_of_results_walk_the_whole_list_once(real_store):
    whole = [h.practice_id for h in search.search(real_store, "izin satu pintu", limit=1000).hits]
    paged = []
    for offset in range(0, len(whole) + 20, 20):
        paged += [h.practice_id for h in search.search(real_store, "izin satu pintu", limit=20, offset=offset).hits]
    assert paged == whole and len(whole) > 20
