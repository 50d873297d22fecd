"""The comparison brief: 2-4 regions side by side with a numbered reference list, as HTML and PDF.

One Brief (plain data, built from the same queries as the compare page) feeds both
renderers, so the HTML and the PDF always say the same thing. All data text is escaped
in HTML; the PDF is drawn with fpdf2 (DejaVu Sans when installed, else a core font).
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lib import charts, export, i18n, queries, schema

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass
class Brief:
    lang: str
    region_ids: list[str]
    names: list[str]
    stages: list[dict] = field(default_factory=list)       # {code, name, cells: [{text, refs, practices}]}
    factors: list[dict] = field(default_factory=list)      # {code, name, cells: [{evidenced, text, refs}]}
    indicators: list[dict] = field(default_factory=list)   # {name, unit, scale, spec, rows: [{region, year, value, refs}]}
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


def _known(value) -> bool:
    try:
        return value is not None and not pd.isna(value)
    except (TypeError, ValueError):
        return True


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
            listed = [(p.title, int(p.year_start) if _known(p.year_start) else None,
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
        rows = [{"region": v.region, "year": int(v.year), "value": v.value if _known(v.value) else None,
                 "label": v.label, "refs": refs.cite("outcome", [v.outcome_id])} for v in values.itertuples()]
        chart = charts.indicator_chart(values, {**labels, "value": f"{brief.t('compare.value')} ({ind.unit})"},
                                       brief.names)
        years = f"{values['year'].min()}–{values['year'].max()}"
        spec = export.titled(chart, ind.name, [years, brief.t("export.source_line")])
        brief.indicators.append({"name": ind.name, "unit": ind.unit, "scale": ind.scale, "spec": spec, "rows": rows})

    names = dict(zip(region_ids, brief.names))
    coverage = queries.compare_coverage(store, lang, region_ids)
    for d in queries.differences(coverage, region_ids).itertuples():
        topic = d.topic if d.topic_kind != "stage" else brief.t("brief.any_practice")
        brief.differences.append({"stage": d.stage_code, "topic": topic, "has": [names[r] for r in d.has],
                                  "lacks": [names[r] for r in d.lacks]})
    brief.references = refs.rows
    return brief


def _value(value) -> str:
    return "—" if value is None else f"{value:g}"


def _refs(numbers: list[int]) -> str:
    return f" [{', '.join(map(str, numbers))}]" if numbers else ""


def to_html(brief: Brief) -> str:
    """A self-contained HTML file (inline CSS and SVG charts; links only in the reference list)."""
    e = html.escape
    today = dt.date.today().isoformat()
    out = [f"<!doctype html><html lang='{brief.lang}'><head><meta charset='utf-8'>",
           f"<title>{e(brief.t('brief.title', regions=', '.join(brief.names)))}</title>",
           "<style>body{font-family:'Source Sans Pro','DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;"
           "color:#1f2a36;line-height:1.4}table{border-collapse:collapse;width:100%;margin:1em 0}"
           "td,th{border:1px solid #ccd;padding:6px;vertical-align:top;text-align:left}th{background:#f2f5f8}"
           ".gap{background:#eee;color:#555;font-style:italic}.muted{color:#666;font-size:.9em}"
           "sup{color:#2e6f9e}ol.refs li{margin-bottom:.3em}</style></head><body>",
           f"<h1>{e(brief.t('brief.title', regions=', '.join(brief.names)))}</h1>",
           f"<p class='muted'>{e(brief.t('brief.generated', date=today))} {e(brief.t('brief.assessment_note'))}</p>"]
    head = "".join(f"<th>{e(n)}</th>" for n in brief.names)
    out.append(f"<h2>{e(brief.t('brief.stages'))}</h2><table><tr><th>{e(brief.t('common.stage'))}</th>{head}</tr>")
    for stage in brief.stages:
        cells = []
        for c in stage["cells"]:
            items = "".join(f"<li>{e(title)}{' (' + str(year) + ')' if year else ''} — {e(status)}{e(_refs(r))}</li>"
                            for title, year, status, r in c["practices"])
            cls = "" if c["refs"] else " class='gap'"
            cells.append(f"<td{cls}><b>{e(c['text'])}</b>{e(_refs(c['refs']))}<ul>{items}</ul></td>")
        out.append(f"<tr><th>{e(stage['code'])} — {e(stage['name'])}</th>{''.join(cells)}</tr>")
    out.append(f"</table><h2>{e(brief.t('brief.factors'))}</h2><table><tr><th></th>{head}</tr>")
    for f in brief.factors:
        cells = "".join(f"<td>{e(c['text'])}{e(_refs(c['refs']))}</td>" if c["evidenced"]
                        else f"<td class='gap'>{e(brief.t('brief.no_evidence'))}</td>" for c in f["cells"])
        out.append(f"<tr><th>({e(f['code'])}) {e(f['name'])}</th>{cells}</tr>")
    out.append(f"</table><h2>{e(brief.t('brief.indicators'))}</h2>")
    if not brief.indicators:
        out.append(f"<p>{e(brief.t('brief.no_indicators'))}</p>")
    for ind in brief.indicators:
        svg = base64.b64encode(export.svg_text(ind["spec"]).encode()).decode()
        out.append(f"<h3>{e(ind['name'])}</h3><img alt='{e(ind['name'])}' src='data:image/svg+xml;base64,{svg}'>")
        out.append(f"<p class='muted'>{e(brief.t('brief.unit', unit=ind['unit']))} {e(ind['scale'])}</p><ul>")
        out += [f"<li>{e(r['region'])}, {r['year']}: {_value(r['value'])} — {e(r['label'])}{e(_refs(r['refs']))}</li>"
                for r in ind["rows"]]
        out.append("</ul>")
    out.append(f"<h2>{e(brief.t('brief.differences'))}</h2><ul>")
    for d in brief.differences:
        out.append(f"<li>{e(d['stage'])} · {e(d['topic'])}: {e(brief.t('brief.has', regions=', '.join(d['has'])))}; "
                   f"{e(brief.t('brief.lacks', regions=', '.join(d['lacks'])))}</li>")
    out.append(f"</ul><h2>{e(brief.t('brief.references'))}</h2><ol class='refs'>")
    for r in brief.references:
        meta = ", ".join(str(x) for x in (r["publisher"], r["year"]) if _known(x) and x)
        link = f" <a href='{e(r['url'])}'>{e(r['url'])}</a>" if _known(r["url"]) else ""
        out.append(f"<li value='{r['n']}'>{e(r['title'])}{' (' + e(meta) + ')' if meta else ''}.{link}</li>")
    out.append("</ol></body></html>")
    return "\n".join(out)


def to_pdf(brief: Brief) -> bytes:
    """The same brief as a PDF (charts as 2x PNG)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("body", "", str(regular))
        pdf.add_font("body", "B", str(bold))
        family, clean = "body", str
    else:  # core font: Latin-1 only
        family = "helvetica"
        def clean(s):  # noqa: E306
            return str(s).replace("—", "-").replace("–", "-").replace("’", "'").encode("latin-1", "replace").decode(
                "latin-1")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text, size=10, style="", gap=1):
        pdf.set_font(family, style, size)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(width, size * 0.5, clean(text))
        pdf.ln(gap)

    para(brief.t("brief.title", regions=", ".join(brief.names)), 16, "B", 2)
    para(brief.t("brief.generated", date=dt.date.today().isoformat()) + " " + brief.t("brief.assessment_note"), 8)
    para(brief.t("brief.stages"), 13, "B")
    for stage in brief.stages:
        para(f"{stage['code']} — {stage['name']}", 11, "B")
        for name, c in zip(brief.names, stage["cells"]):
            para(f"{name}: {c['text']}{_refs(c['refs'])}", 9, "B", 0)
            for title, year, status, r in c["practices"]:
                para(f"  • {title}{' (' + str(year) + ')' if year else ''} — {status}{_refs(r)}", 9, "", 0)
        pdf.ln(2)
    para(brief.t("brief.factors"), 13, "B")
    for f in brief.factors:
        para(f"({f['code']}) {f['name']}", 10, "B", 0)
        for name, c in zip(brief.names, f["cells"]):
            text = f"{c['text']}{_refs(c['refs'])}" if c["evidenced"] else brief.t("brief.no_evidence")
            para(f"{name}: {text}", 9, "", 0)
        pdf.ln(1)
    para(brief.t("brief.indicators"), 13, "B")
    for ind in brief.indicators:
        para(ind["name"], 11, "B")
        pdf.image(io.BytesIO(export.png_bytes(ind["spec"])), w=min(width, 170))
        para(brief.t("brief.unit", unit=ind["unit"]) + " " + ind["scale"], 8)
        for r in ind["rows"]:
            para(f"{r['region']}, {r['year']}: {_value(r['value'])} — {r['label']}{_refs(r['refs'])}", 8, "", 0)
        pdf.ln(2)
    para(brief.t("brief.differences"), 13, "B")
    for d in brief.differences:
        para(f"{d['stage']} · {d['topic']}: {brief.t('brief.has', regions=', '.join(d['has']))}; "
             f"{brief.t('brief.lacks', regions=', '.join(d['lacks']))}", 9, "", 0)
    pdf.ln(2)
    para(brief.t("brief.references"), 13, "B")
    for r in brief.references:
        meta = ", ".join(str(x) for x in (r["publisher"], r["year"]) if _known(x) and x)
        url = f" {r['url']}" if _known(r["url"]) else ""
        para(f"[{r['n']}] {r['title']}{' (' + meta + ')' if meta else ''}.{url}", 8, "", 0)
    return bytes(pdf.output())
