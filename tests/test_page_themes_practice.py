"""AppTest: the page per theme (every practice of the theme in time order, results, what went wrong, citations in
the download) and the page per practice (status, successor by title, citations, the theme elsewhere)."""
import pytest

from lib import i18n, schema

from .harness import app_page, shown_text


def _theme_practices(real_store, theme):
    return real_store.rows("""SELECT p.practice_id, p.year_start, p.status, p.region_id FROM practices p
                         JOIN practice_themes t USING (practice_id) WHERE t.theme_code = ?""", [theme])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_theme_page_lists_every_practice_of_the_theme_in_time_order(real_store, lang):
    theme = real_store.rows("SELECT theme_code FROM practice_themes GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0][0]
    expected = _theme_practices(real_store, theme)
    at = app_page("themes", theme=theme, lang=lang)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t(lang, "common.practices")] == str(len(expected))
    assert metrics[i18n.t(lang, "themes.regions")] == str(len({r for *_, r in expected}))
    table = at.dataframe[0].value
    titles = dict(real_store.rows(f"SELECT practice_id, coalesce(title_{lang}, title_id) FROM practices"))
    assert sorted(table["title"]) == sorted(titles[p] for p, *_ in expected)
    known = table["year"].dropna().tolist()
    assert known == sorted(known) and table["year"].iloc[:len(known)].notna().all()  # time order; unknown last
    for pid, *_ in expected:                                          # every row carries its sources, not a count
        first = real_store.rows("""SELECT CASE WHEN ? = 'id' THEN coalesce(s.title_id, s.title) ELSE s.title END
                              FROM citations c JOIN sources s USING (source_id)
                              WHERE c.subject_type = 'practice' AND c.subject_id = ? LIMIT 1""", [lang, pid])[0][0]
        row = table[table["title"] == titles[pid]].iloc[0]
        assert first in row["sources_text"]


def test_theme_page_shows_what_went_wrong(real_store):
    theme = real_store.rows("""SELECT t.theme_code FROM practice_themes t JOIN practices p USING (practice_id)
                          WHERE p.status IN ('stopped', 'replaced') GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""")[0][0]
    at = app_page("themes", theme=theme, lang="en")
    text = shown_text(at).replace("\\", "")
    for pid, _, status, _ in _theme_practices(real_store, theme):
        if status in ("stopped", "replaced"):
            assert f"/practice?practice={pid}&lang=en" in text
    regions = {r for *_, r in _theme_practices(real_store, theme)}
    for (event_text,) in real_store.rows("SELECT text_en FROM events WHERE kind = 'legal' AND list_contains(?, region_id)",
                                    [sorted(regions)]):
        assert event_text.split()[0] in text


def test_theme_page_without_or_with_an_unknown_theme_explains_itself():
    at = app_page("themes")
    assert not at.exception and "Pilih tema" in shown_text(at)
    at = app_page("themes", theme="<script>", lang="en")
    assert not at.exception and "theme=<script>" in shown_text(at).replace("\\", "")


def test_practice_page_names_its_successor_by_title_and_links_it(real_store):
    rows = real_store.rows("SELECT practice_id, replaced_by FROM practices WHERE replaced_by IS NOT NULL")
    assert rows
    for pid, successor in rows:
        title = real_store.rows("SELECT title_en FROM practices WHERE practice_id = ?", [successor])[0][0]
        at = app_page("practice", practice=pid, lang="en")
        assert not at.exception
        text = shown_text(at).replace("\\", "")
        assert f"/practice?practice={successor}&lang=en" in text and title.split()[0] in text
        assert f"practice {successor}" not in text                 # never the raw id alone


@pytest.mark.parametrize("lang", ["id", "en"])
def test_practice_page_for_one_practice_of_each_region(real_store, lang):
    for (pid,) in real_store.rows("SELECT min(practice_id) FROM practices GROUP BY region_id"):
        at = app_page("practice", practice=pid, lang=lang)
        assert not at.exception, pid
        text = shown_text(at)
        stage = real_store.rows("SELECT stage_code, region_id FROM practices WHERE practice_id = ?", [pid])[0]
        assert schema.label("stages", stage[0], lang) in text.replace("\\", "")
        assert f"/region?region={stage[1]}" in text
        n = real_store.rows("SELECT count(*) FROM citations WHERE subject_type = 'practice' AND subject_id = ?", [pid])[0][0]
        listed = [m.value for m in at.markdown if m.value.startswith("- `")]
        assert sum(v.count("\n- `") + 1 for v in listed) >= n


def test_practice_page_unknown_id_is_refused_politely():
    at = app_page("practice", practice="no-such-practice", lang="en")
    assert not at.exception
    assert "practice=no-such-practice" in shown_text(at).replace("\\", "")



@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Thirty synthetic regions of 30 practices (bench/generate.py): themes with more practices than a page holds."""
    import subprocess
    import sys

    from lib import db, paths
    folder = tmp_path_factory.mktemp("many") / "regions"
    subprocess.run([sys.executable, str(paths.ROOT / "bench" / "generate.py"), "--regions", "30", "--practices", "30",
                    "--out", str(folder)], check=True, capture_output=True)
    store = db.open_store(folder)
    try:
        rows = store.rows("""SELECT t.theme_code, p.practice_id, p.region_id, p.stage_code FROM practices p
                             JOIN practice_themes t USING (practice_id)""")
    finally:
        store.close()
    return folder, rows


def _walk_pages(page: str, params: dict, read) -> tuple[list, int]:
    """Everything `read` finds on each page of a paged list, following the pager's next link to the end."""
    seen, n = [], 1
    while True:
        at = app_page(page, lang="en", **params, **({"page": str(n)} if n > 1 else {}))
        assert not at.exception
        seen += read(at)
        if not any(f"page={n + 1}" in str(b.proto.query_string) for b in at.get("page_link")):
            return seen, n
        n += 1


def test_a_long_theme_lists_its_practice_cards_a_page_at_a_time_each_once(many, monkeypatch):
    """At 514 regions a theme has thousands of practices: the theme page shows their cards a page at a time, and
    the pages together show each of the theme's practices once."""
    import collections
    folder, rows = many
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    theme, n = collections.Counter(t for t, _, _, _ in rows).most_common(1)[0]
    cards, pages = _walk_pages("themes", {"theme": theme}, lambda at: [e.label for e in at.expander])
    first = app_page("themes", lang="en", theme=theme)
    assert pages > 1 and 0 < len(first.expander) < n
    assert len(cards) == n == len(set(cards))  # each card once ("stage · year · title" is unique here)


def test_a_practice_lists_the_same_theme_elsewhere_a_page_at_a_time_each_once(many, monkeypatch):
    import re
    folder, rows = many
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    _, pid, region, _ = rows[0]
    themes = {t for t, p, _, _ in rows if p == pid}
    expected = {p for t, p, r, _ in rows if t in themes and r != region}

    def linked(at) -> list[str]:
        return [m for md in at.markdown for m in re.findall(r"\(/practice\?practice=([^)&]+)", md.value)
                if m != pid]
    found, pages = _walk_pages("practice", {"practice": pid}, linked)
    assert pages > 1 and sorted(found) == sorted(expected)
