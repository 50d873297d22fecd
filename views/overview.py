"""Overview: headline counts, map, region x stage matrix, the guide's factors and lessons."""
import streamlit as st

from lib import api, cached, charts, mdtext, queries, schema, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("overview.title"))
st.caption(ui.t("overview.intro"))

head = cached.shared(queries.headline, store)
if not head["regions"]:
    st.warning(ui.t("common.no_data"))
    st.stop()
cols = st.columns(4)
cols[0].metric(ui.t("overview.regions"), ui.count(head["regions"]))
cols[1].metric(ui.t("overview.practices"), ui.count(head["practices"]))
cols[2].metric(ui.t("overview.sources"), ui.count(head["sources"]))
cols[3].metric(ui.t("overview.years"), f"{head['year_min']}–{head['year_max']}")

st.subheader(ui.t("overview.way_in"), anchor="regions")
cards = cached.shared(queries.region_cards, store)
ui.table(cards.assign(type=cards["type"].map(lambda c: schema.label("region_types", c, lang)),
                      link=[ui.page_url("region", region=r) for r in cards["region_id"]])[
             ["name", "link", "type", "province", "trigger_year", "practices", "stages_documented", "stopped",
              "legal_events"]],
         "regions", api=api.url("regions"), hide_index=True, width="stretch",
         download=cards[["region_id", "name", "type", "province", "trigger_year", "practices", "stages_documented",
                         "stopped", "legal_events"]],
         column_config={
             "name": st.column_config.TextColumn(ui.t("common.region")),
             "link": st.column_config.LinkColumn(ui.t("overview.profile"), display_text=ui.t("overview.open_profile"),
                                                 help=ui.t("overview.way_in_help")),
             "type": st.column_config.TextColumn(ui.t("common.type")),
             "province": st.column_config.TextColumn(ui.t("common.province")),
             "trigger_year": st.column_config.NumberColumn(ui.t("overview.trigger_year"), format="%d"),
             "practices": st.column_config.NumberColumn(ui.t("common.practices")),
             "stages_documented": st.column_config.NumberColumn(ui.t("overview.stages_documented")),
             "stopped": st.column_config.NumberColumn(ui.t("overview.stopped")),
             "legal_events": st.column_config.NumberColumn(ui.t("overview.legal_events")),
         })

labels = {k: ui.t(f"common.{k}") for k in ("region", "stage", "maturity", "not_documented", "practices",
                                             "sources", "type", "province")}


@st.fragment  # the counts toggle redraws the matrix only
def stage_matrix() -> None:
    st.subheader(ui.t("overview.matrix"))
    counts = ui.synced(st.toggle, "overview_counts", st.query_params.get("view") == "counts",
                       ui.t("overview.show_counts"))
    ui.set_params(view="counts" if counts else None)
    matrix = cached.shared(queries.stage_matrix, store, lang)
    ui.chart(charts.maturity_heatmap, (matrix, labels, counts), "region_stage_matrix", ui.t("overview.matrix"),
             [*ui.years_line(head["year_min"], head["year_max"]), ui.t("overview.matrix_help"),
              ui.t("export.source_line")], show_title=False)
    st.caption(ui.t("overview.matrix_help"))


left, right = st.columns([1, 1])
with left:
    st.subheader(ui.t("overview.map"))
    regions = cached.shared(queries.regions, store, lang)
    regions = regions.assign(type_label=regions["type"].map(lambda c: schema.label("region_types", c, lang)))
    ui.chart(charts.region_map, (regions, labels), "map", ui.t("overview.map"), [ui.t("export.source_line")],
             show_title=False)
    st.caption(ui.t("overview.map_note"))
with right:
    stage_matrix()
    with st.expander(ui.t("overview.rubric")):
        for level in cached.shared(queries.maturity_levels, store, lang).itertuples():
            st.markdown(f"**{level.level} — {mdtext.escape(level.name)}**: {mdtext.escape(level.description)}")

left, right = st.columns(2)
with left:
    st.subheader(ui.t("overview.factors"))
    for f in cached.shared(queries.factors, store, lang).itertuples():
        st.markdown(f"**({f.factor_code}) {mdtext.escape(f.name)}** — {mdtext.escape(f.description)}")
with right:
    st.subheader(ui.t("overview.lessons"))
    lessons = cached.shared(queries.lessons, store, lang)
    st.markdown("\n".join(f"{r.number}. {mdtext.escape(r.text)}" for r in lessons.itertuples()))
    if len(lessons):
        st.caption(ui.t("overview.lessons_source"))
