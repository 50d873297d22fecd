"""Tables with their CSV/XLSX downloads and API link, and paging of long lists."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import state
from lib.ui.downloads import file_name
from lib.ui.url import params, set_params, t


def table(frame: pd.DataFrame, name: str, *, download=None, api: str | None = None, file: tuple = (),
          **dataframe_args):
    """st.dataframe plus CSV (UTF-8 with BOM) and XLSX downloads of the same rows (built on click).

    `download` is the frame offered for download when it should differ from the one shown (e.g. with the full
    citations where the screen shows source ids), or a function that returns it, called only on a click;
    by default the shown frame. Downloads carry the column labels the reader saw. `api` is the URL of the same
    data in the read-only API (lib/api.py), linked beside the downloads. `name` keys the widgets (the same in both
    languages); the files are named by ui.file_name from `file` (a `file.*` locale key, then parts), by default
    from `name` itself.
    """
    from lib import export
    config = dataframe_args.get("column_config") or {}
    shown = st.dataframe(frame, placeholder=NOT_DOCUMENTED, **dataframe_args)

    def data() -> pd.DataFrame:
        chosen = download() if callable(download) else download
        return _labelled(frame if chosen is None else chosen, config)
    key = dataframe_args.get("key") or name
    file = file or (name,)
    row = st.container(horizontal=True)  # buttons as wide as their labels, also in a narrow column
    row.download_button("CSV", lambda: export.csv_bytes(data()), file_name=file_name(*file, ext="csv"), mime="text/csv",
                        key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    row.download_button("XLSX", lambda: export.xlsx_bytes({t(f"file.{file[0]}"): data()}),
                        file_name=file_name(*file, ext="xlsx"),
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        key=f"{key}_xlsx", icon=":material/download:", on_click="ignore")
    if api:
        row.link_button(t("api.link"), api, icon=":material/api:", help=t("api.help"))
    return shown


NOT_DOCUMENTED = "—"  # how a missing value shows in a table cell, text or number: not given by the sources


def _labelled(frame: pd.DataFrame, config: dict) -> pd.DataFrame:
    """The frame with the column labels the reader saw (column_config labels), for downloads."""
    names = {}
    for col, conf in config.items():
        if isinstance(conf, str):
            names[col] = conf
        elif isinstance(conf, dict) and conf.get("label"):
            names[col] = conf["label"]
    cols = [c for c in frame.columns if config.get(c, True) is not None]
    return frame[cols].rename(columns=names)


def paged(rows: pd.DataFrame, size: int, parsed: state.Parsed) -> tuple[pd.DataFrame, int, int]:
    """The rows of the page the URL's ?page= asks for (`size` a page; the first when absent, the last when past
    the end, a refusal noted in `parsed` when not a number), with that page's number and the count of pages; the
    URL keeps the page. Under a long list's heading it says which rows these are ("201-400 of 15,420")."""
    pages = max(1, -(-len(rows) // size))
    page = min(state.number(params().get("page"), parsed, "page", 1, 10_000) or 1, pages)
    set_params(page=page if page > 1 else None)
    shown = rows.iloc[(page - 1) * size: page * size]
    if pages > 1:
        st.caption(t("search.page_of", first=(page - 1) * size + 1, last=(page - 1) * size + len(shown), n=len(rows)))
    return shown, page, pages


def pager(script: str, page: int, pages: int) -> None:
    """Previous / "page n of m" / next links that keep the rest of the URL (lists of results too long to show at
    once: search hits, the stage explorer's rows)."""
    if pages <= 1:
        return
    prev_col, mid_col, next_col = st.columns([1, 2, 1])
    here = {k: v for k, v in params().items() if k != "page"}
    if page > 1:
        prev_col.page_link(script, label=t("search.previous"), icon=":material/arrow_back:",
                           query_params={**here, "page": str(page - 1)} if page > 2 else here)
    mid_col.caption(t("search.page_n", page=page, pages=pages))
    if page < pages:
        next_col.page_link(script, label=t("search.next"), icon=":material/arrow_forward:",
                           query_params={**here, "page": str(page + 1)})
