"""Charts on screen from specs built once for every session, with PNG and SVG downloads."""
from __future__ import annotations

import streamlit as st

from lib import cached
from lib.ui.downloads import file_name


def chart(build, args: tuple, name: str, title: str, subtitle: list[str], *, fit: str | None = None,
          show_title: bool = True, width="stretch", file: tuple = ()) -> bool:
    """The chart `build(*args)` (a lib.charts builder) on screen, with PNG (2x) and SVG downloads that look the same and always carry the
    title and the subtitle lines (year range, source line). Returns False when the builder had nothing to draw.

    The builder runs once per distinct input for all sessions (cached.screen_spec); a rerun only sends the spec.
    fit: "fit-x" or "pad" keeps the builder's plot height on screen (Streamlit would otherwise squeeze title,
    axes and legend into it); None leaves Streamlit's sizing. `name` keys the buttons (the same in both languages);
    the files are named by ui.file_name from `file` (a `file.*` locale key, then parts), by default from `name`.
    """
    from lib import export
    lines = tuple(subtitle)
    screen = cached.screen_spec(build.__name__, args, title if show_title else None, lines if show_title else None, fit)
    if screen is None:
        return False
    st.vega_lite_chart(screen, width=width, alt=title)
    spec = lambda: cached.chart_spec(build.__name__, args, title, lines, None)  # noqa: E731 (the export, built on click)
    file = file or (name,)
    row = st.container(horizontal=True)
    row.download_button("PNG", lambda: export.png_bytes(spec()), file_name=file_name(*file, ext="png"), mime="image/png",
                        key=f"{name}_png", icon=":material/image:", on_click="ignore")
    row.download_button("SVG", lambda: export.svg_text(spec()), file_name=file_name(*file, ext="svg"), mime="image/svg+xml",
                        key=f"{name}_svg", icon=":material/image:", on_click="ignore")
    return True
