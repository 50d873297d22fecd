"""Problems as data: one record per problem, rendered the same by CLI, tests and UI."""
from __future__ import annotations

from dataclasses import dataclass, field

from lib import problems


@dataclass(frozen=True)
class Issue:
    """One problem in one file. `code` is stable (tests and UI key on it; declared in lib/problems.py); `line` is
    1-based, 0 if unknown; `message` is the English text; `values` fill the code's template in either language."""

    code: str
    file: str
    line: int
    json_path: str
    message: str
    values: tuple[tuple[str, object], ...] = field(default=(), compare=False)  # the same problem read back or not

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def text(self, lang: str) -> str:
        """The message in `lang`; the English message when the values are not at hand (an issue read back from
        the database keeps only its text)."""
        kind = problems.CATALOGUE.get(self.code)
        if kind is None or (problems.placeholders(kind.en) and not self.values):
            return self.message
        return problems.text(self.code, lang, dict(self.values))

    def as_dict(self) -> dict:
        return {"code": self.code, "file": self.file, "line": self.line,
                "json_path": self.json_path, "message": self.message}


def json_path(path) -> str:
    """A path of keys and indexes as JSON path text: ("sources", 0, "id") -> $.sources[0].id."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def issue(code: str, file: str, line: int, json_path: str = "$", **values) -> Issue:
    """The Issue of a catalogued code, its English message filled from the catalogue."""
    return Issue(code, file, line, json_path, problems.text(code, "en", values), tuple(values.items()))


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
            issue("more-problems", shown, 0, more=more, shown=MAX_PER_FILE)]
