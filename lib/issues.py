"""Problems as data: one record per problem, rendered the same by CLI, tests and UI."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem in one file. `code` is stable (tests and UI key on it); `line` is 1-based, 0 if unknown."""

    code: str
    file: str
    line: int
    json_path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def as_dict(self) -> dict:
        return {"code": self.code, "file": self.file, "line": self.line,
                "json_path": self.json_path, "message": self.message}


MAX_PER_FILE = 200  # problems listed per file; the rest are counted in one more line


def capped(problems: list[Issue], shown: str, total: int | None = None) -> list[Issue]:
    """The first MAX_PER_FILE problems of one file, then one line saying how many more there are (`total`: how
    many were found, when only the first were turned into Issues). A draft with thousands of problems is read
    by nobody line by line, and every line costs the page that shows it."""
    total = len(problems) if total is None else total
    if total <= MAX_PER_FILE:
        return problems
    more = total - MAX_PER_FILE
    return [*problems[:MAX_PER_FILE],
            Issue("more-problems", shown, 0, "$", f"and {more:,} more problems (only the first {MAX_PER_FILE} are listed)")]
