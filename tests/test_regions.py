"""One test per real case file: it validates, and its claims all cite existing sources."""
import pytest

from lib import checks, loader, schema, yamlio

from .conftest import REGIONS

FILES = sorted(REGIONS.glob("*.yaml"))


def test_the_nine_regions_are_present():
    assert {p.stem for p in FILES} == {"sragen", "sidoarjo", "parepare", "balikpapan", "lamongan", "jembrana",
                                       "semarang", "tangerang", "metro"}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_case_file_validates(path):
    text, problems = yamlio.read_text(path, str(path))
    assert not problems
    data, problems = yamlio.parse(text, str(path))
    assert not problems
    assert schema.validate(data, str(path), text) == []
    assert checks.check_file(checks.Parsed(str(path), path.stem, text, data)) == []
    assert data["id"] == path.stem
    assert set(data["stages"]) == set(schema.codes("stages"))
    assert all(p["sources"] for p in data["practices"])


def test_all_files_load_together_without_problems():
    catalog = loader.load_all(REGIONS)
    assert catalog.issues == []
    assert set(catalog.regions) == {p.stem for p in FILES}
