"""Data text as safe Markdown: everything escaped, glossary terms turned into explained links.

Streamlit renders Markdown, not HTML, so escaping Markdown's control characters is what
keeps data text from being read as markup. A glossary term becomes a link to the glossary
page whose title (shown on hover) is the term's definition.
"""
from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from lib import glossary

_SPECIAL = "\\`*_{}[]<>()#+-!|~$"


def escape(text) -> str:
    """Escape Markdown control characters in data text."""
    if text is None:
        return ""
    out = str(text)
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out


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
            out.append(escape(piece))
        else:
            query = urlencode({"term": entry.id, **({"lang": lang} if lang != "id" else {})})
            out.append(f'[{escape(piece)}](/glossary?{query} "{_title(entry, lang)}")')
    return "".join(out)
