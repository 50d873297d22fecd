"""Self-assessment (lib/assess.py): questionnaire, result, exports, draft case file, and uploads."""
import datetime as dt
import io
import os
import re
from pathlib import Path

import markupsafe
import pypdf
import pytest

from lib import assess, db, i18n, loader, paths, peers, schema, yamlio

from .conftest import cli, data_snapshot
from .harness import app_page

TODAY = dt.date(2025, 3, 4)


@pytest.fixture(scope="module")
def data(real_peers):
    return real_peers


# --- the questionnaire -------------------------------------------------------------------------------------------

def test_questionnaire_is_derived_from_the_vocabularies_and_the_data(data):
    d = data["en"]
    form = assess.questionnaire(d, "en")
    seen = {(p.stage_code, t) for p in d.practices.itertuples() for t in p.themes}
    asked = {(q.stage, q.code) for q in form.all_theme_questions()}
    assert asked == seen                                                    # every stage-theme pair, no other
    main = [q.code for s in form.stages.values() for q in s]
    assert sorted(main) == sorted({t for _, t in seen})                     # each theme once as a main question
    assert set(main) <= set(schema.codes("themes"))
    assert list(form.stages) == schema.codes("stages") == list(form.more)
    for questions in form.stages.values():
        counts = [q.regions for q in questions]
        assert counts == sorted(counts, reverse=True)
        for q in questions:                    # the main stage is where most regions documented the theme
            assert all(q.regions >= o.regions for s in form.more for o in form.more[s] if o.code == q.code)
    assert [q.code for q in form.factors] == schema.codes("factors")
    assert form.indicators == schema.codes("indicators")
    one_stop = next(q for q in form.all_theme_questions() if q.code == "one_stop" and q.stage == "II")
    assert one_stop.text == "Is there an integrated (one-stop) service office?"
    assert "Kabupaten" in one_stop.help or "Kota" in one_stop.help          # examples from the data
    id_form = assess.questionnaire(data["id"], "id")
    assert next(q for q in id_form.stages["II"] if q.code == "one_stop").text.startswith("Apakah")


def test_every_theme_has_a_worded_question_in_both_languages_with_a_fallback(data):
    for lang in i18n.LANGS:
        strings = i18n.strings(lang)
        missing = [c for c in schema.codes("themes") if f"assess.q.{c}" not in strings]
        assert not missing, f"add assess.q.<theme> to locales/{lang}.yaml for {missing}"
    assert i18n.t("en", "assess.q_generic", theme="X") == "Is there a practice of: X?"


# --- the result and the exports -------------------------------------------------------------------------------

def test_a_blank_region_produces_a_result_html_and_pdf(data):
    d = data["en"]
    result = assess.assess(d, assess.Answers(), "en", TODAY)
    every_pair = {(p.stage_code, t) for p in d.practices.itertuples() for t in p.themes}
    assert set(result.analysis.gap_pairs) == every_pair
    assert len(result.analysis.visits) == peers.VISITS
    you = result.position[result.position["you"]]
    assert list(you["stage_code"]) == schema.codes("stages") and (you["themes"] == 0).all()
    assert you["maturity"].isna().all()
    assert len(result.position[~result.position["you"]]) == 5 * len(d.regions)

    page = assess.summary_html(d, result)
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "src=" not in page
    assert "Self-assessment: Your region" in page and "References" in page
    body, refs = assess.summary_body(d, result)
    assert refs.items
    cited = {int(n) for group in re.findall(r"\[(\d+(?:, \d+)*)\]", body) for n in group.split(", ")}
    assert cited == set(range(1, len(refs.items) + 1))                      # every number used is listed
    assert body.count("<li>", body.index("References")) == len(refs.items)
    first = refs.items[0]
    assert markupsafe.escape(first.title) in page and first.source_id in page

    pdf = assess.summary_pdf(d, result)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Self-assessment: Your region" in text and "References" in text


def test_named_region_in_indonesian_pdf_and_escaped_html(data):
    d = data["id"]
    answers = assess.Answers(name="Kabupaten Contoh Jaya <script>alert(1)</script>", type="kabupaten",
                             province="Sulawesi Tengah", themes={("II", "one_stop"), ("III", "complaints")},
                             factors={"a", "d"}, maturity={"II": 3}, indicators={"kpk_spi"})
    result = assess.assess(d, answers, "id", TODAY)
    assert ("II", "one_stop") not in result.analysis.gap_pairs
    page = assess.summary_html(d, result)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Daftar rujukan" in page and "3/4" in page and "Survei Penilaian Integritas" in page
    reader = pypdf.PdfReader(io.BytesIO(assess.summary_pdf(d, result)))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Kabupaten Contoh Jaya" in text and "Daftar rujukan" in text
    assert "Kabupaten Contoh Jaya" in reader.metadata.title


def test_pdf_without_the_unicode_font_falls_back_to_a_core_font(data, tmp_path):
    result = assess.assess(data["en"], assess.Answers(name="Kota Ñusa — Baru"), "en", TODAY)
    pdf = assess.summary_pdf(data["en"], result, font_dir=tmp_path)       # an empty folder: no DejaVu
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Kota" in text and "Baru" in text


# --- the draft case file -----------------------------------------------------------------------------------------

SOURCE = """sources:
  - id: S1
    title: "Laporan penyelenggaraan pelayanan publik"
    kind: government
    publisher: "Pemerintah Kota Contoh"
    year: 2024
    url: "https://example.org/laporan"
"""


def fill_sources(text: str) -> str:
    """What an author does: add a source entry to the file's list and cite it in every marked list."""
    text = text.replace(f"\nsources: []  {assess.SOURCE_TODO}\n", "\n" + SOURCE, 1)
    return text.replace(f"[]  {assess.SOURCE_TODO}", "[{ref: S1, at: \"p. 2\"}]")


def source_todo_lines(text: str) -> set[int]:
    return {n for n, line in enumerate(text.splitlines(), 1) if line.rstrip().endswith(assess.SOURCE_TODO)}


ANSWERS = {
    "blank": assess.Answers(),
    "full": assess.Answers(name="Kota Contoh", type="kota", province="Jawa Barat", lat=-6.9, lon=107.6,
                           themes={("II", "one_stop"), ("II", "delegation"), ("III", "complaints"),
                                   ("IV", "e_budgeting"), ("V", "performance")},
                           factors={"a", "e"}, maturity={"II": 2, "IV": 1}, indicators={"kpk_spi"}),
    "hostile": assess.Answers(name='Kota "Baru": #1\n- &x *y !!python/object', type="kabupaten",
                              province="Jawa: 'Timur' # x", themes={("III", "e_voting")}, factors={"b"}),
}


@pytest.mark.parametrize("which", list(ANSWERS))
def test_draft_fails_only_on_the_marked_sources_and_validates_once_they_are_filled(which, tmp_path):
    answers = ANSWERS[which]
    text = assess.draft_yaml(answers, TODAY)
    parsed, problems = yamlio.parse(text, "draft.yaml")                    # the strict loader accepts it
    assert not problems and parsed["id"] == answers.region_id
    folder = tmp_path / "regions"
    folder.mkdir()
    (folder / f"{answers.region_id}.yaml").write_text(text, encoding="utf-8")
    issues = loader.load_all(folder).issues
    marked = source_todo_lines(text)
    assert marked and {i.line for i in issues} == marked                    # exactly the marked lines
    assert all(i.code == "schema-minItems" and i.message.endswith("should be non-empty") for i in issues)
    assert len(issues) == len(marked)
    if which == "hostile":
        assert parsed["name"] == answers.name and parsed["province"] == answers.province
    if which == "full":
        assert parsed["name"] == "Kota Contoh" and len(parsed["practices"]) == 5
        assert parsed["stages"]["II"] == {**parsed["stages"]["II"], "documented": True, "maturity": 2}
        assert parsed["factors"]["a"]["evidenced"] is True and parsed["factors"]["b"]["evidenced"] is False
        assert "kpk_spi" in text
    elif which == "blank":
        assert all(not s["documented"] for s in parsed["stages"].values()) and parsed["practices"] == []

    filled = fill_sources(text)
    (folder / f"{answers.region_id}.yaml").write_text(filled, encoding="utf-8")
    assert loader.load_all(folder).issues == []
    assert not source_todo_lines(filled)
    # and the command line agrees, on the nine regions plus the new file
    for case in paths.regions_dir().glob("*.yaml"):
        (folder / case.name).write_bytes(case.read_bytes())
    out = cli("validate", str(folder))
    assert out.returncode == 0, out.stdout + out.stderr
    assert assess.validate_text(filled, f"{answers.region_id}.yaml", against=paths.regions_dir()) == []


def test_cli_validate_reports_the_draft_sources_as_path_line_message(tmp_path):
    text = assess.draft_yaml(ANSWERS["full"], TODAY)
    path = tmp_path / "contoh.yaml"
    path.write_text(text, encoding="utf-8")
    out = cli("validate", str(tmp_path))
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert {int(re.match(rf"{re.escape(str(path))}:(\d+): ", ln).group(1)) for ln in lines} == source_todo_lines(text)


def test_placeholders_are_marked_todo_and_region_ids_are_safe():
    text = assess.draft_yaml(assess.Answers(), TODAY)
    todo = dict(assess.todo_lines(text))
    lines = text.splitlines()
    for key in ("name:", "type:", "province:", "lat:", "lon:"):
        n = next(i for i, ln in enumerate(lines, 1) if ln.strip().startswith(key))
        assert n in todo, key
    assert assess.region_id_for("Kota Contoh Baru") == "contoh_baru"
    assert assess.region_id_for("Kabupaten Ñgawi-Selatan") == "ngawi_selatan"
    assert assess.region_id_for("") == "daerah_baru" and assess.region_id_for("123") == "daerah_123"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", assess.region_id_for("../../etc/passwd <x>"))


# --- uploads ---------------------------------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8))


@pytest.mark.parametrize("name,payload,code,line", [
    ("broken.yaml", b"id: metro\nname: [unclosed\ntype: kota\n", "yaml", 3),
    ("big.yaml", b"# " + b"x" * 10_000_000 + b"\n", "too-large", 1),
    ("evil.yaml", b"id: metro\nname: !!python/object/apply:os.system ['touch /tmp/reform-pwned']\n", "tag", 2),
    ("bomb.yaml", BOMB.encode(), "anchor", 1),
    ("latin1.yaml", "id: metro\nname: Kota Metr\u00f6\n".encode("latin-1"), "encoding", 2),
    ("list.yaml", b"- just\n- a list\n", "not-a-mapping", 1),
    ("empty.yaml", b"", "empty", 1),
])
def test_bad_uploads_give_problems_with_line_numbers_and_write_nothing(name, payload, code, line, yaml_seen):
    before = data_snapshot()
    problems = assess.validate_upload(payload, name, against=paths.regions_dir())
    if code in ("too-large", "encoding", "anchor"):  # refused before a node tree is composed: nothing to expand
        assert yaml_seen["composed"] == []
    assert problems and problems[0].code == code and problems[0].line == line
    assert all(str(p).startswith(f"{name}:{p.line}: ") and p.line >= 1 for p in problems)
    assert data_snapshot() == before
    assert not os.path.exists("/tmp/reform-pwned")


def test_upload_of_a_schema_broken_file_names_the_lines(data):
    text = (paths.regions_dir() / "metro.yaml").read_text(encoding="utf-8")
    broken = text.replace("type: kota", "type: town", 1)
    problems = assess.validate_text(broken, "metro.yaml", against=paths.regions_dir())
    line = next(n for n, ln in enumerate(broken.splitlines(), 1) if ln.startswith("type: town"))
    assert [(p.line, p.code) for p in problems] == [(line, "schema-enum")]
    assert assess.validate_text(text, "metro.yaml", against=paths.regions_dir()) == []   # itself: no clash
    clash = assess.validate_text(text.replace("id: metro", "id: metro2", 1), "metro2.yaml",
                                 against=paths.regions_dir())
    assert {p.code for p in clash} == {"id-prefix", "duplicate-id"}
    renamed = assess.validate_text(text, "uploaded.yaml")
    assert [p.code for p in renamed] == ["id-mismatch"] and str(renamed[0]).startswith("uploaded.yaml:")


def test_upload_names_are_shown_safely():
    assert assess.shown_name("../../data/regions/x.yaml") == "x.yaml"
    assert assess.shown_name(None) == "upload.yaml"
    assert assess.shown_name("a\nb\x00.yaml") == "ab.yaml"


def test_uploaded_draft_reports_its_marked_sources():
    text = assess.draft_yaml(ANSWERS["full"], TODAY)
    problems = assess.validate_upload(text.encode(), "contoh.yaml", against=paths.regions_dir())
    assert {p.line for p in problems} == source_todo_lines(text)
    assert all(re.match(r"contoh\.yaml:\d+: .*should be non-empty$", str(p)) for p in problems)
    filled = fill_sources(text).encode()
    assert assess.validate_upload(filled, "contoh.yaml", against=paths.regions_dir()) == []
    assert len(filled) < assess.UPLOAD_LIMIT


def test_the_draft_upload_path_never_touches_the_data_folder():
    before = data_snapshot()
    for answers in ANSWERS.values():
        text = assess.draft_yaml(answers, TODAY)
        assess.validate_upload(text.encode(), f"{answers.region_id}.yaml", against=paths.regions_dir())
        assess.validate_upload(fill_sources(text).encode(), "x.yaml", against=paths.regions_dir())
    assert data_snapshot() == before
    assert not any(Path(paths.regions_dir()).glob("contoh*"))


# ---------------------------------------------------------------- answers kept in the URL

def _form():
    store = db.open_store()
    try:
        return assess.questionnaire(peers.load(store, "en"), "en")
    finally:
        store.close()


def test_answers_round_trip_through_url_parameters():
    from lib import state
    form = _form()
    q = form.stages["II"][0]
    answers = assess.Answers(name="Kota Contoh", type="kota", province="Lampung", lat=-5.1, lon=105.3,
                             themes={("II", q.code)}, factors={"a", "d"}, maturity={"II": 3, "V": 0},
                             indicators={form.indicators[0]})
    params = assess.answers_to_params(answers)
    raw = {k: (v if isinstance(v, list) else [v]) for k, v in params.items() if v not in (None, [])}
    parsed = state.Parsed()
    back = assess.answers_from_params(raw, form, parsed)
    assert back == answers and parsed.unknown == []


def test_impossible_answers_in_the_url_are_refused_not_raised():
    from lib import state
    parsed = state.Parsed()
    raw = {"type": ["desa"], "theme": ["IX.one_stop", "<script>"], "level": ["II.9", "II.x"], "factor": ["z"],
           "lat": ["99"], "lon": ["abc"], "name": ["x" * 500], "indicator": ["nope"]}
    back = assess.answers_from_params(raw, _form(), parsed)
    assert back.type is None and back.themes == set() and back.maturity == {} and back.factors == set()
    assert back.lat is None and back.lon is None and len(back.name) == assess.NAME_MAX
    assert len(parsed.unknown) == 9   # every value but the name, which is only cut to length


def test_assess_page_keeps_answers_across_a_reload_and_says_where_they_are_kept():
    at = app_page("assess", lang="en")
    first = at.checkbox[0]
    first.check().run()
    at.text_input(key="assess_name").input("Kota Contoh").run()
    at.selectbox(key="assess_level_II").select(3).run()
    url = {k: at.query_params[k] for k in at.query_params}
    assert url["name"] == "Kota Contoh" and url["level"] == "II.3"
    again = app_page("assess", **url)                  # the same address opened again: a reload or a shared link
    assert not again.exception
    assert again.text_input(key="assess_name").value == "Kota Contoh"
    assert again.checkbox(key=first.key).value is True and again.selectbox(key="assess_level_II").value == 3
    assert any("address (URL)" in i.value for i in again.info)


@pytest.mark.parametrize("which", list(ANSWERS))
def test_the_draft_keeps_its_guiding_comments_through_a_yaml_round_trip(which):
    from ruamel.yaml import YAML

    text = assess.draft_yaml(ANSWERS[which], TODAY)
    assert text.startswith("# ") and "# - id: S1" in text
    assert ("# TODO: placeholder (centre of Indonesia)" in text) == (ANSWERS[which].lat is None)
    rt = YAML()
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    data = rt.load(text)
    out = io.StringIO()
    rt.dump(data, out)
    again = out.getvalue()
    assert source_todo_lines(again) == source_todo_lines(text)             # every marked line, in place
    assert [ln for ln in again.splitlines() if "#" in ln] == [ln for ln in text.splitlines() if "#" in ln]
    assert yamlio.parse(again, "draft.yaml")[0] == yamlio.parse(text, "draft.yaml")[0]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_uploader_states_the_real_size_limit_in_the_ui_language(lang):
    """Streamlit's uploader prints its own "1MB per file" (it cannot be changed): the label and help give the
    limit the check applies, in the reader's language."""
    at = app_page("assess", lang=lang)
    widget = at.get("file_uploader")[0].proto
    kb = f"{assess.UPLOAD_LIMIT // 1000} kB"
    assert kb in widget.label and kb in widget.help
    assert widget.label == i18n.t(lang, "assess.upload_label", kb=assess.UPLOAD_LIMIT // 1000)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_factor_table_says_yes_for_your_evidence_and_counts_the_regions_with_theirs(data, lang):
    d = data[lang]
    mine = set(schema.codes("factors")[:2])
    table = assess.factor_table(assess.assess(d, assess.Answers(factors=mine), lang, TODAY))
    assert list(table["factor_code"]) == schema.codes("factors")
    yes, no = i18n.t(lang, "assess.answer_yes"), i18n.t(lang, "assess.answer_no")
    assert dict(zip(table["factor_code"], table["you"])) == {c: yes if c in mine else no for c in schema.codes("factors")}
    fm = d.factors
    for code, shown in zip(table["factor_code"], table["peers"]):
        evidenced = fm[(fm["factor_code"] == code) & fm["evidenced"]]["region"].nunique()
        assert shown == f"{evidenced}/{len(d.regions)}"
