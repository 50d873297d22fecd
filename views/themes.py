"""A page per theme: every region's practices of one theme in time order, with stage, status, results and what
went wrong, their citations, and downloads. The planner's first question: who built this, how, in what order,
with what result?

URL: /themes?theme=<code>, lang.
"""
import streamlit as st

from lib import api, cached, mdtext, queries, schema, state, theme_page, ui

CARDS = 50  # practice cards a page
lang, store = ui.lang(), cached.store()
st.title(ui.t("themes.title"))
st.caption(ui.t("themes.intro"))

raw, parsed = ui.params(), state.Parsed()
counts = cached.shared(queries.theme_counts, store)
codes = [c for c in schema.codes("themes") if counts.get(c)]
theme = state.one(raw.get("theme"), codes, parsed, "theme")
ui.refused(parsed)
theme = ui.synced(st.selectbox, "themes_pick", theme, ui.t("themes.choose"), codes,
                  placeholder=ui.t("themes.placeholder"),
                  format_func=lambda c: f"{schema.label('themes', c, lang)} ({counts[c]})")
ui.set_params(theme=theme)
if not theme:
    st.info(ui.t("themes.hint"))
    st.stop()

vocab = next(v for v in schema.vocab("themes") if v["code"] == theme)
st.header(schema.label("themes", theme, lang), anchor=False)
if vocab.get("description"):
    st.caption(mdtext.escape(vocab["description"].get(lang) or vocab["description"]["id"]))

page = cached.theme_page(store, lang, theme)
found, outcomes = page.practices, page.outcomes

c1, c2, c3, c4 = st.columns(4)
c1.metric(ui.t("common.practices"), ui.count(len(found)))
c2.metric(ui.t("themes.regions"), ui.count(found["region_id"].nunique()))
c3.metric(schema.label("statuses", "running", lang), ui.count(int((found["status"] == "running").sum())))
c4.metric(ui.t("themes.stopped_or_replaced"), ui.count(int(found["status"].isin(theme_page.WENT_WRONG).sum())))

# --- in time order ---------------------------------------------------------------------------------------------
st.subheader(ui.t("themes.in_order"), anchor="order")
st.caption(ui.t("themes.in_order_help"))
table = found.assign(year=found["year_start"])
ui.table(table[["year", "region", "stage", "title", "status_label", "link", "sources_text"]], f"theme_{theme}",
         file=("theme", schema.label("themes", theme, lang)), api=api.url("practices", theme=theme), hide_index=True, width="stretch",
         download=table[["year", "region", "stage", "title", "status_label", "sources_text"]],
         column_config={
             "year": st.column_config.NumberColumn(ui.t("stages.year"), format="%d", help=ui.t("stages.help_year")),
             "region": st.column_config.TextColumn(ui.t("common.region")),
             "stage": st.column_config.TextColumn(ui.t("common.stage"), help=ui.t("stages.help_stage")),
             "title": st.column_config.TextColumn(ui.t("stages.practice"), width="large"),
             "status_label": st.column_config.TextColumn(ui.t("stages.status"), help=ui.t("stages.help_status")),
             "link": st.column_config.LinkColumn(ui.t("themes.open"), display_text=ui.t("themes.open_text")),
             "sources_text": st.column_config.TextColumn(ui.t("common.sources"), width="large"),
         })

# --- results ---------------------------------------------------------------------------------------------------
st.subheader(ui.t("themes.results"), anchor="results")
if outcomes.empty:
    st.info(ui.t("themes.no_results"))
else:
    ui.table(outcomes[["region", "practice", "label", "value", "unit_label", "year", "note", "sources_text"]],
             f"theme_{theme}_results", file=("theme_results", schema.label("themes", theme, lang)), api=api.url("outcomes", theme=theme), hide_index=True, width="stretch",
             column_config={
                 "region": st.column_config.TextColumn(ui.t("common.region")),
                 "practice": st.column_config.TextColumn(ui.t("stages.practice")),
                 "label": st.column_config.TextColumn(ui.t("region.o_label"), width="large"),
                 "value": st.column_config.NumberColumn(ui.t("region.o_value")),
                 "unit_label": st.column_config.TextColumn(ui.t("region.o_unit")),
                 "year": st.column_config.NumberColumn(ui.t("stages.year"), format="%d"),
                 "note": st.column_config.TextColumn(ui.t("region.o_note")),
                 "sources_text": st.column_config.TextColumn(ui.t("common.sources"), width="large"),
             })

# --- what went wrong -------------------------------------------------------------------------------------------
st.subheader(ui.t("themes.went_wrong"), anchor="went-wrong")
if not page.went_wrong and not page.legal:
    st.info(ui.t("themes.nothing_wrong"))
if page.went_wrong:
    st.markdown(page.went_wrong)
if page.legal:
    st.markdown(f"**{ui.t('themes.legal')}**")
    st.caption(ui.t("themes.legal_help"))
    st.markdown(page.legal)

# --- each practice ---------------------------------------------------------------------------------------------
st.subheader(ui.t("themes.each"), anchor="each")
parsed = state.Parsed()
cards_shown, page, pages = ui.paged(found, CARDS, parsed)  # at 514 regions a theme has thousands of practices
ui.refused(parsed)
for p in cards_shown.itertuples():
    ui.practice_card(store, p._replace(title=f"{p.region} · {p.title}"))
ui.pager("views/themes.py", page, pages)
