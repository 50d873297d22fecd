"""Stage explorer: filter documented practices across all regions; every filter lives in the URL."""
import streamlit as st

from lib import api, cached, cards, charts, citations, queries, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("stages.title"))
st.caption(ui.t("stages.intro"))

regions = cached.shared(queries.regions, store, lang)
flt = ui.practice_filters(sorted(regions["province"].unique()), "stages")

PAGE = 200  # rows a page: at 514 regions the unfiltered list has 15,420, which nobody reads at once
found = cached.practice_list(store, lang, flt)  # the card below reads its own texts
st.subheader(ui.t("stages.results", n=ui.count(len(found))))
if found.empty:
    st.info(ui.t("stages.empty"))
    st.stop()

chosen_stages = (ui.t("common.stage"), *flt.stages) if flt.stages else ()  # "praktik-tahap-ii.csv"
counts = found.groupby(["stage_code", "region"], as_index=False).size()
ui.chart(charts.stage_counts, (counts, {"stage": ui.t("common.stage"), "region": ui.t("common.region"),
                                      "count": ui.t("common.practices")}),
         "practices_by_stage", ui.t("stages.chart_title"),
         [*ui.years_line(found["year_start"].min(), found["year_start"].max()), ui.t("export.source_line")],
         fit="fit-x")


parsed = state.Parsed()
shown, page, pages = ui.paged(found, PAGE, parsed)
ui.refused(parsed)
table = cards.table_rows(shown, lang)
columns = ["region", "stage", "title", "year_start", "status_label", "themes_label", "factors_label", "n_sources"]
event = ui.table(
    table[columns], "practices", api=api.url("practices", **ui.params()), hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
    key="stages_table", file=("practices", *chosen_stages),
    download=lambda: cards.table_rows(found, lang)[columns[:-1]].assign(  # every row, not only the page shown
        **{ui.t("common.sources"): citations.texts(store, "practice", found["practice_id"], lang)}),
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

ui.pager("views/stages.py", page, pages)
rows = event.selection.rows if event and event.selection else []
chosen = shown.iloc[rows[0]]["practice_id"] if rows else state.one(
    ui.params().get("practice"), set(found["practice_id"]), state.Parsed(), "practice")
ui.set_params(practice=chosen)
if chosen:
    st.subheader(ui.t("stages.detail"))
    detail = queries.practices(store, lang, queries.PracticeFilter(practice_ids=[chosen]))
    ui.practice_card(store, next(detail.itertuples()), expanded=True)
else:
    st.caption(ui.t("stages.click_hint"))
