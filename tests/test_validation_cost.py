"""Hostile input costs one pass: a file with thousands of problems is composed once (not once per problem), its
problems are capped with a count of the rest, a file past the validation budget is refused with one problem, and
a number too long for Python is a problem with its line like any other: in the CLI, the build and the upload."""
import copy

import pytest
import yaml

from lib import assess, issues, loader, schema, yamlio

from .conftest import cli, region, write


def _bad(n_practices: int) -> dict:
    """A case file whose practices each carry two schema problems (an unknown stage code, an unknown field)."""
    data = region("alpha")
    good = data["practices"][0]
    data["practices"] = [{**copy.deepcopy(good), "id": f"alpha-p{i}", "stage": "ZZ", "colour": "red"}
                         for i in range(n_practices)]
    return data


@pytest.fixture
def composes(monkeypatch):
    """Counts the YAML node trees composed (the costly step that used to run once per problem)."""
    calls = []
    real = yaml.compose

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(yamlio.yaml, "compose", counting)
    return calls


@pytest.mark.parametrize("n", [150, 1000, 3500])
def test_one_compose_per_file_whatever_the_number_of_problems(tmp_path, composes, monkeypatch, n):
    monkeypatch.setattr(schema, "BUDGET_S", 600)   # the budgets have tests of their own
    monkeypatch.setattr(schema, "MAX_COUNTED", 100_000)
    write(tmp_path, "alpha", _bad(n))
    catalog = loader.load_all(tmp_path)
    assert len(composes) == 1
    listed = [i for i in catalog.issues if i.code != "more-problems"]
    assert len(listed) == issues.MAX_PER_FILE and all(i.line > 0 for i in listed)
    more = [i for i in catalog.issues if i.code == "more-problems"]
    assert len(more) == 1 and f"{2 * n - issues.MAX_PER_FILE:,} more problems" in more[0].message


def test_lines_point_at_the_offending_node(tmp_path):
    path = write(tmp_path, "alpha", _bad(3))
    lines = path.read_text().splitlines()
    found = loader.load_all(tmp_path).issues
    for issue in found:
        shown = lines[issue.line - 1]
        assert ("stage: ZZ" in shown if issue.code == "schema-enum" else shown.startswith("- id: alpha-p")), issue


def test_a_file_past_the_validation_budget_is_refused_with_one_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "MAX_COUNTED", 50)
    write(tmp_path, "alpha", _bad(100))
    write(tmp_path, "beta", region("beta"))
    catalog = loader.load_all(tmp_path)
    assert [i.code for i in catalog.issues] == ["too-many-problems"]
    assert "refused" in catalog.issues[0].message
    assert set(catalog.regions) == {"beta"}                     # the others still load


def test_validate_cli_on_a_file_with_hundreds_of_problems(tmp_path):
    write(tmp_path, "alpha", _bad(300))
    done = cli("validate", str(tmp_path))
    assert done.returncode == 1
    out = done.stdout.strip().splitlines()
    assert len(out) == issues.MAX_PER_FILE + 1 and "more problems" in out[-1]


LONG = "9" * 5000


def test_a_number_too_long_for_python_is_a_problem_with_its_line(tmp_path):
    text = yaml.safe_dump(region("alpha"), sort_keys=False)
    text = text.replace("rank: 60", f"rank: {LONG}", 1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if LONG in row)
    write(tmp_path, "alpha", text)
    write(tmp_path, "beta", region("beta"))
    catalog = loader.load_all(tmp_path)
    assert [(i.code, i.line) for i in catalog.issues] == [("number-too-long", line)]
    assert set(catalog.regions) == {"beta"}
    done = cli("validate", str(tmp_path))
    assert done.returncode == 1 and f"alpha.yaml:{line}: number too long" in done.stdout
    assert "Traceback" not in done.stderr
    found = assess.validate_upload(text.encode(), "alpha.yaml")
    assert [(i.code, i.line) for i in found] == [("number-too-long", line)]


def test_a_file_that_outlasts_the_time_budget_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "BUDGET_S", 0.0)
    write(tmp_path, "alpha", _bad(5))
    assert [i.code for i in loader.load_all(tmp_path).issues] == ["too-many-problems"]


@pytest.mark.parametrize("value", ["!!timestamp 2020-13-45", "!!int 0b"])
def test_a_value_python_cannot_build_is_a_problem_with_its_line(value):
    data, found = yamlio.parse(f"id: alpha\nname: {value}\n", "alpha.yaml")
    assert data is None and [(i.code, i.line) for i in found] == [("value", 2)]


def test_the_upload_check_runs_in_a_worker_process_with_the_same_answer(tmp_path):
    from lib import uploadcheck
    raw = yaml.safe_dump(_bad(300), sort_keys=False).encode()
    write(tmp_path, "beta", region("beta"))
    here = uploadcheck.run_here(raw, "alpha.yaml", str(tmp_path))
    there = uploadcheck.check(raw, "alpha.yaml", str(tmp_path))
    assert there == here and len(there[0]) == issues.MAX_PER_FILE + 1
