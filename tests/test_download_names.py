"""Every download is named by one rule in the reader's language (ui.file_name), while the buttons' widget ids stay
the same in both languages (a language switch keeps widget state)."""
from __future__ import annotations

import re

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from lib import export, i18n

from .harness import app_page

PAIR = ["sragen", "metro"]


@pytest.fixture
def saved_as(monkeypatch):
    """Runs a page and returns it with the file names its download buttons handed to Streamlit, in page order.

    Streamlit keeps a button's file name on the server (it names the file when the browser fetches it), not in
    the page, so the names are heard where Streamlit registers each download."""
    names: list[str] = []
    real_add, real_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def add(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if is_for_static_download:
            names.append(file_name)
        return real_add(self, data, mimetype, coordinates, file_name, is_for_static_download)

    def add_deferred(self, data, mimetype, coordinates, file_name=None, **kwargs):
        names.append(file_name)
        return real_deferred(self, data, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)

    def run(page, **params):
        names.clear()
        at = app_page(page, **params)
        assert not at.exception
        buttons = [b.proto.id for b in at.get("download_button")]
        assert len(names) == len(buttons)  # every button was heard
        return dict(zip(buttons, names))
    return run


@pytest.mark.parametrize(("lang", "table", "chart"), [
    ("id", "praktik-tahap-ii", "praktik-per-tahap"),
    ("en", "practices-stage-ii", "practices-by-stage")])
def test_table_and_chart_downloads_are_named_in_the_reading_language(saved_as, lang, table, chart):
    names = set(saved_as("stages", lang=lang, stage="II").values())
    assert {f"{table}.csv", f"{table}.xlsx", f"{chart}.png", f"{chart}.svg"} <= names


@pytest.mark.parametrize(("lang", "stem"), [("id", "perbandingan-sragen-metro"), ("en", "comparison-sragen-metro")])
def test_the_brief_is_named_in_the_reading_language(saved_as, real_store, lang, stem):
    names = set(saved_as("compare", lang=lang, region=PAIR).values())
    assert {f"{stem}.html", f"{stem}.pdf"} <= names


def test_download_buttons_keep_their_widget_ids_across_languages(saved_as):
    ids, ens = saved_as("compare", region=PAIR), saved_as("compare", lang="en", region=PAIR)
    assert list(ids) == list(ens)
    assert all(ids[k] != ens[k] for k in ids)  # ... while every file name follows the language


MAIN_PAGES = [(None, {}), ("stages", {}), ("factors", {}), ("compare", {"region": PAIR}), ("region", {"region": "sragen"}),
              ("themes", {"theme": "one_stop"}), ("assess", {}), ("sources", {}), ("sql", {}),
              ("report", {"claim": "stage:sragen:II"})]
# (the peers page builds its tables only when their expanders are opened)
CASE_FILE = re.compile(r"^[a-z0-9_]+\.yaml$")  # the self-assessment's draft case file is named by its region id,
                                              # as data/regions/<id>.yaml must be


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("page", "params"), MAIN_PAGES)
def test_every_download_on_a_main_page_is_named_by_the_rule(saved_as, real_store, lang, page, params):
    names = saved_as(page, lang=lang, **params)
    assert names, "a main page offers downloads"
    stems = {export.file_stem(text) for key, text in i18n.strings(lang).items() if key.startswith("file.")}
    other = "en" if lang == "id" else "id"
    foreign = {export.file_stem(i18n.t(other, key)) for key in i18n.strings(lang) if key.startswith("file.")} - stems
    for button, name in names.items():
        if button.endswith("-assess_dl_yaml"):
            assert CASE_FILE.match(name)
            continue
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.[a-z]+", name), name
        stem = name.rsplit(".", 1)[0]
        assert any(stem == s or stem.startswith(f"{s}-") for s in stems), (name, "not a file.* name in", lang)
        assert not any(stem == s or stem.startswith(f"{s}-") for s in foreign), (name, "named in", other)
