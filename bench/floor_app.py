"""The floor for bench/serve.py: a minimal Streamlit page (title, text, metric, the app's sidebar language
control), so a page's server time can be read against what Streamlit itself costs on the same machine."""
import streamlit as st

lang = st.query_params.get("lang", "id")
with st.sidebar:
    choice = st.segmented_control("Bahasa / Language", options=["id", "en"], default=lang, key="lang_switch",
                                  format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code])
    if choice and choice != lang:
        st.query_params["lang"] = choice
        st.rerun()
st.title("Benchmark")
st.write("A minimal page: the floor of a Streamlit rerun.")
st.metric("Regions", 9)
