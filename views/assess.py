"""Self-assessment: a short questionnaire along the five stages and five success factors; the region's position
beside the others, the peer practices that match its gaps, a printable summary (HTML, PDF), a draft case file,
and a check of an uploaded draft case file.

URL: /assess with the answers (name, type, province, lat, lon, theme=<stage>.<theme>, level=<stage>.<0-4>,
factor, indicator; see lib/assess.answers_to_params) and lang. The questions come from data/schema.yaml and the data (lib/assess.py); scores from lib/peers.py.
"""
import pandas as pd
import streamlit as st

from lib import assess, cached, charts, db, mdtext, paths, peers, schema, state, ui

TOP, TOP_MORE = 1, 3  # peer practices shown per gap (default / with the toggle)
lang, store = ui.lang(), cached.store()
esc = mdtext.escape

st.title(ui.t("assess.title"))
st.caption(ui.t("assess.intro"))
data = cached.peer_data(store, lang)
if data.regions.empty:
    st.warning(ui.t("common.no_data"))
    st.stop()
form = cached.questionnaire(store, lang)
stage_codes = schema.codes("stages")
levels = [m["level"] for m in schema.vocab("maturity")]
level_names = {None: ui.t("assess.not_sure"), **{v: f"{v} — {schema.label('maturity', v, lang)}" for v in levels}}

# the answers live in the URL (nothing is stored on the server): a reload, a bookmark or a shared link keeps them
parsed = state.Parsed()
saved = assess.answers_from_params(ui.params(), form, parsed)
ui.refused(parsed)
st.info(ui.t("assess.kept_in_url"), icon=":material/bookmark:")


# --- 1. the region ----------------------------------------------------------------------------------------------
st.header(ui.t("assess.about"), anchor="about")
c1, c2, c3 = st.columns(3)
name = ui.synced(c1.text_input, "assess_name", saved.name, ui.t("assess.name"), max_chars=assess.NAME_MAX,
                 placeholder=ui.t("assess.name_ph"), help=ui.t("assess.name_help"))
type_names = {c: schema.label("region_types", c, lang) for c in schema.codes("region_types")}
kind = ui.synced(c2.segmented_control, "assess_type", saved.type, ui.t("common.type"), list(type_names),
                 format_func=type_names.get, help=ui.t("assess.type_help"))
province = ui.synced(c3.text_input, "assess_province", saved.province, ui.t("common.province"),
                     max_chars=assess.PROVINCE_MAX)
with st.expander(ui.t("assess.coords"), icon=":material/pin_drop:"):
    k1, k2 = st.columns(2)
    lat = ui.synced(k1.number_input, "assess_lat", saved.lat, ui.t("assess.lat"), min_value=assess.LAT[0],
                    max_value=assess.LAT[1], step=0.01, format="%.4f")
    lon = ui.synced(k2.number_input, "assess_lon", saved.lon, ui.t("assess.lon"), min_value=assess.LON[0],
                    max_value=assess.LON[1], step=0.01, format="%.4f")
    st.caption(ui.t("assess.coords_help"))

# --- 2. the five stages -----------------------------------------------------------------------------------------
st.header(ui.t("assess.stages_head"), anchor="stages")
st.caption(ui.t("assess.stages_help", n=len(data.regions)))
themes: set = set()
maturity: dict = {}
indicators: list = []
for stage in stage_codes:
    vocab = next(s for s in schema.vocab("stages") if s["code"] == stage)
    with st.container(border=True):
        st.markdown(f"**{stage} — {esc(schema.label('stages', stage, lang))}**")
        st.caption(esc(vocab["description"].get(lang) or vocab["description"]["id"]))
        questions = form.stages[stage]
        if not questions:
            st.caption(ui.t("assess.no_questions"))
        cols = st.columns(2)
        for n, q in enumerate(questions):
            if ui.synced(cols[n % 2].checkbox, f"assess_{q.key}", (stage, q.code) in saved.themes, q.text,
                         help=esc(q.help)):
                themes.add((stage, q.code))
        extra = form.more[stage]
        if extra:
            codes = [q.code for q in extra]
            chosen = ui.synced(st.multiselect, f"assess_more_{stage}", [c for c in codes if (stage, c) in saved.themes],
                               ui.t("assess.more", n=len(extra)), codes,
                               format_func=lambda c: schema.label("themes", c, lang),
                               placeholder=ui.t("assess.more_ph"), help=ui.t("assess.more_help"))
            themes.update((stage, c) for c in chosen)
        if stage == stage_codes[-1]:  # the last stage is tangible results: published results on shared indicators
            indicators = ui.synced(st.multiselect, "assess_indicators", sorted(saved.indicators),
                                   ui.t("assess.indicators"), form.indicators,
                                   format_func=lambda c: schema.label("indicators", c, lang),
                                   placeholder=ui.t("assess.indicators_ph"), help=ui.t("assess.indicators_help"))
        level = ui.synced(st.selectbox, f"assess_level_{stage}", saved.maturity.get(stage), ui.t("assess.level"),
                          [None, *levels], format_func=level_names.get, help=ui.t("assess.level_help"),
                          placeholder=ui.t("assess.not_sure"))
        if level is not None:
            maturity[stage] = level

# --- 3. the five key success factors ----------------------------------------------------------------------------
st.header(ui.t("assess.factors_head"), anchor="factors")
st.caption(ui.t("assess.factors_help"))
factors = {q.code for q in form.factors
           if ui.synced(st.checkbox, f"assess_{q.key}", q.code in saved.factors, q.text, help=esc(q.help))}

answers = assess.Answers(name=name or "", type=kind, province=province or "", lat=lat, lon=lon, themes=themes,
                         factors=factors, maturity=maturity, indicators=set(indicators))
ui.set_params(**assess.answers_to_params(answers))
result = cached.assessment(store, lang, answers)
analysis = result.analysis
shown_name = answers.name.strip() or ui.t("assess.unnamed")

# --- 4. the result ----------------------------------------------------------------------------------------------
st.header(ui.t("assess.result", name=esc(shown_name)), anchor="result", divider="gray")
if not themes and not factors and not maturity and not kind and not indicators:
    st.info(ui.t("assess.blank"))
m1, m2, m3 = st.columns(3)
m1.metric(ui.t("assess.m_themes"), len(themes))
m2.metric(ui.t("peers.m_gaps"), analysis.total_gaps, help=ui.t("peers.m_gaps_help"))
m3.metric(ui.t("assess.m_factors"), f"{len(factors)}/5")

st.subheader(ui.t("assess.position"))
st.caption(ui.t("assess.position_help", n=len(data.regions)))
labels = {"stage": ui.t("common.stage"), "regions": ui.t("assess.n_regions"), "you": ui.t("assess.you")}
p1, p2 = st.columns(2)
max_themes = int(result.position["themes"].max()) if len(result.position) else 1
with p1:
    st.markdown(f"**{ui.t('assess.chart_themes')}**")
    ui.chart(charts.position_chart, (result.position, "themes", {
        **labels, "value": ui.t("assess.c_themes"), "domain": [0, max(max_themes, 1)]}), "position_themes",
        ui.t("assess.chart_themes"), [ui.t("export.source_line")], show_title=False)
with p2:
    st.markdown(f"**{ui.t('assess.chart_maturity')}**")
    ui.chart(charts.position_chart, (result.position, "maturity", {
        **labels, "value": ui.t("common.maturity"), "domain": [0, 4]}), "position_maturity",
        ui.t("assess.chart_maturity"), [ui.t("export.source_line")], show_title=False)
table = result.stages.drop(columns="stage_code")
ui.table(table, "position", hide_index=True, width="stretch", column_config={
    "stage": st.column_config.TextColumn(ui.t("common.stage"), width="large"),
    "you_themes": st.column_config.NumberColumn(ui.t("assess.c_your_themes")),
    "peer_themes": st.column_config.TextColumn(ui.t("assess.c_peer_themes"), help=ui.t("assess.c_peer_themes_help")),
    "you_level": st.column_config.TextColumn(ui.t("assess.c_your_level"), help=ui.t("assess.c_your_level_help")),
    "peer_levels": st.column_config.TextColumn(ui.t("assess.c_peer_levels"), help=ui.t("assess.c_peer_levels_help"))})
ui.table(assess.factor_table(result), "factors", hide_index=True, width="stretch", column_config={
    "factor_code": st.column_config.TextColumn(ui.t("assess.c_code"), width="small"),
    "factor": st.column_config.TextColumn(ui.t("assess.c_factor"), width="medium"),
    "you": st.column_config.TextColumn(ui.t("assess.c_you")),
    "peers": st.column_config.TextColumn(ui.t("assess.c_peers_evidenced"))})

st.subheader(ui.t("assess.visit"))
st.caption(ui.t("peers.visit_help", n=peers.VISITS))
ui.visit_cards(analysis.visits, scores=False)

st.subheader(ui.t("assess.gaps"))
st.caption(ui.t("assess.gaps_help"))
more = st.toggle(ui.t("assess.show_more", n=TOP_MORE), key="assess_show_more")
top = TOP_MORE if more else TOP
ui.gap_tabs(store, data, analysis, top=top, key="assess_stage_tab",
            more=lambda n: ui.t("assess.more_hint_all" if more else "assess.more_hint", n=n,
                                toggle=ui.t("assess.show_more", n=TOP_MORE), peers=ui.page_url("peers")))
method = st.expander(ui.t("peers.method"), icon=":material/calculate:", key="assess_method", on_change="rerun")
with method:
    st.markdown(ui.t("peers.method_text", sources=peers.SOURCES_FULL, outcomes=peers.OUTCOMES_FULL))
    if method.open:  # the score table is built only when asked for (15,420 rows for a blank form at 514 regions)
        ui.peer_scores(result.analysis, data, "assess_scores")

# --- 5. take it away --------------------------------------------------------------------------------------------
st.header(ui.t("assess.export"), anchor="export")
st.caption(ui.t("assess.export_help"))
rid = answers.region_id
d1, d2, d3 = st.columns(3)
d1.download_button(ui.t("assess.dl_html"), data=lambda: assess.summary_html(data, result).encode("utf-8"),
                   file_name=ui.file_name("self_assessment", rid, ext="html"), mime="text/html", icon=":material/html:",
                   on_click="ignore", key="assess_dl_html")
d2.download_button(ui.t("assess.dl_pdf"), data=lambda: assess.summary_pdf(data, result),  # made on click
                   file_name=ui.file_name("self_assessment", rid, ext="pdf"), mime="application/pdf", icon=":material/picture_as_pdf:",
                   on_click="ignore", key="assess_dl_pdf")
d3.download_button(ui.t("assess.dl_yaml"), data=lambda: assess.draft_yaml(answers).encode("utf-8"),
                   file_name=f"{rid}.yaml",  # the case file's name is its id
                   mime="application/x-yaml", icon=":material/description:", on_click="ignore", key="assess_dl_yaml")
preview = st.expander(ui.t("assess.yaml_preview", file=f"{rid}.yaml"), key="assess_preview", on_change="rerun")
with preview:
    st.caption(ui.t("assess.yaml_help", todo=assess.SOURCE_TODO))
    if preview.open:  # written only when asked for: ruamel.yaml took a seventh of every rerun of this page
        st.code(assess.draft_yaml(answers), language="yaml")

# --- 6. check a draft case file ---------------------------------------------------------------------------------
st.header(ui.t("assess.upload"), anchor="upload")
st.caption(ui.t("assess.upload_help", kb=assess.UPLOAD_LIMIT // 1000))
kb = assess.UPLOAD_LIMIT // 1000  # Streamlit's own "1MB per file" cannot be changed: label and help say the real limit
upload = st.file_uploader(ui.t("assess.upload_label", kb=kb), type=["yaml", "yml"], key="assess_upload",
                          max_upload_size=1, help=ui.t("assess.upload_widget_help", kb=kb))
if upload is not None:
    # in memory only: never written to disk, never executed, never rendered as HTML
    folder = paths.regions_dir()
    problems, todos = cached.upload_check(upload.getvalue(), upload.name, str(folder), db.inputs_hash(folder))
    shown = esc(assess.shown_name(upload.name))
    if problems:
        st.error(ui.t("assess.upload_problems", n=len(problems), file=shown))
        ui.table(pd.DataFrame([{"problem": f"{i.file}:{i.line}: {i.text(lang)}", "line": i.line, "message": i.text(lang), "code": i.code,
                                "where": i.json_path} for i in problems]), "upload_problems",
                 hide_index=True, width="stretch", column_config={
            "problem": st.column_config.TextColumn(ui.t("assess.c_problem"), width="large"),
            "line": st.column_config.NumberColumn(ui.t("assess.c_line"), format="%d"),
            "message": st.column_config.TextColumn(ui.t("assess.c_message")),
            "code": st.column_config.TextColumn(ui.t("assess.c_problem_code")),
            "where": st.column_config.TextColumn(ui.t("assess.c_where"))})
    else:
        st.success(ui.t("assess.upload_ok", file=shown))
    if todos:
        st.warning(ui.t("assess.todo_left", n=len(todos)))
        ui.table(pd.DataFrame(todos, columns=["line", "text"]), "upload_todo", hide_index=True, width="stretch",
                     column_config={"line": st.column_config.NumberColumn(ui.t("assess.c_line"), format="%d"),
                                    "text": st.column_config.TextColumn(ui.t("assess.c_text"), width="large")})
    st.caption(ui.t("assess.upload_note"))
