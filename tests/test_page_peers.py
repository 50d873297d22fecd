"""AppTest: the peer-learning page (/peers) and the self-assessment page (/assess) on the real data."""
import re

import pytest

from lib import peers

from .conftest import data_snapshot
from .harness import app_page, shown_text


@pytest.fixture(scope="module")
def real(real_peers):
    return real_peers["en"]


# --- /peers -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["id", "en"])
def test_peers_page_shows_visits_gaps_and_how_scores_were_computed(real, lang):
    closed = app_page("peers", region="metro", lang=lang)
    assert not closed.exception and not closed.dataframe   # the method's tables are built only when it is open
    at = app_page("peers", region="metro", method="1", lang=lang)
    assert not at.exception
    text = shown_text(at)
    analysis = peers.analyse_region(real, "metro")
    for visit in analysis.visits:
        assert visit.name in text
    assert {"id": "Daerah yang layak dikunjungi", "en": "Who to visit"}[lang] in text
    assert {"id": "Cara skor dihitung", "en": "How the scores were computed"}[lang] in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[{"id": "Celah", "en": "Gaps"}[lang]] == str(analysis.total_gaps)
    tabs = [t.label for t in at.tabs]
    assert tabs == [f"{s} · {len(g)}" for s, g in analysis.gaps.items()]
    # the method expander: weights, per-peer relevance and per-practice parts that add up to the score
    frames = [f.value for f in at.dataframe]
    weights = next(f for f in frames if "weight" in f.columns)
    assert weights["weight"].sum() == pytest.approx(1.0)
    scores = next(f for f in frames if "total" in f.columns)
    assert len(scores) == len(analysis.ranked)
    assert (scores[list(peers.WEIGHTS)].sum(axis=1) - scores["total"]).abs().max() < 1e-9
    relevance = next(f for f in frames if "shared_themes" in f.columns)
    assert set(relevance["region"]) == {analysis.names[r] for r in analysis.relevance}
    assert at.selectbox(key="peers_region").value == "metro"
    assert at.query_params["region"] == "metro" and at.query_params["method"] == "1"


def test_peers_page_practice_cards_carry_region_score_and_citations(real):
    best = peers.analyse_region(real, "sragen").ranked[0]
    at = app_page("peers", region="sragen", stage=best.stage_code, lang="en")
    assert not at.exception
    label = next(lb for lb in (e.label.replace("\\", "") for e in at.expander)
                 if real.practice(best.practice_id).title in lb)
    assert f"{best.total:.0f} pts" in label and real.regions.set_index("region_id").loc[best.region_id, "name"] in label
    cites = real.citations[real.citations["subject_id"] == best.practice_id]
    assert cites.iloc[0]["title"] in shown_text(at).replace("\\", "")


def test_only_the_open_stage_tab_builds_its_cards_and_the_url_names_it(real):
    analysis = peers.analyse_region(real, "metro")
    busiest = max(analysis.gaps, key=lambda s: len(analysis.gaps[s]))
    assert busiest != "I"

    def cards(at):
        return [lb for lb in (e.label.replace("\\", "") for e in at.expander) if " pts" in lb]

    def expected(stage):
        return {real.practice(c.practice_id).title for g in analysis.gaps[stage] for c in g.candidates[:3]}

    first = app_page("peers", region="metro", lang="en")
    assert not first.exception and "stage" not in first.query_params
    opened = app_page("peers", region="metro", stage=busiest, lang="en")
    assert not opened.exception and opened.query_params["stage"] == busiest
    for at, stage in ((first, "I"), (opened, busiest)):
        shown = cards(at)
        assert len(shown) == sum(min(3, len(g.candidates)) for g in analysis.gaps[stage])
        assert all(any(title in label for label in shown) for title in expected(stage))
    assert "stage=IX" not in str(app_page("peers", region="metro", stage="IX", lang="en").query_params)


def test_peers_page_show_all_toggle_lives_in_the_url():
    at = app_page("peers", region="metro", all="1", lang="en")
    assert not at.exception and at.toggle(key="peers_all").value is True
    assert at.query_params["all"] == "1"
    few = app_page("peers", region="metro", lang="en")
    assert len(at.expander) > len(few.expander)


def test_unknown_region_gets_a_friendly_message():
    at = app_page("peers", region="atlantis", lang="en")
    assert not at.exception
    text = shown_text(at)
    assert 'The region "atlantis" is not in the data' in text and "Choose a region above" in text
    assert "region=atlantis" not in text  # said once, in its own words, not again in the general note
    at = app_page("peers", region="atlantis", stage="IX", lang="en")
    assert "stage=IX" in shown_text(at) and "region=atlantis" not in shown_text(at)  # the other refusals stay
    at = app_page("peers", region="<b>" + "x" * 5000, lang="en")
    assert not at.exception and "x" * 100 not in shown_text(at)


def test_peers_page_without_a_region_points_to_the_choice():
    at = app_page("peers")
    assert not at.exception and "Pilih daerah di atas" in shown_text(at)


# --- /assess ----------------------------------------------------------------------------------------------------

def test_assess_page_blank_then_answered(real):
    at = app_page("assess", lang="en")
    assert not at.exception
    text = shown_text(at)
    assert "Is there an integrated (one-stop) service office?" in [c.label for c in at.checkbox]
    assert "Nothing is ticked yet" in text
    metrics = {m.label: m.value for m in at.metric}
    blank_gaps = int(metrics["Gaps"])
    assert metrics["Themes in place"] == "0" and blank_gaps == peers.analyse(real, peers.Profile(None)).total_gaps
    labels = [d.label for d in at.download_button]
    assert labels[-3:] == ["Summary (HTML)", "Summary (PDF)", "Draft case file (YAML)"]
    assert {"PNG", "SVG", "CSV", "XLSX"} <= set(labels)          # every chart and table downloads too
    assert len(at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")) >= 2

    at.text_input(key="assess_name").input("Kota Contoh").run()
    at.segmented_control(key="assess_type").set_value("kota").run()
    at.checkbox(key="assess_theme:II:one_stop").check().run()
    at.checkbox(key="assess_theme:III:complaints").check().run()
    at.selectbox(key="assess_level_II").set_value(2).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Themes in place"] == "2" and int(metrics["Gaps"]) == blank_gaps - 2
    text = shown_text(at)
    assert "Result for Kota Contoh" in text and "like you" in text
    assert not any(c.value.startswith("# Draft case file") for c in at.code)  # written when the preview is opened
    at.session_state["assess_preview"] = True                                 # what opening the expander does
    at.run()
    yaml_code = next(c.value for c in at.code if c.value.startswith("# Draft case file"))
    assert "id: contoh\n" in yaml_code and "contoh-ii-one-stop" in yaml_code and "maturity: 2" in yaml_code


def test_assess_score_table_is_built_when_the_method_is_opened(real):
    at = app_page("assess", lang="en")
    assert not any("total" in f.value.columns for f in at.dataframe)
    at.session_state["assess_method"] = True   # what opening the expander does
    at.run()
    scores = next(f.value for f in at.dataframe if "total" in f.value.columns)
    assert not at.exception and len(scores) == len(peers.analyse(real, peers.Profile(None)).ranked)


def test_assess_page_in_indonesian():
    at = app_page("assess")
    assert not at.exception
    assert "Apakah ada kantor pelayanan terpadu satu pintu?" in [c.label for c in at.checkbox]
    assert "Penilaian mandiri" in shown_text(at)


@pytest.mark.parametrize("name,payload,expect", [
    ("broken.yaml", b"id: metro\nname: [unclosed\ntype: kota\n", "broken.yaml:3: "),
    ("evil.yaml", b"id: x\nname: !!python/object/apply:os.system ['touch /tmp/reform-pwned']\n", "evil.yaml:2: tag"),
    ("bomb.yaml", b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "bomb.yaml:1: anchors"),
])
def test_assess_page_shows_upload_problems_with_lines_and_writes_nothing(name, payload, expect):
    before = data_snapshot()
    at = app_page("assess", lang="en")
    at.file_uploader(key="assess_upload").set_value((name, payload, "application/x-yaml")).run()
    assert not at.exception
    assert any(re.search(r"\d+ problems? in " + re.escape(name), e.value) for e in at.error)
    table = at.dataframe[-1].value
    assert table["problem"].str.startswith(expect).any(), table["problem"].tolist()
    assert (table["line"] >= 1).all()
    shown = [str(m.value) for m in at.markdown] + [str(c.value) for c in at.caption]
    assert not any("unclosed" in s or "os.system" in s or "*a" in s for s in shown)  # content never rendered
    assert data_snapshot() == before


def test_assess_page_accepts_a_filled_draft_and_lists_its_todos():
    from lib import assess

    from .test_assess import fill_sources
    text = fill_sources(assess.draft_yaml(assess.Answers(name="Kota Contoh", type="kota", province="Jawa Barat",
                                                         themes={("III", "complaints")})))
    at = app_page("assess", lang="en")
    at.file_uploader(key="assess_upload").set_value(("contoh.yaml", text.encode(), "application/x-yaml")).run()
    assert not at.exception
    assert any("contoh.yaml passes the schema and the checks" in s.value for s in at.success)
    assert any("still marked TODO" in w.value for w in at.warning)
    todo = at.dataframe[-1].value
    assert len(todo) == len(assess.todo_lines(text)) > 0


@pytest.mark.parametrize("page, params", [("peers", {"region": "sragen"}), ("assess", {})])
def test_instructions_name_the_controls_the_page_really_has(page, params):
    at = app_page(page, lang="en", **params)
    assert not at.exception
    hints = [c.value for c in at.caption if " more practice" in c.value]
    assert hints, "no candidate was left out: nothing to check"
    toggles = [t.label for t in at.toggle]
    expanders = [e.label for e in at.expander]
    for hint in hints:
        quoted = re.findall(r'"([^"]+)"', hint)
        assert quoted and all(q in toggles or q in expanders for q in quoted), (hint, toggles)
        assert "below" not in hint and "lib/" not in hint
