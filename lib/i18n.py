"""UI strings from locales/<lang>.yaml (same keys in every language) and bilingual data fields."""
from __future__ import annotations

import re
from functools import cache

from lib import paths, yamlio

LANGS = ("id", "en")
DEFAULT = "id"


@cache
def strings(lang: str) -> dict[str, str]:
    """Flat key -> text map for one language (nested YAML keys joined with dots)."""
    data, problems = yamlio.load(paths.LOCALES / f"{lang}.yaml")
    if problems:
        raise ValueError("; ".join(map(str, problems)))
    flat: dict[str, str] = {}

    def walk(node, prefix=""):
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[f"{prefix}{key}"] = str(value)
    walk(data)
    return flat


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")  # {n|claim|claims}: the word that agrees with n


def _one(value) -> bool:
    try:
        return int(str(value).replace(",", "").replace(".", "")) == 1
    except ValueError:
        return False


def t(lang: str, key: str, **values) -> str:
    """Translate a key; a missing key shows itself (tests catch it) rather than crashing a page.

    `{n|file|files}` in a string picks the word that agrees with the value n (English needs it; Indonesian
    does not inflect)."""
    text = strings(lang if lang in LANGS else DEFAULT).get(key, key)
    if values:
        text = _PLURAL.sub(lambda m: m.group(2) if _one(values.get(m.group(1))) else m.group(3), text)
        return text.format(**values)
    return text
