"""Region profile: identity, trigger, timeline, the five stages (assessment, gaps, practices), success factors,
obstacles, outcomes, the legal record and failures, the dated timeline, the region's own framework and every source.

URL: /region?region=<id> (+ stage=<code> for the open stage tab, lang=en). Every claim shows its citations.
"""
import streamlit as st

from lib import api, cached, charts, citations, queries, schema, state, ui

lang, store = ui.lang(), cached.store()
esc, lk = ui.escape_md, ui.linked  # lk: escaped prose with glossary terms explained on hover

regions = queries.regions(store, lang)
if regions.empty:
    st.title(ui.t("region.title"))
    st.warning(ui.t("common.no_data"))
    st.stop()
ids = list(regions["region_id"])
names = dict(zip(regions["region_id"], regions["name"]))

raw, parsed = ui.params(), state.Parsed()
region_id = state.one(raw.get("region"), set(ids), parsed, "region")
stage_codes = schema.codes("stages")
stage_param = state.one(raw.get("stage"), stage_codes, parsed, "stage")
ui.refused(parsed)

title = st.empty()  # the region's name once chosen; the picker sits under it
pick_col, _ = st.columns([2, 3])
with pick_col:
    ui.bind("region_pick", region_id)
    region_id = st.selectbox(ui.t("region.choose"), ids, format_func=lambda rid: names.get(rid, rid),
                             placeholder=ui.t("region.placeholder"), key="region_pick")
    ui.keep("region_pick", region_id)
ui.set_params(region=region_id, stage=stage_param if region_id else None)

if not region_id:
    title.title(ui.t("region.title"))
    st.info(ui.t("region.hint"))
    st.stop()

# ---------------------------------------------------------------------------------------------------------------
# data
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


def cites(subject_type: str, subject_ids: list[str]) -> dict:
    """subject_id -> its citations (one query per subject type)."""
    found = queries.citations(store, subject_type, list(subject_ids))
    return {sid: rows for sid, rows in found.groupby("subject_id", sort=False)}


def safe_url(url) -> str | None:
    """An http(s) URL made safe inside a markdown link target."""
    if not ui.known(url) or not str(url).startswith(("http://", "https://")):
        return None
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def refs(rows) -> str:
    """Compact inline citations: `S08` linked to its URL, then the locator; ids match the numbered source list."""
    if rows is None or not len(rows):
        return ""
    parts = []
    for c in rows.itertuples():
        url = safe_url(c.url)
        ident = f"[{esc(c.local_id)}]({url})" if url else f"`{c.local_id}`"
        parts.append(ident + (f" {esc(c.locator)}" if ui.known(c.locator) else ""))
    return "; ".join(parts)


def cite_block(rows, label_key: str = "region.sources_n") -> None:
    """Full citations (title, publisher, year, locator) in a collapsed expander labelled with their number."""
    if rows is None or not len(rows):
        return
    with st.expander(ui.t(label_key, n=len(rows)), icon=":material/menu_book:"):
        ui.cite_list(rows)


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
WRONG_ANCHOR = "what-went-wrong"
CHECK, GAP, LEGAL = ":green[:material/check_circle:]", ":gray[:material/help_outline:]", ":red[:material/gavel:]"

# ---------------------------------------------------------------------------------------------------------------
# identity and summary
title.title(esc(profile["name"]), anchor=False)
st.markdown(ui.t("region.identity", type=schema.label("region_types", profile["type"], lang), province=esc(profile["province"]),
                 lat=f"{profile['lat']:.3f}", lon=f"{profile['lon']:.3f}")
            + (f" · {ui.t('region.location_sources')} {refs(region_cites['location'])}"
               if region_cites["location"] is not None else ""))
if profile["coord_derived"]:
    st.caption(":material/location_on: " + ui.t("region.derived")
               + (f" {esc(profile['coord_note'])}" if ui.known(profile["coord_note"]) else ""))
st.markdown(lk(profile["summary"]))

documented = int(assessments["documented"].fillna(False).astype(bool).sum())
m = st.columns(5)
m[0].metric(ui.t("common.practices"), len(practices))
m[1].metric(ui.t("region.m_documented"), f"{documented} / {len(stage_codes)}")
m[2].metric(ui.t("region.m_outcomes"), len(outcomes))
m[3].metric(ui.t("region.m_legal"), len(legal))
m[4].metric(ui.t("common.sources"), len(sources))
if len(legal) or len(stopped):
    st.warning(ui.t("region.wrong_alert", legal=len(legal), stopped=len(stopped), anchor=f"#{WRONG_ANCHOR}"),
               icon="⚖️")

# ---------------------------------------------------------------------------------------------------------------
# trigger
st.header(ui.t("region.trigger"), anchor="trigger", divider="gray")
if ui.known(profile["trigger_year"]) and ui.known(profile["trigger"]):
    st.markdown(f"**{int(profile['trigger_year'])}** — {lk(profile['trigger'])}")
    if region_cites["trigger"] is not None:
        st.markdown(f"**{ui.t('common.sources')}**")
        ui.cite_list(region_cites["trigger"])
else:
    st.info(ui.t("region.no_trigger"))

# ---------------------------------------------------------------------------------------------------------------
# timeline chart
st.header(ui.t("region.timeline"), anchor="timeline", divider="gray")
labels = {"year": ui.t("region.c_year"), "stage": ui.t("common.stage"), "practice": ui.t("region.c_practice"),
          "status": ui.t("region.c_status"), "event": ui.t("region.c_event"), "date": ui.t("region.c_date"),
          "person": ui.t("region.c_person"), "trigger": ui.t("region.trigger"), "stage_names": stage_names,
          "kind_names": kind_names,
          "status_names": {c: schema.label("statuses", c, lang) for c in schema.codes("statuses")}}
trigger_year = int(profile["trigger_year"]) if ui.known(profile["trigger_year"]) else None
years = [*practices["year_start"].dropna(), *events["year"].dropna(), *([trigger_year] if trigger_year else [])]
if ui.chart(charts.region_timeline, (practices, events, labels, trigger_year), f"region_{region_id}_timeline",
            f"{profile['name']} — {ui.t('region.timeline')}",
            [*ui.years_line(min(years, default=None), max(years, default=None)), ui.t("export.source_line")],
            show_title=False):
    st.caption(ui.t("region.timeline_help"))
else:
    st.info(ui.t("region.no_dated"))
undated = practices[practices["year_start"].isna()]
if len(undated):
    st.markdown(f"**{ui.t('region.year_unknown', n=len(undated))}** — {ui.t('region.year_unknown_help')}")
    st.markdown("\n".join(f"- {p.stage_code} · {esc(p.title)}" for p in undated.itertuples()))


# ---------------------------------------------------------------------------------------------------------------
# the five stages
def is_documented(a) -> bool:
    return ui.known(a.documented) and bool(a.documented)


def tab_label(a) -> str:
    """Short tab label: code, stage name (shortened), maturity or a "not documented" mark for a stage the sources do not document."""
    mark = f"{int(a.maturity)}/4" if is_documented(a) and ui.known(a.maturity) else ui.t("region.tab_gap")
    name = a.stage if len(a.stage) <= 34 else a.stage[:32].rstrip() + "…"
    return f"{a.stage_code} · {name} · {mark}"


def open_stage(codes_by_label: dict) -> None:
    chosen = codes_by_label.get(st.session_state.get("region_stage_tab"))
    ui.set_params(stage=chosen if chosen and chosen != stage_codes[0] else None)


st.header(ui.t("region.stages"), anchor="stages", divider="gray")
st.caption(ui.t("region.stages_help"))
with st.expander(ui.t("region.rubric")):
    for level in queries.maturity_levels(store, lang).itertuples():
        st.markdown(f"**{level.level} — {esc(level.name)}**: {esc(level.description)}")
tab_labels = [tab_label(a) for a in assessments.itertuples()]
codes_by_label = dict(zip(tab_labels, assessments["stage_code"]))
default_tab = tab_labels[stage_codes.index(stage_param)] if stage_param else None
ui.bind("region_stage_tab", default_tab)
tabs = st.tabs(tab_labels, key="region_stage_tab", on_change=open_stage, args=(codes_by_label,))
for tab, a in zip(tabs, assessments.itertuples()):
    with tab:
        st.subheader(f"{a.stage_code} · {a.stage}", anchor=False)
        st.caption(f"{ui.t('region.stage_covers')} {esc(schema.vocab('stages')[a.ordinal - 1]['description'][lang])}")
        sc = stage_cites.get(f"{region_id}:{a.stage_code}")
        if is_documented(a):
            with st.container(border=True):
                st.markdown(f"**{ui.t('region.assessment')}** · " + ui.t(
                    "region.maturity_line", level=int(a.maturity) if ui.known(a.maturity) else "—",
                    name=esc(a.maturity_name) if ui.known(a.maturity_name) else "—"))
                if ui.known(a.rationale):
                    st.markdown(f"{ui.t('region.rationale')} {lk(a.rationale)}")
                if sc is not None:
                    st.markdown(f"**{ui.t('region.assessment_sources')}**")
                    ui.cite_list(sc)
        else:
            missing = f"\n\n{ui.t('region.missing')} {lk(a.rationale)}" if ui.known(a.rationale) else ""
            st.warning(f"**{ui.t('common.not_documented')}** — {ui.t('region.not_documented_text')}"
                       + (missing or f"\n\n{ui.t('region.no_assessment')}"), icon=":material/help_outline:")
            if sc is not None:
                ui.cite_list(sc)
        stage_gaps = gaps[gaps["stage_code"] == a.stage_code]
        if len(stage_gaps):
            st.markdown(f"**{ui.t('region.gaps', n=len(stage_gaps))}**")
            st.markdown("\n".join(f"- {GAP} {lk(g.text)}" for g in stage_gaps.itertuples()))
        stage_practices = practices[practices["stage_code"] == a.stage_code]
        st.markdown(f"**{ui.t('region.practices', n=len(stage_practices))}**")
        if stage_practices.empty:
            st.caption(ui.t("region.no_practices"))
        for p in stage_practices.itertuples():
            ui.practice_card(store, p)

# ---------------------------------------------------------------------------------------------------------------
# success factors
st.header(ui.t("region.factors"), anchor="factors", divider="gray")
st.caption(ui.t("region.factors_help"))
for f in factors.itertuples():
    title = f"({f.factor_code}) {esc(f.factor)}"
    if f.evidenced:
        st.markdown(f"{CHECK} **{title}**  \n{lk(f.text)}")
        fc = factor_cites.get(f"{region_id}:{f.factor_code}")
        if fc is not None:
            st.markdown(f"{ui.t('common.sources')}: {refs(fc)}")
    else:
        detail = f" {lk(f.text)}" if ui.known(f.text) else ""
        st.markdown(f"{GAP} **{title}** — *{ui.t('region.factor_gap')}*.{detail}")

# ---------------------------------------------------------------------------------------------------------------
# obstacles
st.header(ui.t("region.obstacles"), anchor="obstacles", divider="gray")
if obstacles.empty:
    st.info(ui.t("region.no_obstacles"))
else:
    st.markdown("\n".join(f"- {lk(o.text)} — {refs(obstacle_cites.get(o.obstacle_id))}"
                          for o in obstacles.itertuples()))

# ---------------------------------------------------------------------------------------------------------------
# outcomes
st.header(ui.t("region.outcomes"), anchor="outcomes", divider="gray")
if outcomes.empty:
    st.info(ui.t("region.no_outcomes"))
else:
    def plain_refs(oid):
        rows = outcome_cites.get(oid)
        if rows is None:
            return ""
        return "; ".join(c.local_id + (f" ({c.locator})" if ui.known(c.locator) else "") for c in rows.itertuples())

    table = outcomes.assign(
        rank_text=[f"{int(r)} / {int(o)}" if ui.known(r) and ui.known(o) else (str(int(r)) if ui.known(r) else None)
                   for r, o in zip(outcomes["rank"], outcomes["rank_of"])],
        sources_text=outcomes["outcome_id"].map(plain_refs))
    columns = ["label", "value", "unit", "year", "rank_text", "indicator_name", "practice", "note", "sources_text"]
    ui.table(
        table[columns], f"region_{region_id}_outcomes", api=api.url(f"regions/{region_id}", lang=lang),
        hide_index=True, width="stretch",
        height=min(35 * len(table) + 38, 720),
        download=lambda: table[columns].assign(sources_text=outcomes["outcome_id"].map(citations.by_subject(
            queries.citations(store, "outcome", list(outcomes["outcome_id"]))))),  # titles, links, locators
        column_config={
            "label": st.column_config.TextColumn(ui.t("region.o_label"), width="large"),
            "value": st.column_config.NumberColumn(ui.t("region.o_value"), help=ui.t("region.o_value_help")),
            "unit": st.column_config.TextColumn(ui.t("region.o_unit")),
            "year": st.column_config.NumberColumn(ui.t("region.c_year"), format="%d",
                                                  help=ui.t("region.o_year_help")),
            "rank_text": st.column_config.TextColumn(ui.t("region.o_rank"), help=ui.t("region.o_rank_help")),
            "indicator_name": st.column_config.TextColumn(ui.t("region.o_indicator"),
                                                          help=ui.t("region.o_indicator_help")),
            "practice": st.column_config.TextColumn(ui.t("region.c_practice"), help=ui.t("region.o_practice_help")),
            "note": st.column_config.TextColumn(ui.t("region.o_note"), width="medium"),
            "sources_text": st.column_config.TextColumn(ui.t("common.sources"), help=ui.t("region.o_sources_help")),
        })
    st.caption(ui.t("region.outcomes_help"))

# ---------------------------------------------------------------------------------------------------------------
# what went wrong: legal events and stopped practices, always shown
st.header(ui.t("region.wrong"), anchor=WRONG_ANCHOR, divider="red")
st.caption(ui.t("region.wrong_help"))
st.subheader(ui.t("region.legal", n=len(legal)), anchor=False)
if legal.empty:
    st.info(ui.t("region.no_legal"))
for e in legal.itertuples():
    with st.container(border=True):
        who = f" · {esc(e.person)}" if ui.known(e.person) else ""
        st.markdown(f"{LEGAL} **{esc(e.date)}**{who}  \n{lk(e.text)}")
        if e.event_id in event_cites:
            ui.cite_list(event_cites[e.event_id])
st.subheader(ui.t("region.stopped", n=len(stopped)), anchor=False)
if stopped.empty:
    st.info(ui.t("region.no_stopped"))
if len(stopped):
    status_cites = cites("status", stopped["practice_id"])
    practice_cites = cites("practice", stopped["practice_id"])
for p in stopped.itertuples():
    with st.container(border=True):
        st.markdown(f"**{p.stage_code} · {esc(p.title)}**  \n{ui.status_badge(p.status, p.status_year)}")
        if ui.known(p.status_note):
            st.markdown(lk(p.status_note))
        for rows in (status_cites.get(p.practice_id), practice_cites.get(p.practice_id)):
            if rows is not None:
                ui.cite_list(rows)
region_gaps = gaps[gaps["stage_code"].isna()]
if len(region_gaps):
    st.subheader(ui.t("region.other_gaps"), anchor=False)
    st.markdown("\n".join(f"- {GAP} {lk(g.text)}" for g in region_gaps.itertuples()))

# ---------------------------------------------------------------------------------------------------------------
# dated timeline
st.header(ui.t("region.events"), anchor="events", divider="gray")
if events.empty:
    st.info(ui.t("region.no_events"))
else:
    st.caption(ui.t("region.events_help"))
    lines = []
    for e in events.itertuples():
        kind = esc(kind_names.get(e.kind, e.kind))
        kind = f"{LEGAL} **:red[{kind}]**" if e.kind == "legal" else f"*{kind}*"
        who = f" ({esc(e.person)})" if ui.known(e.person) else ""
        src = refs(event_cites.get(e.event_id))
        lines.append(f"- **{esc(e.date)}** · {kind}{who} — {lk(e.text)}" + (f" — {src}" if src else ""))
    st.markdown("\n".join(lines))

# ---------------------------------------------------------------------------------------------------------------
# the region's own framework mapped onto the stages
st.header(ui.t("region.framework"), anchor="framework", divider="gray")
if framework.empty:
    st.info(ui.t("region.no_framework"))
else:
    st.markdown(f"**{esc(framework['framework'].iloc[0])}**")
    st.caption(ui.t("region.framework_help"))
    items = []
    for (n, label), rows in framework.groupby(["ordinal", "label"], sort=True):
        mapped = ", ".join(f"**{c}** {esc(stage_names[c])}" for c in rows["stage_code"])
        note = rows["note"].dropna()
        items.append(f"{n}. **{lk(label)}**  \n{ui.t('region.f_stages')}: {mapped}"
                     + (f"  \n*{ui.t('region.f_note')}:* {lk(note.iloc[0])}" if len(note) else ""))
    st.markdown("\n".join(items))
    if region_cites["framework"] is not None:
        st.markdown(f"**{ui.t('common.sources')}**")
        ui.cite_list(region_cites["framework"])

# ---------------------------------------------------------------------------------------------------------------
# every source, numbered
st.header(ui.t("region.sources", n=len(sources)), anchor="sources", divider="gray")
st.caption(ui.t("region.sources_help"))
kind_labels = {c: schema.label("source_kinds", c, lang) for c in schema.codes("source_kinds")}
items = []
for n, s in enumerate(sources.itertuples(), 1):
    url = safe_url(s.url)
    title = f"[{esc(s.title)}]({url})" if url else f"*{esc(s.title)}*"
    meta = [esc(x) for x in (s.publisher, s.date if ui.known(s.date) else s.year) if ui.known(x) and str(x)]
    meta.append(esc(kind_labels.get(s.kind, s.kind)))
    if ui.known(s.seed_file):
        meta.append(ui.t("region.seed"))
    meta.append(ui.t("region.cited_by", n=int(s.n_claims)))
    items.append(f"{n}. `{s.local_id}` {title} — " + " · ".join(meta))
st.markdown("\n".join(items))
