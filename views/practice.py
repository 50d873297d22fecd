"""A page per practice, with its own link: region, stage, themes, factors, status and its evidence, what replaced
it, the regulations and agencies its text names, results, citations, and the same theme in other regions.

URL: /practice?practice=<id>, lang.
"""
import streamlit as st

from lib import cached, glossary, mdtext, queries, schema, state, ui

RELATED = 50  # related practices a page
lang, store = ui.lang(), cached.store()
raw, parsed = ui.params(), state.Parsed()
asked = (raw.get("practice") or [""])[0][:state.MAX_VALUE]
known_id = {pid for (pid,) in store.rows("SELECT practice_id FROM practices WHERE practice_id = ?", [asked])}
practice_id = state.one(raw.get("practice"), known_id, parsed, "practice")  # one lookup, not every id
ui.refused(parsed)
if not practice_id:
    st.title(ui.t("practice_page.title"))
    st.info(ui.t("practice_page.hint", stages=ui.page_url("stages"), search=ui.page_url("search"),
                 themes=ui.page_url("themes")))
    st.stop()

p = next(cached.shared(queries.practices, store, lang, queries.PracticeFilter(practice_ids=[practice_id])).itertuples())
st.title(p.title, anchor=False)
st.markdown(" · ".join([
    f"[{mdtext.escape(p.region)}]({ui.page_url('region', region=p.region_id)})",
    f"{ui.t('common.stage')} {p.stage_code} — {mdtext.escape(schema.label('stages', p.stage_code, lang))}",
    (str(int(p.year_start)) if ui.known(p.year_start) else ui.t("practice.year_unknown"))]))
st.markdown(ui.linked(p.summary))
if ui.known(p.year_note):
    st.caption(ui.t("practice.year_note") + " " + mdtext.escape(p.year_note))

left, right = st.columns(2)
with left:
    st.subheader(ui.t("practice_page.status"), anchor=False)
    st.markdown(ui.status_badge(p.status, p.status_year))
    if ui.known(p.status_note):
        st.markdown(mdtext.escape(p.status_note))
    for link in cached.shared(queries.practice_links, store, lang, practice_id).itertuples():
        st.markdown(ui.t(f"practice_page.{link.relation}",
                         title=f"[{mdtext.escape(link.title)}]({ui.page_url('practice', practice=link.practice_id)})"))
    status_cites = cached.shared(queries.citations, store, "status", (practice_id,))
    if len(status_cites):
        st.caption(ui.t("practice.status_sources"))
        ui.cite_list(status_cites)
with right:
    st.subheader(ui.t("practice_page.classified"), anchor=False)
    st.markdown("\n".join(
        [f"- {ui.t('stages.theme')}: " + ", ".join(
            f"[{mdtext.escape(schema.label('themes', c, lang))}]({ui.page_url('themes', theme=c)})" for c in p.themes)]
        + [f"- {ui.t('stages.factor')}: " + (", ".join(
            f"({c}) {mdtext.escape(schema.label('factors', c, lang))}" for c in p.factors) or "—")]))
    named = {}
    for m in glossary.find(p.summary or "", cached.glossary_entries()):
        if m.entry.category in ("regulation", "agency"):
            named.setdefault(m.entry.category, []).append(m.text)
    if named:
        st.caption(ui.t("practice_page.named_help"))
        for category, forms in named.items():
            st.markdown(f"- {ui.t(f'practice_page.named_{category}')}: "
                        + ", ".join(ui.linked(f) for f in dict.fromkeys(forms)))

st.subheader(ui.t("practice_page.results"), anchor=False)
outcomes = cached.shared(queries.practice_outcomes, store, lang, (practice_id,))
if outcomes.empty:
    st.caption(ui.t("practice_page.no_results"))
for o in outcomes.itertuples():
    value = f"{o.value:g} {o.unit_label or ''}".strip() if ui.known(o.value) else ""
    year = f" ({int(o.year)})" if ui.known(o.year) else ""
    st.markdown(f"- {mdtext.escape(o.label)}{': ' + mdtext.escape(value) if value else ''}{year}"
                + (f" — {mdtext.escape(o.note)}" if ui.known(o.note) else ""))
    ui.cite_list(cached.shared(queries.citations, store, "outcome", (o.outcome_id,)))

st.subheader(ui.t("practice.sources"), anchor=False)
ui.cite_list(cached.shared(queries.citations, store, "practice", (practice_id,)))

st.subheader(ui.t("practice_page.related"), anchor=False)
related = cached.practice_list(store, lang, queries.PracticeFilter(themes=list(p.themes)))
related = related[related["region_id"] != p.region_id]
if related.empty:
    st.caption(ui.t("practice_page.no_related"))
else:
    parsed = state.Parsed()
    related, page, pages = ui.paged(related, RELATED, parsed)  # at 514 regions a theme has thousands of practices
    ui.refused(parsed)
    st.markdown("\n".join(  # one list, one element
        f"- [{mdtext.escape(r.title)}]({ui.page_url('practice', practice=r.practice_id)}) · "
        f"{mdtext.escape(r.region)} · {r.stage_code} · "
        + (str(int(r.year_start)) if ui.known(r.year_start) else ui.t("practice.year_unknown"))
        + f" · {ui.status_badge(r.status, r.status_year)}" for r in related.itertuples()))
    ui.pager("views/practice.py", page, pages)
