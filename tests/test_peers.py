"""Peer learning rules (lib/peers.py) on small hand-made data, then on the nine real regions, and the CLI."""
import json
import math

import pytest

from lib import db, loader, peers

from .conftest import cli, region, write


def _text(s: str) -> dict:
    return {"id": s, "en": s + " (en)"}


def practice(rid: str, slug: str, stage: str, themes: list[str], status: str = "running", refs=("S1",)) -> dict:
    """A practice for a hand-made case file (region() files have sources S1 news and S2 seed)."""
    st = {"code": status} if status == "unknown" else {"code": status, "year": 2020, "sources": [{"ref": "S1"}]}
    return {"id": f"{rid}-{slug}", "stage": stage, "themes": themes, "title": _text(f"{rid} {slug}"),
            "summary": _text(f"{slug} summary"), "status": st, "sources": [{"ref": r, "at": "para 1"} for r in refs]}


def with_practices(rid: str, extra: list[dict], **changes) -> dict:
    kind = "Kabupaten" if changes.get("type") == "kabupaten" else "Kota"
    data = region(rid, **{"name": f"{kind} {rid.title()}", **changes})
    data["practices"] = data["practices"] + extra
    return data


def store_for(tmp_path, files: dict[str, dict]) -> db.Store:
    folder = tmp_path / "regions"
    for name, data in files.items():
        write(folder, name, data)
    catalog = loader.load_all(folder)
    assert not catalog.issues, catalog.issues
    out = tmp_path / "peers.duckdb"
    db.build(catalog, out)
    return db.Store(out)


@pytest.fixture
def three(tmp_path):
    """alpha (kota) has no stage-III practice; beta (kota) and gamma (kabupaten) each have the same stage-III
    complaints practice with identical evidence; otherwise all three have alpha's practices."""
    store = store_for(tmp_path, {
        "alpha": region("alpha"),
        "beta": with_practices("beta", [practice("beta", "complaints", "III", ["complaints"])]),
        "gamma": with_practices("gamma", [practice("gamma", "complaints", "III", ["complaints"])],
                                type="kabupaten"),
    })
    yield peers.load(store, "en")
    store.close()


def test_weights_are_named_and_sum_to_one():
    assert set(peers.WEIGHTS) == set(peers.RELEVANCE_PARTS) | set(peers.EVIDENCE_PARTS)
    assert math.isclose(sum(peers.WEIGHTS.values()), 1.0)
    assert math.isclose(sum(peers.WEIGHTS[k] for k in peers.RELEVANCE_PARTS), 0.5)
    assert all(0 <= v <= 1 for v in [*peers.KIND_QUALITY.values(), *peers.STATUS_VALUE.values()])
    assert peers.__doc__ and "Jaccard" in peers.__doc__ and peers.WEIGHTS  # the rules are documented in one module


def test_missing_stage_iii_theme_of_a_same_type_peer_comes_first(three):
    analysis = peers.analyse_region(three, "alpha")
    assert analysis.gap_pairs == [("III", "complaints")]          # everything else alpha has too
    gap = analysis.gaps["III"][0]
    assert [c.practice_id for c in gap.candidates] == ["beta-complaints", "gamma-complaints"]
    assert analysis.ranked[0].practice_id == "beta-complaints"
    same, other = gap.candidates
    assert same.evidence.total == other.evidence.total                 # identical evidence: type decides
    assert same.relevance.part("same_type").value == 1 and other.relevance.part("same_type").value == 0
    assert all(not analysis.gaps[s] for s in ("I", "II", "IV", "V"))


def test_score_components_add_up_with_known_values(three):
    analysis = peers.analyse_region(three, "alpha")
    beta = analysis.gaps["III"][0].candidates[0]
    parts = {p.name: p for p in beta.score.parts}
    assert list(parts) == list(peers.WEIGHTS)
    for p in parts.values():
        assert 0 <= p.value <= 1 and math.isclose(p.points, 100 * p.weight * p.value)
    # beta: kota like alpha; themes {one_stop, licensing, e_procurement, complaints} vs alpha's first three;
    # 1 of its 3 practices has an outcome; the practice: 1 news source, no outcome, running.
    assert parts["same_type"].points == pytest.approx(20)
    assert parts["theme_overlap"].raw == {"shared": 3, "union": 4}
    assert parts["theme_overlap"].points == pytest.approx(15 * 3 / 4)
    assert parts["peer_results"].raw == {"with_results": 1, "practices": 3}
    assert parts["peer_results"].points == pytest.approx(15 / 3)
    assert parts["sources"].raw == 1 and parts["sources"].points == pytest.approx(15 / 3)
    assert parts["source_kind"].raw == "news" and parts["source_kind"].points == pytest.approx(6)
    assert parts["outcomes"].points == 0 and parts["status"].points == pytest.approx(10)
    assert beta.total == pytest.approx(20 + 11.25 + 5 + 5 + 6 + 0 + 10)
    assert beta.total == pytest.approx(sum(p.points for p in beta.score.parts))
    assert beta.total == pytest.approx(beta.relevance.total + beta.evidence.total)
    as_json = peers.as_dict(three, analysis)["stages"][2]["gaps"][0]["practices"][0]
    assert as_json["score"] == pytest.approx(sum(p["points"] for p in as_json["parts"]), abs=1e-3)


def test_evidence_counts_sources_kinds_outcomes_and_status(tmp_path):
    strong = practice("beta", "strong", "III", ["complaints"], refs=("S1", "S2"))
    weak = practice("beta", "weak", "III", ["transparency"], status="stopped")
    data = with_practices("beta", [strong, weak])
    data["outcomes"].append({"id": "beta-o-strong", "indicator": "complaints_closed", "practice": "beta-strong",
                             "label": _text("closed"), "value": 90, "unit": "percent", "year": 2020,
                             "sources": [{"ref": "S1"}]})
    store = store_for(tmp_path, {"alpha": region("alpha"), "beta": data})
    analysis = peers.analyse_region(peers.load(store, "en"), "alpha")
    by_id = {c.practice_id: c for c in analysis.ranked}
    s, w = by_id["beta-strong"].evidence, by_id["beta-weak"].evidence
    assert s.part("sources").raw == 2 and s.part("source_kind").raw == "seed" and s.part("outcomes").raw == 1
    assert w.part("status").value == 0 and s.part("status").value == 1
    assert s.total > w.total
    assert [c.practice_id for c in analysis.ranked][:1] == ["beta-strong"]
    store.close()


def test_who_to_visit_picks_the_peer_covering_most_gaps(tmp_path):
    # beta (kabupaten: less relevant to the kota alpha) fills three stage-III gaps, gamma (kota) one other gap.
    beta = with_practices("beta", [practice("beta", "c", "III", ["complaints"]),
                                   practice("beta", "s", "III", ["service_standards"]),
                                   practice("beta", "t", "III", ["transparency"])], type="kabupaten")
    gamma = with_practices("gamma", [practice("gamma", "b", "IV", ["e_budgeting"]),
                                     practice("gamma", "c", "III", ["complaints"])])
    store = store_for(tmp_path, {"alpha": region("alpha"), "beta": beta, "gamma": gamma})
    data = peers.load(store, "en")
    analysis = peers.analyse_region(data, "alpha")
    assert analysis.total_gaps == 4
    assert analysis.relevance["gamma"].total > analysis.relevance["beta"].total
    first, second = analysis.visits
    assert first.region_id == "beta" and len(first.fills) == 3 and len(first.new) == 3
    assert second.region_id == "gamma" and second.new == [("IV", "e_budgeting")] and len(second.fills) == 2
    assert first.reason.startswith("Kabupaten Beta ") and first.name == "Kabupaten Beta"
    assert "3 of your 4 gaps" in first.reason and "unlike you" in first.reason
    assert "1 gap the peers above leave open" in second.reason and "like you" in second.reason
    assert set(first.citations["subject_id"]) == {"beta-c", "beta-s", "beta-t"}
    assert set(first.citations["local_id"]) == {"S1"}
    listed = [line for line in first.sources_md.splitlines() if line.startswith("- ")]   # each source and place once
    assert len(listed) == len(first.citations.drop_duplicates(["source_id", "locator"])) and "`S1`" in listed[0]
    id_reason = peers.analyse_region(peers.load(store, "id"), "alpha", "id").visits[0].reason
    assert "3 dari 4 celah Anda" in id_reason
    store.close()


def test_equal_gap_counts_go_to_the_more_relevant_peer(tmp_path):
    beta = with_practices("beta", [practice("beta", "c", "III", ["complaints"])], type="kabupaten")
    gamma = with_practices("gamma", [practice("gamma", "c", "III", ["complaints"])])
    store = store_for(tmp_path, {"alpha": region("alpha"), "beta": beta, "gamma": gamma})
    analysis = peers.analyse_region(peers.load(store, "en"), "alpha")
    assert [v.region_id for v in analysis.visits] == ["gamma"]  # beta would add no new gap
    store.close()


def test_a_profile_not_in_the_data_gets_the_same_analysis(three):
    blank = peers.analyse(three, peers.Profile(type=None))
    every_pair = {(p.stage_code, t) for p in three.practices.itertuples() for t in p.themes}
    assert set(blank.gap_pairs) == every_pair
    assert all(s.part("same_type").value == 0 for s in blank.relevance.values())
    assert "type was not given" in blank.visits[0].reason
    like_alpha = peers.analyse(three, peers.Profile(type="kota", covered=peers.profile_of(three, "alpha").covered))
    alpha = peers.analyse_region(three, "alpha")
    # the same profile outside the data also compares with alpha itself, which adds no gap
    assert like_alpha.gap_pairs == alpha.gap_pairs
    assert [c.practice_id for c in like_alpha.ranked] == [c.practice_id for c in alpha.ranked]


def test_unknown_region_raises(three):
    with pytest.raises(peers.UnknownRegion):
        peers.analyse_region(three, "nowhere")


# --- the nine real regions ---------------------------------------------------------------------------------------

REGIONS = sorted(p.stem for p in (loader.paths.DATA / "regions").glob("*.yaml"))


@pytest.mark.parametrize("rid", REGIONS)
def test_every_real_region_gets_a_ranked_cited_list(real_peers, rid):
    data = real_peers["en"]
    analysis = peers.analyse_region(data, rid)
    assert analysis.ranked, rid
    totals = [c.total for c in analysis.ranked]
    assert totals == sorted(totals, reverse=True)
    cited = set(data.citations["subject_id"])
    assert all(c.practice_id in cited for c in analysis.ranked)         # every candidate has citations
    assert all(c.region_id != rid for c in analysis.ranked)
    own = analysis.profile.covered
    assert all((g.stage_code, g.theme_code) not in own for g in (g for gs in analysis.gaps.values() for g in gs))
    assert len(analysis.visits) == peers.VISITS
    for v in analysis.visits:
        assert v.reason and v.name in v.reason and len(v.citations) > 0
    assert len({v.region_id for v in analysis.visits}) == peers.VISITS
    id_analysis = peers.analyse_region(real_peers["id"], rid, "id")
    assert [v.region_id for v in id_analysis.visits] == [v.region_id for v in analysis.visits]
    assert "celah" in id_analysis.visits[0].reason


def test_cli_text_json_and_unknown_region():
    out = cli("peers", "sragen", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "== Who to visit ==" in out.stdout and "Kabupaten Sragen" in out.stdout
    assert " = same_type " in out.stdout and "<https://" in out.stdout
    out = cli("peers", "metro", "--json")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["region"]["region_id"] == "metro" and len(got["visits"]) == 3
    assert all(v["citations"] for v in got["visits"])
    practices = [p for s in got["stages"] for g in s["gaps"] for p in g["practices"]]
    assert practices and all(p["citations"] for p in practices)
    assert all(abs(p["score"] - sum(x["points"] for x in p["parts"])) < 1e-3 for p in practices)
    bad = cli("peers", "atlantis")
    assert bad.returncode == 1 and "atlantis" in bad.stderr and "sragen" in bad.stderr and not bad.stdout


def test_the_scoring_rules_table_has_every_part_worded_in_both_languages():
    for lang in ("id", "en"):
        rules = peers.scoring_rules(lang)
        assert len(rules) == len(peers.WEIGHTS) and rules["points"].sum() == pytest.approx(100)
        assert not rules[["part", "group", "rule"]].map(lambda s: s.startswith("peers.")).any().any()
        assert rules["group"].nunique() == 2
    assert peers.values_text("statuses", {"running": 1.0, "stopped": 0.0}, "en") == "Running 1, Stopped 0"
