"""Stage explorer: filter documented practices across all regions; every filter lives in the URL."""
import streamlit as st

from lib import api, cached, charts, citations, queries, schema, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("stages.title"))
st.caption(ui.t("stages.intro"))

regions = queries.regions(store, lang)
flt = ui.practice_filters(sorted(regions["province"].unique()), "stages")

found = queries.practices(store, lang, flt, texts=False)  # the card below reads its own texts
st.subheader(ui.t("stages.results", n=ui.count(len(found))))
if found.empty:
    st.info(ui.t("stages.empty"))
    st.stop()

counts = found.groupby(["stage_code", "region"], as_index=False).size()
ui.chart(charts.stage_counts, (counts, {"stage": ui.t("common.stage"), "region": ui.t("common.region"),
                                      "count": ui.t("common.practices")}),
         "practices_by_stage", ui.t("stages.chart_title"),
         [*ui.years_line(found["year_start"].min(), found["year_start"].max()), ui.t("export.source_line")],
         fit="fit-x")

table = found.assign(
    stage=found["stage_code"],
    themes_label=found["themes"].map(lambda cs: ", ".join(schema.label("themes", c, lang) for c in cs)),
    factors_label=found["factors"].map(lambda cs: ", ".join(cs)),
    status_label=found.apply(lambda r: schema.label("statuses", r.status, lang)
                             + (f" ({int(r.status_year)})" if ui.known(r.status_year) else ""), axis=1))
columns = ["region", "stage", "title", "year_start", "status_label", "themes_label", "factors_label", "n_sources"]
event = ui.table(
    table[columns], "practices", api=api.url("practices", **ui.params()), hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
    key="stages_table",
    download=lambda: table[columns[:-1]].assign(**{ui.t("common.sources"): table["practice_id"].map(  # full citations
        citations.by_subject(queries.citations(store, "practice", list(table["practice_id"]))))}),
    column_config={
        "region": st.column_config.TextColumn(ui.t("common.region")),
        "stage": st.column_config.TextColumn(ui.t("common.stage"), help=ui.t("stages.help_stage")),
        "title": st.column_config.TextColumn(ui.t("stages.practice"), width="large"),
        "year_start": st.column_config.NumberColumn(ui.t("stages.year"), format="%d",
                                                    help=ui.t("stages.help_year")),
        "status_label": st.column_config.TextColumn(ui.t("stages.status"), help=ui.t("stages.help_status")),
        "themes_label": st.column_config.TextColumn(ui.t("stages.theme")),
        "factors_label": st.column_config.TextColumn(ui.t("stages.factor"), help=ui.t("stages.help_factor")),
        "n_sources": st.column_config.NumberColumn(ui.t("stages.n_sources")),
    })

rows = event.selection.rows if event and event.selection else []
chosen = found.iloc[rows[0]]["practice_id"] if rows else state.one(
    ui.params().get("practice"), set(found["practice_id"]), state.Parsed(), "practice")
ui.set_params(practice=chosen)
if chosen:
    st.subheader(ui.t("stages.detail"))
    detail = queries.practices(store, lang, queries.PracticeFilter(practice_ids=[chosen]))
    ui.practice_card(store, next(detail.itertuples()), expanded=True)
else:
    st.caption(ui.t("stages.click_hint"))
