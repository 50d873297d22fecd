"""Text the pages draw: citations, glossary-linked prose, status badges, counts, year lines, and a section's
text or the note that there is none."""
from __future__ import annotations

import streamlit as st

from lib import cached, citations, mdtext, values
from lib.ui.url import lang, t


def cite_list(cites) -> None:
    """Render citations (rows with title, url, publisher, year, locator) as a compact markdown list."""
    text = citations.markdown(cites, lang())
    if text:
        st.markdown(text)


def markdown_or(text: str, empty_key: str) -> None:
    """A section's Markdown, or, when it has none, the info note `empty_key` (never a silent blank)."""
    if text:
        st.markdown(text)
    else:
        st.info(t(empty_key))


def count(n: int) -> str:
    """A whole number with the reader's thousands separator: 15.420 in Indonesian, 15,420 in English."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang() == "id" else text


known = values.known


def linked(text) -> str:
    """Escaped Markdown of data text with glossary terms linked to their definition (shown on hover)."""
    return mdtext.linked(text, cached.glossary_entries(), lang())


def status_badge(status: str, year) -> str:
    """Markdown badge for a practice status with the year of its latest evidence, in the reader's language."""
    return mdtext.status_badge(status, year, lang())


def years_line(low, high) -> list[str]:
    """The data's year range as a subtitle line (empty when unknown)."""
    if not (known(low) and known(high)):
        return []
    return [t("export.year", year=int(low))] if int(low) == int(high) else [t("export.years", start=int(low),
                                                                               end=int(high))]
