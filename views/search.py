"""Search: find practices in Indonesian or English, typos tolerated, combined with the explorer's filters."""
import streamlit as st

from lib import api, cached, queries, schema, search, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("search.title"))
st.caption(ui.t("search.intro"))

regions = queries.regions(store, lang)
query = st.text_input(ui.t("search.box"), value=(ui.params().get("q") or [""])[0][: state.MAX_VALUE],
                      max_chars=state.MAX_VALUE, key="search_q", placeholder=ui.t("search.placeholder"))
ui.set_params(q=query.strip() or None)
with st.expander(ui.t("search.filters"), expanded=any(k in st.query_params for k in (
        "stage", "theme", "factor", "type", "province", "status", "year_from", "year_to"))):
    flt = ui.practice_filters(sorted(regions["province"].unique()), "search", columns=3)

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
st.link_button(ui.t("api.link"), api.url("search", **{**ui.params(), "q": query, "lang": lang}), icon=":material/api:",
               help=ui.t("api.help"))


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
