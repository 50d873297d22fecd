"""Region profile: identity, trigger, timeline, the five stages (assessment, gaps, practices), success factors,
obstacles, outcomes, the legal record and failures, the dated timeline, the region's own framework and every source.

URL: /region?region=<id> (+ stage=<code> for the open stage tab, lang=en). Every claim shows its citations.
"""
import streamlit as st

from lib import api, cached, charts, citations, mdtext, profile, schema, ui

lang, store = ui.lang(), cached.store()

choice = ui.region_choice(store, title=ui.t("region.title"))
stage_codes, stage_param = schema.codes("stages"), choice.stage
ui.refused(choice.parsed)

title = st.empty()  # the region's name once chosen; the picker sits under it
region_id = ui.region_picker(choice.ids, choice.names, choice.region_id, key="region_pick",
                             label=ui.t("region.choose"), placeholder=ui.t("region.placeholder"))
ui.set_params(region=region_id, stage=stage_param if region_id else None)

if not region_id:
    title.title(ui.t("region.title"))
    st.info(ui.t("region.hint"))
    st.stop()

page = cached.profile(store, lang, region_id)
title.title(mdtext.escape(page.name), anchor=False)
st.markdown(page.identity)
if page.derived:
    st.caption(page.derived)
st.markdown(page.summary)
for column, (label, value) in zip(st.columns(len(page.metrics)), page.metrics):
    column.metric(label, value)
if page.wrong_alert:
    st.warning(page.wrong_alert, icon="⚖️")

st.header(ui.t("region.trigger"), anchor="trigger", divider="gray")
ui.markdown_or(page.trigger, "region.no_trigger")

st.header(ui.t("region.timeline"), anchor="timeline", divider="gray")
if ui.chart(charts.region_timeline, page.timeline_args, f"region_{region_id}_timeline",
            f"{page.name} — {ui.t('region.timeline')}",
            [*ui.years_line(min(page.years, default=None), max(page.years, default=None)),
             ui.t("export.source_line")], show_title=False, file=("region_timeline", region_id)):
    st.caption(ui.t("region.timeline_help"))
else:
    st.info(ui.t("region.no_dated"))
if page.undated:
    st.markdown(page.undated)


def open_stage(codes_by_label: dict) -> None:
    chosen = codes_by_label.get(st.session_state.get("region_stage_tab"))
    ui.set_params(stage=chosen if chosen and chosen != stage_codes[0] else None)


st.header(ui.t("region.stages"), anchor="stages", divider="gray")
st.caption(ui.t("region.stages_help"))
st.expander(ui.t("region.rubric")).markdown(page.rubric)
codes_by_label = {s.tab: s.code for s in page.stages}
ui.bind("region_stage_tab", page.stages[stage_codes.index(stage_param)].tab if stage_param else None)
tabs = st.tabs(list(codes_by_label), key="region_stage_tab", on_change=open_stage, args=(codes_by_label,))
for tab, stage in zip(tabs, page.stages):
    with tab:
        st.subheader(stage.heading, anchor=False)
        st.caption(stage.covers)
        if stage.documented:
            st.container(border=True).markdown(stage.assessment)
        else:
            st.warning(stage.assessment, icon=":material/help_outline:")
        if stage.gaps:
            st.markdown(stage.gaps)
        st.markdown(stage.practices_heading)
        for p in stage.practices:
            ui.practice_card(store, p)

st.header(ui.t("region.factors"), anchor="factors", divider="gray")
st.caption(ui.t("region.factors_help"))
st.markdown(page.factors)

st.header(ui.t("region.obstacles"), anchor="obstacles", divider="gray")
ui.markdown_or(page.obstacles, "region.no_obstacles")

st.header(ui.t("region.outcomes"), anchor="outcomes", divider="gray")
if page.outcomes.empty:
    st.info(ui.t("region.no_outcomes"))
else:
    columns = ["label", "value", "unit_label", "year", "rank_text", "indicator_name", "practice", "note", "sources_text"]
    ui.table(
        page.outcomes[columns], f"region_{region_id}_outcomes", file=("region_outcomes", region_id), api=api.url(f"regions/{region_id}", lang=lang),
        hide_index=True, width="stretch",
        height=min(35 * len(page.outcomes) + 38, 720),
        download=lambda: page.outcomes[columns].assign(
            sources_text=citations.texts(store, "outcome", page.outcomes["outcome_id"], lang)),
        column_config={
            "label": st.column_config.TextColumn(ui.t("region.o_label"), width="large"),
            "value": st.column_config.NumberColumn(ui.t("region.o_value"), help=ui.t("region.o_value_help")),
            "unit_label": st.column_config.TextColumn(ui.t("region.o_unit")),
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

# what went wrong: legal events and stopped practices, always shown
st.header(ui.t("region.wrong"), anchor=profile.WRONG_ANCHOR, divider="red")
st.caption(ui.t("region.wrong_help"))
st.subheader(page.legal_heading, anchor=False)
if not page.legal:
    st.info(ui.t("region.no_legal"))
for block in page.legal:
    st.container(border=True).markdown(block)
st.subheader(page.stopped_heading, anchor=False)
if not page.stopped:
    st.info(ui.t("region.no_stopped"))
for block in page.stopped:
    st.container(border=True).markdown(block)
if page.other_gaps:
    st.subheader(ui.t("region.other_gaps"), anchor=False)
    st.markdown(page.other_gaps)

st.header(ui.t("region.events"), anchor="events", divider="gray")
if page.events:
    st.caption(ui.t("region.events_help"))
    st.markdown(page.events)
else:
    st.info(ui.t("region.no_events"))

st.header(ui.t("region.framework"), anchor="framework", divider="gray")
ui.markdown_or(page.framework, "region.no_framework")

st.header(page.sources_heading, anchor="sources", divider="gray")
st.caption(ui.t("region.sources_help"))
st.markdown(page.sources)
