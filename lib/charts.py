"""Pure Altair chart builders with one theme, used on screen and in exports."""
from __future__ import annotations

import json
from functools import cache

import altair as alt
import pandas as pd

from lib import paths, schema

FONT = "Source Sans Pro, Noto Sans, Arial, sans-serif"
GAP_COLOUR = "#d9d9d9"


def stage_colours() -> tuple[list[str], list[str]]:
    """Stage codes and their colours, from the vocabulary (the same everywhere)."""
    stages = schema.vocab("stages")
    return [s["code"] for s in stages], [s["colour"] for s in stages]


def theme(chart: alt.TopLevelMixin, title: str | None = None, subtitle: str | None = None) -> alt.TopLevelMixin:
    """The project's look: font, sizes, title and a source line as subtitle."""
    if title:
        chart = chart.properties(title=alt.Title(title, subtitle=subtitle or "", anchor="start"))
    return (chart.configure(font=FONT)
            .configure_axis(labelFontSize=12, titleFontSize=12, labelLimit=260)
            .configure_legend(labelFontSize=12, titleFontSize=12, labelLimit=260)
            .configure_title(fontSize=15, subtitleFontSize=11, subtitleColor="#555")
            .configure_view(strokeWidth=0))


def maturity_heatmap(matrix: pd.DataFrame, labels: dict, counts: bool = False) -> alt.LayerChart:
    """Region x stage heatmap; undocumented cells are grey and marked, never a low score.

    labels: region/stage/maturity/not_documented/practices/sources axis and legend texts.
    counts: colour by number of practices instead of maturity.
    """
    data = matrix.copy()
    data["documented"] = data["documented"].fillna(False).astype(bool)
    data["cell"] = data.apply(
        lambda r: str(int(r["practices"])) if counts else (str(int(r["maturity"])) if r["documented"] else "—"),
        axis=1)
    data["status"] = data["documented"].map({True: "", False: labels["not_documented"]})
    base = alt.Chart(data).encode(
        x=alt.X("stage_code:N", title=labels["stage"], sort=[s["code"] for s in schema.vocab("stages")],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("region:N", title=labels["region"]),
        tooltip=[alt.Tooltip("region:N", title=labels["region"]), alt.Tooltip("stage:N", title=labels["stage"]),
                 alt.Tooltip("maturity:Q", title=labels["maturity"]),
                 alt.Tooltip("status:N", title=" "),
                 alt.Tooltip("practices:Q", title=labels["practices"]),
                 alt.Tooltip("sources:Q", title=labels["sources"])])
    if counts:
        fill = base.mark_rect(stroke="white").encode(
            color=alt.Color("practices:Q", title=labels["practices"], scale=alt.Scale(scheme="blues")))
        return (fill + base.mark_text(fontSize=13).encode(text="cell:N")).properties(height=_rows_height(data))
    documented = base.transform_filter("datum.documented").mark_rect(stroke="white").encode(
        color=alt.Color("maturity:O", title=labels["maturity"],
                        scale=alt.Scale(domain=[0, 1, 2, 3, 4], scheme="yellowgreenblue"),
                        legend=alt.Legend(orient="bottom", direction="horizontal")))
    gap = base.transform_filter("!datum.documented").mark_rect(
        color=GAP_COLOUR, stroke="#999", strokeDash=[3, 2], strokeWidth=1)
    text = base.mark_text(fontSize=13).encode(text="cell:N")
    return (documented + gap + text).properties(height=_rows_height(data))


def _rows_height(data: pd.DataFrame) -> alt.Step:
    return alt.Step(34)


@cache
def _basemap() -> list[dict]:
    return json.loads(paths.BASEMAP_FILE.read_text())["features"]


def region_map(regions: pd.DataFrame, labels: dict) -> alt.LayerChart:
    """Regions as points over a bundled outline of Indonesia (no map tiles, works offline)."""
    land = alt.Chart(alt.Data(values=_basemap())).mark_geoshape(stroke="white", strokeWidth=0.5).encode(
        color=alt.condition("datum.properties.indonesia", alt.value("#dfe6ec"), alt.value("#f1f1f1")))
    points = alt.Chart(regions).encode(
        longitude="lon:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("name:N", title=labels["region"]), alt.Tooltip("type_label:N", title=labels["type"]),
                 alt.Tooltip("province:N", title=labels["province"])])
    dots = points.mark_circle(size=140, opacity=0.9, stroke="white").encode(
        color=alt.Color("type_label:N", title=labels["type"], scale=alt.Scale(range=["#4C78A8", "#E45756"])),
        shape=alt.Shape("type_label:N", title=labels["type"]))
    names = points.mark_text(align="left", dx=8, dy=-6, fontSize=11).encode(text="name:N")
    extent = {"type": "Feature", "properties": {},
              "geometry": {"type": "MultiPoint", "coordinates": [[95.0, -11.0], [141.0, 6.0]]}}
    return (land + dots + names).project(type="mercator", fit=extent).properties(height=360).configure_legend(
        orient="bottom")
