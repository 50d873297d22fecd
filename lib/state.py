"""URL query parameters as the state of every view (short English keys, ids as values).

Pure functions: they take a plain mapping of key -> list of values (what
st.query_params.to_dict / get_all give) and return cleaned values, plus the
names of the values that were refused, so a page can say so politely; and the one way a link to a page with
its state is written.
"""
from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

from lib import i18n

MAX_VALUE = 200  # longer values are refused, never echoed back whole


@dataclass
class Parsed:
    values: dict = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # refused values, shortened for display

    def take(self, key: str) -> list[str]:
        """The refused values of `key` (shortened), taken out of `unknown` for a page that words them itself."""
        prefix = f"{key}="
        taken = [u[len(prefix):] for u in self.unknown if u.startswith(prefix)]
        self.unknown = [u for u in self.unknown if not u.startswith(prefix)]
        return taken


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def one(raw: list[str] | None, allowed, parsed: Parsed, key: str, default=None):
    """First value of a key if it is in `allowed`; else the default (and the refusal is noted)."""
    if not raw:
        return default
    value = raw[0]
    if len(value) <= MAX_VALUE and value in allowed:
        return value
    parsed.unknown.append(f"{key}={_short(value)}")
    return default


def many(raw: list[str] | None, allowed, parsed: Parsed, key: str) -> list[str]:
    """All allowed values of a repeated key, in order, without duplicates."""
    out: list[str] = []
    for value in raw or []:
        if len(value) <= MAX_VALUE and value in allowed:
            if value not in out:
                out.append(value)
        else:
            parsed.unknown.append(f"{key}={_short(value)}")
    return out


def year(raw: list[str] | None, parsed: Parsed, key: str, lo: int = 1945, hi: int = 2100) -> int | None:
    """A year within bounds, or None."""
    return number(raw, parsed, key, lo, hi)


def number(raw: list[str] | None, parsed: Parsed, key: str, lo: int, hi: int) -> int | None:
    """A whole number within bounds (a page number), or None."""
    if not raw:
        return None
    value = raw[0]
    if len(value) <= len(str(hi)) and value.isdigit() and lo <= int(value) <= hi:
        return int(value)
    parsed.unknown.append(f"{key}={_short(value)}")
    return None


def page_url(lang: str, page: str, **values) -> str:
    """A link to a page ("region", "glossary", ...) with its URL state: empty values left out, lists as repeated
    keys, lang only when it is not the default."""
    query = {k: v for k, v in values.items() if v not in (None, "", [])}
    if lang != i18n.DEFAULT:
        query["lang"] = lang
    return f"/{page}" + (f"?{urllib.parse.urlencode(query, doseq=True)}" if query else "")
