"""The case-file schema and the framework vocabularies, both read from data/schema.yaml.

The vocabularies are the single source of codes and labels; this module copies
their codes into the schema's *_code enums so that nothing is written twice.
"""
from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import fastjsonschema
import jsonschema
from jsonschema import Draft202012Validator

from lib import paths, yamlio
from lib.issues import MAX_PER_FILE, Issue, capped, issue, json_path

# schema $defs name -> (vocabulary, key holding the code)
_ENUMS = {
    "stage_code": ("stages", "code"),
    "factor_code": ("factors", "code"),
    "theme_code": ("themes", "code"),
    "source_kind": ("source_kinds", "code"),
    "event_kind": ("event_kinds", "code"),
    "status_code": ("statuses", "code"),
    "region_type": ("region_types", "code"),
    "unit_code": ("units", "code"),
}


@cache
def document(path: Path = paths.SCHEMA_FILE) -> dict:
    """schema.yaml as data, with the vocabulary codes filled into the enums."""
    data, problems = yamlio.load(path)
    if problems:
        raise ValueError("; ".join(map(str, problems)))
    for name, (vocab, key) in _ENUMS.items():
        data["$defs"][name]["enum"] = [item[key] for item in data["vocabularies"][vocab]]
    return data


def vocab(name: str) -> list[dict]:
    """One vocabulary (stages, factors, maturity, themes, source_kinds, event_kinds, statuses, region_types,
    units, indicators)."""
    return document()["vocabularies"][name]


def codes(name: str) -> list[str]:
    return [item["code"] for item in vocab(name)]


def label(name: str, code: str, lang: str) -> str:
    """Label of a code in a language, falling back to Indonesian, then to the code itself."""
    for item in vocab(name):
        if item.get("code", item.get("level")) == code:
            text = item["name"]
            return text.get(lang) or text["id"]
    return str(code)


@cache
def validator() -> Draft202012Validator:
    schema = {k: v for k, v in document().items() if k != "vocabularies"}
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@cache
def _fast_check():
    """The same schema compiled to Python by fastjsonschema: much faster than walking it (docs/performance.md).

    Used as a first pass: a valid file (the usual case) is confirmed quickly; only a file that fails is
    walked again by jsonschema's 2020-12 validator, which gives every error with its path. The schema
    uses nothing beyond draft 7 but `$defs`, which both read as a plain JSON pointer.
    """
    schema = {k: v for k, v in document().items() if k != "vocabularies"}
    return fastjsonschema.compile({**schema, "$schema": "http://json-schema.org/draft-07/schema#"})


def _values(error: jsonschema.ValidationError) -> dict:
    """What the message of one schema error (code `schema-<keyword>` in lib/problems.py) is filled with."""
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return {"where": where, "fields": ", ".join(map(repr, extra))}
    if error.validator == "enum":
        return {"where": where, "value": repr(error.instance), "allowed": ", ".join(map(str, error.validator_value))}
    if error.validator == "not":
        return {"where": where}
    return {"where": where, "detail": error.message}


BUDGET_S = 2.0  # seconds of schema walking per file (only a file with problems is walked) before it is refused
MAX_COUNTED = 5_000  # problems counted per file before the same refusal (nobody fixes more in one go)


def validate(data: object, shown: str, text: str) -> list[Issue]:
    """Schema problems of one parsed file, each with its line, at most MAX_PER_FILE of them and a count of the rest.

    Lines come from one pass over the text (yamlio.LineIndex), made only if there is a problem. A file whose
    problems cannot be counted within BUDGET_S or MAX_COUNTED is refused with one problem that says so, so that
    a hostile upload costs a bounded time whatever it holds."""
    try:
        _fast_check()(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    deadline = time.monotonic() + BUDGET_S
    errors = []
    for error in validator().iter_errors(data):
        errors.append(error)
        if len(errors) >= MAX_COUNTED or time.monotonic() > deadline:
            return [issue("too-many-problems", shown, 1, count=len(errors))]
    errors.sort(key=lambda e: list(map(str, e.absolute_path)))
    lines = yamlio.LineIndex(text)
    issues = []
    for error in errors[:MAX_PER_FILE]:
        # prefer the most specific error of a combinator (if/then, oneOf)
        leaf = min(error.context, key=lambda e: -len(e.absolute_path)) if error.context else error
        path = list(leaf.absolute_path)
        issues.append(issue(f"schema-{leaf.validator}", shown, lines.line(path), json_path(path),
                            **_values(leaf)))
    return capped(issues, shown, total=len(errors))
