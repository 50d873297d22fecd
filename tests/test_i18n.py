"""Every UI string exists in both languages, and every key the code asks for exists."""
import re

import pytest

from lib import i18n

from .conftest import ROOT

LITERAL_KEY = re.compile(r"""\bt\(\s*(?:lang,\s*)?["']([a-z_]+\.[a-z_.\-]+)["']""")


def test_both_locales_have_the_same_keys():
    ids, ens = set(i18n.strings("id")), set(i18n.strings("en"))
    assert ids - ens == set(), "missing in en.yaml"
    assert ens - ids == set(), "missing in id.yaml"


def test_no_empty_strings_and_same_placeholders():
    for key, text in i18n.strings("id").items():
        other = i18n.strings("en")[key]
        assert text.strip() and other.strip(), key
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", other)), key

CODE = [ROOT / "app.py", *ROOT.glob("views/*.py"), *ROOT.glob("lib/**/*.py"),
        *ROOT.glob("lib/templates/*.j2")]  # every file that may ask for a key


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in CODE:
        used |= set(LITERAL_KEY.findall(path.read_text()))
    assert len(used) > 50
    missing = sorted(k for k in used if k not in i18n.strings("id"))
    assert missing == []


# Keys the code builds from a prefix and a value; the value is named in the code (or is a vocabulary code).
BUILT_KEYS = {
    "assess.q.": "a theme code (lib/assess.py: the question worded for a theme)",
    "common.": "the overview chart's labels (views/overview.py)",
    "file.": "a download's name (ui.table / ui.chart `name` or `file`, ui.file_name)",
    "peers.part.": "a key of peers.WEIGHTS",
    "peers.rule.": "a key of peers.WEIGHTS",
    "peers.type_": "a region type code (lib/peers.py)",
    "practice_page.named_": "a category of names (views/practice.py)",
    "practice_page.": "a practice link's relation (queries.practice_links)",
    "sql.example.": "a key of sqlguard.EXAMPLES",
    "sql.reason.": "a sqlguard.Refusal reason",
    "store.": "a store warning (ui.load_warning)",
}


def test_every_locale_key_is_used_by_the_code():
    """A key nobody asks for is dead text to translate and keep: each key is named in the code, or is one of the
    BUILT_KEYS prefixes followed by a value the code names."""
    from lib import schema
    code = "\n".join(p.read_text(encoding="utf-8") for p in CODE)
    codes = {str(item["code"]) for items in schema.document()["vocabularies"].values()
             for item in items if "code" in item}

    def named(word: str) -> bool:
        return f'"{word}"' in code or f"'{word}'" in code

    def used(key: str) -> bool:
        if named(key):
            return True
        prefix = max((p for p in BUILT_KEYS if key.startswith(p)), key=len, default=None)
        return prefix is not None and (named(key[len(prefix):]) or key[len(prefix):] in codes)

    unused = sorted(k for k in i18n.strings("id") if not used(k))
    assert unused == [], "locale keys no code asks for"


def test_computed_keys_exist():
    from lib import sqlguard  # noqa: F401  (the reasons below are sqlguard.Refusal.reason values)
    reasons = ["empty", "busy", "statements", "not-read-only", "files", "extensions", "settings", "write", "timeout",
               "memory", "error"]
    for lang in i18n.LANGS:
        strings = i18n.strings(lang)
        for key in [*(f"sql.reason.{r}" for r in reasons)]:
            assert key in strings, (lang, key)


def test_translation_falls_back_to_the_key_and_formats():
    assert i18n.t("en", "no.such.key") == "no.such.key"
    assert i18n.t("xx", "overview.regions") == i18n.t("id", "overview.regions")
    assert "3" in i18n.t("en", "search.results", n=3)


def test_counts_use_the_readers_thousands_separator(monkeypatch):
    from lib import ui
    from lib.ui import text  # count reads the reader's language there
    monkeypatch.setattr(text, "lang", lambda: "id")
    assert (ui.count(15420), ui.count(514), ui.count(1234567)) == ("15.420", "514", "1.234.567")
    monkeypatch.setattr(text, "lang", lambda: "en")
    assert (ui.count(15420), ui.count(0)) == ("15,420", "0")


def test_english_words_agree_with_their_count_and_no_string_says_s_in_brackets():
    assert i18n.t("en", "region.cited_by", n=1) == "cited by 1 statement"
    assert i18n.t("en", "region.cited_by", n=3) == "cited by 3 statements"
    assert i18n.t("en", "compare.diff_count", n="1,204") == "1,204 differences"
    assert i18n.t("id", "region.cited_by", n=3).count("3") == 1
    for lang in i18n.LANGS:
        assert not [k for k, v in i18n.strings(lang).items() if "(s)" in v], lang


@pytest.mark.parametrize("page, params", [("stages", {}), ("compare", {}), ("region", {}), ("peers", {}),
                                          ("sources", {}), ("themes", {}), ("assess", {}), ("search", {"q": "izin"})])
def test_no_streamlit_english_placeholder_in_the_indonesian_ui(page, params):
    from .harness import app_page
    at = app_page(page, **params)
    assert not at.exception
    for kind in ("multiselect", "selectbox"):
        for widget in at.get(kind):
            placeholder = getattr(widget.proto, "placeholder", "")
            assert placeholder not in ("", "Choose options", "Choose an option"), (page, widget.proto.label)
