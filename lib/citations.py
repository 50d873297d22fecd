"""A claim's sources written out one way everywhere they leave the page as text: table cells, downloads, the CLI.

One line a source: 'S08 Title (Publisher, 2011) — para 2 <https://…>': the reader of a spreadsheet or a report
gets the title, who published it, when, where in it, and the link, not a bare count or id.
"""
from __future__ import annotations

import pandas as pd

from lib import i18n, state
from lib.mdtext import escape
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


def markdown(cites: pd.DataFrame, lang: str) -> str:
    """Citations as a Markdown list (title linked, publisher, year, locator), with the report-a-problem link when
    they are one claim's; '' when there are none. Data text is escaped: it renders as text only."""
    lines = []
    for c in cites.itertuples():
        where = f" — {c.locator}" if known(c.locator) else ""
        meta = ", ".join(str(x) for x in (c.publisher, c.year) if known(x) and x)
        title = escape(c.title)
        link = f"[{title}]({md_url(c.url)})" if known(c.url) else f"*{title}*"
        lines.append(f"- `{c.local_id}` {link}{' (' + escape(meta) + ')' if meta else ''}{escape(where)}")
    subject = claim(cites)
    if subject:
        lines.append(f"\n:small[[{i18n.t(lang, 'opendata.report_link')}]"
                     f"({state.page_url(lang, 'report', claim=subject)})]")
    return "\n".join(lines)


def claim(cites: pd.DataFrame) -> str | None:
    """`<subject_type>:<subject_id>` when the citations are one claim's (the report-a-problem link's target)."""
    if "subject_type" not in getattr(cites, "columns", ()) or not len(cites):
        return None
    pairs = set(zip(cites["subject_type"], cites["subject_id"]))
    return "{}:{}".format(*pairs.pop()) if len(pairs) == 1 else None


def md_url(url: str) -> str:
    """A URL safe inside a Markdown link target (parentheses, angle brackets and spaces percent-encoded)."""
    return (str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            .replace("<", "%3C").replace(">", "%3E"))
