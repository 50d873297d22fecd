"""Data text as safe Markdown: everything escaped, glossary terms turned into explained links.

Streamlit renders Markdown, not HTML, so escaping Markdown's control characters is what
keeps data text from being read as markup. A glossary term becomes a link to the glossary
page whose title (shown on hover) is the term's definition.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from lib import glossary, i18n, schema, state
from lib.values import known

_SPECIAL = "\\`*_{}[]<>()#+-!|~$"
_INDENT = re.compile(r"^(?: {4,}| {0,3}\t)[ \t]*", re.MULTILINE)  # four spaces or a tab would start a code block
_SETEXT = re.compile(r"^[ \t]*=", re.MULTILINE)          # a line of = under text would make it a heading
_ORDERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)       # "1." or "1)" would start a list
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)")  # bare www. hosts and scheme:// become links
_SHORTCODE = re.compile(r"(?<=:)(?=[\w/+-]+:)")           # :smile: and :material/home: become icons
BREAK = "\u200b"  # a zero-width space: invisible, and no Markdown extension reads across it


def escape(text, *, line_start: bool = True) -> str:
    """Data or echoed text as Markdown that renders as that text only: control characters escaped, and what
    Streamlit's Markdown would still turn into something else neutralised (indented code blocks, ordered lists,
    autolinked bare URLs and www. hosts, emoji and icon shortcodes). The one escaping function of the app.
    line_start=False: `text` continues a line (a piece after a glossary link), so its start is no line start."""
    if text is None:
        return ""
    out = str(text)
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    if not line_start:
        out = "\0" + out  # a stand-in that no line-start pattern matches after, removed below
    out = _ORDERED.sub(r"\1\\\2", _SETEXT.sub(lambda m: m.group(0)[:-1] + "\\=", _INDENT.sub("", out)))
    out = out.removeprefix("\0")
    return _SHORTCODE.sub(BREAK, _AUTOLINK.sub(BREAK, out))


def _title(entry: glossary.Entry, lang: str) -> str:
    """The hover text: expansion and definition, on one line, safe inside a Markdown link title."""
    parts = [entry.expansion.get(lang) if entry.expansion else None, entry.definition.get(lang)]
    text = " — ".join(p for p in parts if p)
    return " ".join(text.split()).replace("\\", "/").replace('"', "'")


def linked(text, entries: Sequence[glossary.Entry], lang: str) -> str:
    """Escaped Markdown of `text` with the first occurrence of each glossary term linked and explained."""
    if text is None:
        return ""
    out = []
    for piece, entry in glossary.segments(str(text), entries, once=True):
        if entry is None:
            out.append(escape(piece, line_start=not out or out[-1].endswith("\n")))
        else:
            out.append(f'[{escape(piece)}]({state.page_url(lang, "glossary", term=entry.id)} "{_title(entry, lang)}")')
    return "".join(out)


STATUS_ICONS = {"running": ":material/play_circle:", "stopped": ":material/stop_circle:",
                "replaced": ":material/swap_horiz:", "unknown": ":material/help:"}
STATUS_COLOURS = {"running": "green", "stopped": "red", "replaced": "orange"}


def status_badge(status: str, year, lang: str) -> str:
    """Markdown badge for a practice status with the year of its latest evidence (None: no year)."""
    label = schema.label("statuses", status, lang)
    when = f" · {i18n.t(lang, 'practice.evidence_year', year=int(year))}" if known(year) else ""
    return (f":{STATUS_COLOURS.get(status, 'gray')}-badge[{STATUS_ICONS.get(status, '')} "
            f"{escape(label)}{escape(when)}]")


def status_text(status: str, year, lang: str) -> str:
    """The badge's plain twin for a table cell (not Markdown): 'Running (2021)', the year of its latest evidence
    left out when unknown."""
    return schema.label("statuses", status, lang) + (f" ({int(year)})" if known(year) else "")


def highlighted(segments) -> str:
    """(text, is_match) segments (search.snippet's) as escaped Markdown with the matched words in bold."""
    return "".join(f"**{escape(text)}**" if match and text.strip() else escape(text) for text, match in segments)


def small(text: str) -> str:
    """Markdown for a caption-like line inside a larger block (one element instead of an st.caption each)."""
    return f":small[:gray[{text}]]"
