"""The comparison brief: 2-4 regions side by side with a numbered reference list, as HTML and PDF.

One Brief (plain data, built from the same queries as the compare page) becomes one HTML
body, written as a self-contained HTML file or drawn as a PDF by lib/pdf.py, so the two
always say the same thing. All data text is escaped.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass, field

from lib import charts, export, i18n, pdf, queries, schema
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
    references: list[dict] = field(default_factory=list)   # {n, title, publisher, year, url, seed_file}

    def t(self, key: str, **values) -> str:
        return i18n.t(self.lang, key, **values)


class _Refs:
    """Numbers sources in order of first citation across the brief."""

    def __init__(self, store):
        self.store, self.numbers, self.rows = store, {}, []

    def cite(self, subject_type: str, subject_ids: list[str]) -> list[int]:
        cites = queries.citations(self.store, subject_type, subject_ids)
        out = []
        for c in cites.itertuples():
            if c.source_id not in self.numbers:
                self.numbers[c.source_id] = len(self.numbers) + 1
                self.rows.append({"n": self.numbers[c.source_id], "title": c.title, "publisher": c.publisher,
                                  "year": c.year, "url": c.url, "region": c.source_id.split(":")[0]})
            if self.numbers[c.source_id] not in out:
                out.append(self.numbers[c.source_id])
        return sorted(out)


def build(store, region_ids: list[str], lang: str) -> Brief:
    """Gather everything the brief shows, in the reader's language, numbering sources as they are cited."""
    regions = queries.regions(store, lang).set_index("region_id")
    unknown = [r for r in region_ids if r not in regions.index]
    if unknown or not 2 <= len(region_ids) <= 4:
        raise ValueError(i18n.t(lang, "brief.bad_regions", ids=", ".join(region_ids)))
    brief = Brief(lang, list(region_ids), [regions.loc[r, "name"] for r in region_ids])
    refs = _Refs(store)

    stages = queries.compare_stages(store, lang, region_ids)
    practices = queries.practices(store, lang, queries.PracticeFilter(regions=list(region_ids)))
    for code, part in stages.groupby("stage_code", sort=False):
        cells = []
        for rid in region_ids:
            row = part[part["region_id"] == rid].iloc[0]
            if row["documented"]:
                text = brief.t("brief.assessed", level=int(row["maturity"]), name=row["maturity_name"])
                cite = refs.cite("stage", [f"{rid}:{code}"])
            else:
                text, cite = brief.t("brief.not_documented"), []
            mine = practices[(practices["region_id"] == rid) & (practices["stage_code"] == code)]
            listed = [(p.title, int(p.year_start) if known(p.year_start) else None,
                       schema.label("statuses", p.status, lang), refs.cite("practice", [p.practice_id]))
                      for p in mine.itertuples()]
            cells.append({"text": text, "rationale": row["rationale"], "refs": cite, "practices": listed})
        brief.stages.append({"code": code, "name": part["stage"].iloc[0], "cells": cells})

    matrix = queries.factor_matrix(store, lang)
    for code, part in matrix.groupby("factor_code", sort=True):
        cells = []
        for rid in region_ids:
            row = part[part["region_id"] == rid].iloc[0]
            cells.append({"evidenced": bool(row["evidenced"]), "text": row["text"],
                          "refs": refs.cite("factor", [f"{rid}:{code}"]) if row["evidenced"] else []})
        brief.factors.append({"code": code, "name": part["factor"].iloc[0], "cells": cells})

    labels = {"year": brief.t("compare.year"), "region": brief.t("common.region"),
              "label": brief.t("compare.label"), "rank": brief.t("compare.rank")}
    for ind in queries.compare_indicators(store, lang, region_ids).itertuples():
        values = queries.indicator_values(store, lang, region_ids, ind.indicator)
        values["rank_text"] = ""
        values["period"], breaks = charts.indicator_periods(values, ind.indicator, lang)
        notes = [brief.t("indicators.break", **b) for b in breaks]
        rows = [{"region": v.region, "year": int(v.year), "value": v.value if known(v.value) else None,
                 "label": v.label, "refs": refs.cite("outcome", [v.outcome_id])} for v in values.itertuples()]
        chart = charts.indicator_chart(values, {**labels, "value": f"{brief.t('compare.value')} ({ind.unit})"},
                                       brief.names)
        years = f"{values['year'].min()}–{values['year'].max()}"
        spec = export.titled(chart, ind.name, [years, *notes, brief.t("export.source_line")])
        brief.indicators.append({"name": ind.name, "unit": ind.unit, "scale": ind.scale, "spec": spec, "rows": rows,
                                 "breaks": notes})

    names = dict(zip(region_ids, brief.names))
    coverage = queries.compare_coverage(store, lang, region_ids)
    for d in queries.differences(coverage, region_ids).itertuples():
        topic = d.topic if d.topic_kind != "stage" else brief.t("brief.any_practice")
        brief.differences.append({"stage": d.stage_code, "topic": topic, "has": [names[r] for r in d.has],
                                  "lacks": [names[r] for r in d.lacks]})
    brief.references = refs.rows
    return brief


def _value(value) -> str:
    """A measured value and its dash, or nothing when the source gives only a rank or a group."""
    return f"{value:g} — " if known(value) else ""


def _refs(numbers: list[int]) -> str:
    return f" [{', '.join(map(str, numbers))}]" if numbers else ""


def body(brief: Brief, image: str = "svg") -> str:
    """The brief as simple HTML (h1-h3, p, ul, b, i, img) that fpdf2 can draw: every data text escaped.

    image: "svg" (sharp, for the HTML file) or "png" (2x, for the PDF). References are numbered paragraphs
    so that the HTML file and the PDF number them the same way.
    """
    e = html.escape
    today = dt.date.today().isoformat()
    out = [f"<h1>{e(brief.t('brief.title', regions=', '.join(brief.names)))}</h1>",
           f"<p><i>{e(brief.t('brief.generated', date=today))} {e(brief.t('brief.assessment_note'))}</i></p>"]
    out.append(f"<h2>{e(brief.t('brief.stages'))}</h2>")
    for stage in brief.stages:
        out.append(f"<h3>{e(stage['code'])} — {e(stage['name'])}</h3>")
        for name, c in zip(brief.names, stage["cells"]):
            out.append(f"<p><b>{e(name)}: {e(c['text'])}</b>{e(_refs(c['refs']))}</p>")
            if c["practices"]:
                out.append("<ul>" + "".join(
                    f"<li>{e(title)}{' (' + str(year) + ')' if year else ''} — {e(status)}{e(_refs(r))}</li>"
                    for title, year, status, r in c["practices"]) + "</ul>")
    out.append(f"<h2>{e(brief.t('brief.factors'))}</h2>")
    for f in brief.factors:
        out.append(f"<h3>({e(f['code'])}) {e(f['name'])}</h3><ul>")
        out += [f"<li><b>{e(name)}</b>: {e(c['text'])}{e(_refs(c['refs']))}</li>" if c["evidenced"]
                else f"<li><b>{e(name)}</b>: <i>{e(brief.t('brief.no_evidence'))}</i></li>"
                for name, c in zip(brief.names, f["cells"])]
        out.append("</ul>")
    out.append(f"<h2>{e(brief.t('brief.indicators'))}</h2>")
    if not brief.indicators:
        out.append(f"<p>{e(brief.t('brief.no_indicators'))}</p>")
    for ind in brief.indicators:
        if image == "svg":
            src = "data:image/svg+xml;base64," + base64.b64encode(export.svg_text(ind["spec"]).encode()).decode()
        else:
            src = "data:image/png;base64," + base64.b64encode(export.png_bytes(ind["spec"])).decode()
        out.append(f"<h3>{e(ind['name'])}</h3><img alt='{e(ind['name'])}' src='{src}' width='480'>")
        out.append(f"<p>{e(brief.t('brief.unit', unit=ind['unit']))} {e(ind['scale'])}</p>")
        out += [f"<p><b>{e(note)}</b></p>" for note in ind["breaks"]]
        out.append("<ul>")
        out += [f"<li>{e(r['region'])}, {r['year']}: {_value(r['value'])}{e(r['label'])}{e(_refs(r['refs']))}</li>"
                for r in ind["rows"]]
        out.append("</ul>")
    out.append(f"<h2>{e(brief.t('brief.differences'))}</h2><ul>")
    for d in brief.differences:
        out.append(f"<li>{e(d['stage'])} · {e(d['topic'])}: {e(brief.t('brief.has', regions=', '.join(d['has'])))}; "
                   f"{e(brief.t('brief.lacks', regions=', '.join(d['lacks'])))}</li>")
    out.append(f"</ul><h2>{e(brief.t('brief.references'))}</h2>")
    for r in brief.references:
        meta = ", ".join(str(x) for x in (r["publisher"], r["year"]) if known(x) and x)
        link = f" <a href='{e(r['url'])}'>{e(r['url'])}</a>" if known(r["url"]) else ""
        out.append(f"<p id='ref-{r['n']}'>[{r['n']}] {e(r['title'])}{' (' + e(meta) + ')' if meta else ''}.{link}</p>")
    return "\n".join(out)


def to_html(brief: Brief) -> str:
    """A self-contained HTML file: the body with inline CSS and SVG charts."""
    title = html.escape(brief.t("brief.title", regions=", ".join(brief.names)))
    return (f"<!doctype html><html lang='{brief.lang}'><head><meta charset='utf-8'><title>{title}</title>"
            "<style>body{font-family:'Source Sans Pro','DejaVu Sans',Arial,sans-serif;max-width:1100px;"
            "margin:2em auto;color:#1f2a36;line-height:1.4}h2{color:#2e6f9e}</style></head><body>\n" + body(brief, "svg") + "\n</body></html>")


def to_pdf(brief: Brief) -> bytes:
    """The same body as a PDF, through the project's one PDF machinery (charts as 2x PNG)."""
    return pdf.from_html(body(brief, "png"), brief.t("brief.title", regions=", ".join(brief.names)),
                         "reform-benchmark /compare")
