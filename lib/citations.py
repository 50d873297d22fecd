"""A claim's sources written out one way everywhere they leave the page as text: table cells, downloads, the CLI.

One line a source: 'S08 Title (Publisher, 2011) — para 2 <https://…>': the reader of a spreadsheet or a report
gets the title, who published it, when, where in it, and the link, not a bare count or id.
"""
from __future__ import annotations

import pandas as pd

from lib.values import known

SEPARATOR = " | "


def line(c) -> str:
    """One citation (a row or a dict with local_id, title, publisher, year, locator, url) as plain text."""
    get = c.get if isinstance(c, dict) else lambda k: getattr(c, k, None)
    meta = ", ".join(str(int(v)) if k == "year" else str(v)
                     for k in ("publisher", "year") if known(v := get(k)) and str(v))
    text = f"{get('local_id')} {get('title')}" + (f" ({meta})" if meta else "")
    if known(get("locator")):
        text += f" — {get('locator')}"
    if known(get("url")):
        text += f" <{get('url')}>"
    return text


def by_subject(cites: pd.DataFrame) -> dict[str, str]:
    """subject_id -> all its citations as one text cell (queries.citations gives the frame)."""
    return {sid: SEPARATOR.join(line(c) for c in rows.itertuples())
            for sid, rows in cites.groupby("subject_id", sort=False)}
