"""What every page shows above its own content: warnings about the data being served."""
from __future__ import annotations

import streamlit as st

from lib import cached
from lib.ui.url import t


def load_warning() -> None:
    """Visible warnings: files edited into a broken state (last good data still served), and files skipped."""
    store = cached.store()
    issues = store.issues()
    held = cached.held_back()
    if store.warning:
        st.warning(t(f"store.{store.warning}"))
    gone = cached.removed()
    if gone:
        st.warning(t("store.removed", n=len(gone), regions=", ".join(gone)))
    if held:
        st.warning(t("common.held_back", n=len({i.file for i in held})))
        st.code("\n".join(map(str, held)), language=None)
    if issues:
        files = sorted({i.file for i in issues})
        with st.expander(t("common.skipped_files", n=len(files)), expanded=False, icon="⚠️"):
            st.code("\n".join(map(str, issues)), language=None)
