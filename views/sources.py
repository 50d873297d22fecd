"""Sources & data quality: every source with the claims citing it, the quality report, and skipped files."""
import pandas as pd
import streamlit as st

from lib import api, cached, citations, cite, quality, queries, schema, state, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("sources.title"))
st.caption(ui.t("sources.intro"))

sources = cached.shared(queries.all_sources, store)
raw, parsed = ui.params(), state.Parsed()
regions = cached.shared(queries.regions, store, lang)
chosen_regions = state.many(raw.get("region"), list(regions["region_id"]), parsed, "region")
chosen_kinds = state.many(raw.get("kind"), schema.codes("source_kinds"), parsed, "kind")
text = (raw.get("q") or [""])[0][: state.MAX_VALUE]
ui.refused(parsed)

with st.container(border=True):
    info = cite.dataset(store, (st.context.url or "").split("?")[0].rsplit("/", 1)[0])  # the app's address
    st.markdown(f"**{ui.t('opendata.cite_title')}** — "
                + ui.t("opendata.cite_version", version=info["version"] or "—", date=info["date"] or "—"))
    st.caption(ui.t("opendata.cite_intro"))
    cite_tabs = st.tabs([ui.t("opendata.cite_id"), ui.t("opendata.cite_en"), ui.t("opendata.cite_bibtex")])
    for tab, body, code_lang in zip(cite_tabs, (cite.text(info, "id"), cite.text(info, "en"), cite.bibtex(info)),
                                    (None, None, "bibtex")):
        tab.code(body, language=code_lang, wrap_lines=True)
    st.markdown(f"**{ui.t('opendata.package_title')}** — {ui.t('opendata.package_intro')}")
    st.download_button(ui.t("opendata.package_download"), lambda: cached.package_zip(store),
                       file_name=ui.file_name("package", info["version"], ext="zip"), mime="application/zip",
                       icon=":material/folder_zip:", on_click="ignore", key="package_zip")

tab_sources, tab_quality, tab_problems = st.tabs([ui.t("sources.tab_sources"), ui.t("sources.tab_quality"),
                                                  ui.t("sources.tab_problems")])
with tab_sources:
    names = dict(zip(regions["region_id"], regions["name"]))
    c1, c2, c3 = st.columns([2, 2, 3])
    chosen_regions = ui.synced(c1.multiselect, "sources_region", chosen_regions, ui.t("common.region"), list(names),
                               format_func=names.get, placeholder=ui.t("stages.any"))
    chosen_kinds = ui.synced(c2.multiselect, "sources_kind", chosen_kinds, ui.t("sources.kind"),
                             schema.codes("source_kinds"), format_func=lambda c: schema.label("source_kinds", c, lang),
                             placeholder=ui.t("stages.any"))
    text = ui.synced(c3.text_input, "sources_q", text, ui.t("sources.filter_text"), max_chars=state.MAX_VALUE)
    ui.set_params(region=chosen_regions, kind=chosen_kinds, q=text.strip() or None)
    shown = sources
    if chosen_regions:
        shown = shown[shown["region_id"].isin(chosen_regions)]
    if chosen_kinds:
        shown = shown[shown["kind"].isin(chosen_kinds)]
    if text.strip():
        needle = text.strip().lower()
        titles = pd.Series([citations.title(s, lang) for s in shown.itertuples()], index=shown.index, dtype=str)
        shown = shown[titles.str.lower().str.contains(needle, regex=False)  # the title as shown, with its notes
                      | shown["publisher"].fillna("").str.lower().str.contains(needle, regex=False)]
    st.caption(ui.t("sources.count", n=len(shown), total=len(sources)))
    if shown.empty:
        st.info(ui.t("sources.empty"))
    else:
        table = shown.assign(kind_label=shown["kind"].map(lambda c: schema.label("source_kinds", c, lang)),
                             title=[citations.title(s, lang) for s in shown.itertuples()])
        shown_cols = ["region", "local_id", "title", "kind_label", "publisher", "year", "url", "n_claims", "claims"]
        ui.table(
            table[shown_cols], "sources", api=api.url("sources"), hide_index=True, width="stretch",
            download=table[[*shown_cols, "seed_file"]],  # the seed's file name is for re-users, not for reading
            column_config={
                "region": st.column_config.TextColumn(ui.t("common.region")),
                "local_id": st.column_config.TextColumn(ui.t("sources.id"), help=ui.t("sources.help_id")),
                "title": st.column_config.TextColumn(ui.t("sources.source_title"), width="large"),
                "kind_label": st.column_config.TextColumn(ui.t("sources.kind")),
                "publisher": st.column_config.TextColumn(ui.t("sources.publisher")),
                "year": st.column_config.NumberColumn(ui.t("sources.year"), format="%d"),
                "url": st.column_config.LinkColumn(ui.t("sources.link")),
                "n_claims": st.column_config.NumberColumn(ui.t("sources.n_claims"), help=ui.t("sources.help_claims")),
                "claims": st.column_config.TextColumn(ui.t("sources.claims"), width="large"),
            })

with tab_quality:
    report = cached.shared(quality.report, store, lang)
    st.caption(ui.t("sources.quality_intro", years=quality.STALE_YEARS))
    report = report.assign(gaps_text=report["gaps"].map(lambda g: "; ".join(g)), gap_count=report["gaps"].map(len))
    ui.table(
        report[["name", "practices", "sources", "outcomes", "stages_documented", "factors_evidenced",
                "unsourced_claims", "stale_practices", "gap_count", "gaps_text"]],
        "data_quality", hide_index=True, width="stretch",
        column_config={
            "name": st.column_config.TextColumn(ui.t("common.region")),
            "practices": st.column_config.NumberColumn(ui.t("common.practices")),
            "sources": st.column_config.NumberColumn(ui.t("common.sources")),
            "outcomes": st.column_config.NumberColumn(ui.t("sources.outcomes")),
            "stages_documented": st.column_config.ProgressColumn(ui.t("sources.stages_documented"), min_value=0,
                                                                 max_value=5, format="%d / 5"),
            "factors_evidenced": st.column_config.ProgressColumn(ui.t("sources.factors_evidenced"), min_value=0,
                                                                 max_value=5, format="%d / 5"),
            "unsourced_claims": st.column_config.NumberColumn(ui.t("sources.unsourced"),
                                                              help=ui.t("sources.help_unsourced")),
            "stale_practices": st.column_config.NumberColumn(ui.t("sources.stale", years=quality.STALE_YEARS)),
            "gap_count": st.column_config.NumberColumn(ui.t("sources.gap_count")),
            "gaps_text": st.column_config.TextColumn(ui.t("sources.gaps"), width="large"),
        })

with tab_problems:
    problems = store.issues() + cached.held_back()
    if not problems:
        st.success(ui.t("sources.no_problems"))
    else:
        st.warning(ui.t("sources.problems_intro", n=len({p.file for p in problems})))
        ui.table(pd.DataFrame([p.as_dict() for p in problems]), "validation_problems", hide_index=True,
                 width="stretch",
                     column_config={"file": ui.t("sources.file"), "line": ui.t("sources.line"),
                                    "message": ui.t("sources.message"), "code": ui.t("sources.code"),
                                    "json_path": ui.t("sources.json_path")})
