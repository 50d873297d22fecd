"""Compare 2-4 regions: stages side by side, success factors, shared indicators, differences, reform pathways.

URL: ?region=<id>&region=<id>... (2-4, in the order chosen), align=trigger|calendar, indicator=<code>, lang.
"""
import streamlit as st

from lib import api, cached, charts, comparison, mdtext, queries, schema, state, ui

MAX = 4
ALIGNS = ("trigger", "calendar")
lang, store = ui.lang(), cached.store()
st.title(ui.t("compare.title"))
st.caption(ui.t("compare.intro"))

regions = cached.shared(queries.regions, store, lang)
if not len(regions):
    st.warning(ui.t("common.no_data"))
    st.stop()
names = dict(zip(regions["region_id"], regions["name"]))

# --- URL state --------------------------------------------------------------------------------------------------
raw, parsed = ui.params(), state.Parsed()
chosen = state.many(raw.get("region"), names, parsed, "region")
# checked here for the note on values not understood; the fragments below read their own parameter on each rerun
state.one(raw.get("align"), ALIGNS, parsed, "align")
state.one(raw.get("indicator"), schema.codes("indicators"), parsed, "indicator")
ui.refused(parsed)
if len(chosen) > MAX:
    st.warning(ui.t("compare.too_many", max=MAX, n=len(chosen),
                    names=", ".join(mdtext.escape(names[r]) for r in chosen[:MAX])))
    chosen = chosen[:MAX]


chosen = ui.synced(st.multiselect, "compare_regions", chosen, ui.t("compare.choose"),
                   options=list(regions["region_id"]), format_func=names.get, max_selections=MAX,
                   help=ui.t("compare.choose_help"), placeholder=ui.t("region.placeholder"))
ui.set_params(region=chosen)
if len(chosen) < 2:
    st.info(ui.t("compare.hint"))
    st.stop()

chosen_names = [names[r] for r in chosen]
sections = [("stages", "compare.stages"), ("factors", "compare.factors"), ("indicators", "compare.indicators"),
            ("differences", "compare.differences"), ("pathway", "compare.pathway")]
st.markdown(ui.t("compare.jump") + " " + " · ".join(f"[{ui.t(key)}](#{anchor})" for anchor, key in sections))
ui.brief_downloads(store, chosen)


# --- 1. side by side by stage -----------------------------------------------------------------------------------
st.header(ui.t("compare.stages"), anchor="stages")
st.caption(ui.t("compare.stages_help"))
side = cached.comparison(store, lang, chosen, names)
for code in schema.codes("stages"):
    st.subheader(f"{code} · {schema.label('stages', code, lang)}")
    for col, rid in zip(st.columns(len(chosen), border=True), chosen):
        cell = side.cells[(code, rid)]
        col.markdown(cell.head)
        col.expander(ui.t("compare.rationale")).markdown(cell.rationale)
        col.markdown(cell.body)

with st.expander(ui.t("compare.stages_table"), icon=":material/table:"):  # the same comparison, to take away
    ui.table(side.table, "comparison_by_stage", file=("comparison_by_stage", *chosen), api=api.url("stage_assessments", region=list(chosen)), hide_index=True, width="stretch", column_config={
        "stage": st.column_config.TextColumn(ui.t("common.stage")),
        "region": st.column_config.TextColumn(ui.t("common.region")),
        "assessment": st.column_config.TextColumn(ui.t("compare.assessment")),
        "rationale": st.column_config.TextColumn(ui.t("compare.rationale"), width="large"),
        "practices": st.column_config.TextColumn(ui.t("common.practices"), width="large"),
        "sources": st.column_config.TextColumn(ui.t("common.sources"), width="large")})


# --- 2. success factors -----------------------------------------------------------------------------------------
st.header(ui.t("compare.factors"), anchor="factors")
st.caption(ui.t("compare.factors_help"))
flabels = {"region": ui.t("common.region"), "factor": ui.t("compare.factors"), "evidenced": ui.t("compare.evidenced"),
           "gap": ui.t("compare.no_evidence"), "evidence": ui.t("compare.evidence"), "sources": ui.t("common.sources")}
ui.chart(charts.factor_compare, (side.factors, flabels, chosen_names), "factors_compare", ui.t("compare.factors"),
         [" · ".join(chosen_names), ui.t("compare.chart_source")], file=("factors_compare", *chosen))
st.expander(ui.t("compare.evidence_all")).markdown(side.factor_evidence)


# --- 3. shared indicators ---------------------------------------------------------------------------------------
st.header(ui.t("compare.indicators"), anchor="indicators")
st.caption(ui.t("compare.indicators_help"))
@st.fragment  # choosing another indicator redraws this section only
def indicators() -> None:
    wanted_indicator = state.one(ui.params().get("indicator"), schema.codes("indicators"), state.Parsed(),
                                 "indicator")
    available = cached.shared(queries.compare_indicators, store, lang, tuple(chosen))
    indicator = None
    if not len(available):
        st.info(ui.t("compare.no_indicators"))
    else:
        codes = list(available["indicator"])
        ind_names = dict(zip(available["indicator"], available["name"]))
        indicator = wanted_indicator if wanted_indicator in codes else codes[0]
        if wanted_indicator and wanted_indicator not in codes:
            st.info(ui.t("compare.indicator_missing", name=mdtext.escape(schema.label("indicators", wanted_indicator, lang)),
                         other=mdtext.escape(ind_names[indicator])))
        ui.bind("compare_indicator", indicator)
        if st.session_state["compare_indicator"] not in codes:
            st.session_state["compare_indicator"] = indicator
        indicator = st.selectbox(ui.t("compare.indicator"), codes, key="compare_indicator",
                                 format_func=lambda c: f"{ind_names[c]} ({c})")
        ui.keep("compare_indicator", indicator)
        ui.set_params(indicator=indicator)
        info = available[available["indicator"] == indicator].iloc[0]
        values = cached.shared(comparison.indicator_values, store, lang, tuple(chosen), indicator)
        period, breaks = charts.indicator_periods(values, indicator, lang)
        break_lines = [ui.t("indicators.break", **b) for b in breaks]
        values = values.assign(period=period)
        plotted = values[values["value"].notna()]
        years = f"{int(plotted['year'].min())}–{int(plotted['year'].max())}"
        ilabels = {"year": ui.t("compare.year"), "value": f"{ui.t('compare.value')} ({info['unit_label']})",
                   "region": ui.t("common.region"), "label": ui.t("compare.label"), "rank": ui.t("compare.rank")}
        subtitle = [f"{', '.join(chosen_names)} · {years}", *break_lines, ui.t("compare.chart_source")]
        ui.chart(charts.indicator_chart, (values, ilabels, chosen_names), f"indicator_{indicator}", info["name"], subtitle,
                 fit=None if breaks else "fit-x", file=("indicator", info["name"], *chosen))  # Vega-Lite fits only single (or layered) views
        for line in break_lines:
            st.warning(mdtext.escape(line), icon="⚠️")
        st.caption(ui.t("compare.unit", unit=mdtext.escape(info["unit_label"])))
        st.warning(ui.t("compare.scale", scale=mdtext.escape(info["scale"])), icon="⚠️")
        without = [names[r] for r in chosen if r not in set(plotted["region_id"])]
        if without:
            st.caption(ui.t("compare.no_values_for", names=", ".join(mdtext.escape(n) for n in without)))
        if len(values) > len(plotted):
            st.caption(ui.t("compare.not_plotted", n=len(values) - len(plotted)))
        ui.table(
            values[["region", "year", "value", "unit_label", "rank_text", "label", "note", "citations", "url"]],
            f"indicator_{indicator}", file=("indicator", info["name"], *chosen),
            api=api.url("outcomes", region=list(chosen)), hide_index=True,
            column_config={
                "region": st.column_config.TextColumn(ui.t("common.region")),
                "year": st.column_config.NumberColumn(ui.t("compare.year"), format="%d"),
                "value": st.column_config.NumberColumn(ui.t("compare.value")),
                "unit_label": st.column_config.TextColumn(ui.t("compare.unit_col")),
                "rank_text": st.column_config.TextColumn(ui.t("compare.rank")),
                "label": st.column_config.TextColumn(ui.t("compare.label")),
                "note": st.column_config.TextColumn(ui.t("compare.note")),
                "citations": st.column_config.TextColumn(ui.t("compare.citations"), help=ui.t("compare.help_citations"),
                                                         width="large"),
                "url": st.column_config.LinkColumn(ui.t("compare.link"), help=ui.t("compare.help_link")),
            })


indicators()


# --- 4. differences ---------------------------------------------------------------------------------------------
st.header(ui.t("compare.differences"), anchor="differences")
st.caption(ui.t("compare.differences_help"))
diffs = side.differences
if not len(diffs):
    st.success(ui.t("compare.diff_none"))
else:
    ui.table(side.difference_summary, "differences_summary", file=("differences_summary", *chosen),
             api=api.url("practices", region=list(chosen)), hide_index=True, column_config={
        "region": st.column_config.TextColumn(ui.t("common.region")),
        "has": st.column_config.NumberColumn(ui.t("compare.diff_has_n"), help=ui.t("compare.help_diff_has_n")),
        "lacks": st.column_config.NumberColumn(ui.t("compare.diff_lacks_n"), help=ui.t("compare.help_diff_lacks_n"))})
for code, n, text in side.difference_blocks:
    st.subheader(f"{code} · {schema.label('stages', code, lang)}")
    st.caption(ui.t("compare.diff_count", n=n))
    st.markdown(text)
if len(diffs):
    with st.expander(ui.t("compare.differences_table"), icon=":material/table:"):  # every difference, to take away
        ui.table(side.difference_table, "differences", file=("differences", *chosen),
                 api=api.url("practices", region=list(chosen)), hide_index=True, width="stretch", column_config={
            "stage": st.column_config.TextColumn(ui.t("common.stage")),
            "topic": st.column_config.TextColumn(ui.t("compare.topic"), width="medium")})


# --- 5. reform pathways -----------------------------------------------------------------------------------------
st.header(ui.t("compare.pathway"), anchor="pathway")
st.caption(ui.t("compare.pathway_help"))
@st.fragment  # the alignment toggle redraws the chart only
def pathway() -> None:
    asked_align = state.one(ui.params().get("align"), ALIGNS, state.Parsed(), "align")
    trigger_year = dict(zip(regions["region_id"], regions["trigger_year"]))
    no_trigger = [names[r] for r in chosen if not ui.known(trigger_year[r])]
    # aligning on triggers says little when most regions have none: then calendar years are the default
    default_align = "trigger" if 2 * len(no_trigger) <= len(chosen) else "calendar"
    on = ui.synced(st.toggle, "compare_align", (asked_align or default_align) == "trigger",
                   ui.t("compare.align_trigger"))
    align = "trigger" if on else "calendar"
    ui.set_params(align=None if align == default_align else align)
    path = cached.shared(queries.pathway, store, lang, tuple(chosen), align)
    path = path.assign(status_label=path["status"].map(lambda c: schema.label("statuses", c, lang)))
    placed = path[path["x"].notna()]
    if align == "trigger" and no_trigger:
        st.info(ui.t("compare.no_trigger_note", names=", ".join(mdtext.escape(n) for n in no_trigger)))
    if not len(placed):
        st.info(ui.t("compare.no_pathway"))
    else:
        plabels = {"stage": ui.t("common.stage"), "region": ui.t("common.region"), "title": ui.t("compare.title_col"),
                   "year": ui.t("compare.start_year"), "status": ui.t("compare.status"),
                   "years_since": ui.t("compare.years_since"), "calendar": ui.t("compare.calendar"),
                   "trigger": ui.t("compare.trigger"), "no_trigger": ui.t("compare.no_trigger"),
                   "stage_names": {c: schema.label("stages", c, lang) for c in schema.codes("stages")}}
        years = f"{int(placed['year_start'].min())}–{int(placed['year_start'].max())}"
        subtitle = [f"{', '.join(chosen_names)} · {years}", ui.t("compare.pathway_source")]
        ui.chart(charts.pathway_chart, (path, plabels, align, chosen_names), "pathway",
                 ui.t("compare.pathway_title"), subtitle, fit="fit-x", file=("pathway", *chosen))  # as wide as the column, on a phone too

    triggers = regions[regions["region_id"].isin(chosen) & regions["trigger_year"].notna()]
    if len(triggers):
        with st.expander(ui.t("compare.triggers")):
            st.markdown("\n".join(f"- **{mdtext.escape(r.name)} ({int(r.trigger_year)})**: {mdtext.escape(r.trigger)}"
                                  for r in triggers.set_index("region_id").loc[
                                      [c for c in chosen if c in set(triggers["region_id"])]].itertuples()))
    unplaced = path[path["x"].isna()]
    if len(unplaced):
        with st.expander(ui.t("compare.unplaced", n=len(unplaced))):
            st.markdown("\n".join(f"- **{mdtext.escape(names[rid])}**: " + "; ".join(mdtext.escape(t) for t in part["title"])
                                  for rid, part in unplaced.groupby("region_id", sort=False)))


pathway()
