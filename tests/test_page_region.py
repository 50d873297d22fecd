"""Region profile page (views/region.py) in AppTest: every present region in both languages, gaps shown as gaps,
the legal record shown, the full source list, URL state and friendly refusals; plus its chart builder and queries."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from lib import charts, db, glossary, i18n, loader, paths, queries, schema

from . import harness
from .conftest import REGIONS, region, write
from .harness import url_values

FILES = sorted(REGIONS.glob("*.yaml"))
LANGS = ("id", "en")


@pytest.fixture(scope="module")
def catalog() -> loader.Catalog:
    return loader.load_all(REGIONS)


GLOSSARY_LINK = re.compile(r'\[((?:\\.|[^\]\\])*)\]\(/glossary\?\S* "[^"]*"\)')


def plain(text: str) -> str:
    """Shown markdown as text: glossary links reduced to their term, the escapes added to data text removed."""
    return re.sub(r"\\(.)", r"\1", GLOSSARY_LINK.sub(r"\1", text))


def tr(text: dict | None, lang: str) -> str:
    return (text or {}).get(lang) or (text or {}).get("id") or ""


def source_items(at) -> list[tuple[int, str]]:
    """(number, local id) of every item of the numbered source list at the end of the page."""
    items = []
    for md in at.markdown:
        items += [(int(n), sid) for n, sid in re.findall(r"^(\d+)\. `([^`]+)` ", str(md.value), re.MULTILINE)]
    return items


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_region_renders_its_data(path, lang, catalog):
    rid = path.stem
    if rid not in catalog.regions:
        pytest.skip(f"{path.name} does not validate at the moment (being written?)")
    data = catalog.regions[rid]
    at = harness.app_page("region", region=rid, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    raw = harness.shown_text(at)
    text = plain(raw)

    def t(key, **values):
        return i18n.t(lang, key, **values)

    # identity, summary, trigger
    assert [plain(x.value) for x in at.title] == [data["name"]]
    assert tr(data["summary"], lang) in text
    if data.get("trigger"):
        assert tr(data["trigger"]["text"], lang) in text
    else:
        assert t("region.no_trigger") in text
    if glossary.find(tr(data["summary"], lang), glossary.load()):
        assert "](/glossary?term=" in raw  # administrative terms explained on hover
    if data["location"].get("derived"):
        assert t("region.derived") in text

    # every practice appears as a card (expander label ends with its title)
    cards = [e.label for e in at.expander]
    for p in data["practices"]:
        assert any(plain(label).endswith(tr(p["title"], lang)) for label in cards), p["id"]

    # the five stages in order; an undocumented stage is a visible gap, never a score
    stage_tabs = [tab.label for tab in at.tabs]
    assert [label.split(" · ")[0] for label in stage_tabs] == schema.codes("stages")
    gap_warnings = [w.value for w in at.warning if t("common.not_documented") in w.value]
    undocumented = [code for code, s in data["stages"].items() if not s["documented"]]
    assert len(gap_warnings) == len(undocumented)
    for code, s in data["stages"].items():
        label = next(x for x in stage_tabs if x.startswith(f"{code} · "))
        if s["documented"]:
            assert label.endswith(f" · {s['maturity']}/4")
            assert tr(s["rationale"], lang) in text
        else:
            assert label.endswith(t("region.tab_gap"))
            assert any(tr(s["rationale"], lang) in plain(w) for w in gap_warnings)
    assert t("region.assessment") in text  # labelled as an analyst's assessment

    # success factors, obstacles, named gaps
    for code, f in data["factors"].items():
        assert tr(f["text"], lang) in text, code
    for ob in data.get("obstacles", []):
        assert tr(ob["text"], lang) in text
    for g in data.get("gaps", []):
        assert tr(g["text"], lang) in text

    # outcomes table: one row per outcome, with its label
    outcomes = data.get("outcomes", [])
    if outcomes:
        table = next(f.value for f in at.dataframe if "label" in f.value.columns)
        assert sorted(table["label"]) == sorted(tr(o["label"], lang) for o in outcomes)

    # what went wrong: every legal event and stopped practice, under its own heading
    assert t("region.wrong") in [h.value for h in at.header]
    legal = [e for e in data.get("events", []) if e["kind"] == "legal"]
    stopped = [p for p in data["practices"] if p["status"]["code"] == "stopped"]
    assert t("region.legal", n=len(legal)) in [h.value for h in at.subheader]
    assert t("region.stopped", n=len(stopped)) in [h.value for h in at.subheader]
    for e in legal:
        assert tr(e["text"], lang) in text
    for e in data.get("events", []):
        assert tr(e["text"], lang) in text  # the dated timeline lists every event

    # the region's own framework
    for el in (data.get("framework") or {}).get("elements", []):
        assert tr(el["label"], lang) in text

    # the full numbered source list: as many items as the file has sources, numbered 1..n
    items = source_items(at)
    assert [n for n, _ in items] == list(range(1, len(data["sources"]) + 1))
    assert sorted(sid for _, sid in items) == sorted(s["id"] for s in data["sources"])
    assert t("region.sources", n=len(data["sources"])) in [h.value for h in at.header]


def test_undocumented_stages_are_gaps_not_zero(tmp_path, monkeypatch):
    """A case file with documented: false for stages III and V (the fixture region) shows both as gaps."""
    folder = tmp_path / "regions"
    write(folder, "alpha", region("alpha"))
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")  # keep the shared cache untouched
    at = harness.app_page("region", region="alpha", lang="en")
    assert not at.exception
    tabs = {tab.label.split(" · ")[0]: tab.label for tab in at.tabs}
    assert tabs["III"].endswith("not documented") and tabs["V"].endswith("not documented")
    assert tabs["II"].endswith("3/4")
    gaps = [plain(w.value) for w in at.warning if "Not documented" in w.value]
    assert len(gaps) == 2 and all("Tidak ditemukan (en)" in w for w in gaps)
    assert "What is missing" in gaps[0]
    text = plain(harness.shown_text(at))
    assert "Nomor Perwal tidak ditemukan (en)" in text  # the named stage-II gap
    assert "Documentation gaps (1)" in text
    assert "Stages documented 3 / 5" in text
    assert "No legal event is recorded" in text and "No practice is recorded as stopped." in text
    assert "No trigger is recorded" in text and "No framework of its own is recorded" in text
    assert "Year unknown (1)" in text  # alpha-lpse has no start year


@pytest.mark.parametrize("lang", LANGS)
def test_no_region_shows_the_selector(lang, catalog):
    at = harness.app_page("region", lang=lang)
    assert not at.exception
    box = at.selectbox[0]
    assert box.label == i18n.t(lang, "region.choose") and box.value is None
    assert sorted(box.options) == sorted(r["name"] for r in catalog.regions.values())
    assert i18n.t(lang, "region.hint") in [i.value for i in at.info]
    assert not at.tabs and at.title[0].value not in box.options


@pytest.mark.parametrize("value", ["nowhere", "x" * 10_000, "<script>alert(1)</script>", "metro'; DROP TABLE regions"])
def test_unknown_region_is_refused_politely(value):
    at = harness.app_page("region", region=value, lang="en")
    assert not at.exception
    infos = [i.value for i in at.info]
    shown = value if len(value) <= 40 else value[:40] + "…"
    assert any(f"region={shown}" in plain(i) for i in infos), infos   # named (escaped: never markup)
    assert "<script>" not in harness.shown_text(at)
    assert value not in harness.shown_text(at) or len(value) <= 40
    assert at.selectbox[0].value is None and not at.tabs  # selector and hint, no profile
    assert url_values(at, "region") == []  # the bad value is not kept in the URL


def test_selector_writes_the_region_into_the_url(catalog):
    ids = sorted(catalog.regions)
    at = harness.app_page("region", lang="en")
    at.selectbox[0].select(ids[0]).run()
    assert url_values(at, "region") == [ids[0]] and url_values(at, "lang") == ["en"]
    assert at.title[0].value == catalog.regions[ids[0]]["name"]
    at.selectbox[0].select(ids[-1]).run()
    assert url_values(at, "region") == [ids[-1]]
    assert at.title[0].value == catalog.regions[ids[-1]]["name"]


def test_stage_in_the_url_is_kept_and_unknown_stage_refused(catalog):
    rid = min(catalog.regions)
    at = harness.app_page("region", region=rid, stage="III")
    assert not at.exception and url_values(at, "stage") == ["III"] and url_values(at, "region") == [rid]
    at = harness.app_page("region", region=rid, stage="IX")
    assert not at.exception
    assert any("stage=IX" in i.value for i in at.info)
    assert url_values(at, "stage") == [] and at.title[0].value == catalog.regions[rid]["name"]


# --- the chart builder and the queries behind the page -------------------------------------------------------

LABELS = {"year": "Year", "stage": "Stage", "practice": "Practice", "status": "Status", "event": "Event",
          "date": "Date", "person": "Person", "trigger": "Trigger",
          "stage_names": {c: schema.label("stages", c, "en") for c in schema.codes("stages")},
          "kind_names": {c: schema.label("event_kinds", c, "en") for c in schema.codes("event_kinds")},
          "status_names": {c: schema.label("statuses", c, "en") for c in schema.codes("statuses")}}


def _practices(rows):
    return pd.DataFrame(rows, columns=["practice_id", "stage_code", "title", "year_start", "status", "status_year"])


def _events(rows):
    return pd.DataFrame(rows, columns=["event_id", "year", "date", "kind", "person", "text"])


def test_timeline_chart_places_dated_practices_and_events():
    pr = _practices([("a", "II", "One-stop office", 2003, "running", 2024), ("b", "II", "Second", 2003, "unknown", None),
                     ("c", "IV", "No year", None, "unknown", None)])
    ev = _events([("e1", 2012, "2012-09", "legal", "X", "Verdict " + "long " * 60), ("e2", 2005, "2005", "award", None, "Award")])
    spec = charts.region_timeline(pr, ev, LABELS, trigger_year=2001).to_dict()
    codes, colours = charts.vocab_colours("stages")
    layers = spec["layer"]
    dots = next(v for k, v in spec["datasets"].items() if v and "stage_code" in v[0])
    assert [d["title"] for d in dots] == ["One-stop office", "Second"]  # the undated practice is left out
    assert [d["slot"] for d in dots] == ["0", "1"]  # same stage and year: side by side, not on top of each other
    assert layers[0]["encoding"]["color"]["scale"] == {"domain": codes, "range": colours}
    marks = next(v for k, v in spec["datasets"].items() if v and "kind" in v[0])
    assert len(marks[0]["text"]) <= 140 and marks[0]["text"].endswith("…")
    rows = layers[0]["encoding"]["y"]["scale"]["domain"]
    assert rows[:5] == [f"{c} · {LABELS['stage_names'][c]}" for c in codes] and rows[5:] == ["Award", "Legal case"]
    assert layers[0]["encoding"]["x"]["scale"]["domain"] == [2000, 2013]  # trigger year included
    assert any(layer["mark"]["type"] == "rule" for layer in layers)


def test_timeline_chart_without_dates_is_none():
    pr = _practices([("c", "IV", "No year", None, "unknown", None)])
    assert charts.region_timeline(pr, _events([]), LABELS) is None


def test_region_queries_follow_the_files(catalog):
    store = db.open_store(REGIONS)
    for rid, data in catalog.regions.items():
        ids = list(queries.region_sources(store, rid)["local_id"])
        assert sorted(ids) == sorted(s["id"] for s in data["sources"])
        numbers = [int(re.search(r"\d+", i).group()) for i in ids if re.search(r"\d+", i)]
        assert numbers == sorted(numbers)  # S02 before S11 before S101
        stages = queries.region_stages(store, "en", rid)
        assert list(stages["stage_code"]) == schema.codes("stages")
        assert list(queries.region_obstacles(store, "id", rid)["obstacle_id"]) == [
            o["id"] for o in data.get("obstacles", [])]  # file order
        assert len(queries.region_events(store, "en", rid)) == len(data.get("events", []))
    assert queries.region_profile(store, "en", "nowhere").empty


def test_indonesian_region_page_shows_units_in_indonesian(catalog):
    """The outcomes table shows each unit by its label in the UI language (`miliar Rp`, never `Rp billion`)."""
    rid = next((r for r, d in sorted(catalog.regions.items())
                if any(o.get("unit") == "rp_billion" for o in d.get("outcomes", []))), None)
    if rid is None:
        pytest.skip("no case file with a value in Rp billion")
    shared = {i["code"]: i["unit"] for i in schema.vocab("indicators")}
    for lang in LANGS:
        at = harness.app_page("region", region=rid, lang=lang)
        table = next(f.value for f in at.dataframe if "label" in f.value.columns)
        expected = [schema.label("units", o.get("unit") or shared.get(o["indicator"]), lang)
                    for o in catalog.regions[rid]["outcomes"] if o.get("unit") or o["indicator"] in shared]
        assert sorted(table["unit_label"].dropna()) == sorted(expected)
    at = harness.app_page("region", region=rid, lang="id")
    table = next(f.value for f in at.dataframe if "label" in f.value.columns)
    assert "miliar Rp" in set(table["unit_label"]) and "Rp billion" not in harness.shown_text(at)


def test_titles_read_off_the_url_carry_a_note_in_the_ui_language(catalog):
    """A source whose title was read off its URL says so in the source list, in the UI language."""
    rid = next((r for r, d in sorted(catalog.regions.items())
                if any(s.get("title_from_url") for s in d["sources"])), None)
    if rid is None:
        pytest.skip("no case file with a title read off a URL")
    flagged = [s for s in catalog.regions[rid]["sources"] if s.get("title_from_url")]
    for lang in LANGS:
        at = harness.app_page("region", region=rid, lang=lang)
        note = i18n.t(lang, "common.title_from_url")
        listed = [str(md.value) for md in at.markdown if re.search(r"^\d+\. `", str(md.value), re.MULTILINE)]
        lines = [x for block in listed for x in block.splitlines() if re.match(r"\d+\. `", x)]
        noted = [x for x in lines if f"({note})" in plain(x)]
        assert sorted(re.match(r"\d+\. `([^`]+)`", x).group(1) for x in noted) == sorted(s["id"] for s in flagged)


def _title_note(source: dict, lang: str) -> str | None:
    """What the source list writes after a source's title for its descriptive-title flag or its own note."""
    if source.get("title_descriptive"):
        return i18n.t(lang, "common.title_descriptive")
    return tr(source.get("title_note"), lang)


@pytest.mark.parametrize("field", ["title_descriptive", "title_note"])
def test_descriptive_titles_and_title_notes_show_in_the_ui_language(catalog, field):
    """A title written for the case file (in Indonesian from its title_id), or a note on a source's title (a
    mirror copy), shows in the source list in the UI language, after the title."""
    rid = next((r for r, d in sorted(catalog.regions.items()) if any(s.get(field) for s in d["sources"])), None)
    if rid is None:
        pytest.skip(f"no case file with {field}")
    marked = [s for s in catalog.regions[rid]["sources"] if s.get(field)]
    for lang in LANGS:
        at = harness.app_page("region", region=rid, lang=lang)
        listed = [x for md in at.markdown for x in plain(str(md.value)).splitlines() if re.match(r"\d+\. `", x)]
        for s in marked:
            line = next(x for x in listed if x.split("`")[1] == s["id"])
            words = s.get("title_id") if lang == "id" and s.get("title_id") else s["title"]  # a descriptive title
            assert f"{words} (" in line and _title_note(s, lang) in line.split(words, 1)[1]  # reads in Indonesian


@pytest.mark.parametrize("page", ["region", "peers"])
def test_a_one_region_page_without_data_says_so_and_stops(page, tmp_path, monkeypatch):
    """Both one-region pages read the regions through ui.region_choice: no case file, no picker, one warning."""
    (tmp_path / "regions").mkdir()
    monkeypatch.setenv("REFORM_DATA_DIR", str(tmp_path / "regions"))
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    at = harness.app_page(page, region="alpha", lang="en")
    assert not at.exception
    assert [w.value for w in at.warning] == [i18n.t("en", "common.no_data")]
    assert [x.value for x in at.title] == [i18n.t("en", f"{page}.title")] and not at.selectbox
