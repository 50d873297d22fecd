"""Chart builders (pure Altair): exported charts stand alone: the map framed to the regions, its names never
printed over each other, and colours that belong to codes, not to the labels of one language."""
import pandas as pd
import pytest

from lib import charts, db, queries, schema


@pytest.fixture(scope="module")
def regions():
    store = db.open_store()
    try:
        return queries.regions(store, "id")
    finally:
        store.close()


def _points(frame: pd.DataFrame, width: float) -> list[tuple[float, float]]:
    """The regions' points in pixels on a plot this wide, the map's frame fitted in (near mercator here)."""
    lon0, lat0, lon1, lat1 = charts._frame(frame)
    scale = min(width / (lon1 - lon0), charts.MAP_HEIGHT / (lat1 - lat0))
    return [((lon - lon0) * scale, (lat1 - lat) * scale) for lon, lat in zip(frame["lon"], frame["lat"])]


def _boxes(frame: pd.DataFrame, spots: list[int], width: float = charts.MAP_WIDTH):
    """The label boxes drawn at a plot width (a left-out label, spot -1, draws none)."""
    out = []
    for name, (px, py), spot in zip(frame["name"], _points(frame, width), spots):
        if spot < 0:
            continue
        dx, dy, align = charts._LABEL_SPOTS[spot]
        x, y = px + dx, py + dy
        w = 6.0 * len(charts.short_name(name))
        left = x - (w if align == "right" else w / 2 if align == "center" else 0)
        out.append((left, y - 11, left + w, y + 3))
    return out


def _clashes(boxes) -> int:
    return sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_map_labels_do_not_overlap_even_where_regions_crowd(regions):
    assert _clashes(_boxes(regions, charts.label_spots(regions))) == 0
    # every label to the upper right, as before, printed Java's five names over each other
    assert _clashes(_boxes(regions, [0] * len(regions))) > 0
    crowded = pd.concat([regions, regions.assign(name=regions["name"] + " B", lon=regions["lon"] + 0.15,
                                                 lat=regions["lat"] - 0.1)], ignore_index=True)
    assert _clashes(_boxes(crowded, charts.label_spots(crowded))) == 0  # a name with no free place is left out
    assert _clashes(_boxes(crowded, [0] * len(crowded))) > 0


def _shown_spots(frame: pd.DataFrame, container: float) -> list[int]:
    """The label places the map shows in a container this wide: those worked out for the widest of
    MAP_LABEL_WIDTHS that fits (what the chart's Vega expression picks), the narrowest below that."""
    width = max([w for w in charts.MAP_LABEL_WIDTHS if w <= container], default=charts.MAP_LABEL_WIDTHS[0])
    return charts.label_spots(frame, width)


@pytest.mark.parametrize("viewport", [390, 1400])
def test_every_region_is_named_without_overprinting_on_a_phone_and_a_desktop(regions, viewport):
    """At a 390 px phone the map is about 300-360 px wide (one column), at 1400 px about 600-650 (half the page);
    every width in that span is tried, with the places the chart picks for it."""
    span = range(300, 361, 5) if viewport == 390 else range(560, 701, 5)
    for width in span:
        spots = _shown_spots(regions, width)
        assert -1 not in spots, (width, "a name was left out")
        assert _clashes(_boxes(regions, spots, width)) == 0, width
        assert _nearest_points(regions, spots, width) == list(range(len(regions))), (width, "a name reads as another's")


def _nearest_points(frame: pd.DataFrame, spots: list[int], width: float) -> list[int]:
    """For each drawn name, the index of the point nearest to its box (a name nearer another point misleads)."""
    points = _points(frame, width)

    def distance(box, point):
        return max(box[0] - point[0], 0, point[0] - box[2]) ** 2 + max(box[1] - point[1], 0, point[1] - box[3]) ** 2
    return [min(range(len(points)), key=lambda j: distance(box, points[j])) for box in _boxes(frame, spots, width)]


def test_the_map_spec_names_each_region_once_at_its_chosen_place(regions):
    spec = charts.region_map(regions.assign(type_label=regions["type"]), {"region": "r", "type": "t", "province": "p"}
                             ).to_dict()
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert len(texts) == len(charts._LABEL_SPOTS)
    for n, layer in enumerate(texts):  # the layer for place n draws a name only where the chosen place is n
        assert layer["encoding"]["text"]["condition"]["test"].endswith(f"== {n}")


def test_map_is_framed_to_the_regions_not_the_whole_archipelago(regions):
    lon0, lat0, lon1, lat1 = charts._frame(regions)
    assert lon0 <= regions["lon"].min() and lon1 >= regions["lon"].max()
    assert lat0 <= regions["lat"].min() and lat1 >= regions["lat"].max()
    assert (lon1 - lon0) < 46   # Indonesia spans 95..141 E


def test_a_region_type_keeps_its_colour_in_both_languages(regions):
    colour = {}
    for lang in ("id", "en"):
        frame = regions.assign(type_label=[schema.label("region_types", c, lang) for c in regions["type"]])
        spec = charts.region_map(frame, {"region": "r", "type": "t", "province": "p"}).to_dict()
        scale = next(layer["encoding"]["color"]["scale"] for layer in spec["layer"]
                     if "scale" in layer.get("encoding", {}).get("color", {}))
        labels = {schema.label("region_types", c, lang): c for c in schema.codes("region_types")}
        colour[lang] = {labels[label]: c for label, c in zip(scale["domain"], scale["range"])}
    assert colour["id"] == colour["en"] and len(set(colour["id"].values())) == len(schema.codes("region_types"))
    assert colour["id"] == dict(zip(*charts.vocab_colours("region_types")))  # the schema's colour of each code


def test_factor_comparison_has_room_for_each_region_and_a_legend_for_its_marks():
    store = db.open_store()
    try:
        fm = queries.factor_matrix(store, "id")
        names = sorted(fm["region"].unique())[:4]
        spec = charts.factor_compare(fm[fm["region"].isin(names)], {
            "region": "r", "factor": "f", "evidenced": "ada bukti", "gap": "belum ada bukti", "evidence": "e",
            "sources": "s"}, names).to_dict()
    finally:
        store.close()
    assert spec["width"]["step"] >= 100                                  # ~20 px columns overprinted their labels
    cells = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rect")
    assert cells["encoding"]["color"]["scale"]["domain"] == ["ada bukti", "belum ada bukti"]
    assert cells["encoding"]["color"]["legend"] is not None


def test_position_dots_are_sized_by_the_largest_group_and_never_grow_past_it():
    """Hundreds of regions sharing a value: the size scale spans the groups drawn (it once assumed nine regions)
    and is clamped, so no dot outgrows the largest size."""
    codes = schema.codes("stages")
    frame = pd.DataFrame([{"stage_code": codes[0], "region": f"r{i}", "themes": i % 3, "you": False}
                          for i in range(500)] + [{"stage_code": codes[0], "region": "you", "themes": 1, "you": True}])
    spec = charts.position_chart(frame, "themes", {"stage": "s", "value": "v", "regions": "r", "you": "you"}).to_dict()
    dots = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle")
    scale = dots["encoding"]["size"]["scale"]
    largest = int((frame[~frame["you"]].groupby("themes").size()).max())
    assert scale["domain"] == [1, largest] and scale["clamp"] is True
