"""Report a wrong or stale claim (?claim=<type>:<id>): the prefilled report, sent to the configured issue tracker
or downloaded as text and a YAML patch. Nothing is written on the server."""
import streamlit as st

from lib import cached, mdtext, report, ui

store = cached.store()
st.title(ui.t("opendata.report_title"))
st.caption(ui.t("opendata.report_intro"))
ref = (ui.params().get("claim") or [""])[0][: report.MAX_REF]
try:
    claim = report.claim(store, ref)
except report.UnknownClaim:
    st.warning(ui.t("opendata.report_unknown", ref=mdtext.escape(ref) or "—"))
    st.stop()

st.markdown(f"**{ui.t('opendata.report_claim', ref=mdtext.escape(claim.ref), region=mdtext.escape(claim.region))}**")
correction = st.text_area(ui.t("opendata.report_correction"), max_chars=4000, key="report_correction")
new_source = st.text_area(ui.t("opendata.report_new_source"), max_chars=1000, key="report_source")
body = report.text(claim, correction, new_source)
with st.expander(ui.t("opendata.report_preview"), expanded=True):
    st.code(body, language=None, wrap_lines=True)
template = ui.report_template()
row = st.container(horizontal=True)
if template:
    row.link_button(ui.t("opendata.report_send"), report.tracker_url(template, claim, correction, new_source),
                    icon=":material/open_in_new:")
else:
    st.info(ui.t("opendata.report_none"))
row.download_button(ui.t("opendata.report_text"), body, file_name=ui.file_name("report", claim.ref, ext="txt"), mime="text/plain",
                    icon=":material/download:", on_click="ignore", key="report_txt")
row.download_button(ui.t("opendata.report_patch"), report.yaml_patch(claim, correction, new_source),
                    file_name=ui.file_name("report", claim.ref, ext="yaml"), mime="application/yaml", icon=":material/download:",
                    on_click="ignore", key="report_yaml")
