"""The analyst text of every case file says the same numbers in both languages, and the region summary names no
year that the region's cited claims do not carry (issue 17: the mechanical kind of drift between summary and
sources, and between the Indonesian and English text).

Analyst text: the region summary, the trigger text, each stage rationale, practice summary, success-factor text,
obstacle text and event text, in `id` and `en`.

Numbers: every run of digits with `.` or `,` between them (`7,084`, `7.084`, `1.5`, `1,5`, `95,95`,
`413.013/2016`) is compared as its digits alone (`7084`, `15`, `9595`, `413013`, `2016`), because Indonesian
and English swap the decimal and thousands separators. So `1.5` and `1,5` agree, and a year, percentage or
figure present in one language and missing from the other is a failure. (The price: `1.5` and `15` also agree.)

Years in the summary: a year (1900-2099) in the region summary, in either language, must be carried by a cited
claim of the same region: the text (either language) of a practice (title, summary, status note, year note),
stage rationale, factor text, obstacle, event, outcome (label, note) or the trigger, or one of their structured
years (practice year_start and status year, event date, outcome year, trigger year). The summary cites nothing
itself, so this is where a year could drift away from its evidence.
"""
import re
from pathlib import Path

import pytest
import yaml

from lib import paths

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def _files() -> list[Path]:
    return sorted(paths.regions_dir().glob("*.yaml"))


def numbers(text: str) -> set[str]:
    """The numbers of a text, each as its digits alone (see the module docstring)."""
    return {re.sub(r"[.,]", "", n) for n in NUMBER.findall(text or "")}


def analyst_texts(doc: dict) -> list[tuple[str, dict]]:
    """(where, {id, en}) for every analyst text of a case file."""
    out = [("summary", doc.get("summary") or {})]
    if doc.get("trigger"):
        out.append(("trigger", doc["trigger"].get("text") or {}))
    out += [(f"stages.{code}.rationale", s.get("rationale") or {}) for code, s in (doc.get("stages") or {}).items()]
    out += [(f"factors.{code}.text", f.get("text") or {}) for code, f in (doc.get("factors") or {}).items()]
    out += [(f"practices.{p['id']}.summary", p.get("summary") or {}) for p in doc.get("practices") or []]
    out += [(f"obstacles.{o['id']}.text", o.get("text") or {}) for o in doc.get("obstacles") or []]
    out += [(f"events.{e['id']}.text", e.get("text") or {}) for e in doc.get("events") or []]
    return out


def cited_years(doc: dict) -> set[str]:
    """Every year a cited claim of the region carries, in its text or its structured year fields."""
    texts, years = [], []

    def add(*parts):
        for part in parts:
            if isinstance(part, dict):
                texts.extend(v for v in part.values() if isinstance(v, str))

    for p in doc.get("practices") or []:
        add(p.get("title"), p.get("summary"), p.get("year_note"), (p.get("status") or {}).get("note"))
        years += [p.get("year_start"), (p.get("status") or {}).get("year")]
    for s in (doc.get("stages") or {}).values():
        if s.get("sources"):
            add(s.get("rationale"))
    for f in (doc.get("factors") or {}).values():
        if f.get("sources"):
            add(f.get("text"))
    for o in doc.get("obstacles") or []:
        add(o.get("text"))
    for e in doc.get("events") or []:
        add(e.get("text"))
        years.append(str(e.get("date", ""))[:4])
    for o in doc.get("outcomes") or []:
        add(o.get("label"), o.get("note"))
        years.append(o.get("year"))
    if doc.get("trigger"):
        add(doc["trigger"].get("text"))
        years.append(doc["trigger"].get("year"))
    return {str(y) for y in years if y} | {y for t in texts for y in YEAR.findall(t)}


def _doc(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_numbers_agree_between_languages(path):
    drift = []
    for where, text in analyst_texts(_doc(path)):
        if "en" not in text:
            continue
        only_id, only_en = numbers(text["id"]) - numbers(text["en"]), numbers(text["en"]) - numbers(text["id"])
        if only_id or only_en:
            drift.append(f"{path.name}: {where}: only in id {sorted(only_id)}, only in en {sorted(only_en)}")
    assert not drift, "\n".join(drift)


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_summary_years_are_carried_by_cited_claims(path):
    doc = _doc(path)
    summary = " ".join((doc.get("summary") or {}).values())
    missing = sorted(set(YEAR.findall(summary)) - cited_years(doc))
    assert not missing, f"{path.name}: summary years no cited claim carries: {missing}"


def test_the_checks_catch_drift():
    """The normaliser agrees across separators and still sees a missing number or year."""
    assert numbers("Rp 7.084 dan 1,5 tahun; 95,95%") == numbers("Rp 7,084 and 1.5 years; 95.95%")
    assert numbers("sejak 2012") != numbers("since 2013")
    doc = {"summary": {"id": "Pada 2004 dan 2012", "en": "In 2004 and 2012"},
           "events": [{"id": "e", "date": "2004-05", "text": {"id": "x", "en": "x"}}]}
    assert set(YEAR.findall(doc["summary"]["en"])) - cited_years(doc) == {"2012"}
