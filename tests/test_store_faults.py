"""Faults of the on-disk cache and of case files: each row ends with every page serving the right data."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from lib import cached, db, paths

from .conftest import region, write
from .harness import ROOT, app_page, shown_text

PAGES = sorted(p.stem for p in (ROOT / "views").glob("*.py"))


@pytest.fixture
def folder(two_regions, monkeypatch, tmp_path):
    monkeypatch.setenv("REFORM_DATA_DIR", str(two_regions))
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    return two_regions


def region_ids(store: db.Store) -> list[str]:
    return [r[0] for r in store.rows("SELECT region_id FROM regions ORDER BY 1")]


def serve_all(expected_regions: int) -> str:
    """Run every page; none may raise; the overview counts the expected regions. Returns the overview's text."""
    for page in PAGES:
        at = app_page(page, lang="en")
        assert not at.exception, (page, at.exception)
    at = app_page(None, lang="en")
    assert at.metric[0].value == str(expected_regions)
    assert cached.store().path.exists()
    return shown_text(at)


def test_truncated_cache_file_is_rebuilt(folder):
    store = db.open_store(folder)
    path = store.path
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    store = db.open_store(folder)
    assert region_ids(store) == ["alpha", "beta"]
    store.close()
    serve_all(2)


def test_cache_file_deleted_while_served(folder):
    serve_all(2)
    for f in paths.CACHE_DIR.glob("reform-*.duckdb*"):
        f.unlink()
    serve_all(2)
    at = app_page("sql", lang="en", q="SELECT count(*) AS n FROM regions")
    assert not at.exception and not at.error
    assert at.dataframe[0].value["n"].tolist() == [2]


def test_rebuild_keeps_the_file_of_an_open_store(folder):
    old = db.open_store(folder)
    (folder / "alpha.yaml").write_text((folder / "alpha.yaml").read_text().replace("Ringkasan", "Ringkasan baru"))
    new = db.open_store(folder)
    assert new.path != old.path and old.path.exists()  # the held-back copy may still be served
    assert region_ids(old) == ["alpha", "beta"]
    old_path = old.path
    old.close()
    del old
    (folder / "beta.yaml").write_text((folder / "beta.yaml").read_text().replace("Ringkasan", "Ringkasan lagi"))
    newest = db.open_store(folder)
    assert not old_path.exists()  # cleaned once no store used it
    assert new.path.exists()      # still open
    new.close()
    newest.close()


def test_unwritable_cache_dir_builds_elsewhere_with_a_warning(folder, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(paths, "CACHE_DIR", blocker / "cache")  # fails even as root
    store = db.open_store(folder)
    assert store.warning == "cache_unwritable" and region_ids(store) == ["alpha", "beta"]
    store.close()
    assert "cache folder cannot be written" in serve_all(2)


def test_killed_build_leaves_nothing_behind(folder):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    paths.CACHE_DIR.mkdir(parents=True)
    leftovers = [paths.CACHE_DIR / f".reform-0123.duckdb.{dead.pid}.tmp",
                 paths.CACHE_DIR / f".reform-0123.duckdb.{dead.pid}.tmp.wal"]
    running = paths.CACHE_DIR / f".reform-4567.duckdb.{os.getppid()}.tmp"  # a build still going on
    for f in [*leftovers, running]:
        f.write_bytes(b"partial")
    db.open_store(folder).close()
    assert not any(f.exists() for f in leftovers)
    assert running.exists()
    serve_all(2)


def test_huge_number_in_a_case_file_skips_that_file_only(folder):
    text = write(folder, "gamma", region("gamma")).read_text()
    (folder / "gamma.yaml").write_text(text.replace("value: 3.15", "value: " + "9" * 5000))
    assert "gamma.yaml" in serve_all(2)


def test_deleted_case_file_is_announced(folder):
    serve_all(2)
    (folder / "beta.yaml").unlink()
    assert "1 region disappeared since the last load" in serve_all(1)


def test_sources_counts_held_back_problems(folder):
    serve_all(2)
    beta = folder / "beta.yaml"
    beta.write_text(beta.read_text().replace("province: Jawa Tengah", "province: [Jawa Tengah"))
    at = app_page("sources", lang="en")
    text = shown_text(at)
    assert "were just changed and are now invalid" in text
    assert "Every case file passed validation" not in text and "beta.yaml" in text


def test_cache_key_covers_every_module_that_shapes_the_tables(folder, tmp_path, monkeypatch):
    for name in ("loader", "checks", "yamlio", "schema", "db", "search"):
        assert (ROOT / "lib" / f"{name}.py") in db.BUILD_CODE
    before = db.inputs_hash(folder)
    first = db.open_store(folder)
    copy = tmp_path / "checks.py"
    shutil.copy(ROOT / "lib" / "checks.py", copy)
    copy.write_text(copy.read_text() + "\n# a changed rule\n")
    monkeypatch.setattr(db, "BUILD_CODE", [copy if p.name == "checks.py" else p for p in db.BUILD_CODE])
    assert db.inputs_hash(folder) != before
    second = db.open_store(folder)
    assert second.path != first.path and region_ids(second) == ["alpha", "beta"]
    first.close()
    second.close()


def test_same_files_in_another_folder_get_their_own_database(folder, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    assert db.inputs_hash(other) != db.inputs_hash(folder)
