"""Glossary terms in displayed text are linked and explained; the glossary page lists them."""
import re

import pytest

from lib import glossary, loader, mdtext

from .harness import app_page, shown_text

LINK = re.compile(r'\[((?:[^\]\\]|\\.)+)\]\(/glossary\?term=([a-z0-9_-]+)(?:&lang=en)? "([^"]*)"\)')


def texts(node):
    """Every bilingual text of a case file as (lang, string)."""
    if isinstance(node, dict):
        if set(node) <= {"id", "en"} and isinstance(node.get("id"), str):
            yield from node.items()
        else:
            for value in node.values():
                yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)


@pytest.fixture(scope="module")
def entries():
    return glossary.load()


def test_every_glossary_term_in_a_case_file_text_is_linked(entries):
    catalog = loader.load_all()
    checked = 0
    for data in catalog.regions.values():
        for lang, text in texts(data):
            expected = {m.entry.id for m in glossary.find(text, entries)}
            out = mdtext.linked(text, entries, lang)
            linked_ids = {m.group(2) for m in LINK.finditer(out)}
            assert linked_ids == expected, text[:80]
            checked += len(expected)
    assert checked > 100


def test_link_carries_the_definition_and_text_stays_escaped(entries):
    out = mdtext.linked("Perda <script>alert(1)</script> dan [LPSE](http://evil)", entries, "en")
    link = LINK.search(out)
    assert link and link.group(2) == "perda"
    perda = glossary.by_id(entries)["perda"]
    assert perda.definition.get("en").split()[0] in link.group(3)
    assert "<script>" not in out and "\\<script\\>" in out
    assert "](http://evil)" not in out


def test_glossary_page_lists_terms_and_opens_the_chosen_one():
    at = app_page("glossary", lang="en", term="lpse")
    assert not at.exception
    text = shown_text(at)
    assert "Glossary" in text and "LPSE" in text
    assert any(e.label.startswith("LPSE") for e in at.expander)
    at = app_page("glossary", q="ombudsman")
    assert not at.exception and "Ombudsman" in shown_text(at)
    at = app_page("glossary", term="<script>")
    assert not at.exception and "term=\\<script\\>" in shown_text(at)   # named, and escaped


def test_practice_summaries_link_terms():
    at = app_page("stages", practice="metro-lpse", lang="en")
    assert not at.exception
    assert any("(/glossary?term=lpse&lang=en" in m.value for m in at.markdown)
