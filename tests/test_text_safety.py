"""Echoed and data text renders as text only: one escaping function (mdtext.escape) that also neutralises what
Streamlit's Markdown would otherwise turn into links, icons, headings, code blocks or lists."""
import pytest

from lib import mdtext

from .conftest import region, write
from .harness import app_page, shown_text

ZW = mdtext.BREAK


@pytest.mark.parametrize("text, forbidden", [
    ("see www.evil.example", "www.evil"),
    ("https://evil.example/x", "://"),
    (":smile: and :material/home:", ":smile:"),
    (":material/home:", ":material/home:"),
    ("PWN\n===", "\n==="),
    ("PWN\n---", "\n---"),
    ("    indented code", "    "),
    ("1. first\n2. second", "1. "),
    ("<b>bold</b>", "<b>"),
    ("[link](http://x)", "[link]("),
])
def test_escape_neutralises_markup(text, forbidden):
    out = mdtext.escape(text)
    assert forbidden not in out
    readable = out.replace("\\", "").replace(ZW, "")
    assert all(word in readable for word in text.split())   # the reader still sees every word


def test_plain_text_keeps_its_words_and_times():
    assert mdtext.escape("Buka 08:00-16:00 di kecamatan") == "Buka 08:00\\-16:00 di kecamatan"


def test_echoed_url_values_render_as_text():
    at = app_page("stages", stage="www.evil.example", theme=":material/home:", lang="en")
    assert not at.exception
    note = next(i.value for i in at.info if "not recognised" in i.value)
    assert "www.evil" not in note and f"www{ZW}" in note
    assert ":material/home:" not in note and f":{ZW}material/home:" in note


def test_case_file_text_cannot_make_headings_or_code(tmp_path, monkeypatch):
    data = region("alpha")
    data["summary"] = {"id": "PWN\n===\n\n    code\n1. list www.evil.example", "en": "PWN\n==="}
    write(tmp_path, "alpha", data)
    monkeypatch.setenv("REFORM_DATA_DIR", str(tmp_path))
    at = app_page("region", region="alpha")
    assert not at.exception
    text = shown_text(at)
    assert "\n===" not in text and "\n    code" not in text and "www.evil" not in text
    assert not [h for h in at.header if "PWN" in h.value]


def test_deployment_settings_hide_tracebacks_and_watch_no_source_files():
    from streamlit import config
    config.get_config_options(force_reparse=True)
    assert config.get_option("client.showErrorDetails") == "none"
    assert config.get_option("server.fileWatcherType") == "none"


def test_a_search_snippet_bolds_its_matches_and_escapes_everything():
    segments = [("Pelayanan ", False), ("*satu* [pintu](javascript:x)", True), (" ", True), ("terpadu", False)]
    md = mdtext.highlighted(segments)
    assert md.startswith("Pelayanan **") and md.count("**") == 2          # a blank match is not bolded
    assert "](javascript:" not in md and "*satu*" not in md
    assert md.endswith(" terpadu")
