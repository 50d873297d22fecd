"""Open data: the Frictionless Data Package (CLI and /sources zip), CITATION.cff and the cite box, and the
report-a-problem path from a claim's citations to a prefilled report."""
from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pandas as pd
import pytest
import yaml

from lib import cite, db, package, paths, report

from . import harness
from .conftest import cli, region, write

HOSTILE = "=HYPERLINK(\"http://x\"), \"kutip\"\nbaris dua; +1 -2 @3"


@pytest.fixture
def folder(tmp_path) -> Path:
    """Two regions; one practice title holds spreadsheet-formula text, quotes, a comma and a newline."""
    out = tmp_path / "regions"
    alpha = region("alpha")
    alpha["practices"][0]["title"] = {"id": HOSTILE, "en": HOSTILE}
    write(out, "alpha", alpha)
    write(out, "beta", region("beta", type="kabupaten", province="Jawa Tengah"))
    return out


@pytest.fixture
def store(folder):
    opened = db.open_store(folder)
    yield opened
    opened.close()


def _package(folder, tmp_path) -> Path:
    out = tmp_path / "pkg"
    result = cli("export", "package", "--out", str(out), "--data", str(folder))
    assert result.returncode == 0, result.stderr
    return out


def test_package_validates_and_every_foreign_key_resolves(folder, tmp_path):
    from frictionless import Package
    out = _package(folder, tmp_path)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == list(db.CONTRACT)
    assert all(f.get("description") for r in descriptor["resources"] for f in r["schema"]["fields"])
    licence = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))["license"]
    assert [x["name"] for x in descriptor["licenses"]] == [licence]
    outcome = Package(str(out / "datapackage.json")).validate()
    assert outcome.valid, outcome.flatten(["type", "note"])
    checked = 0
    for resource in descriptor["resources"]:
        frame = pd.read_csv(out / resource["path"], dtype=str, keep_default_na=False)
        for key in resource["schema"].get("foreignKeys", []):
            target = pd.read_csv(out / f"{key['reference']['resource']}.csv", dtype=str, keep_default_na=False)
            values = set(frame[key["fields"]]) - {""}
            assert values <= set(target[key["reference"]["fields"]]), (resource["name"], key)
            checked += bool(values)
    assert checked >= 10


def test_package_csv_and_parquet_equal_the_tables(folder, tmp_path, store):
    from frictionless import Package
    out = _package(folder, tmp_path)
    package = Package(str(out / "datapackage.json"))
    for name in db.CONTRACT:
        table = store.df(f"SELECT * FROM {name}")
        rows = package.get_resource(name).read_rows()
        as_read = [[float(v) if isinstance(v, Decimal) else v for v in row.to_list()] for row in rows]
        expected = [[None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in rec]
                    for rec in table.itertuples(index=False)]
        assert as_read == expected, name
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), table, check_dtype=False)
    titles = pd.read_csv(out / "practices.csv", dtype=str)["title_id"]
    assert HOSTILE in set(titles)  # exact value: no spreadsheet quoting in machine data


def test_sources_page_offers_the_package_as_one_zip_and_a_citation(folder, monkeypatch):
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    at = harness.app_page("sources", lang="en")
    assert not at.exception
    assert "Download the data package (ZIP)" in [b.proto.label for b in at.get("download_button")]
    store = db.open_store(folder)
    try:
        version, date = cite.data_version(store), cite.data_date(store)
        archive = zipfile.ZipFile(io.BytesIO(package.zip_bytes(store)))
    finally:
        store.close()
    names = {Path(n).name for n in archive.namelist()}
    assert {"datapackage.json", *(f"{t}.csv" for t in db.CONTRACT), *(f"{t}.parquet" for t in db.CONTRACT)} <= names
    text = harness.shown_text(at)
    assert version and version in text
    assert date == "2011-11"  # the newest date in the test case files (event 2011-11; sources give only 2011)
    codes = [c.value for c in at.code]
    assert any(c.startswith("@misc{") and version in c and "year = {2011}" in c for c in codes)
    assert any("data per 2011-11" in c for c in codes) and any("data as of 2011-11" in c for c in codes)
    assert any("lisensi CC-BY-4.0" in c for c in codes) and any("licence CC-BY-4.0" in c for c in codes)


def test_citation_cff_is_valid_cff_1_2_0():
    meta = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert meta["cff-version"] == "1.2.0"
    for key in ("cff-version", "message", "title", "authors"):
        assert meta.get(key), key
    assert meta["type"] == "dataset"
    assert meta["license"] == "CC-BY-4.0"  # an SPDX id, as CFF requires; the data package repeats it
    assert (paths.ROOT / "LICENSE").is_file() and "CC BY 4.0" in (paths.ROOT / "data" / "LICENSE.md").read_text()
    assert all(a.get("name") or a.get("family-names") for a in meta["authors"])


def test_bibtex_braces_balance_and_hold_the_version(store):
    entry = cite.bibtex(cite.dataset(store, "https://example.org/app"))
    assert entry.count("{") == entry.count("}")
    assert cite.data_version(store) in entry and "url = {https://example.org/app}" in entry


def test_report_holds_the_claim_its_texts_and_sources(store):
    c = report.claim(store, "practice:alpha-one-stop")
    body = report.text(c, correction="Tahun mulai 2004", new_source="Perda 1/2004")
    for part in ("practice:alpha-one-stop", "Kota Alpha", "data/regions/alpha.yaml", HOSTILE,
                 "Izin satu pintu", "Izin satu pintu (en)", "[alpha:S1] Berita satu", "para 1",
                 "https://example.org/1", "Tahun mulai 2004", "Perda 1/2004"):
        assert part in body, part
    patch = yaml.safe_load(report.yaml_patch(c, "Tahun mulai 2004"))
    assert patch["claim"] == "practice:alpha-one-stop" and patch["file"] == "data/regions/alpha.yaml"
    assert patch["current_sources"] == [{"ref": "S1", "at": "para 1"}]
    assert patch["proposed"]["correction"] == "Tahun mulai 2004"
    url = report.tracker_url("https://example.org/issues/new?title={title}&body={body}", c)
    query = parse_qs(urlparse(url).query)
    assert query["body"] == [body.replace("Tahun mulai 2004", "(tulis di sini / write here)")
                             .replace("Perda 1/2004", "(tulis di sini / write here)")]
    assert "practice:alpha-one-stop" in query["title"][0]


@pytest.mark.parametrize("ref", ["stage:alpha:II", "factor:alpha:d", "outcome:alpha-o-time", "event:alpha-e-2011",
                                 "obstacle:alpha-ob-calo", "status:alpha-one-stop", "location:alpha"])
def test_every_kind_of_claim_has_its_sources(store, ref):
    c = report.claim(store, ref)
    cited = store.rows("SELECT count(*) FROM citations WHERE subject_type || ':' || subject_id = ?", [ref])[0][0]
    assert c.region_id == "alpha" and len(c.sources) == cited > 0


@pytest.mark.parametrize("ref", ["", "practice:", "nope:alpha", "practice:missing", "practice:' OR 1=1 --",
                                 "<script>alert(1)</script>", "practice:" + "x" * 500])
def test_unknown_claims_are_refused(store, ref):
    with pytest.raises(report.UnknownClaim):
        report.claim(store, ref)


def test_region_page_links_each_claim_to_its_report_and_the_report_page_shows_it(folder, monkeypatch):
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    monkeypatch.delenv("REFORM_REPORT_URL", raising=False)
    at = harness.app_page("region", region="alpha", lang="en")
    assert not at.exception
    links = set(re.findall(r"\(/report\?([^)]*)\)", harness.shown_text(at)))
    claims = {parse_qs(q)["claim"][0] for q in links}
    assert {"stage:alpha:I", "trigger:alpha", "event:alpha-e-2011"} & claims
    assert all(parse_qs(q)["lang"] == ["en"] for q in links)
    report_page = harness.app_page("report", claim="stage:alpha:II", lang="en")
    assert not report_page.exception
    shown = harness.shown_text(report_page)
    assert "stage:alpha:II" in shown and "Perda (en)" in shown and "[alpha:S1] Berita satu" in shown
    labels = [b.proto.label for b in report_page.get("download_button")]
    assert labels == ["Download the report (text)", "Download the YAML patch"]
    refused = harness.app_page("report", claim="practice:<b>x</b>", lang="en")
    assert not refused.exception and refused.warning and not refused.get("download_button")


def test_configured_tracker_gets_a_prefilled_link(folder, monkeypatch):
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    monkeypatch.setenv("REFORM_REPORT_URL", "https://example.org/issues/new?title={title}&body={body}")
    at = harness.app_page("report", claim="obstacle:alpha-ob-calo", lang="id")
    assert not at.exception
    url = next(b.proto.url for b in at.get("link_button"))
    assert url.startswith("https://example.org/issues/new?title=")
    assert "Calo (en)" in unquote(url) and "[alpha:S2] Abstrak" in unquote(url)
