"""URL state (lib/state.py): refused values a page words itself, and the one way a page link is written."""
from __future__ import annotations

import re
import urllib.parse

from lib import glossary, mdtext, state


def test_take_hands_back_one_keys_refusals_and_leaves_the_others():
    parsed = state.Parsed()
    assert state.one(["atlantis"], {"metro"}, parsed, "region") is None
    assert state.one(["IX"], {"I", "II"}, parsed, "stage") is None
    assert state.one(["y" * 300], {"metro"}, parsed, "regional") is None   # a key that only starts alike
    assert parsed.take("region") == ["atlantis"]
    assert parsed.unknown == ["stage=IX", "regional=" + "y" * 40 + "…"]
    assert parsed.take("region") == []


def test_page_url_drops_empty_values_repeats_lists_and_names_only_a_foreign_language():
    assert state.page_url("id", "overview") == "/overview"
    url = state.page_url("en", "compare", region=["metro", "sragen"], align=None, indicator="", stage=[])
    path, query = url.split("?")
    assert path == "/compare"
    assert urllib.parse.parse_qs(query) == {"region": ["metro", "sragen"], "lang": ["en"]}
    assert urllib.parse.parse_qs(state.page_url("id", "glossary", term="a&b=c").split("?")[1]) == {"term": ["a&b=c"]}


def test_a_glossary_term_in_data_text_links_to_its_entry_in_the_readers_language():
    entry = next(e for e in glossary.load() if e.id == "lpse")
    for lang, query in (("id", {"term": ["lpse"]}), ("en", {"term": ["lpse"], "lang": ["en"]})):
        url = re.search(r"\]\((\S+) \"", mdtext.linked("ada LPSE di sini", [entry], lang)).group(1)
        assert url.startswith("/glossary?") and urllib.parse.parse_qs(url.split("?")[1]) == query
