"""Charts fit the width they get and stand alone when exported (issue 16, items 6 and 9): the specs the pages
send, read through AppTest, and the exported image."""
from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from PIL import Image

from lib import charts, export, i18n, paths

from .harness import app_page

THREE = ["sidoarjo", "sragen", "semarang"]


def _specs(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))]


def _walk(spec, key):
    """Every value of `key` anywhere in a spec (layers, concatenations, encodings)."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(spec, list):
        for v in spec:
            yield from _walk(v, key)


def _limit(expr: dict, container: float | None) -> float:
    """Evaluate a fitted label limit / column count expression for a container width (None: no container)."""
    text = expr["expr"]
    most = float(re.search(r": (\d+)$", text).group(1))
    if container is None:
        return most
    share_or_col, least = re.search(r"clamp\((?:floor\()?containerSize\(\)\[0\] [*/] ([\d.]+)\)?, (\d+)", text).groups()
    raw = container * float(share_or_col) if "*" in text else container // float(share_or_col)
    return max(float(least), min(most, raw))


def test_region_timeline_labels_shrink_on_a_phone_and_its_symbols_have_a_legend(real_store):
    at = app_page("region", region="sidoarjo", lang="id")
    assert not at.exception
    spec = _specs(at)[0]
    assert spec["autosize"]["type"] == "fit-x"
    limit = next(a["labelLimit"] for a in _walk(spec, "axis")
                 if isinstance(a, dict) and isinstance(a.get("labelLimit"), dict))
    assert _limit(limit, 360) <= 360 / 3  # a phone keeps at least two thirds of its width for the plot
    assert _limit(limit, None) >= 250  # an export keeps the full stage names
    legends = [leg for leg in _walk(spec, "legend") if leg]
    assert legends, "the event symbols need a legend in an exported image"
    assert any(leg.get("labelExpr") for leg in legends)  # kind codes shown as their labels


def test_pathway_fits_its_column_and_its_legends_wrap(real_store):
    at = app_page("compare", region=THREE, lang="en", align="trigger")
    assert not at.exception
    specs = _specs(at)
    pathway = next(s for s in specs if "Practices by stage" in json.dumps(s.get("title", "")))
    assert pathway["autosize"]["type"] == "fit-x"
    assert all(w != 460 for w in _walk(pathway, "width"))
    columns = [leg["columns"] for leg in _walk(pathway, "legend") if isinstance(leg, dict) and "columns" in leg]
    assert columns and all(_limit(c, 360) <= 2 for c in columns)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_exported_chart_captions_never_point_below(real_store, lang):
    at = app_page("compare", region=THREE, lang=lang)
    assert not at.exception
    captions = json.dumps([s.get("title") for s in _specs(at)], ensure_ascii=False).lower()
    assert captions != "[]"
    assert "below" not in captions and "bawah" not in captions
    assert "below" not in i18n.t(lang, "compare.chart_source") and "bawah" not in i18n.t(lang, "compare.chart_source")


def test_english_ui_text_never_says_claim():
    """Users read "statement"; "claim" is the case files' internal word (keys may keep it, texts may not)."""
    text = (paths.ROOT / "locales" / "en.yaml").read_text(encoding="utf-8")
    values = [line.split(":", 1)[1] for line in text.splitlines() if ":" in line]
    assert not [v for v in values if re.search(r"\b[Cc]laims?\b", v)]


def test_the_matrix_fills_its_exported_image():
    """The plot spans most of the exported PNG's width: the long subtitle lines no longer leave half of it empty."""
    matrix = pd.DataFrame({"region": ["Kabupaten A", "Kota B"] * 5,
                           "stage_code": ["I", "I", "II", "II", "III", "III", "IV", "IV", "V", "V"], "stage": "x", "maturity": 2, "documented": True, "practices": 1, "sources": 1})
    labels = {k: k for k in ("region", "stage", "maturity", "not_documented", "practices", "sources")}
    subtitle = [i18n.t("id", "overview.matrix_help"), i18n.t("id", "export.source_line")]
    spec = charts.theme(charts.maturity_heatmap(matrix, labels), "Matriks", subtitle).to_dict()
    image = Image.open(io.BytesIO(export.png_bytes(spec))).convert("L")
    width, height = image.size
    band = image.crop((0, height // 3, width, height // 2))  # a band through the cells, below the title
    dark = [x for x in range(width) if min(band.getpixel((x, y)) for y in range(0, band.size[1], 4)) < 200]
    assert max(dark) - min(dark) > 0.6 * width


def test_stage_counts_legend_wraps_on_a_phone():
    """The stage explorer's region legend: one column per 250 px of container, three in an export."""
    counts = pd.DataFrame({"stage_code": ["I", "II"], "region": ["Kabupaten A", "Kota B"], "size": [1, 2]})
    labels = {"stage": "s", "region": "r", "count": "n"}
    columns = charts.stage_counts(counts, labels).to_dict()["encoding"]["color"]["legend"]["columns"]
    assert _limit(columns, 360) == 1 and _limit(columns, None) == 3
