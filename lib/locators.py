"""Citation locators in the UI language: 'paras 1–3' reads 'alinea 1–3' in the Indonesian UI.

Case files write a locator (`at:`) once, in English; the words are translated from the term table in
data/schema.yaml (vocabularies.locator_terms), whole words and longest phrase first. Numbers, punctuation and
quoted names of a source's own sections pass through unchanged, so the locator still finds the place.
"""
from __future__ import annotations

import re
from functools import cache

from lib import schema

_QUOTED = r'"[^"]*"|“[^”]*”'


@cache
def _table(lang: str) -> tuple[re.Pattern, dict[str, str]]:
    """The pattern matching every English term (quoted text first, so that it is skipped) and term -> translation."""
    table = {t["en"].lower(): t[lang] for t in schema.vocab("locator_terms")}
    words = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    return re.compile(rf"{_QUOTED}|(?<![\w&])(?:{words})(?![\w&-])", re.IGNORECASE), table


def english_words() -> list[str]:
    """The English terms of the table (what an Indonesian locator must no longer contain)."""
    return [t["en"] for t in schema.vocab("locator_terms")]


def render(locator: str, lang: str) -> str:
    """The locator as a reader of `lang` should see it; English locators are shown as written."""
    if lang == "en" or not isinstance(locator, str):
        return locator
    pattern, table = _table(lang)
    return pattern.sub(lambda m: table.get(m.group(0).lower(), m.group(0)), locator)


def without_quotes(locator: str) -> str:
    """The locator without its quoted names (a source's own section titles, which are not translated)."""
    return re.sub(_QUOTED, "", locator)
