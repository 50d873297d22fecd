"""The glossary: its schema, its data, the recogniser, and agreement with the case files."""
from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from lib import glossary, paths, yamlio

EVIDENCE = paths.ROOT.parent / "shared" / "evidence"

# Terms the glossary must explain (the brief and issue 8), each with the entry it must resolve to.
REQUIRED = {
    "Perda": "perda", "Peraturan Daerah": "perda", "Perbup": "perbup", "Perwali": "perwali",
    "PTSP": "ptsp", "UPTSA": "uptsa", "KPT": "kpt", "BPPT": "bppt", "DPMPTSP": "dpmptsp", "DPM-PTSP": "dpmptsp",
    "PAD": "pad", "APBD": "apbd", "LPSE": "lpse", "MPP": "mpp", "Mal Pelayanan Publik": "mpp",
    "SKPD": "skpd-opd", "OPD": "skpd-opd", "DPRD": "dprd", "KPK": "kpk",
    "Survei Integritas": "survei-integritas", "SPI": "spi", "Ombudsman": "ombudsman",
    "zona merah": "zona-ombudsman", "zona kuning": "zona-ombudsman", "zona hijau": "zona-ombudsman",
    "pungli": "pungli", "calo": "calo", "Saber Pungli": "saber-pungli", "KTP": "ktp", "e-KTP": "ktp",
    "Disdukcapil": "disdukcapil", "IMB": "imb-pbg", "PBG": "imb-pbg", "SIUP": "siup", "WBK": "wbk-wbbm",
    "WBBM": "wbk-wbbm", "Sekda": "sekda", "Bappeda": "bappeda", "Kemendagri": "kemendagri",
    "KemenPAN-RB": "kemenpan-rb", "kabupaten": "kabupaten", "kota": "kota", "Bupati": "bupati",
    "Walikota": "walikota", "Wali Kota": "walikota", "kecamatan": "kecamatan", "ASN": "asn",
}

# Reported (never failed) when they occur in case files.
KNOWN = ["Perda", "LPSE", "PTSP", "MPP", "DPRD", "APBD"]


@pytest.fixture(scope="module")
def entries() -> list[glossary.Entry]:
    return glossary.load()


def ids(matches) -> list[str]:
    return [m.entry.id for m in matches]


# ------------------------------------------------------------------ the schema

def _walk(node, path="$"):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def test_schema_is_valid_2020_12_closed_and_described():
    doc, problems = yamlio.load(glossary.SCHEMA_FILE)
    assert not problems
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(doc)
    objects = [(p, n) for p, n in _walk(doc) if n.get("type") == "object"]
    assert len(objects) >= 5
    for path, node in objects:
        assert node.get("additionalProperties") is False, f"{path} allows extra properties"
        assert node.get("properties"), f"{path} is an object without declared properties"
        for name, prop in node["properties"].items():
            assert isinstance(prop.get("description"), str) and prop["description"].strip(), \
                f"{path}.properties.{name} has no description"
    for name, definition in doc["$defs"].items():
        assert definition.get("description"), f"$defs.{name} has no description"


def test_glossary_file_validates_against_its_schema():
    data, problems = yamlio.load(paths.GLOSSARY_FILE)
    assert not problems
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in glossary.validator().iter_errors(data)]
    assert errors == []
    assert glossary.problems(data) == []


def test_invalid_glossary_is_refused_with_a_clear_error(tmp_path):
    data, _ = yamlio.load(paths.GLOSSARY_FILE)
    data["entries"][0]["colour"] = "red"                      # unknown field
    data["entries"][1]["aliases"] = ["KPK"]                   # a form owned by another entry
    data["entries"][2]["see_also"] = ["no-such-entry"]
    bad = tmp_path / "glossary.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(glossary.GlossaryError) as err:
        glossary.load(bad)
    assert str(bad) in str(err.value) and "colour" in str(err.value)
    del data["entries"][0]["colour"]
    bad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(glossary.GlossaryError) as err:
        glossary.load(bad)
    message = str(err.value)
    assert "form 'KPK' is already recognised as entry" in message
    assert "unknown entry 'no-such-entry'" in message
    bad.write_text("entries: [\n", encoding="utf-8")
    with pytest.raises(glossary.GlossaryError):
        glossary.load(bad)


# ------------------------------------------------------------------ the data

def test_ids_are_unique_and_references_resolve(entries):
    all_ids = [e.id for e in entries]
    assert len(all_ids) == len(set(all_ids))
    codes = {c.code for c in glossary.categories()}
    for e in entries:
        assert e.category in codes, e.id
        assert set(e.see_also) <= set(all_ids), e.id


def test_every_entry_is_bilingual(entries):
    for e in entries:
        assert e.definition.id.strip() and (e.definition.en or "").strip(), f"{e.id}: definition not bilingual"
        assert e.definition.id != e.definition.en, f"{e.id}: English definition is a copy"
        if e.expansion:
            assert e.expansion.id.strip() and (e.expansion.en or "").strip(), f"{e.id}: expansion not bilingual"
    for c in glossary.categories():
        assert c.name.id and c.name.en, c.code


def test_every_form_belongs_to_one_entry(entries):
    owners: dict[str, str] = {}
    for e in entries:
        for form in e.forms:
            key = form if glossary.case_sensitive(form) else form.casefold()
            assert key not in owners, f"{form!r} in {e.id} and {owners.get(key)}"
            owners[key] = e.id


def test_required_terms_are_in_the_glossary(entries):
    assert len(entries) >= 36
    for term, entry_id in REQUIRED.items():
        found = glossary.find(term, entries)
        assert [(m.text, m.entry.id) for m in found] == [(term, entry_id)], term


def test_sources_are_complete_and_evidence_urls_match_the_evidence_base(entries):
    sourced = [e for e in entries if e.source]
    assert len(sourced) >= 10
    evidence = "\n".join(p.read_text(encoding="utf-8") for p in EVIDENCE.glob("*.md")) if EVIDENCE.is_dir() else ""
    for e in sourced:
        assert re.match(r"^https?://\S+$", e.source.url), e.id
        assert e.source.title and e.source.publisher, e.id
        if e.source.evidence_ref and evidence:
            lines = [ln for ln in evidence.splitlines() if re.search(rf"\b{e.source.evidence_ref}\b", ln)]
            assert any(e.source.url in ln for ln in lines), \
                f"{e.id}: URL differs from {e.source.evidence_ref} in the evidence base"


def test_entry_helpers(entries):
    kpk = glossary.by_id(entries)["kpk"]
    assert kpk.forms[0] == "KPK" and "Komisi Pemberantasan Korupsi" in kpk.forms
    assert kpk.definition.get("en").startswith("The state anti-corruption")
    assert kpk.definition.get("xx") == kpk.definition.id
    assert hash(kpk) == hash(glossary.by_id(glossary.load())["kpk"])


def test_the_filter_finds_a_term_by_any_form_or_by_its_definition_in_the_reading_language(entries):
    kpk = glossary.by_id(entries)["kpk"]
    assert glossary.filtered(entries, "", "en") == list(entries)
    assert kpk in glossary.filtered(entries, "komisi PEMBERANTASAN", "en")        # an alias, any case
    word = kpk.definition.get("en").split()[2]
    assert kpk in glossary.filtered(entries, word, "en")
    assert all(word.lower() in " ".join([*e.forms, e.definition.get("en"),
                                         e.expansion.get("en") if e.expansion else ""]).lower()
               for e in glossary.filtered(entries, word, "en"))
    assert glossary.filtered(entries, "zzz-no-such-text", "id") == []


# ------------------------------------------------------------------ find()

def test_whole_words_only(entries):
    assert glossary.find("Di kotak itu ada kalender.", entries) == []
    assert glossary.find("Calon bupati itu", entries)[0].entry.id == "bupati"
    assert "calo" not in ids(glossary.find("Calon bupati itu", entries))
    assert glossary.find("Perdana menteri; PADANG; SPIKE; KPKN; ASNI", entries) == []
    assert ids(glossary.find("Perda/Perbup (KPK's) MPP-nya, kab/kota.", entries)) == \
        ["perda", "perbup", "kpk", "mpp", "kabupaten", "kota"]


def test_acronyms_match_their_case_other_words_any_case(entries):
    assert ids(glossary.find("KPK", entries)) == ["kpk"]
    assert glossary.find("kpk Kpk kPK", entries) == []
    assert glossary.find("pad dan Pad", entries) == []
    assert ids(glossary.find("Kota Metro, KOTA, kota, perda, PERDA, Calo, CALO", entries)) == \
        ["kota", "kota", "kota", "perda", "perda", "calo", "calo"]
    assert ids(glossary.find("Walikota dan wali kota serta WALI KOTA", entries)) == ["walikota"] * 3


def test_aliases_and_full_names(entries):
    text = "Peraturan Daerah tentang Mal Pelayanan Publik, e-KTP dan Dewan Perwakilan Rakyat Daerah"
    found = glossary.find(text, entries)
    assert [(m.text, m.entry.id) for m in found] == [
        ("Peraturan Daerah", "perda"), ("Mal Pelayanan Publik", "mpp"), ("e-KTP", "ktp"),
        ("Dewan Perwakilan Rakyat Daerah", "dprd")]


def test_longest_match_first_and_no_overlaps(entries):
    cases = {
        "Dinas Penanaman Modal dan PTSP Sidoarjo": [("Dinas Penanaman Modal dan PTSP", "dpmptsp")],
        "kantor DPM-PTSP": [("DPM-PTSP", "dpmptsp")],
        "Peraturan Wali Kota Nomor 5": [("Peraturan Wali Kota", "perwali")],
        "unit Saber Pungli dibentuk": [("Saber Pungli", "saber-pungli")],
        "Survei Integritas Sektor Publik 2011": [("Survei Integritas Sektor Publik", "survei-integritas")],
        "Satuan Tugas Sapu Bersih Pungutan Liar": [("Satuan Tugas Sapu Bersih Pungutan Liar", "saber-pungli")],
    }
    for text, expected in cases.items():
        assert [(m.text, m.entry.id) for m in glossary.find(text, entries)] == expected, text


def test_white_space_inside_a_term(entries):
    found = glossary.find("masuk zona\n  merah lagi", entries)
    assert [(m.text, m.entry.id) for m in found] == [("zona\n  merah", "zona-ombudsman")]


def test_once_links_each_entry_once(entries):
    text = "KPK, KPK dan Komisi Pemberantasan Korupsi; DPRD"
    assert ids(glossary.find(text, entries)) == ["kpk", "kpk", "kpk", "dprd"]
    assert [(m.text, m.entry.id) for m in glossary.find(text, entries, once=True)] == [("KPK", "kpk"), ("DPRD", "dprd")]


def test_empty_inputs(entries):
    assert glossary.find("", entries) == []
    assert glossary.find("KPK", []) == []
    assert glossary.segments("", entries) == [("", None)]
    assert glossary.segments("tanpa istilah", entries) == [("tanpa istilah", None)]


# ------------------------------------------------------------------ segments()

def test_segments_split_text_without_interpreting_it(entries):
    text = "<b>KPK</b> & <script>alert('Perda')</script> zona hijau."
    parts = glossary.segments(text, entries)
    assert "".join(p for p, _ in parts) == text
    assert [(p, e.id if e else None) for p, e in parts] == [
        ("<b>", None), ("KPK", "kpk"), ("</b> & <script>alert('", None), ("Perda", "perda"),
        ("')</script> ", None), ("zona hijau", "zona-ombudsman"), (".", None)]


@functools.cache
def _loaded() -> tuple[glossary.Entry, ...]:
    return tuple(glossary.load())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["KPK", "kota", "kotak", "Perda", "DPM-PTSP", "PTSP", " ", "-", "/", "Wali",
                                 "Kota", "calon", "e-KTP", "x", "\n", "<i>", "Saber", "Pungli", "é"]), max_size=25))
def test_segments_always_rejoin_and_matches_never_overlap(pieces):
    entries = _loaded()
    text = "".join(pieces)
    parts = glossary.segments(text, entries)
    assert "".join(p for p, _ in parts) == text
    found = glossary.find(text, entries)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert text[m.start:m.end] == m.text


# ------------------------------------------------------------------ agreement with the case files

def _case_files() -> list[Path]:
    folder = paths.regions_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _texts(node) -> list[str]:
    """Every string of every bilingual text object ({id, en}) in a case file."""
    out: list[str] = []
    if isinstance(node, dict):
        if "id" in node and set(node) <= {"id", "en"}:
            return [v for v in node.values() if isinstance(v, str)]
        for value in node.values():
            out.extend(_texts(value))
    elif isinstance(node, list):
        for value in node:
            out.extend(_texts(value))
    return out


def _occurrences(form: str, text: str):
    """Whole-word occurrences of one form, found independently of lib.glossary's combined matcher."""
    sensitive = re.search(r"[A-Z]{2}", form) is not None
    body = r"\s+".join(re.escape(w) for w in form.split())
    return re.finditer(rf"(?<!\w){body}(?!\w)", text, 0 if sensitive else re.IGNORECASE)


CASE_FILES = _case_files()


@pytest.mark.parametrize("path", CASE_FILES or [None], ids=[p.stem for p in CASE_FILES] or ["none"])
def test_every_glossary_term_in_a_case_file_is_linked(path, entries):
    if path is None:
        pytest.skip("no case files in data/regions yet")
    data, problems = yamlio.load(path)
    if problems or data is None:
        pytest.skip(f"{path.name} does not parse yet: {problems[0] if problems else 'empty'}")
    missed = []
    for text in _texts(data):
        found = glossary.find(text, entries)
        assert "".join(p for p, _ in glossary.segments(text, entries)) == text
        for entry in entries:
            for form in entry.forms:
                for occ in _occurrences(form, text):
                    if not any(m.start < occ.end() and occ.start() < m.end for m in found):
                        missed.append(f"{form!r} ({entry.id}) at {occ.start()} in {text[:80]!r}")
    assert not missed, f"{path.name}: {len(missed)} glossary term(s) not linked:\n" + "\n".join(missed[:20])


def test_report_known_terms_in_case_files(entries, capsys, record_property):
    """Report (never fail) where the common terms occur; the terms themselves must be in the glossary."""
    known = {}
    for term in KNOWN:
        found = glossary.find(term, entries)
        assert found and found[0].text == term, f"{term} is not in the glossary"
        known[term] = found[0].entry.id
    if not CASE_FILES:
        pytest.skip("no case files in data/regions yet")
    counts: dict[str, dict[str, int]] = {t: {} for t in KNOWN}
    for path in CASE_FILES:
        data, problems = yamlio.load(path)
        if problems or data is None:
            continue
        for text in _texts(data):
            for m in glossary.find(text, entries):
                for term, entry_id in known.items():
                    if m.entry.id == entry_id:
                        counts[term][path.stem] = counts[term].get(path.stem, 0) + 1
    lines = [f"  {term:6} " + (", ".join(f"{r} {n}" for r, n in sorted(c.items())) or "not used")
             for term, c in counts.items()]
    record_property("glossary_known_terms", {t: c for t, c in counts.items()})
    with capsys.disabled():
        print("\nglossary terms linked in case files (matches per region):\n" + "\n".join(lines))
