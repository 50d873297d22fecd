"""Query it yourself: read-only SQL over the database, safe on a public server (see lib/sqlguard.py)."""
import streamlit as st

from lib import cached, mdtext, sqlguard, ui

lang, store = ui.lang(), cached.store()
st.title(ui.t("sql.title"))
st.caption(ui.t("sql.intro", rows=sqlguard.MAX_ROWS, seconds=int(sqlguard.TIMEOUT)))

if not sqlguard.enabled():  # switched off for this deployment (REFORM_SQL_CONSOLE=off)
    st.info(ui.t("sql.disabled"))
    st.stop()

MAX_SQL = 5000
raw = ui.params()
initial = (raw.get("q") or [""])[0][:MAX_SQL]

with st.expander(ui.t("sql.examples"), expanded=not initial), st.container(horizontal=True):
    for key, sql in sqlguard.EXAMPLES:
        if st.button(ui.t(f"sql.example.{key}"), key=f"sql_example_{key}"):
            st.session_state["sql_q"] = sql
            initial = sql
if "sql_q" not in st.session_state:
    st.session_state["sql_q"] = initial
query = st.text_area(ui.t("sql.box"), key="sql_q", height=160, max_chars=MAX_SQL)
ui.set_params(q=query.strip() or None)

if query.strip():
    out = sqlguard.run(store.path, query)
    if isinstance(out, sqlguard.Refusal):
        st.error(ui.t(f"sql.reason.{out.reason}", workers=sqlguard.WORKERS))
        if out.reason not in ("empty", "busy", "timeout"):
            st.caption(ui.t("sql.detail") + " " + mdtext.escape(out.text(lang)))
    else:
        st.caption(ui.t("sql.note", n=len(out.rows), seconds=f"{out.elapsed:.2f}"))
        if out.truncated:
            st.warning(ui.t("sql.truncated", rows=out.max_rows))
        ui.table(out.rows, "query_result", hide_index=True, width="stretch")
else:
    st.info(ui.t("sql.start"))

st.divider()
st.download_button(ui.t("sql.download_db"), lambda: store.path.read_bytes(), file_name=ui.file_name("database", ext="duckdb"),
                   mime="application/octet-stream", icon=":material/database:", on_click="ignore")
st.caption(ui.t("sql.tables_hint"))
