"""The catalogue of problem codes (lib/problems.py): complete, bilingual, and the only source of problem words."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from lib import glossary, issues, problems, schema, sqlguard, yamlio
from lib.issues import issue

ROOT = Path(__file__).resolve().parent.parent
EMITTERS = ["lib/issues.py", "lib/yamlio.py", "lib/loader.py", "lib/checks.py", "lib/schema.py", "lib/glossary.py",
            "lib/assess.py", "lib/uploadcheck.py", "lib/sqlguard.py", "lib/sqlworker.py"]
# keywords that only combine or point to others: JSON Schema reports the failing keyword inside them
STRUCTURAL = {"$ref", "allOf", "anyOf", "oneOf", "if", "then", "else", "items", "properties", "prefixItems"}


def _trees():
    return {name: ast.parse((ROOT / name).read_text(encoding="utf-8")) for name in EMITTERS}


def _strings(tree) -> set[str]:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@pytest.mark.parametrize("code", sorted(problems.CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_placeholders(code):
    kind = problems.CATALOGUE[code]
    assert kind.level in {"error", "warning", "info"}
    assert kind.id.strip() and kind.en.strip()
    assert problems.placeholders(kind.id) == problems.placeholders(kind.en), code
    values = dict.fromkeys(problems.placeholders(kind.en), 7)  # numbers fit every format spec used
    assert problems.text(code, "id", values) and problems.text(code, "en", values)


def test_no_module_writes_a_problem_outside_the_catalogue():
    """Issues are made only by issues.issue (which fills the catalogue's words) or read back from the database."""
    for path in sorted((ROOT / "lib").glob("*.py")):
        if path.name in ("issues.py", "db.py"):  # the factory itself; the store reads stored issues back
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = path.name
        direct = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call)
                  and getattr(n.func, "id", getattr(n.func, "attr", None)) == "Issue"]
        assert not direct, f"{name}:{direct} builds an Issue by hand; use issues.issue(code, ...)"


def test_every_code_named_in_the_code_is_catalogued_and_every_entry_is_used():
    """Every string literal shaped like a code of a family the catalogue owns is a catalogue code, and every
    catalogue code is named somewhere (schema-<keyword> codes are built from the failing keyword)."""
    named = set().union(*map(_strings, _trees().values()))
    families = ("sql-", "glossary-", "schema-")
    loose = {s for s in named if s.startswith(families) and " " not in s and not s.endswith("-")}  # a prefix
    loose -= set(problems.CATALOGUE)
    assert not loose, f"codes not in lib/problems.py: {sorted(loose)}"
    unused = {c for c in problems.CATALOGUE if c not in named and not c.startswith("schema-")}
    assert not unused, f"catalogue codes nothing emits: {sorted(unused)}"


@pytest.mark.parametrize("document", [
    lambda: {k: v for k, v in schema.document().items() if k != "vocabularies"}, lambda: glossary._schema()])
def test_every_schema_keyword_that_can_fail_has_a_code(document):
    used: set[str] = set()
    stack = [document()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            used |= set(node) & set(Draft202012Validator.VALIDATORS)
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    missing = {f"schema-{k}" for k in used - STRUCTURAL} - set(problems.CATALOGUE)
    assert not missing


def test_an_unknown_code_cannot_be_emitted():
    with pytest.raises(KeyError):
        issue("no-such-code", "x.yaml", 1)


def test_a_problem_reads_in_both_languages_with_its_values():
    _, found = yamlio.parse("id: a\nid: b\n", "x.yaml")
    assert [p.code for p in found] == ["duplicate-key"]
    english, indonesian = found[0].text("en"), found[0].text("id")
    assert english == found[0].message and english != indonesian
    assert "'id'" in indonesian and "1" in indonesian
    more = issues.capped([issue("empty", "x.yaml", 1)] * (issues.MAX_PER_FILE + 3), "x.yaml")[-1]
    assert more.code == "more-problems" and "3" in more.text("id") and more.text("id") != more.text("en")


def test_an_sql_refusal_reads_in_both_languages(tmp_path):
    refusal = sqlguard.run(tmp_path / "none.duckdb", "   ")
    assert isinstance(refusal, sqlguard.Refusal) and refusal.reason == "empty"
    assert refusal.message == refusal.text("en") != refusal.text("id")


def test_a_problem_read_back_without_its_values_keeps_its_english_text():
    """The store keeps a problem's text, not its values: such a problem still reads (in English), and equals the
    problem as it was found."""
    found = issue("too-large", "x.yaml", 1, size=3_000_000, limit=2_000_000)
    stored = issues.Issue(found.code, found.file, found.line, found.json_path, found.message)
    assert stored == found and stored.text("id") == found.message != found.text("id")
    assert issue("empty", "x.yaml", 1).text("id") == problems.text("empty", "id")
