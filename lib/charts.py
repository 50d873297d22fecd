"""Pure Altair chart builders with one theme, used on screen and in exports."""
from __future__ import annotations

import json
from functools import cache

import altair as alt
import pandas as pd

from lib import paths, schema
from lib.values import known

FONT = "Source Sans Pro, Noto Sans, Arial, sans-serif"
GAP_COLOUR = "#d9d9d9"
COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")  # counts of practices: whole numbers, never a 0.5 tick


def vocab_colours(vocabulary: str) -> tuple[list[str], list[str]]:
    """A vocabulary's codes and their colours (stages, region_types), in the schema's order: a code has one colour
    in every chart and in both languages."""
    items = schema.vocab(vocabulary)
    return [item["code"] for item in items], [item["colour"] for item in items]


def theme(chart: alt.TopLevelMixin, title: str | None = None,
          subtitle: str | list[str] | None = None) -> alt.TopLevelMixin:
    """The project's look: font, sizes, title and a source line as subtitle (screen and export alike).

    One configure() call: each call copies the whole chart (docs/performance.md has the cost)."""
    if title:
        chart = chart.properties(title=alt.Title(title, subtitle=subtitle or "", anchor="start"))
    return chart.configure(font=FONT,
                           axis=alt.AxisConfig(labelFontSize=12, titleFontSize=12, labelLimit=260),
                           legend=alt.LegendConfig(labelFontSize=12, titleFontSize=12, labelLimit=260),
                           title=alt.TitleConfig(fontSize=15, subtitleFontSize=11, subtitleColor="#555"),
                           view=alt.ViewConfig(strokeWidth=0))


def fitted_label_limit(most: int, share: float = 0.3, least: int = 80) -> alt.ExprRef:
    """A label limit that shrinks with the chart's container (a share of its width, between `least` and `most`
    pixels), so that a phone keeps most of its width for the plot; `most` where there is no container (exports)."""
    return alt.ExprRef(f"containerSize()[0] ? clamp(containerSize()[0] * {share}, {least}, {most}) : {most}")


def fitted_columns(most: int, column: int = 170) -> alt.ExprRef:
    """A legend's number of columns: as many `column`-pixel columns as the chart's container holds (at least one,
    at most `most`), so that a legend is never cut at the right edge of a phone; `most` in exports."""
    return alt.ExprRef(f"containerSize()[0] ? clamp(floor(containerSize()[0] / {column}), 1, {most}) : {most}")


ROW_HEIGHT = alt.Step(34)  # a heatmap row, whatever the number of regions: the chart grows with them
HEATMAP_WIDTH = 560  # exported plot width: about as wide as its subtitle lines, so the image has no empty half
# (on screen Streamlit fits the chart to the column)


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
        return (fill + base.mark_text(fontSize=13).encode(text="cell:N")).properties(height=ROW_HEIGHT,
                                                                                 width=HEATMAP_WIDTH)
    documented = base.transform_filter("datum.documented").mark_rect(stroke="white").encode(
        color=alt.Color("maturity:O", title=labels["maturity"],
                        scale=alt.Scale(domain=[0, 1, 2, 3, 4], scheme="yellowgreenblue"),
                        legend=alt.Legend(orient="bottom", direction="horizontal")))
    gap = base.transform_filter("!datum.documented").mark_rect(
        color=GAP_COLOUR, stroke="#999", strokeDash=[3, 2], strokeWidth=1)
    text = base.mark_text(fontSize=13).encode(text="cell:N")
    return (documented + gap + text).properties(height=ROW_HEIGHT, width=HEATMAP_WIDTH)


@cache
def _basemap() -> alt.Data:
    """The bundled outline as GeoJSON text that Vega-Lite parses itself (format json, its `features`). As a list
    of features Altair copied and walked all 10,000 coordinate lists at every render; a string it passes on."""
    return alt.Data(values=paths.BASEMAP_FILE.read_text(encoding="utf-8"),
                    format=alt.DataFormat(type="json", property="features"))


MAP_NAMES_UP_TO = 30
"""Regions are named on the map when there are at most this many (more only overlap; tooltips name them all)."""


MAP_WIDTH, MAP_HEIGHT = 600, 360  # the exported size; on screen the width follows the column (about the same)
_LABEL_SPOTS = [(8, -6, "left"), (-8, -6, "right"), (8, 10, "left"), (-8, 10, "right"), (0, -14, "center"),
                (0, 18, "center"), (6, 24, "left"), (-6, 24, "right"), (6, -20, "left"), (-6, -20, "right")]
# label offsets tried in turn, as (dx, dy, align): beside the point first, then above or below it


def _frame(regions: pd.DataFrame) -> tuple[float, float, float, float]:
    """The map's extent: the regions' box with a margin (all of Indonesia when there are none), so that
    an exported map shows the regions, not mostly sea."""
    if regions.empty:
        return 95.0, -11.0, 141.0, 6.0
    lon0, lon1, lat0, lat1 = regions["lon"].min(), regions["lon"].max(), regions["lat"].min(), regions["lat"].max()
    pad_lon, pad_lat = max(1.5, (lon1 - lon0) * 0.12), max(1.0, (lat1 - lat0) * 0.2)
    return lon0 - pad_lon, lat0 - pad_lat, lon1 + pad_lon, lat1 + pad_lat


def short_name(name: str) -> str:
    """'Kabupaten Sragen' -> 'Sragen' for map labels (the colour tells the type; the tooltip has the full name)."""
    for prefix in ("Kabupaten ", "Kota "):
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


LABEL_GAP = 6  # pixels between a name and any point but its own
MAP_LABEL_WIDTHS = (300, 340, 450, MAP_WIDTH)
"""Plot widths the label places are worked out for: the map on screen takes the places of the widest of these not
wider than its container (a phone's ~350 px column, a half page), an exported map those of MAP_WIDTH."""


def label_spots(regions: pd.DataFrame, width: float = MAP_WIDTH, height: float = MAP_HEIGHT) -> list[int]:
    """For each region, the index in _LABEL_SPOTS of a label place that overlaps no label placed before it
    (greedily, the most crowded points first, as they have the fewest free places) and keeps LABEL_GAP pixels
    from every other point (so that a name is not read as its neighbour's), or -1 when none is free: that name is
    left out rather than printed over another (its point keeps its tooltip; the regions table names them all).
    Positions are estimated on a linear projection of the map's frame (as Vega fits it into width x height),
    close to mercator at Indonesia's latitudes."""
    lon0, lat0, lon1, lat1 = _frame(regions)
    scale = min(width / (lon1 - lon0), height / (lat1 - lat0))
    points = [((lon - lon0) * scale, (lat1 - lat) * scale) for lon, lat in zip(regions["lon"], regions["lat"])]
    labels: list[tuple[float, float, float, float]] = []
    spots = [-1] * len(regions)

    def overlap(a, b, gap=0.0) -> bool:
        return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap

    near = [sum(abs(x - u) < 80 and abs(y - v) < 30 for u, v in points) for x, y in points]
    for i in sorted(range(len(regions)), key=lambda k: (-near[k], points[k][0])):
        x, y = points[i]
        w = 6.0 * len(short_name(str(regions["name"].iloc[i]))) + 4
        for n, (dx, dy, align) in enumerate(_LABEL_SPOTS):
            left = x + dx - (w if align == "right" else w / 2 if align == "center" else 0)
            box = (left, y + dy - 11, left + w, y + dy + 3)
            if not any(overlap(box, b) for b in labels) and not any(
                    overlap(box, (u - 6, v - 6, u + 6, v + 6), 0 if j == i else LABEL_GAP)
                    for j, (u, v) in enumerate(points)):
                spots[i] = n
                labels.append(box)
                break
    return spots


def _label_spot_expr() -> str:
    """The Vega expression for a name's label place at the map's width on screen (MAP_WIDTH in an export)."""
    shown = f"(containerSize()[0] || {MAP_WIDTH})"
    choice = "datum.spot_0"
    for n, width in enumerate(MAP_LABEL_WIDTHS[1:], start=1):
        choice = f"({shown} >= {width} ? datum.spot_{n} : {choice})"
    return choice


def region_map(regions: pd.DataFrame, labels: dict) -> alt.LayerChart:
    """Regions as points over a bundled outline of Indonesia (no map tiles, works offline), framed to the regions,
    names placed so they do not print over each other, colours by region type code."""
    land = alt.Chart(_basemap()).mark_geoshape(stroke="white", strokeWidth=0.5, clip=True).encode(
        color=alt.condition("datum.properties.indonesia", alt.value("#dfe6ec"), alt.value("#f1f1f1")))
    frame = regions[["name", "type", "type_label", "province", "lat", "lon"]].reset_index(drop=True)
    frame["short"] = frame["name"].map(short_name)
    points = alt.Chart(frame).encode(
        longitude="lon:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("name:N", title=labels["region"]), alt.Tooltip("type_label:N", title=labels["type"]),
                 alt.Tooltip("province:N", title=labels["province"])])
    codes, type_colours = vocab_colours("region_types")
    type_labels = dict(zip(frame["type"], frame["type_label"]))
    legend_labels = [type_labels.get(c, c) for c in codes]
    type_scale = alt.Scale(domain=legend_labels, range=type_colours)
    dots = points.mark_circle(size=140, opacity=0.9, stroke="white").encode(
        color=alt.Color("type_label:N", title=labels["type"], scale=type_scale, legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("type_label:N", title=labels["type"], scale=alt.Scale(domain=legend_labels),
                        legend=alt.Legend(orient="bottom")))
    layers = [land, dots]
    if len(frame) <= MAP_NAMES_UP_TO:
        named = frame.assign(**{f"spot_{n}": label_spots(frame, width) for n, width in enumerate(MAP_LABEL_WIDTHS)})
        spot = _label_spot_expr()
        for n, (dx, dy, align) in enumerate(_LABEL_SPOTS):  # a layer a place; a name shows in the one it takes
            layers.append(alt.Chart(named).mark_text(align=align, dx=dx, dy=dy, fontSize=11).encode(
                longitude="lon:Q", latitude="lat:Q",
                text=alt.condition(f"{spot} == {n}", alt.Text("short:N"), alt.value(""))))
    lon0, lat0, lon1, lat1 = _frame(frame)
    extent = {"type": "Feature", "properties": {},
              "geometry": {"type": "MultiPoint", "coordinates": [[lon0, lat0], [lon1, lat1]]}}
    return alt.layer(*layers).project(type="mercator", fit=extent).properties(width=MAP_WIDTH, height=MAP_HEIGHT)


REGION_COLOURS_UP_TO = 20
"""Bars are split by region, one colour each, for at most this many regions (the tableau20 palette); with more,
a legend would list hundreds of names, so the bars take the stage colours and the tooltip gives the count."""


def stage_counts(counts: pd.DataFrame, labels: dict) -> alt.Chart:
    """Number of practices per stage, stacked by region (counts: stage_code, region, size)."""
    codes, colours = vocab_colours("stages")
    x = alt.X("stage_code:N", title=labels["stage"], scale=alt.Scale(domain=codes),  # all five, even if filtered
              axis=alt.Axis(labelAngle=0))
    if counts["region"].nunique() > REGION_COLOURS_UP_TO:
        return alt.Chart(counts).mark_bar().encode(
            x=x, y=alt.Y("sum(size):Q", title=labels["count"], axis=COUNT_AXIS),
            color=alt.Color("stage_code:N", scale=alt.Scale(domain=codes, range=colours), legend=None),
            tooltip=[alt.Tooltip("stage_code:N", title=labels["stage"]),
                     alt.Tooltip("sum(size):Q", title=labels["count"])],
        ).properties(height=220)
    return alt.Chart(counts).mark_bar().encode(
        x=x, y=alt.Y("sum(size):Q", title=labels["count"], axis=COUNT_AXIS),
        color=alt.Color("region:N", title=labels["region"], scale=alt.Scale(scheme="tableau20"),
                        legend=alt.Legend(orient="bottom", columns=fitted_columns(3, 250), labelLimit=220)),
        tooltip=[alt.Tooltip("region:N", title=labels["region"]), alt.Tooltip("stage_code:N", title=labels["stage"]),
                 alt.Tooltip("sum(size):Q", title=labels["count"])],
    ).properties(height=220)


def factor_matrix(matrix: pd.DataFrame, labels: dict) -> alt.LayerChart:
    """Region x factor: evidenced cells filled, cells without evidence grey and dashed (a gap, not a zero)."""
    data = matrix.assign(state=matrix["evidenced"].map({True: labels["evidenced"], False: labels["gap"]}),
                         mark=matrix["evidenced"].map({True: "✓", False: "—"}))
    base = alt.Chart(data).encode(
        x=alt.X("factor_code:N", title=labels["factor"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("region:N", title=labels["region"]),
        tooltip=[alt.Tooltip("region:N", title=labels["region"]), alt.Tooltip("factor:N", title=labels["factor"]),
                 alt.Tooltip("state:N", title=" "), alt.Tooltip("n_sources:Q", title=labels["sources"])])
    filled = base.transform_filter("datum.evidenced").mark_rect(stroke="white", color="#54A24B")
    gap = base.transform_filter("!datum.evidenced").mark_rect(color=GAP_COLOUR, stroke="#999", strokeDash=[3, 2])
    text = base.mark_text(fontSize=13).encode(text="mark:N")
    return (filled + gap + text).properties(height=alt.Step(30), width=alt.Step(70))


# --- compare page --------------------------------------------------------------------------------------------------

REGION_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def region_scale(regions: list[str]) -> alt.Scale:
    """Colours for the chosen regions (Okabe-Ito, colour-blind safe), in the order chosen, the same on every chart."""
    regions = list(regions)
    return alt.Scale(domain=regions, range=[REGION_PALETTE[n % len(REGION_PALETTE)] for n in range(len(regions))])


def indicator_periods(values: pd.DataFrame, code: str, lang: str) -> tuple[pd.Series, list[dict]]:
    """The comparable period of each outcome (its comparability key, from the indicator's `periods` in
    data/schema.yaml) and the breaks that fall between plotted values: [{year, before, after, why}].

    A period runs from its `from` year to the next period's; values either side of a break are not comparable."""
    periods = next((i.get("periods") or [] for i in schema.vocab("indicators") if i["code"] == code), [])
    periods = periods or [{"key": code, "name": {"id": code}}]
    starts = [p.get("from", -10**9) for p in periods]

    def name(p: dict) -> str:
        return p["name"].get(lang) or p["name"]["id"]

    def period_of(year) -> str:
        return name(periods[max(n for n, start in enumerate(starts) if int(year) >= start)])

    period = values["year"].map(period_of) if len(values) else pd.Series([], dtype=object)
    years = values.loc[values["value"].notna(), "year"].astype(int)
    breaks = [{"year": p["from"], "before": name(periods[n - 1]), "after": name(p),
               "why": (p.get("break") or {}).get(lang) or (p.get("break") or {}).get("id", "")}
              for n, p in enumerate(periods)
              if n and len(years) and years.min() < p["from"] <= years.max()]
    return period, breaks


def indicator_chart(values: pd.DataFrame, labels: dict, regions: list[str]) -> alt.TopLevelMixin:
    """One shared indicator over the years: a line and points per region, value x year; one panel per comparable
    period (column `period`, see indicator_periods), each with its own axes, so no line or axis spans a break.

    values: outcome rows (region, year, value, label, rank_text, period); rows without a value (rank or group only)
    are left out of the chart. labels: year, value (axis title, with the unit), region, label, rank.
    One indicator code per chart: different surveys (e.g. KPK integrity survey and SPI) are never joined.
    Only regions with a plotted value appear in the legend, each in its colour from the chosen order.
    """
    data = values[values["value"].notna()].copy()
    if "rank_text" not in data:
        data["rank_text"] = ""
    if "period" not in data:
        data["period"] = ""
    data["year"] = data["year"].astype(int)
    present = [r for r in regions if r in set(data["region"])]
    colours = region_scale(regions).range
    colour = alt.Scale(domain=present, range=[colours[list(regions).index(r)] for r in present])

    def panel(part: pd.DataFrame, title: str | None) -> alt.LayerChart:
        base = alt.Chart(part).encode(
            x=alt.X("year:Q", title=labels["year"], scale=alt.Scale(zero=False, nice=False, padding=18),
                    axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("value:Q", title=labels["value"], scale=alt.Scale(zero=False, padding=10)),
            color=alt.Color("region:N", title=labels["region"], scale=colour,
                            legend=alt.Legend(orient="bottom", columns=fitted_columns(4, 250))),
            tooltip=[alt.Tooltip("region:N", title=labels["region"]),
                     alt.Tooltip("year:Q", title=labels["year"], format="d"),
                     alt.Tooltip("value:Q", title=labels["value"], format=",.2~f"),
                     alt.Tooltip("rank_text:N", title=labels["rank"]), alt.Tooltip("label:N", title=labels["label"])])
        layer = base.mark_line(strokeWidth=2, opacity=0.7) + base.mark_point(filled=True, size=90, opacity=1)
        return layer.properties(height=320, **({"title": title} if title else {}))

    parts = [(name, part) for name, part in data.groupby("period", sort=False)]
    if len(parts) <= 1:
        return panel(data, None)
    parts.sort(key=lambda item: item[1]["year"].min())
    return alt.hconcat(*(panel(part, name) for name, part in parts)).resolve_scale(x="independent",
                                                                                   y="independent")


# A region's name as a column header on two lines, as wide as its column at most and centred on it (Vega set the
# first one flush left, over its neighbour): on a phone (columns under 110 px) "Kabupaten" shortens to the usual
# "Kab.", so that neighbouring headers never print over each other.
NARROW_HEADER = "split(bandwidth('x') < 110 ? replace(datum.label, 'Kabupaten ', 'Kab. ') : datum.label, ' ')"


def factor_compare(matrix: pd.DataFrame, labels: dict, regions: list[str]) -> alt.LayerChart:
    """Factor (rows a-e) x chosen region (columns): evidenced cells green, gaps grey and dashed (a gap, not a zero);
    the evidence text (shortened) in the tooltip.

    matrix: region, factor_code, factor, evidenced, text, n_sources. labels: region, factor, evidenced, gap,
    evidence, sources.
    """
    data = matrix.copy()
    data["evidenced"] = data["evidenced"].fillna(False).astype(bool)
    data["row"] = "(" + data["factor_code"] + ") " + data["factor"].fillna("")
    data["state"] = data["evidenced"].map({True: labels["evidenced"], False: labels["gap"]})
    data["mark"] = data["evidenced"].map({True: "✓", False: "—"})  # the legend says what they mean: cells stay narrow
    data["evidence"] = data["text"].fillna("").map(lambda s: s if len(s) <= 280 else s[:279].rstrip() + "…")
    rows = [r for r in data.sort_values("factor_code")["row"].drop_duplicates()]
    states = [labels["evidenced"], labels["gap"]]
    base = alt.Chart(data).encode(
        x=alt.X("region:N", title=None, sort=list(regions),
                axis=alt.Axis(orient="top", labelAngle=0, labelExpr=NARROW_HEADER, labelOverlap=False,
                              labelLimit=alt.ExprRef("bandwidth('x') - 6"), labelBaseline="line-bottom",
                              labelLineHeight=14, labelPadding=20, labelFlush=False, labelAlign="center")),
        y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelLimit=fitted_label_limit(220, share=0.25))),
        tooltip=[alt.Tooltip("region:N", title=labels["region"]), alt.Tooltip("row:N", title=labels["factor"]),
                 alt.Tooltip("state:N", title=" "), alt.Tooltip("evidence:N", title=labels["evidence"]),
                 alt.Tooltip("n_sources:Q", title=labels["sources"])])
    cells = base.mark_rect(stroke="#888").encode(
        color=alt.Color("state:N", title=None, scale=alt.Scale(domain=states, range=["#A6D96A", GAP_COLOUR]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("state:N", scale=alt.Scale(domain=states, range=[[1, 0], [3, 2]]), legend=None))
    text = base.mark_text(fontSize=14).encode(text="mark:N")
    # a column a region wide enough for its name on two lines, in the export as on a narrow screen
    return (cells + text).properties(height=alt.Step(36), width=alt.Step(130))


def _spread(data: pd.DataFrame, by: list[str], column: str = "x", step: float = 0.3) -> pd.Series:
    """x nudged apart for practices that share region, stage and year, so that none hides another."""
    k = data.groupby(by).cumcount()
    n = data.groupby(by)[column].transform("size")
    return data[column].astype(float) + (k - (n - 1) / 2) * step


def pathway_chart(df: pd.DataFrame, labels: dict, align: str, regions: list[str] | None = None,
                  width: int = 720) -> alt.VConcatChart | alt.LayerChart:
    """Reform pathways: practices by stage (rows I-V, top to bottom) against years since each region's trigger
    (align='trigger') or calendar years (align='calendar'), coloured by region.

    df: the `queries.pathway` rows (region, stage_code, stage, title, year_start, x, aligned, trigger_year) plus
    status_label. Practices without a start year are left out. With align='trigger', regions without a recorded
    trigger (aligned false) get their own panel on calendar years, titled with labels['no_trigger'].
    labels: stage, region, title, year, status, years_since, calendar, trigger, no_trigger, and optionally
    stage_names ({code: name}) for the row labels.
    """
    regions = list(regions) if regions is not None else list(dict.fromkeys(df["region"]))
    codes, _ = vocab_colours("stages")
    names = {c: f"{c} · {n}" for c, n in df[["stage_code", "stage"]].drop_duplicates().itertuples(index=False)}
    names.update({c: f"{c} · {n}" for c, n in (labels.get("stage_names") or {}).items()})
    data = df[df["x"].notna()].copy()
    data["x"] = data["x"].astype(int)
    data["year_start"] = data["year_start"].astype(int)
    data["xj"] = _spread(data, ["region", "stage_code", "x"]) if len(data) else []
    colour = alt.Color("region:N", title=labels["region"], scale=region_scale(regions),
                       legend=alt.Legend(orient="top", columns=fitted_columns(4, 250)))
    tooltip = [alt.Tooltip("title:N", title=labels["title"]), alt.Tooltip("region:N", title=labels["region"]),
               alt.Tooltip("stage:N", title=labels["stage"]),
               alt.Tooltip("year_start:Q", title=labels["year"], format="d"),
               alt.Tooltip("x:Q", title=labels["years_since"] if align == "trigger" else labels["year"], format="d"),
               alt.Tooltip("status_label:N", title=labels["status"])]

    def panel(part: pd.DataFrame, x_title: str, rules: pd.DataFrame | None, title: str | None = None):
        y = alt.Y("stage_code:N", title=None, sort=codes, scale=alt.Scale(domain=codes, paddingInner=0.15),
                  axis=alt.Axis(labelExpr=f"{json.dumps(names)}[datum.value] || datum.value",
                                labelLimit=fitted_label_limit(210)))
        points = alt.Chart(part).mark_point(filled=True, size=110, opacity=0.9, stroke="white", strokeWidth=0.8
                                             ).encode(
            x=alt.X("xj:Q", title=x_title, scale=alt.Scale(zero=False, nice=False, padding=14),
                    axis=alt.Axis(format="d", tickMinStep=1)),
            y=y, yOffset=alt.YOffset("region:N", scale=alt.Scale(domain=regions)), color=colour,
            shape=alt.Shape("status_label:N", title=labels["status"],
                            legend=alt.Legend(orient="bottom", columns=fitted_columns(4), symbolSize=90, symbolFillColor="#555",
                                              symbolStrokeColor="#555")),
            tooltip=tooltip)
        layers = [points]
        if rules is not None and len(rules):
            rule = alt.Chart(rules).mark_rule(strokeDash=[4, 3], strokeWidth=1.5).encode(
                x="rx:Q", color=alt.Color("region:N", scale=region_scale(regions), legend=None),
                tooltip=[alt.Tooltip("rlabel:N", title=labels["trigger"])])
            layers.insert(0, rule)
        chart = alt.layer(*layers).properties(width=width, height=len(codes) * (14 * max(1, len(regions)) + 22))
        return chart.properties(title=alt.Title(title, fontSize=12, anchor="start")) if title else chart

    if align == "trigger":
        on = data[data["aligned"].astype(bool)]
        off = data[~data["aligned"].astype(bool)]
        zero = pd.DataFrame({"rx": [0], "rlabel": [labels["trigger"]], "region": [None]})
        zero_rule = alt.Chart(zero).mark_rule(color="#555", strokeDash=[4, 3]).encode(
            x="rx:Q", tooltip=[alt.Tooltip("rlabel:N", title=labels["trigger"])])
        panels = []
        if len(on) or not len(off):
            panels.append(alt.layer(zero_rule, panel(on, labels["years_since"], None)))
        if len(off):
            panels.append(panel(off, labels["calendar"], None, labels["no_trigger"]))
        return panels[0] if len(panels) == 1 else alt.vconcat(*panels).resolve_scale(color="shared", shape="shared")
    triggers = (df[df["trigger_year"].notna()].drop_duplicates("region")
                .assign(rx=lambda d: d["trigger_year"].astype(int),
                        rlabel=lambda d: d["region"] + ": " + d["trigger_year"].astype(int).astype(str)))
    return panel(data, labels["calendar"], triggers[["rx", "rlabel", "region"]] if len(triggers) else None)


# --- region profile (views/region.py) ---------------------------------------------------------------------------

EVENT_STYLE = {  # event kind -> (shape, colour); neutral tones so they never read as a stage colour
    "trigger": ("diamond", "#1F2A36"),
    "leadership": ("circle", "#7F7F7F"),
    "regulation": ("square", "#9C755F"),
    "award": ("triangle-up", "#C9A227"),
    "legal": ("triangle-down", "#8B0000"),
    "practice": ("cross", "#5A5A5A"),
}


def _clip(text, n: int = 140) -> str:
    text = str(text) if known(text) else ""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def region_timeline(practices: pd.DataFrame, events: pd.DataFrame, labels: dict,
                    trigger_year: int | None = None) -> alt.LayerChart | None:
    """One region's practices by start year (a row per stage, coloured by stage) and its dated events
    (a row per event kind, shaped by kind) on one calendar-year axis; a dashed rule marks the trigger year.

    practices: practice_id, stage_code, title, year_start, status, status_year (rows without a year are left out:
    the page lists them as "year unknown"). events: year, date, kind, person, text.
    labels: year, stage, practice, status, event, date, person, trigger (texts) and stage_names, kind_names,
    status_names (code -> label). None when there is nothing dated to draw.
    """
    codes, colours = vocab_colours("stages")
    stage_names, kind_names = labels["stage_names"], labels["kind_names"]
    status_names = labels.get("status_names", {})
    dated = practices[practices["year_start"].notna()].copy()
    p = pd.DataFrame({
        "year": dated["year_start"].astype(int),
        "stage_code": dated["stage_code"].astype(str),
        "row": dated["stage_code"].map(lambda c: f"{c} · {stage_names.get(c, c)}"),
        "title": dated["title"].map(_clip),
        "stage": dated["stage_code"].map(lambda c: f"{c} — {stage_names.get(c, c)}"),
        "status": [status_names.get(s, s) + (f" ({int(y)})" if y is not None and pd.notna(y) else "")
                   for s, y in zip(dated["status"], dated["status_year"])],
    })
    p["slot"] = p.groupby(["row", "year"]).cumcount().astype(str)
    kinds = [k for k in EVENT_STYLE if k in set(events["kind"])] if len(events) else []
    e = pd.DataFrame({
        "year": events["year"].astype(int) if len(events) else pd.Series(dtype=int),
        "date": events["date"].astype(str) if len(events) else pd.Series(dtype=str),
        "kind": events["kind"].astype(str) if len(events) else pd.Series(dtype=str),
        "row": events["kind"].map(lambda k: kind_names.get(k, k)) if len(events) else pd.Series(dtype=str),
        "person": events["person"].fillna("").astype(str) if len(events) else pd.Series(dtype=str),
        "text": events["text"].map(_clip) if len(events) else pd.Series(dtype=str),
    })
    if len(e):
        e["slot"] = e.groupby(["row", "year"]).cumcount().astype(str)
    if p.empty and e.empty:
        return None
    years = list(p["year"]) + list(e["year"]) + ([trigger_year] if trigger_year else [])
    domain = [min(years) - 1, max(years) + 1]
    rows = [f"{c} · {stage_names.get(c, c)}" for c in codes] + [kind_names.get(k, k) for k in kinds]
    x = alt.X("year:Q", title=labels["year"], scale=alt.Scale(domain=domain, nice=False),
              axis=alt.Axis(format="d", tickMinStep=1, grid=True))
    y = alt.Y("row:N", title=None, sort=rows, scale=alt.Scale(domain=rows),
              axis=alt.Axis(labelLimit=fitted_label_limit(300), grid=True, domain=False, ticks=False))
    layers = []
    if not p.empty:
        layers.append(alt.Chart(p).mark_circle(size=170, opacity=0.9, stroke="white", strokeWidth=1).encode(
            x=x, y=y, yOffset=alt.YOffset("slot:N", scale=alt.Scale(paddingOuter=0.6)),
            color=alt.Color("stage_code:N", title=labels["stage"], scale=alt.Scale(domain=codes, range=colours),
                            legend=None),  # the rows name the stages
            tooltip=[alt.Tooltip("title:N", title=labels["practice"]), alt.Tooltip("year:Q", title=labels["year"]),
                     alt.Tooltip("stage:N", title=labels["stage"]),
                     alt.Tooltip("status:N", title=labels["status"])]))
    if not e.empty:
        # symbols explained in the chart itself, so an exported image stands alone (kind code -> label)
        legend = alt.Legend(orient="bottom", columns=fitted_columns(3), symbolSize=90,
                            labelExpr=f"{json.dumps({k: kind_names.get(k, k) for k in kinds})}[datum.value]")
        layers.append(alt.Chart(e).mark_point(size=130, filled=True, opacity=0.95).encode(
            x=x, y=y, yOffset=alt.YOffset("slot:N", scale=alt.Scale(paddingOuter=0.6)),
            shape=alt.Shape("kind:N", title=labels["event"], legend=legend,
                            scale=alt.Scale(domain=kinds, range=[EVENT_STYLE[k][0] for k in kinds])),
            color=alt.Color("kind:N", title=labels["event"], legend=legend,
                            scale=alt.Scale(domain=kinds, range=[EVENT_STYLE[k][1] for k in kinds])),
            tooltip=[alt.Tooltip("date:N", title=labels["date"]), alt.Tooltip("row:N", title=labels["event"]),
                     alt.Tooltip("person:N", title=labels["person"]), alt.Tooltip("text:N", title=" ")]))
    if trigger_year:
        rule = pd.DataFrame({"year": [int(trigger_year)], "label": [f"{labels['trigger']} {int(trigger_year)}"]})
        base = alt.Chart(rule).encode(x=alt.X("year:Q", scale=alt.Scale(domain=domain, nice=False)))
        layers.append(base.mark_rule(strokeDash=[5, 4], color="#333", strokeWidth=1.5).encode(
            tooltip=[alt.Tooltip("label:N", title=" ")]))
        layers.append(base.mark_text(align="left", dx=4, baseline="top", fontSize=11, color="#333").encode(
            y=alt.value(2), text="label:N"))
    # a fixed plot height per row (a Step would apply to the yOffset slots); fit-x keeps it on a stretched width
    return alt.layer(*layers).resolve_scale(color="independent", shape="independent").properties(
        width=820, height=34 * len(rows), autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def position_chart(frame: pd.DataFrame, value: str, labels: dict) -> alt.LayerChart:
    """A region's position beside the others, per stage, on one measure (`value`: a numeric column).

    frame: one row per (stage_code, region) with `you` True for the region being assessed; NaN values are left out
    (e.g. a stage not assessed). The others are stage-coloured dots, sized by how many regions share a value (names
    in the tooltip); "you" is a black diamond with a label. labels: stage, value, regions, you, [domain].
    """
    codes, colours = vocab_colours("stages")
    others = frame[~frame["you"]].dropna(subset=[value])
    agg = (others.groupby(["stage_code", value])
           .agg(n=("region", "size"), regions=("region", lambda s: ", ".join(sorted(map(str, s)))))
           .reset_index())
    you = frame[frame["you"]].dropna(subset=[value])
    y = alt.Y("stage_code:N", sort=codes, scale=alt.Scale(domain=codes), title=labels["stage"],
              axis=alt.Axis(labelAngle=0))
    x = alt.X(f"{value}:Q", title=labels["value"],
              scale=alt.Scale(domain=labels["domain"]) if labels.get("domain") else alt.Undefined,
              axis=alt.Axis(tickMinStep=1, format="d"))
    dots = alt.Chart(agg).mark_circle(opacity=0.7, stroke="white", strokeWidth=1).encode(
        x=x, y=y,
        size=alt.Size("n:Q", scale=alt.Scale(range=[80, 700], domain=[1, max(2, int(agg["n"].max() or 1))],
                                               clamp=True),  # a dot never outgrows its stage's row
                      legend=None),
        color=alt.Color("stage_code:N", scale=alt.Scale(domain=codes, range=colours), legend=None),
        tooltip=[alt.Tooltip("stage_code:N", title=labels["stage"]), alt.Tooltip(f"{value}:Q", title=labels["value"]),
                 alt.Tooltip("n:Q", title=labels["regions"]), alt.Tooltip("regions:N", title=" ")])
    layers = [dots]
    if not you.empty:
        you = you.assign(label=labels["you"])
        base = alt.Chart(you).encode(x=x, y=y, tooltip=[alt.Tooltip("label:N", title=" "),
                                                         alt.Tooltip(f"{value}:Q", title=labels["value"])])
        layers.append(base.mark_point(shape="diamond", size=260, filled=True, color="#111", opacity=1))
        layers.append(base.mark_text(dx=12, align="left", fontSize=12, fontWeight="bold", color="#111")
                      .encode(text="label:N"))
    return alt.layer(*layers).properties(height=alt.Step(44))
