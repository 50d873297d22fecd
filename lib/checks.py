"""Rules across and within case files that JSON Schema cannot express."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lib import yamlio
from lib.issues import Issue, capped, issue, json_path

ITEM_LISTS = ("practices", "outcomes", "obstacles", "events")


@dataclass
class Parsed:
    """One schema-valid file waiting for the cross-file checks."""

    shown: str
    stem: str
    text: str
    data: dict


def _citations(node, path=()) -> Iterator[tuple[tuple, str]]:
    """Every (json path, ref) of a citation anywhere in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and path and isinstance(value, list):
                for i, cite in enumerate(value):
                    if isinstance(cite, dict) and "ref" in cite:
                        yield (*path, key, i, "ref"), cite["ref"]
            else:
                yield from _citations(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _citations(value, (*path, i))


def check_file(f: Parsed) -> list[Issue]:
    """Rules inside one file: id = file name, id prefixes, source ids unique, refs resolve."""
    issues: list[Issue] = []
    lines = yamlio.LineIndex(f.text)  # composed on the first problem only

    def add(code, path, **values):
        issues.append(issue(code, f.shown, lines.line(path), json_path(path), **values))

    region = f.data["id"]
    if region != f.stem:
        add("id-mismatch", ("id",), id=region, stem=f.stem)
    source_ids: set[str] = set()
    for i, src in enumerate(f.data["sources"]):
        if src["id"] in source_ids:
            add("duplicate-source", ("sources", i, "id"), id=src["id"])
        source_ids.add(src["id"])
        if src["kind"] == "seed" and "seed_file" not in src:
            add("seed-file", ("sources", i), id=src["id"])
    for path, ref in _citations(f.data):
        if ref not in source_ids:
            add("unknown-source", path, ref=ref)
    practice_ids = {p["id"] for p in f.data["practices"]}
    for key in ITEM_LISTS:
        for i, item in enumerate(f.data.get(key, [])):
            if not item["id"].startswith(region + "-"):
                add("id-prefix", (key, i, "id"), id=item["id"], prefix=region + "-")
    for i, p in enumerate(f.data["practices"]):
        successor = p["status"].get("replaced_by")
        if successor and successor not in practice_ids:
            add("unknown-practice", ("practices", i, "status", "replaced_by"), field="replaced_by", id=successor)
    for i, o in enumerate(f.data.get("outcomes", [])):
        if "practice" in o and o["practice"] not in practice_ids:
            add("unknown-practice", ("outcomes", i, "practice"), field="practice", id=o["practice"])
    return capped(issues, f.shown)


def check_across(files: list[Parsed]) -> dict[str, list[Issue]]:
    """Ids unique across all files (and within each); the later occurrence gets the issue. Keyed by file."""
    owner: dict[str, str] = {}
    found: dict[str, list[Issue]] = {}
    for f in files:
        lines = yamlio.LineIndex(f.text)
        for key in ITEM_LISTS:
            for i, item in enumerate(f.data.get(key, [])):
                if item["id"] in owner:
                    found.setdefault(f.shown, []).append(issue(
                        "duplicate-id", f.shown, lines.line([key, i, "id"]), json_path((key, i, "id")),
                        id=item["id"], other=Path(owner[item["id"]]).name))
                else:
                    owner[item["id"]] = f.shown
    return {shown: capped(problems, shown) for shown, problems in found.items()}
