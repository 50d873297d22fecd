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
