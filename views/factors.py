"""Success factors: region x factor matrix with the evidence behind each cell; gaps shown as gaps."""
import streamlit as st

from lib import api, cached, charts, citations, mdtext, queries, schema, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("factors.title"))
st.caption(ui.t("factors.intro"))

matrix = cached.shared(queries.factor_matrix, store, lang)
if matrix.empty:
    st.warning(ui.t("common.no_data"))
    st.stop()
labels = {"region": ui.t("common.region"), "factor": ui.t("factors.factor"), "evidenced": ui.t("factors.evidenced"),
          "gap": ui.t("factors.gap"), "sources": ui.t("common.sources")}
ui.chart(charts.factor_matrix, (matrix, labels), "region_factor_matrix", ui.t("factors.title"),
         [ui.t("factors.legend"), ui.t("export.source_line")], show_title=False)

raw, parsed = ui.params(), state.Parsed()
factor = state.one(raw.get("factor"), schema.codes("factors"), parsed, "factor")
ui.refused(parsed)
factor = ui.synced(st.segmented_control, "factors_pick", factor, ui.t("factors.choose"), schema.codes("factors"),
                   format_func=lambda c: f"({c}) {schema.label('factors', c, lang)}")
ui.set_params(factor=factor)
shown = matrix if not factor else matrix[matrix["factor_code"] == factor]
if factor:
    desc = cached.shared(queries.factors, store, lang).set_index("factor_code").loc[factor, "description"]
    st.info(mdtext.escape(desc))

table = shown.assign(state=shown["evidenced"].map({True: "✓ " + ui.t("factors.evidenced"),
                                                   False: "— " + ui.t("factors.gap")}))
columns = ["region", "factor_code", "factor", "state", "text", "n_sources"]
subjects = table["region_id"] + ":" + table["factor_code"]
event = ui.table(
    table[columns], "factor_evidence", api=api.url("factor_evidence"),
    hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="factors_table",
    download=lambda: table[columns[:-1]].assign(
        **{ui.t("common.sources"): citations.texts(store, "factor", subjects, lang)}),  # full citations
    column_config={
        "region": st.column_config.TextColumn(ui.t("common.region")),
        "factor_code": st.column_config.TextColumn(ui.t("factors.code"), width="small"),
        "factor": st.column_config.TextColumn(ui.t("factors.factor")),
        "state": st.column_config.TextColumn(ui.t("factors.state")),
        "text": st.column_config.TextColumn(ui.t("factors.text"), width="large", help=ui.t("factors.text_help")),
        "n_sources": st.column_config.NumberColumn(ui.t("common.sources")),
    })
rows = event.selection.rows if event and event.selection else []
if rows:
    cell = shown.iloc[rows[0]]
    with st.container(border=True):
        st.markdown(f"**{mdtext.escape(cell['region'])} — ({cell['factor_code']}) {mdtext.escape(cell['factor'])}**")
        st.markdown(ui.linked(cell["text"]))
        if cell["evidenced"]:
            ui.cite_list(queries.citations(store, "factor", [f"{cell['region_id']}:{cell['factor_code']}"]))
        else:
            st.caption(ui.t("factors.gap"))
else:
    st.caption(ui.t("factors.click_hint"))
