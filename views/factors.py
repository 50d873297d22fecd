"""Success factors: region x factor matrix with the evidence behind each cell; gaps shown as gaps."""
import streamlit as st

from lib import cached, charts, queries, schema, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("factors.title"))
st.caption(ui.t("factors.intro"))

matrix = queries.factor_matrix(store, lang)
if matrix.empty:
    st.warning(ui.t("common.no_data"))
    st.stop()
labels = {"region": ui.t("common.region"), "factor": ui.t("factors.factor"), "evidenced": ui.t("factors.evidenced"),
          "gap": ui.t("factors.gap"), "sources": ui.t("common.sources")}
ui.chart(charts.factor_matrix(matrix, labels), "region_factor_matrix", ui.t("factors.title"),
         [ui.t("factors.legend"), ui.t("export.source_line")], show_title=False)
st.caption(ui.t("factors.legend"))

raw, parsed = ui.params(), state.Parsed()
factor = state.one(raw.get("factor"), schema.codes("factors"), parsed, "factor")
ui.refused(parsed)
factor = st.segmented_control(ui.t("factors.choose"), schema.codes("factors"), default=factor,
                              format_func=lambda c: f"({c}) {schema.label('factors', c, lang)}", key="factors_pick")
ui.set_params(factor=factor)
shown = matrix if not factor else matrix[matrix["factor_code"] == factor]
if factor:
    desc = queries.factors(store, lang).set_index("factor_code").loc[factor, "description"]
    st.info(ui.escape_md(desc))

for (region, _), cells in shown.groupby(["region", "region_id"], sort=True):
    st.subheader(region)
    for cell in cells.itertuples():
        title = f"({cell.factor_code}) {cell.factor}"
        if cell.evidenced:
            with st.expander(f"✅ {title}", expanded=bool(factor)):
                st.markdown(ui.escape_md(cell.text))
                ui.cite_list(queries.citations(store, "factor", [f"{cell.region_id}:{cell.factor_code}"]))
        else:
            st.markdown(f"⬜ **{ui.escape_md(title)}** — {ui.t('factors.gap')}: {ui.escape_md(cell.text)}")
