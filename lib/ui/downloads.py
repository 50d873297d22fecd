"""Downloads: the one rule for their file names, the comparison brief built on click; where wrong-claim reports go."""
from __future__ import annotations

import os

import streamlit as st

from lib.ui.url import lang, t


def file_name(key: str, *parts, ext: str) -> str:
    """The file name of every download: the locale text `file.<key>` in the reader's language and the parts (region
    ids, a stage), by export.file_stem's rule. Widget keys never use it: they stay the same in both languages."""
    from lib import export
    return f"{export.file_stem(t(f'file.{key}'), *parts)}.{ext}"


def brief_downloads(store, region_ids: list[str]) -> None:
    """Two buttons that build the cited comparison brief (HTML, PDF) in the reader's language, on click."""
    from lib import brief
    lg = lang()
    row = st.container(horizontal=True)
    row.download_button(t("brief.download_html"), lambda: brief.to_html(brief.build(store, region_ids, lg)),
                        file_name=file_name("brief", *region_ids, ext="html"), mime="text/html", icon=":material/description:",
                        key="brief_html", on_click="ignore")
    row.download_button(t("brief.download_pdf"), lambda: brief.to_pdf(brief.build(store, region_ids, lg)),
                        file_name=file_name("brief", *region_ids, ext="pdf"), mime="application/pdf", icon=":material/picture_as_pdf:",
                        key="brief_pdf", on_click="ignore")


def report_template() -> str:
    """The issue tracker's new-issue URL template (REFORM_REPORT_URL in secrets or the environment), or ''."""
    try:
        value = st.secrets.get("REFORM_REPORT_URL")
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        value = None
    return str(value or os.environ.get("REFORM_REPORT_URL", "")).strip()
