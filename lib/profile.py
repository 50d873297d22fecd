"""What the region page shows, as ready Markdown blocks and frames: built once per data version, language and region
(cached.profile) and drawn by views/region.py for every session. Every claim carries its citations. Pure: no
streamlit; data text is escaped (mdtext), never rendered as HTML."""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd

from lib import citations, glossary, i18n, locators, mdtext, queries, schema
from lib.values import known

CHECK, GAP, LEGAL = ":green[:material/check_circle:]", ":gray[:material/help_outline:]", ":red[:material/gavel:]"
WRONG_ANCHOR = "what-went-wrong"


@dataclass(frozen=True)
class Stage:
    code: str
    tab: str                  # the tab's label: code, short name, maturity or a gap mark
    heading: str
    covers: str               # what the guide's stage covers
    documented: bool
    assessment: str           # the assessment (documented) or the not-documented warning, with its citations
    gaps: str
    practices_heading: str
    practices: tuple          # practice records (attributes as queries.practices' columns) for ui.practice_card


@dataclass(frozen=True)
class Profile:
    region_id: str
    name: str
    identity: str
    derived: str              # the note on derived coordinates ('' when the file gives them)
    summary: str
    metrics: tuple            # (label, value) x 5
    wrong_alert: str
    trigger: str              # the trigger with its citations ('' when the sources name none)
    timeline_args: tuple      # lib.charts.region_timeline's arguments
    years: tuple              # the dated entries' years (the chart's subtitle)
    undated: str
    rubric: str
    stages: tuple             # Stage x 5
    factors: str
    obstacles: str
    outcomes: pd.DataFrame    # shown as a table with the citations as short refs; never mutated after build
    legal_heading: str
    legal: tuple              # one Markdown block (with citations) a legal event
    stopped_heading: str
    stopped: tuple            # one Markdown block a stopped practice
    other_gaps: str
    events: str
    framework: str
    sources_heading: str
    sources: str


def _safe_url(url) -> str | None:
    """An http(s) URL made safe inside a Markdown link target."""
    if not known(url) or not str(url).startswith(("http://", "https://")):
        return None
    return citations.md_url(url)


def _refs(rows, lang: str) -> str:
    """Compact inline citations: `S08` linked to its URL, then the locator in `lang`; ids match the numbered source
    list."""
    if rows is None or not len(rows):
        return ""
    parts = []
    for c in rows.itertuples():
        url = _safe_url(c.url)
        ident = f"[{mdtext.escape(c.local_id)}]({url})" if url else f"`{c.local_id}`"
        parts.append(ident + (f" {mdtext.escape(locators.render(c.locator, lang))}" if known(c.locator) else ""))
    return "; ".join(parts)


def _plain_refs(rows, lang: str) -> str:
    """Source ids and locators (in `lang`) as plain text (a table cell)."""
    if rows is None:
        return ""
    return "; ".join(c.local_id + (f" ({locators.render(c.locator, lang)})" if known(c.locator) else "")
                     for c in rows.itertuples())


def build(store, lang: str, region_id: str, entries: list[glossary.Entry]) -> Profile:
    """Everything the region page shows for `region_id` (which must exist) in `lang`."""
    def tr(key: str, **values) -> str:
        return i18n.t(lang, key, **values)

    def lk(text) -> str:
        return mdtext.linked(text, entries, lang)
    esc = mdtext.escape

    def cites(subject_type: str, subject_ids) -> dict:
        found = queries.citations(store, subject_type, list(subject_ids))
        return {sid: rows for sid, rows in found.groupby("subject_id", sort=False)}

    def cite_md(rows) -> str:
        return citations.markdown(rows, lang) if rows is not None else ""

    profile = queries.region_profile(store, lang, region_id).iloc[0]
    practices = queries.practices(store, lang, queries.PracticeFilter(regions=[region_id]))
    assessments = queries.region_stages(store, lang, region_id)
    gaps = queries.region_gaps(store, lang, region_id)
    factors = queries.region_factors(store, lang, region_id)
    obstacles = queries.region_obstacles(store, lang, region_id)
    outcomes = queries.region_outcomes(store, lang, region_id)
    events = queries.region_events(store, lang, region_id)
    framework = queries.region_framework(store, lang, region_id)
    sources = queries.region_sources(store, region_id)
    stage_codes = schema.codes("stages")
    region_cites = {kind: cites(kind, [region_id]).get(region_id) for kind in ("location", "trigger", "framework")}
    stage_cites = cites("stage", [f"{region_id}:{c}" for c in stage_codes])
    factor_cites = cites("factor", [f"{region_id}:{c}" for c in factors["factor_code"]])
    obstacle_cites = cites("obstacle", obstacles["obstacle_id"])
    outcome_cites = cites("outcome", outcomes["outcome_id"])
    event_cites = cites("event", events["event_id"])
    legal = events[events["kind"] == "legal"]
    stopped = practices[practices["status"] == "stopped"]
    stage_names = {c: schema.label("stages", c, lang) for c in stage_codes}
    kind_names = {c: schema.label("event_kinds", c, lang) for c in schema.codes("event_kinds")}
    records = [SimpleNamespace(**r) for r in practices.to_dict("records")]

    identity = tr("region.identity", type=schema.label("region_types", profile["type"], lang),
                  province=esc(profile["province"]), lat=f"{profile['lat']:.3f}", lon=f"{profile['lon']:.3f}")
    if region_cites["location"] is not None:
        identity += f" · {tr('region.location_sources')} {_refs(region_cites['location'], lang)}"
    derived = ""
    if profile["coord_derived"]:
        derived = (":material/location_on: " + tr("region.derived")
                   + (f" {esc(profile['coord_note'])}" if known(profile["coord_note"]) else ""))
    documented = int(assessments["documented"].fillna(False).astype(bool).sum())
    metrics = ((tr("common.practices"), len(practices)),
               (tr("region.m_documented"), f"{documented} / {len(stage_codes)}"),
               (tr("region.m_outcomes"), len(outcomes)), (tr("region.m_legal"), len(legal)),
               (tr("common.sources"), len(sources)))
    wrong_alert = (tr("region.wrong_alert", legal=len(legal), stopped=len(stopped), anchor=f"#{WRONG_ANCHOR}")
                   if len(legal) or len(stopped) else "")

    trigger = ""
    trigger_year = int(profile["trigger_year"]) if known(profile["trigger_year"]) else None
    if trigger_year is not None and known(profile["trigger"]):
        trigger = f"**{trigger_year}** — {lk(profile['trigger'])}"
        if region_cites["trigger"] is not None:
            trigger += f"\n\n**{tr('common.sources')}**\n\n" + cite_md(region_cites["trigger"])
    labels = {"year": tr("region.c_year"), "stage": tr("common.stage"), "practice": tr("region.c_practice"),
              "status": tr("region.c_status"), "event": tr("region.c_event"), "date": tr("region.c_date"),
              "person": tr("region.c_person"), "trigger": tr("region.trigger"), "stage_names": stage_names,
              "kind_names": kind_names,
              "status_names": {c: schema.label("statuses", c, lang) for c in schema.codes("statuses")}}
    years = (*practices["year_start"].dropna(), *events["year"].dropna(), *([trigger_year] if trigger_year else []))
    undated = [p for p in records if not known(p.year_start)]
    undated_md = ""
    if undated:
        undated_md = (f"**{tr('region.year_unknown', n=len(undated))}** — {tr('region.year_unknown_help')}\n\n"
                      + "\n".join(f"- {p.stage_code} · {esc(p.title)}" for p in undated))
    rubric = "\n\n".join(f"**{level.level} — {esc(level.name)}**: {esc(level.description)}"
                         for level in queries.maturity_levels(store, lang).itertuples())

    stages = []
    for a in assessments.itertuples():
        is_documented = known(a.documented) and bool(a.documented)
        mark = f"{int(a.maturity)}/4" if is_documented and known(a.maturity) else tr("region.tab_gap")
        short = a.stage if len(a.stage) <= 34 else a.stage[:32].rstrip() + "…"
        sc = stage_cites.get(f"{region_id}:{a.stage_code}")
        if is_documented:
            block = [f"**{tr('region.assessment')}** · " + tr(
                "region.maturity_line", level=int(a.maturity) if known(a.maturity) else "—",
                name=esc(a.maturity_name) if known(a.maturity_name) else "—")]
            if known(a.rationale):
                block.append(f"{tr('region.rationale')} {lk(a.rationale)}")
            if sc is not None:
                block += [f"**{tr('region.assessment_sources')}**", cite_md(sc)]
            assessment = "\n\n".join(block)
        else:
            missing = f"\n\n{tr('region.missing')} {lk(a.rationale)}" if known(a.rationale) else ""
            assessment = (f"**{tr('common.not_documented')}** — {tr('region.not_documented_text')}"
                          + (missing or f"\n\n{tr('region.no_assessment')}"))
            if sc is not None:
                assessment += "\n\n" + cite_md(sc)
        stage_gaps = gaps[gaps["stage_code"] == a.stage_code]
        gaps_md = ""
        if len(stage_gaps):
            gaps_md = (f"**{tr('region.gaps', n=len(stage_gaps))}**\n\n"
                       + "\n".join(f"- {GAP} {lk(g.text)}" for g in stage_gaps.itertuples()))
        mine = tuple(p for p in records if p.stage_code == a.stage_code)
        heading = f"**{tr('region.practices', n=len(mine))}**"
        if not mine:
            heading += "\n\n" + mdtext.small(tr("region.no_practices"))
        stages.append(Stage(a.stage_code, f"{a.stage_code} · {short} · {mark}", f"{a.stage_code} · {a.stage}",
                            f"{tr('region.stage_covers')} "
                            f"{esc(schema.vocab('stages')[a.ordinal - 1]['description'][lang])}",
                            is_documented, assessment, gaps_md, heading, mine))

    factor_lines = []
    for f in factors.itertuples():
        title = f"({f.factor_code}) {esc(f.factor)}"
        if f.evidenced:
            line = f"{CHECK} **{title}**  \n{lk(f.text)}"
            fc = factor_cites.get(f"{region_id}:{f.factor_code}")
            if fc is not None:
                line += f"  \n{tr('common.sources')}: {_refs(fc, lang)}"
        else:
            detail = f" {lk(f.text)}" if known(f.text) else ""
            line = f"{GAP} **{title}** — *{tr('region.factor_gap')}*.{detail}"
        factor_lines.append(line)

    obstacles_md = "\n".join(f"- {lk(o.text)} — {_refs(obstacle_cites.get(o.obstacle_id), lang)}"
                             for o in obstacles.itertuples())
    table = outcomes.assign(
        rank_text=[f"{int(r)} / {int(o)}" if known(r) and known(o) else (str(int(r)) if known(r) else None)
                   for r, o in zip(outcomes["rank"], outcomes["rank_of"])],
        sources_text=outcomes["outcome_id"].map(lambda oid: _plain_refs(outcome_cites.get(oid), lang)))

    legal_blocks = []
    for e in legal.itertuples():
        who = f" · {esc(e.person)}" if known(e.person) else ""
        legal_blocks.append(f"{LEGAL} **{esc(e.date)}**{who}  \n{lk(e.text)}"
                            + (f"\n\n{cite_md(event_cites[e.event_id])}" if e.event_id in event_cites else ""))
    status_cites = cites("status", stopped["practice_id"]) if len(stopped) else {}
    practice_cites = cites("practice", stopped["practice_id"]) if len(stopped) else {}
    stopped_blocks = []
    for p in stopped.itertuples():
        block = [f"**{p.stage_code} · {esc(p.title)}**  \n{mdtext.status_badge(p.status, p.status_year, lang)}"]
        if known(p.status_note):
            block.append(lk(p.status_note))
        block += [cite_md(rows) for rows in (status_cites.get(p.practice_id), practice_cites.get(p.practice_id))
                  if rows is not None]
        stopped_blocks.append("\n\n".join(block))
    region_gaps = gaps[gaps["stage_code"].isna()]
    other_gaps = "\n".join(f"- {GAP} {lk(g.text)}" for g in region_gaps.itertuples())

    event_lines = []
    for e in events.itertuples():
        kind = esc(kind_names.get(e.kind, e.kind))
        kind = f"{LEGAL} **:red[{kind}]**" if e.kind == "legal" else f"*{kind}*"
        who = f" ({esc(e.person)})" if known(e.person) else ""
        src = _refs(event_cites.get(e.event_id), lang)
        event_lines.append(f"- **{esc(e.date)}** · {kind}{who} — {lk(e.text)}" + (f" — {src}" if src else ""))

    framework_md = ""
    if not framework.empty:
        items = []
        for (n, label), rows in framework.groupby(["ordinal", "label"], sort=True):
            mapped = ", ".join(f"**{c}** {esc(stage_names[c])}" for c in rows["stage_code"])
            note = rows["note"].dropna()
            items.append(f"{n}. **{lk(label)}**  \n{tr('region.f_stages')}: {mapped}"
                         + (f"  \n*{tr('region.f_note')}:* {lk(note.iloc[0])}" if len(note) else ""))
        framework_md = (f"**{esc(framework['framework'].iloc[0])}**\n\n{mdtext.small(tr('region.framework_help'))}"
                        f"\n\n" + "\n".join(items))
        if region_cites["framework"] is not None:
            framework_md += f"\n\n**{tr('common.sources')}**\n\n" + cite_md(region_cites["framework"])

    kind_labels = {c: schema.label("source_kinds", c, lang) for c in schema.codes("source_kinds")}
    items = []
    for n, s in enumerate(sources.itertuples(), 1):
        url = _safe_url(s.url)
        shown = esc(citations.title(s, lang))
        title = f"[{shown}]({url})" if url else f"*{shown}*"
        meta = [esc(x) for x in (s.publisher, s.date if known(s.date) else s.year) if known(x) and str(x)]
        meta.append(esc(kind_labels.get(s.kind, s.kind)))
        if known(s.seed_file):
            meta.append(tr("region.seed"))
        meta.append(tr("region.cited_by", n=int(s.n_claims)))
        items.append(f"{n}. `{s.local_id}` {title} — " + " · ".join(meta))

    return Profile(
        region_id=region_id, name=profile["name"], identity=identity, derived=derived, summary=lk(profile["summary"]),
        metrics=metrics, wrong_alert=wrong_alert, trigger=trigger,
        timeline_args=(practices, events, labels, trigger_year), years=years, undated=undated_md, rubric=rubric,
        stages=tuple(stages), factors="\n\n".join(factor_lines), obstacles=obstacles_md, outcomes=table,
        legal_heading=tr("region.legal", n=len(legal)), legal=tuple(legal_blocks),
        stopped_heading=tr("region.stopped", n=len(stopped)), stopped=tuple(stopped_blocks), other_gaps=other_gaps,
        events="\n".join(event_lines), framework=framework_md,
        sources_heading=tr("region.sources", n=len(sources)), sources="\n".join(items))
