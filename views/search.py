"""Search: find practices in Indonesian or English, typos tolerated, combined with the explorer's filters."""
from types import SimpleNamespace

import streamlit as st

from lib import api, cached, mdtext, queries, schema, search, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("search.title"))
st.caption(ui.t("search.intro"))

regions = cached.shared(queries.regions, store, lang)
query = ui.synced(st.text_input, "search_q", (ui.params().get("q") or [""])[0][: state.MAX_VALUE], ui.t("search.box"),
                  max_chars=state.MAX_VALUE, placeholder=ui.t("search.placeholder"))
ui.set_params(q=query.strip() or None)
with st.expander(ui.t("search.filters"), expanded=any(k in st.query_params for k in (
        "stage", "theme", "factor", "type", "province", "status", "year_from", "year_to"))):
    flt = ui.practice_filters(sorted(regions["province"].unique()), "search", columns=3)

if not query.strip() and flt == queries.PracticeFilter():
    st.info(ui.t("search.start"))
    st.stop()

PAGE = 20
raw, parsed = ui.params(), state.Parsed()
page = state.number(raw.get("page"), parsed, "page", 1, 10_000) or 1
ui.refused(parsed)
asked = (query.strip(), repr(flt))
if st.session_state.get("_search_asked", asked) != asked:  # new words or filters start again at page 1
    page = 1
st.session_state["_search_asked"] = asked
result = search.search(store, query, limit=PAGE, offset=(page - 1) * PAGE, filters=flt, lang=lang)
if result.corrected:
    st.info(ui.t("search.corrected", terms=" ".join(result.corrected)))
for ex in result.expanded:
    meaning = ex.entry.expansion.get(lang) if ex.entry.expansion else None
    st.info(ui.t("search.expanded", typed=mdtext.escape(ex.typed), term=mdtext.escape(ex.entry.term),
                 meaning=mdtext.escape(meaning or ex.entry.term),
                 related=", ".join(mdtext.escape(r.term) for r in ex.related) or "—"), icon=":material/menu_book:")
if not result.hits and page > 1:  # a page past the end (an old link): the first page instead
    page, result = 1, search.search(store, query, limit=PAGE, filters=flt, lang=lang)
ui.set_params(page=page if page > 1 else None)
if not result.hits:
    st.warning(ui.t("search.empty"))
    st.stop()
pages = -(-result.total // PAGE)
st.subheader(ui.t("search.results", n=result.total))
if pages > 1:
    st.caption(ui.t("search.page_of", first=(page - 1) * PAGE + 1, last=(page - 1) * PAGE + len(result.hits),
                    n=result.total))
st.link_button(ui.t("api.link"), api.url("search", **{**ui.params(), "q": query, "lang": lang}), icon=":material/api:",
               help=ui.t("api.help"))


details = {r["practice_id"]: SimpleNamespace(**r) for r in queries.practices(
    store, lang, queries.PracticeFilter(practice_ids=[h.practice_id for h in result.hits])).to_dict("records")}
for rank, hit in enumerate(result.hits, (page - 1) * PAGE + 1):
    row = details[hit.practice_id]
    st.markdown(f"##### {rank}. {mdtext.highlighted(search.snippet(hit.title, result.terms, width=60))}")
    st.markdown(f"[{mdtext.escape(hit.region_name)}]({ui.page_url('region', region=hit.region_id)}) · "
                f"{ui.t('common.stage')} {hit.stage_code} — "
                f"{mdtext.escape(schema.label('stages', hit.stage_code, lang))} · "
                f"{ui.status_badge(row.status, row.status_year)} · "
                f"[{ui.t('search.open_practice')}]({ui.page_url('practice', practice=hit.practice_id)})")
    st.markdown(mdtext.highlighted(hit.snippet) or "—")
    ui.practice_card(store, row)

ui.pager("views/search.py", page, pages)
