"""Indicator editions on different scales or methods are never joined: one panel (series) per comparable period,
with the break said on the chart, in its export and in the brief (issue 17)."""
import re

import markupsafe
import pandas as pd

from lib import brief, charts, export, schema

from .harness import app_page


def _datasets(spec: dict) -> dict[str, list[dict]]:
    return spec.get("datasets", {})


def _panel_years(spec: dict) -> list[set[int]]:
    """The years plotted in each horizontal panel of a chart spec."""
    data = _datasets(spec)
    return [{row["year"] for row in data[panel["data"]["name"]]} for panel in spec["hconcat"]]


def _values(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([{"region": r, "year": y, "value": v, "label": "x", "region_id": r} for r, y, v in rows])


LABELS = {"year": "Year", "value": "Value", "region": "Region", "label": "Label", "rank": "Rank"}


def test_values_either_side_of_a_break_are_separate_series():
    code = "innovation_index"
    periods = next(i["periods"] for i in schema.vocab("indicators") if i["code"] == code)
    first_new = next(p["from"] for p in periods if "from" in p)
    values = _values([("A", first_new - 2, 6500.0), ("A", first_new - 1, 7084.0), ("A", first_new, 49.6),
                      ("B", first_new - 1, 1200.0), ("B", first_new + 1, 58.9)])
    values["period"], breaks = charts.indicator_periods(values, code, "en")
    assert [b["year"] for b in breaks] == [first_new] and breaks[0]["why"]
    spec = charts.indicator_chart(values, LABELS, ["A", "B"]).to_dict()
    years = _panel_years(spec)
    assert len(years) == 2                                   # two series per region, one per period
    assert max(years[0]) < first_new <= min(years[1])        # no panel (and so no line) spans the break
    assert spec["resolve"]["scale"]["y"] == "independent"    # each period on its own axis


def test_one_period_stays_one_layer_and_regions_without_points_are_not_in_the_legend():
    values = _values([("A", 2023, 75.3), ("A", 2024, 77.9), ("C", 2024, float("nan"))])
    values["period"], breaks = charts.indicator_periods(values, "kpk_spi", "en")
    assert breaks == []
    spec = charts.indicator_chart(values, LABELS, ["A", "B", "C"]).to_dict()
    assert "hconcat" not in spec and "layer" in spec
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["A"]
    assert colour["range"] == [charts.REGION_PALETTE[0]]     # A keeps its colour from the chosen order


def test_a_year_before_every_period_start_still_has_a_period():
    values = _values([("A", 2005, 1.0), ("A", 2030, 2.0)])
    period, breaks = charts.indicator_periods(values, "tii_cpi", "id")
    assert period.nunique() == 2 and [b["year"] for b in breaks] == [2015]


def test_real_innovation_index_is_split_at_2021_in_the_brief(real_store):
    regions = ["sidoarjo", "parepare", "tangerang", "sragen"]
    b = brief.build(real_store, regions, "en")
    names = dict(zip(regions, b.names))
    name = schema.label("indicators", "innovation_index", "en")
    ind = next(i for i in b.indicators if i["name"] == name)
    spec = ind["spec"]
    years = _panel_years(spec)
    assert len(years) == 2 and max(years[0]) <= 2020 < 2021 <= min(years[1])
    values = [{r["year"]: r["value"] for r in _datasets(spec)[p["data"]["name"]]} for p in spec["hconcat"]]
    assert values[0].get(2018) == 7084 and values[1].get(2025) == 72.94
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Break in 2021" in subtitle and ind["breaks"]
    legend = {tuple(p["layer"][0]["encoding"]["color"]["scale"]["domain"]) for p in spec["hconcat"]}
    assert names["sragen"] not in {n for d in legend for n in d}     # Sragen has no value: no empty legend entry
    svg = export.svg_text(spec)
    assert not re.search(r"[−-]1,000", svg)                          # no axis running down to -1,000
    html = brief.body(b, "svg")
    assert markupsafe.escape(ind["breaks"][0]) in html and ind["breaks"][0].startswith("Break in 2021 (")


def test_compare_page_states_the_break():
    at = app_page("compare", region=["sidoarjo", "parepare"], lang="en", indicator="innovation_index")
    assert not at.exception
    shown = " ".join(w.value.replace("\\", "") for w in at.warning)
    assert "Break in 2021 (" in shown and "not compared" in shown
