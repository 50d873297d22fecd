"""What the compare page shows that depends only on the data, the language and the regions chosen: the
stage-by-stage cells as ready Markdown, the success factors' evidence, the differences. Built in one pass over the
query results (no per-cell frame filtering) and, through cached.comparison, once per data version, language and
choice of regions for every session. Pure: no streamlit."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import citations, i18n, mdtext, queries, schema
from lib.values import known


@dataclass(frozen=True)
class Cell:
    head: str       # the region's name and its assessment badge
    rationale: str  # the assessment's rationale and its citations ('' when there is neither)
    body: str       # gaps, the practices with their status, the outcome count


@dataclass(frozen=True)
class Comparison:
    cells: dict[tuple[str, str], Cell]  # (stage code, region id) -> cell
    table: pd.DataFrame                 # the same comparison as rows, with full citations, to take away
    factors: pd.DataFrame               # queries.factor_matrix's rows of the chosen regions (the chart's input)
    factor_evidence: str                # every factor's evidence per region, with source ids
    differences: pd.DataFrame           # queries.differences
    difference_summary: pd.DataFrame    # per chosen region: how many differences it has, how many it lacks
    difference_blocks: list[tuple[str, int, str]]  # per stage with differences: (code, count, Markdown list)
    difference_table: pd.DataFrame      # every difference as a row, a column per region, to take away


def build(store, lang: str, chosen: list[str], names: dict[str, str]) -> Comparison:
    """Every (stage, region) cell of the chosen regions and the take-away table, the factors, the differences.
    The frames are shared between sessions: nobody mutates them."""
    def tr(key: str, **values) -> str:
        return i18n.t(lang, key, **values)
    matrix = queries.compare_stages(store, lang, chosen)
    practices = queries.practices(store, lang, queries.PracticeFilter(regions=chosen))
    cites = queries.citations(store, "stage", [f"{r}:{s}" for r in chosen for s in schema.codes("stages")])
    cite_groups = dict(iter(cites.groupby("subject_id", sort=False)))
    cite_text = citations.by_subject(cites, lang)
    listed: dict[tuple[str, str], list] = {}
    for p in practices.itertuples():
        listed.setdefault((p.region_id, p.stage_code), []).append(p)
    cells, rows = {}, {}
    for c in matrix.to_dict("records"):
        rid, code = c["region_id"], c["stage_code"]
        if c["documented"]:
            value = (tr("compare.assessment_value", level=int(c["maturity"]), name=c["maturity_name"])
                     if known(c["maturity"]) else "—")
            badge = f":blue-badge[{tr('compare.assessment')}] **{mdtext.escape(value)}**"
        else:
            badge = f":gray-badge[∅ {tr('compare.not_documented')}]"
        subject = f"{rid}:{code}"
        own_cites = cite_groups.get(subject, cites.iloc[0:0])
        rationale = "\n\n".join(x for x in (mdtext.escape(c["rationale"]) if known(c["rationale"]) else "",
                                            citations.markdown(own_cites, lang)) if x)
        body = [mdtext.small(f"{tr('compare.gap')} {mdtext.escape(gap)}") for gap in c["gaps"]]
        mine = listed.get((rid, code), [])
        if mine:
            # the badge without the year (badges do not wrap in narrow columns), the year after it
            body.append("\n".join(
                f"- {mdtext.escape(p.title)}" + (f" ({int(p.year_start)})" if known(p.year_start) else "")
                + f" {mdtext.status_badge(p.status, None, lang)}"
                + (f" *{tr('practice.evidence_year', year=int(p.status_year))}*" if known(p.status_year) else "")
                for p in mine))
        else:
            body.append(mdtext.small(tr("compare.no_practices")))
        if c["outcomes"]:
            body.append(mdtext.small(tr("compare.outcomes", n=int(c["outcomes"]))))
        cells[(code, rid)] = Cell(f"**{mdtext.escape(names[rid])}**\n\n{badge}", rationale, "\n\n".join(body))
        rows[(code, rid)] = {"stage": code, "region": names[rid],
                     "assessment": (f"{int(c['maturity'])} · {c['maturity_name']}"
                                    if c["documented"] and known(c["maturity"]) else tr("compare.not_documented")),
                     "rationale": c["rationale"] if known(c["rationale"]) else None,
                     "practices": "; ".join(f"{p.title}" + (f" ({int(p.year_start)})" if known(p.year_start) else "")
                                            for p in mine),
                     "sources": cite_text.get(subject, "")}
    table = pd.DataFrame([rows[(code, rid)] for code in schema.codes("stages") for rid in chosen])
    fm = queries.factor_matrix(store, lang)
    fm = fm[fm["region_id"].isin(chosen)].reset_index(drop=True)
    diffs = queries.differences(queries.compare_coverage(store, lang, chosen), chosen)
    return Comparison(cells, table, fm, _factor_evidence(store, lang, chosen, names, fm), diffs,
                      *_differences(diffs, lang, chosen, names))


def indicator_values(store, lang: str, chosen: tuple[str, ...], indicator: str) -> pd.DataFrame:
    """The compare page's table of one indicator: queries.indicator_values with each value's citations as text
    (lib/citations.py's lines; None when it cites none) and its rank in words ('3 of 38'), in the reading language.
    Shared between sessions through cached.shared: nobody mutates it."""
    values = queries.indicator_values(store, lang, list(chosen), indicator)
    rank_text = [i18n.t(lang, "compare.rank_of", rank=int(rank), of=int(of)) if known(of)
                 else (str(int(rank)) if known(rank) else "") for rank, of in zip(values["rank"], values["rank_of"])]
    return values.assign(citations=citations.texts(store, "outcome", values["outcome_id"], lang), rank_text=rank_text)


def _differences(diffs: pd.DataFrame, lang: str, chosen: list[str], names: dict[str, str]):
    """The differences as the page shows them: a count per region, a Markdown list per stage (who has what, who
    lacks it) and a table with a column per region."""
    def tr(key: str, **values) -> str:
        return i18n.t(lang, key, **values)

    def topic(d) -> str:
        return (tr("compare.diff_any") if d.topic_kind == "stage" else
                tr("compare.diff_indicator", name=d.topic) if d.topic_kind == "indicator" else d.topic)

    def titled(item) -> str:
        _, _, title, year = item
        return f"{title}" + (f" ({int(year)})" if known(year) else "")

    def documented(items: list[tuple]) -> str:
        """Practice titles (with start year), then the results, shortened: 'Title (2004) · results: label (2021) +2'."""
        titles = [mdtext.escape(titled(i)) for i in items if i[0] != "outcome"]
        results = [mdtext.escape(titled(i)) for i in items if i[0] == "outcome"]
        text = "; ".join(titles)
        if results:
            more = f" {tr('compare.more', n=len(results) - 2)}" if len(results) > 2 else ""
            text += (" · " if text else "") + f"*{tr('compare.results')}*: " + "; ".join(results[:2]) + more
        return text

    summary = pd.DataFrame([{"region": names[rid], "has": sum(rid in h for h in diffs["has"]),
                             "lacks": sum(rid in h for h in diffs["lacks"])} for rid in chosen])
    blocks, rows = [], []
    for (code, _), part in diffs.groupby(["stage_code", "ordinal"], sort=False):
        lines = []
        for d in part.itertuples():
            has = [f":green-badge[✓ {mdtext.escape(names[rid])}] {documented(d.items[rid])}" for rid in d.has]
            lacks = [f":orange-badge[✗ {mdtext.escape(names[rid])}: {tr('compare.diff_lacks')}]" for rid in d.lacks]
            lines.append(f"- **{mdtext.escape(topic(d))}**  \n" + "  \n".join(has + [" ".join(lacks)]))
        blocks.append((code, len(part), "\n".join(lines)))
    for d in diffs.itertuples():
        rows.append({"stage": d.stage_code, "topic": topic(d),
                     **{names[rid]: ("; ".join(map(titled, d.items[rid])) or "✓") if rid in d.has
                        else tr("compare.diff_lacks") for rid in chosen}})
    return summary, blocks, pd.DataFrame(rows)


def _factor_evidence(store, lang: str, chosen: list[str], names: dict[str, str], fm: pd.DataFrame) -> str:
    """Each factor, then each region's evidence (or its absence) with the source ids."""
    cites = queries.citations(store, "factor", [f"{r}:{f}" for r, f in zip(fm["region_id"], fm["factor_code"])])
    refs: dict[str, list[str]] = {}
    for subject, local_id in zip(cites["subject_id"], cites["local_id"]):
        refs.setdefault(subject, []).append(local_id)
    cell = {(r["region_id"], r["factor_code"]): r for r in fm.to_dict("records")}
    blocks = []
    for code in schema.codes("factors"):
        lines = [f"**({code}) {mdtext.escape(schema.label('factors', code, lang))}**", ""]
        for rid in chosen:
            row = cell.get((rid, code))
            evidenced = bool(row and row["evidenced"])
            text = row["text"] if row and known(row["text"]) else ""
            mark = ":green-badge[✓]" if evidenced else f":gray-badge[— {i18n.t(lang, 'compare.no_evidence')}]"
            ids = refs.get(f"{rid}:{code}")
            cite = f" ({mdtext.escape(', '.join(ids))})" if ids else ""
            lines.append(f"- {mark} **{mdtext.escape(names[rid])}**: {mdtext.escape(text)}{cite}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
