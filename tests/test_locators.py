"""Citation locators in the UI language (lib/locators.py): no English locator word left in the Indonesian UI."""
import re

import pytest

from lib import citations, locators, queries, schema


@pytest.mark.parametrize("written,shown", [
    ("paras 1–6", "alinea 1–6"), ("last para", "alinea terakhir"), ("page 4, paras 1–3", "hlm. 4, alinea 1–3"),
    ("first article, para 2", "artikel pertama, alinea 2"), ("list item 2", "butir 2"), ("table 3.1", "tabel 3.1"),
    ('section "Peran Teknologi"', 'bagian "Peran Teknologi"'), ("Paragraph", "Paragraph"),
])
def test_words_are_translated_numbers_punctuation_and_quoted_names_kept(written, shown):
    assert locators.render(written, "id") == shown
    assert locators.render(written, "en") == written


def test_the_term_table_is_complete_and_translates_every_term():
    terms = schema.vocab("locator_terms")
    assert len({t["en"].lower() for t in terms}) == len(terms), "an English term is listed twice"
    for t in terms:
        assert t["id"] and t["id"].lower() != t["en"].lower(), t


def test_no_english_locator_word_remains_in_the_indonesian_rendering_of_the_real_data(real_store):
    """Every locator of the case files, rendered for the Indonesian UI, keeps none of the table's English words
    (outside the quoted names of a source's own sections)."""
    found = [at for (at,) in real_store.rows("SELECT DISTINCT locator FROM citations WHERE locator IS NOT NULL")]
    assert len(found) > 100
    words = "|".join(re.escape(w) for w in sorted(locators.english_words(), key=len, reverse=True))
    english = re.compile(rf"(?<![\w&])(?:{words})(?![\w&-])", re.IGNORECASE)
    left = {at: english.findall(locators.without_quotes(locators.render(at, "id"))) for at in found}
    assert not {at: words for at, words in left.items() if words}


def test_citation_renderers_show_the_locator_in_the_ui_language(real_store):
    ids = [pid for (pid,) in real_store.rows(
        "SELECT DISTINCT subject_id FROM citations WHERE subject_type = 'practice' AND locator LIKE 'paras %' LIMIT 5")]
    cites = queries.citations(real_store, "practice", ids)
    for lang, word in (("id", "alinea"), ("en", "paras")):
        text = " ".join(citations.by_subject(cites, lang).values()) + citations.markdown(cites, lang)
        numbering = citations.Numbering(lang)
        numbering.cite(cites)
        text += " ".join(str(citations.html(ref)) for ref in numbering.items)
        assert f"— {word} " in text
        if lang == "id":
            assert "— para" not in text
