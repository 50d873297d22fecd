"""Load every case file: parse strictly, validate, check, and keep the good ones.

A broken file never stops the others: it is skipped and its problems are kept as
Issue records for the CLI and the app to show.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lib import checks, paths, schema, yamlio
from lib.issues import Issue, issue


@dataclass
class Catalog:
    """What loading a data folder gave: the valid regions (by id) and every problem found."""

    regions: dict[str, dict] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    region_files: dict[str, str] = field(default_factory=dict)

    @property
    def skipped(self) -> list[str]:
        """Files that were left out because of problems."""
        return sorted({i.file for i in self.issues})


def case_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))


def check_text(text: str, shown: str, stem: str) -> tuple[checks.Parsed | None, list[Issue]]:
    """One case file's text through the strict parser, the schema and the in-file checks (what `validate` does
    per file). Returns the parsed file when it got as far as the checks (for the cross-file checks), and its
    problems. Nothing is read from or written to disk."""
    data, problems = yamlio.parse(text, shown)
    if not problems and not isinstance(data, dict):
        problems = [issue("not-a-mapping", shown, 1)]
    if problems:
        return None, problems
    problems = schema.validate(data, shown, text)
    if problems:
        return None, problems
    f = checks.Parsed(shown, stem, text, data)
    return f, checks.check_file(f)


def load_all(folder: Path | None = None) -> Catalog:
    folder = Path(folder) if folder else paths.regions_dir()
    catalog = Catalog()
    if not folder.is_dir():
        catalog.issues.append(issue("no-folder", str(folder), 0))
        return catalog
    parsed: list[checks.Parsed] = []
    for path in case_files(folder):
        shown = str(path)
        catalog.files.append(shown)
        text, problems = yamlio.read_text(path, shown)
        if text is not None:
            f, problems = check_text(text, shown, path.stem)
            if f is not None:
                parsed.append(f)
        catalog.issues.extend(problems)
    duplicates = checks.check_across(parsed)
    for f in parsed:
        catalog.issues.extend(duplicates.get(f.shown, []))
    bad = {i.file for i in catalog.issues}
    for f in parsed:
        if f.shown not in bad:
            catalog.regions[f.data["id"]] = f.data
            catalog.region_files[f.data["id"]] = f.shown
    return catalog
