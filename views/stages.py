"""Stage explorer: filter documented practices across all regions; every filter lives in the URL."""
import streamlit as st

from lib import cached, charts, queries, schema, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("stages.title"))
st.caption(ui.t("stages.intro"))

regions = queries.regions(store, lang)
raw, parsed = ui.params(), state.Parsed()
flt = queries.PracticeFilter(
    stages=state.many(raw.get("stage"), schema.codes("stages"), parsed, "stage"),
    themes=state.many(raw.get("theme"), schema.codes("themes"), parsed, "theme"),
    factors=state.many(raw.get("factor"), schema.codes("factors"), parsed, "factor"),
    types=state.many(raw.get("type"), ["kabupaten", "kota"], parsed, "type"),
    provinces=state.many(raw.get("province"), sorted(regions["province"].unique()), parsed, "province"),
    statuses=state.many(raw.get("status"), schema.codes("statuses"), parsed, "status"),
    year_from=state.year(raw.get("year_from"), parsed, "year_from"),
    year_to=state.year(raw.get("year_to"), parsed, "year_to"),
)
ui.refused(parsed)


def pick(label_key, key, options, chosen, fmt):
    return st.multiselect(ui.t(label_key), options, default=chosen, format_func=fmt, key=f"stages_{key}",
                          placeholder=ui.t("stages.any"))


c1, c2, c3, c4 = st.columns(4)
with c1:
    flt.stages = pick("common.stage", "stage", schema.codes("stages"), flt.stages,
                      lambda c: f"{c} — {schema.label('stages', c, lang)}")
    flt.statuses = pick("stages.status", "status", schema.codes("statuses"), flt.statuses,
                        lambda c: schema.label("statuses", c, lang))
with c2:
    flt.themes = pick("stages.theme", "theme", schema.codes("themes"), flt.themes,
                      lambda c: schema.label("themes", c, lang))
    flt.factors = pick("stages.factor", "factor", schema.codes("factors"), flt.factors,
                       lambda c: f"({c}) {schema.label('factors', c, lang)}")
with c3:
    flt.types = pick("common.type", "type", ["kabupaten", "kota"], flt.types, lambda c: ui.t(f"common.{c}"))
    flt.provinces = pick("common.province", "province", sorted(regions["province"].unique()), flt.provinces,
                         str)
with c4:
    flt.year_from = st.number_input(ui.t("stages.year_from"), 1945, 2100, value=flt.year_from, step=1,
                                    key="stages_year_from", placeholder="—")
    flt.year_to = st.number_input(ui.t("stages.year_to"), 1945, 2100, value=flt.year_to, step=1,
                                  key="stages_year_to", placeholder="—")
ui.set_params(stage=flt.stages, theme=flt.themes, factor=flt.factors, type=flt.types, province=flt.provinces,
              status=flt.statuses, year_from=flt.year_from, year_to=flt.year_to)
if flt.year_from is not None or flt.year_to is not None:
    st.caption(ui.t("stages.year_hint"))

found = queries.practices(store, lang, flt)
st.subheader(ui.t("stages.results", n=len(found)))
if found.empty:
    st.info(ui.t("stages.empty"))
    st.stop()

counts = found.groupby(["stage_code", "region"], as_index=False).size()
ui.chart(charts.stage_counts(counts, {"stage": ui.t("common.stage"), "region": ui.t("common.region"),
                                      "count": ui.t("common.practices")}),
         "practices_by_stage", ui.t("stages.chart_title"),
         [*ui.years_line(found["year_start"].min(), found["year_start"].max()), ui.t("export.source_line")])

table = found.assign(
    stage=found["stage_code"],
    themes_label=found["themes"].map(lambda cs: ", ".join(schema.label("themes", c, lang) for c in cs)),
    factors_label=found["factors"].map(lambda cs: ", ".join(cs)),
    status_label=found.apply(lambda r: schema.label("statuses", r.status, lang)
                             + (f" ({int(r.status_year)})" if ui.known(r.status_year) else ""), axis=1))
columns = ["region", "stage", "title", "year_start", "status_label", "themes_label", "factors_label", "n_sources"]
event = ui.table(
    table[columns], "practices", hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
    key="stages_table",
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
    raw.get("practice"), set(found["practice_id"]), state.Parsed(), "practice")
ui.set_params(practice=chosen)
if chosen:
    st.subheader(ui.t("stages.detail"))
    ui.practice_card(store, next(found[found["practice_id"] == chosen].itertuples()), expanded=True)
else:
    st.caption(ui.t("stages.click_hint"))
