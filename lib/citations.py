"""Citations, the one place they are numbered and written out: as plain text, Markdown and HTML.

One line a source: 'S08 Title (Publisher, 2011) — para 2 <https://…>' (the locator in the reader's language,
lib/locators.py): the reader of a spreadsheet or a report
gets the title, who published it, when, where in it, and the link, not a bare count or id. The documents with a
reference list (the comparison brief, the self-assessment summary) number sources in order of first citation
(`Numbering`) and write each entry with `html`, so both lists read alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup
from markupsafe import escape as html_escape

from lib import i18n, locators, queries, state
from lib.mdtext import escape
from lib.values import known

SEPARATOR = " | "


def _meta(publisher, year) -> str:
    """'Publisher, 2011' (the year a whole number), leaving out what the source does not give."""
    return ", ".join(str(int(v)) if k == "year" else str(v)
                     for k, v in (("publisher", publisher), ("year", year)) if known(v) and str(v))


def _getter(c):
    """Field access for a row (namedtuple) or a dict alike; a missing field is None."""
    return c.get if isinstance(c, dict) else lambda k: getattr(c, k, None)


TITLE_FLAGS = ("title_from_url", "title_descriptive")
"""Source fields that, when true, add their note (locales common.<field>) beside the title."""


def title(c, lang: str) -> str:
    """A source's title followed by its notes in `lang`, e.g. 'Title (title read from the URL; copy on Scribd)':
    the flags of TITLE_FLAGS, then the source's own title_note (a row or a dict with title and, optionally,
    the columns of queries.TITLE_NOTES). The title itself holds only the source's words; a descriptive title (ours,
    written in English) is shown in Indonesian from its title_id."""
    get = _getter(c)
    notes = [i18n.t(lang, f"common.{flag}") for flag in TITLE_FLAGS if known(get(flag)) and get(flag)]
    own = next((n for n in (get(f"title_note_{lang}"), get("title_note_id")) if known(n) and n), None)
    if own:  # English falls back to the Indonesian text, as every bilingual text does
        notes.append(own)
    own_words = get("title_id") if lang == "id" and known(get("title_id")) and get("title_id") else get("title")
    return f"{own_words}" + (f" ({'; '.join(notes)})" if notes else "")


def line(c, lang: str) -> str:
    """One citation (a row or a dict with local_id, title, publisher, year, locator, url) as plain text in `lang`."""
    get = _getter(c)
    meta = _meta(get("publisher"), get("year"))
    text = f"{get('local_id')} {title(c, lang)}" + (f" ({meta})" if meta else "")
    if known(get("locator")):
        text += f" — {locators.render(get('locator'), lang)}"
    if known(get("url")):
        text += f" <{get('url')}>"
    return text


def by_subject(cites: pd.DataFrame, lang: str) -> dict[str, str]:
    """subject_id -> all its citations as one text cell in `lang` (queries.citations gives the frame)."""
    lines: dict[str, list[str]] = {}
    for c in cites.itertuples():  # one pass (a groupby made a frame a subject: a third of the theme page's time)
        lines.setdefault(c.subject_id, []).append(line(c, lang))
    return {sid: SEPARATOR.join(texts) for sid, texts in lines.items()}


def texts(store, subject_type: str, subject_ids, lang: str, missing=None) -> list:
    """Each subject's citations as one text cell in `lang`, in the order of `subject_ids` (`missing` for one that
    cites none): the full sources a table's download carries where the screen shows a count or ids."""
    ids = list(subject_ids)
    found = by_subject(queries.citations(store, subject_type, ids), lang)
    return [found.get(sid, missing) for sid in ids]


def markdown(cites: pd.DataFrame, lang: str) -> str:
    """Citations as a Markdown list (title linked, publisher, year, locator), with the report-a-problem link when
    they are one claim's; '' when there are none. Data text is escaped: it renders as text only."""
    lines = []
    for c in cites.itertuples():
        where = f" — {locators.render(c.locator, lang)}" if known(c.locator) else ""
        meta = _meta(c.publisher, c.year)
        shown = escape(title(c, lang))
        link = f"[{shown}]({md_url(c.url)})" if known(c.url) else f"*{shown}*"
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


@dataclass
class Reference:
    """One numbered entry of a reference list: a source and every place in it that was cited."""

    n: int
    source_id: str
    title: str
    publisher: object = None
    year: object = None
    url: object = None
    kind: object = None
    locators: list[str] = field(default_factory=list)


@dataclass
class Numbering:
    """Numbers sources in order of first citation across one document, one number a source; locators are kept
    in the document's language."""

    lang: str
    items: list[Reference] = field(default_factory=list)
    _index: dict[str, Reference] = field(default_factory=dict)

    def cite(self, rows: pd.DataFrame) -> list[int]:
        """The numbers of these citation rows (queries.citations' columns), sorted; new sources get the next ones."""
        numbers = set()
        for c in rows.itertuples():
            ref = self._index.get(c.source_id)
            if ref is None:
                ref = Reference(len(self.items) + 1, c.source_id, title(c, self.lang), c.publisher, c.year, c.url,
                                getattr(c, "kind", None))
                self.items.append(ref)
                self._index[c.source_id] = ref
            where = locators.render(c.locator, self.lang) if known(c.locator) else ""
            if where and where not in ref.locators:
                ref.locators.append(where)
            numbers.add(ref.n)
        return sorted(numbers)


def marks(numbers: list[int]) -> str:
    """' [1, 3]': the reference numbers after a claim, or '' when it cites none."""
    return f" [{', '.join(map(str, sorted(numbers)))}]" if numbers else ""


def html(ref: Reference) -> Markup:
    """One reference list entry as HTML: 'Title (Publisher, 2011) — p. 3; p. 7. <a>url</a> <i>source id</i>'.
    Every data text is escaped; only an http(s) URL becomes a link."""
    meta = _meta(ref.publisher, ref.year)
    out = html_escape(ref.title) + (Markup(" (%s)") % meta if meta else "")
    if ref.locators:
        out += Markup(" — %s") % "; ".join(ref.locators)
    out += Markup(".")
    if known(ref.url) and str(ref.url).startswith(("http://", "https://")):
        out += Markup(' <a href="%s">%s</a>') % (ref.url, ref.url)
    return out + Markup(" <i>%s</i>") % ref.source_id
