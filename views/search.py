"""Search: find practices in Indonesian or English, typos tolerated, combined with the explorer's filters."""
import streamlit as st

from lib import cached, queries, schema, search, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("search.title"))
st.caption(ui.t("search.intro"))

raw, parsed = ui.params(), state.Parsed()
regions = queries.regions(store, lang)
query = (raw.get("q") or [""])[0][: state.MAX_VALUE]
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

query = st.text_input(ui.t("search.box"), value=query, max_chars=state.MAX_VALUE, key="search_q",
                      placeholder=ui.t("search.placeholder"))
with st.expander(ui.t("search.filters"), expanded=any([flt.stages, flt.themes, flt.factors, flt.types,
                                                       flt.provinces, flt.statuses, flt.year_from, flt.year_to])):
    c1, c2, c3 = st.columns(3)
    flt.stages = c1.multiselect(ui.t("common.stage"), schema.codes("stages"), default=flt.stages, key="search_stage",
                                format_func=lambda c: f"{c} — {schema.label('stages', c, lang)}",
                                placeholder=ui.t("stages.any"))
    flt.themes = c1.multiselect(ui.t("stages.theme"), schema.codes("themes"), default=flt.themes, key="search_theme",
                                format_func=lambda c: schema.label("themes", c, lang), placeholder=ui.t("stages.any"))
    flt.factors = c2.multiselect(ui.t("stages.factor"), schema.codes("factors"), default=flt.factors,
                                 key="search_factor", format_func=lambda c: f"({c}) {schema.label('factors', c, lang)}",
                                 placeholder=ui.t("stages.any"))
    flt.statuses = c2.multiselect(ui.t("stages.status"), schema.codes("statuses"), default=flt.statuses,
                                  key="search_status", format_func=lambda c: schema.label("statuses", c, lang),
                                  placeholder=ui.t("stages.any"))
    flt.types = c3.multiselect(ui.t("common.type"), ["kabupaten", "kota"], default=flt.types, key="search_type",
                               format_func=lambda c: ui.t(f"common.{c}"), placeholder=ui.t("stages.any"))
    flt.provinces = c3.multiselect(ui.t("common.province"), sorted(regions["province"].unique()),
                                   default=flt.provinces, key="search_province", placeholder=ui.t("stages.any"))
    y1, y2 = st.columns(2)
    flt.year_from = y1.number_input(ui.t("stages.year_from"), 1945, 2100, value=flt.year_from, step=1,
                                    key="search_year_from", placeholder="—")
    flt.year_to = y2.number_input(ui.t("stages.year_to"), 1945, 2100, value=flt.year_to, step=1,
                                  key="search_year_to", placeholder="—")
ui.set_params(q=query.strip() or None, stage=flt.stages, theme=flt.themes, factor=flt.factors, type=flt.types,
              province=flt.provinces, status=flt.statuses, year_from=flt.year_from, year_to=flt.year_to)

if not query.strip() and flt == queries.PracticeFilter():
    st.info(ui.t("search.start"))
    st.stop()

result = search.search(store, query, limit=50, filters=flt, lang=lang)
if result.corrected:
    st.info(ui.t("search.corrected", terms=" ".join(result.corrected)))
if not result.hits:
    st.warning(ui.t("search.empty"))
    st.stop()
st.subheader(ui.t("search.results", n=result.total))


def highlighted(segments) -> str:
    return "".join(f"**{ui.escape_md(text)}**" if match and text.strip() else ui.escape_md(text)
                   for text, match in segments)


details = queries.practices(store, lang, queries.PracticeFilter(practice_ids=[h.practice_id for h in result.hits]))
details = details.set_index("practice_id")
for rank, hit in enumerate(result.hits, 1):
    row = details.loc[hit.practice_id]
    st.markdown(f"##### {rank}. {highlighted(search.snippet(hit.title, result.terms, width=60))}")
    st.markdown(f"{ui.escape_md(hit.region_name)} · {ui.t('common.stage')} {hit.stage_code} — "
                f"{ui.escape_md(schema.label('stages', hit.stage_code, lang))} · "
                f"{ui.status_badge(row.status, row.status_year)}")
    st.markdown(highlighted(hit.snippet) or "—")
    ui.practice_card(store, next(details.loc[[hit.practice_id]].reset_index().itertuples()))
