"""The comparison brief: 2-4 regions side by side with a numbered reference list, as HTML and PDF.

One Brief (plain data, built from the same queries as the compare page) becomes one HTML body
(lib/templates/brief.html.j2: a table a section, one column a region), written as a self-contained
HTML file or drawn as a PDF by lib/pdf.py, so the two always say the same thing. The template
escapes all data text; lib/citations.py numbers the sources and writes the reference list.
"""
from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field

from lib import charts, citations, export, i18n, pdf, queries, schema, templates
from lib.values import known


@dataclass
class Brief:
    lang: str
    region_ids: list[str]
    names: list[str]
    stages: list[dict] = field(default_factory=list)       # {code, name, cells: [{text, refs, practices}]}
    factors: list[dict] = field(default_factory=list)      # {code, name, cells: [{evidenced, text, refs}]}
    indicators: list[dict] = field(default_factory=list)   # {name, unit, scale, spec, rows, breaks: [text]}
    differences: list[dict] = field(default_factory=list)  # {stage, topic, has, lacks}
    references: list[citations.Reference] = field(default_factory=list)

    def t(self, key: str, **values) -> str:
        return i18n.t(self.lang, key, **values)


def build(store, region_ids: list[str], lang: str) -> Brief:
    """Gather everything the brief shows, in the reader's language, numbering sources as they are cited."""
    regions = queries.regions(store, lang).set_index("region_id")
    unknown = [r for r in region_ids if r not in regions.index]
    if unknown or not 2 <= len(region_ids) <= 4:
        raise ValueError(i18n.t(lang, "brief.bad_regions", ids=", ".join(region_ids)))
    brief = Brief(lang, list(region_ids), [regions.loc[r, "name"] for r in region_ids])
    numbering = citations.Numbering(lang)

    def numbers(subject_type: str, subject_ids: list[str]) -> list[int]:
        return numbering.cite(queries.citations(store, subject_type, subject_ids))

    stages = queries.compare_stages(store, lang, region_ids)
    practices = queries.practices(store, lang, queries.PracticeFilter(regions=list(region_ids)))
    for code, part in stages.groupby("stage_code", sort=False):
        cells = []
        for rid in region_ids:
            row = part[part["region_id"] == rid].iloc[0]
            if row["documented"]:
                text = brief.t("brief.assessed", level=int(row["maturity"]), name=row["maturity_name"])
                cite = numbers("stage", [f"{rid}:{code}"])
            else:
                text, cite = brief.t("brief.not_documented"), []
            mine = practices[(practices["region_id"] == rid) & (practices["stage_code"] == code)]
            listed = [(p.title, int(p.year_start) if known(p.year_start) else None,
                       schema.label("statuses", p.status, lang), numbers("practice", [p.practice_id]))
                      for p in mine.itertuples()]
            cells.append({"text": text, "rationale": row["rationale"], "refs": cite, "practices": listed})
        brief.stages.append({"code": code, "name": part["stage"].iloc[0], "cells": cells})

    matrix = queries.factor_matrix(store, lang)
    for code, part in matrix.groupby("factor_code", sort=True):
        cells = []
        for rid in region_ids:
            row = part[part["region_id"] == rid].iloc[0]
            cells.append({"evidenced": bool(row["evidenced"]), "text": row["text"],
                          "refs": numbers("factor", [f"{rid}:{code}"]) if row["evidenced"] else []})
        brief.factors.append({"code": code, "name": part["factor"].iloc[0], "cells": cells})

    labels = {"year": brief.t("compare.year"), "region": brief.t("common.region"),
              "label": brief.t("compare.label"), "rank": brief.t("compare.rank")}
    for ind in queries.compare_indicators(store, lang, region_ids).itertuples():
        values = queries.indicator_values(store, lang, region_ids, ind.indicator)
        values["rank_text"] = ""
        values["period"], breaks = charts.indicator_periods(values, ind.indicator, lang)
        notes = [brief.t("indicators.break", **b) for b in breaks]
        rows = [{"region": v.region, "year": int(v.year), "value": v.value if known(v.value) else None,
                 "label": v.label, "refs": numbers("outcome", [v.outcome_id])} for v in values.itertuples()]
        chart = charts.indicator_chart(values, {**labels, "value": f"{brief.t('compare.value')} ({ind.unit_label})"},
                                       brief.names)
        years = f"{values['year'].min()}–{values['year'].max()}"
        spec = export.titled(chart, ind.name, [years, *notes, brief.t("export.source_line")])
        brief.indicators.append({"name": ind.name, "unit": ind.unit_label, "scale": ind.scale, "spec": spec, "rows": rows,
                                 "breaks": notes})

    names = dict(zip(region_ids, brief.names))
    coverage = queries.compare_coverage(store, lang, region_ids)
    for d in queries.differences(coverage, region_ids).itertuples():
        topic = d.topic if d.topic_kind != "stage" else brief.t("brief.any_practice")
        brief.differences.append({"stage": d.stage_code, "topic": topic, "has": [names[r] for r in d.has],
                                  "lacks": [names[r] for r in d.lacks]})
    brief.references = numbering.items
    return brief


def _value(value) -> str:
    """A measured value and its dash, or nothing when the source gives only a rank or a group."""
    return f"{value:g} — " if known(value) else ""


def _stage_cell(c: dict) -> str:
    """One region's cell of the stage table: the assessed level, then its practices, one a line."""
    lines = [c["text"] + citations.marks(c["refs"])]
    lines += [f"• {title}{f' ({year})' if year else ''} — {status}{citations.marks(refs)}"
              for title, year, status, refs in c["practices"]]
    return "\n".join(lines)


def _factor_cell(brief: Brief, c: dict) -> str:
    return c["text"] + citations.marks(c["refs"]) if c["evidenced"] else brief.t("brief.no_evidence")


def _indicator_rows(brief: Brief, ind: dict) -> list[tuple[int, list[str]]]:
    """(year, one cell a region) for every year some region has a value: 'value — label [n]', '' where none."""
    cells: dict[int, dict[str, str]] = {}
    for r in ind["rows"]:
        text = f"{_value(r['value'])}{r['label'] if known(r['label']) else ''}{citations.marks(r['refs'])}"
        year = cells.setdefault(r["year"], {})
        year[r["region"]] = f"{year[r['region']]}\n{text}" if r["region"] in year else text
    return [(year, [cells[year].get(name, "") for name in brief.names]) for year in sorted(cells)]


def body(brief: Brief, image: str = "svg") -> str:
    """The brief as simple HTML that fpdf2 can draw (h1-h3, p, ul, table, img), every data text escaped by the
    template: one table a section with a column per region, and a numbered reference list.

    image: "svg" (sharp, for the HTML file) or "png" (2x, for the PDF). References are numbered paragraphs
    so that the HTML file and the PDF number them the same way.
    """
    charts_src = []
    for ind in brief.indicators:
        if image == "svg":
            charts_src.append("data:image/svg+xml;base64,"
                              + base64.b64encode(export.svg_text(ind["spec"]).encode()).decode())
        else:
            charts_src.append("data:image/png;base64," + base64.b64encode(export.png_bytes(ind["spec"])).decode())
    return templates.render(
        "brief.html.j2", b=brief, t=brief.t, today=dt.date.today().isoformat(),
        stages=[(s, [_stage_cell(c) for c in s["cells"]]) for s in brief.stages],
        factors=[(f, [_factor_cell(brief, c) for c in f["cells"]]) for f in brief.factors],
        indicators=[(ind, src, _indicator_rows(brief, ind)) for ind, src in zip(brief.indicators, charts_src)])


def to_html(brief: Brief) -> str:
    """A self-contained HTML file: the body in the shared page layout and stylesheet, with SVG charts."""
    return templates.page(brief.lang, brief.t("brief.title", regions=", ".join(brief.names)), body(brief, "svg"))


def to_pdf(brief: Brief) -> bytes:
    """The same body as a PDF, through the project's one PDF machinery (charts as 2x PNG)."""
    return pdf.from_html(body(brief, "png"), brief.t("brief.title", regions=", ".join(brief.names)),
                         "reform-benchmark /compare")
