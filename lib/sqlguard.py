"""Read-only SQL for the public "Query it yourself" page and `python -m lib sql`.

Two layers, so that one mistake does not open the server:
1. the guard admits one statement per query, of a read-only type (SELECT, WITH, FROM, VALUES,
   DESCRIBE, SHOW, SUMMARIZE, EXPLAIN), parsed by DuckDB itself (no regex on SQL);
2. the statement runs on its own DuckDB instance, where the database file is attached
   READ_ONLY and then external access is disabled and the configuration locked: files,
   ATTACH, INSTALL/LOAD, COPY and SET are refused by the engine, whatever slips past 1.
Why an in-memory instance with ATTACH instead of `duckdb.connect(path, read_only=True,
config=...)`: DuckDB refuses a second connection to a file already open in the same
process with a different configuration, and the app's Store holds that file open.
A timer thread interrupts a query after `timeout` seconds; rows are fetched up to a cap.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

TIMEOUT = 5.0
MAX_ROWS = 5000
MEMORY_LIMIT = "512MB"
ALLOWED = {"SELECT", "EXPLAIN"}
ALLOWED_TEXT = "SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN"

# Starting points for the SQL page: (key of the title in locales/ under sql.example, SQL).
EXAMPLES: list[tuple[str, str]] = [
    ("per_region_stage",
     """SELECT region_id, stage_code, count(*) AS practices
FROM practices
GROUP BY ALL
ORDER BY region_id, stage_code"""),
    ("running_with_sources",
     """SELECT p.region_id, p.practice_id, p.title_en, p.status_year, s.title AS source, c.locator
FROM practices p
JOIN citations c ON c.subject_type = 'practice' AND c.subject_id = p.practice_id
JOIN sources s USING (source_id)
WHERE p.status = 'running'
ORDER BY p.region_id, p.practice_id"""),
    ("maturity",
     """SELECT region_id, stage_code, documented, maturity, rationale_en
FROM stage_assessments
ORDER BY region_id, stage_code"""),
    ("kpk_integrity",
     """SELECT region_id, year, value, unit
FROM outcomes
WHERE indicator = 'kpk_integrity'
ORDER BY region_id, year"""),
    ("legal_events",
     """SELECT region_id, date, person, text_id, text_en
FROM events
WHERE kind = 'legal'
ORDER BY date"""),
    ("tables",
     """SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_catalog = current_database()
ORDER BY table_name, ordinal_position"""),
]


@dataclass
class Result:
    columns: list[str]
    rows: pd.DataFrame
    truncated: bool  # more rows existed than max_rows
    elapsed: float  # seconds
    max_rows: int = MAX_ROWS

    @property
    def note(self) -> str:
        cut = f", cut at the first {self.max_rows:,} rows" if self.truncated else ""
        return f"{len(self.rows):,} row(s) in {self.elapsed:.2f} s{cut}"


@dataclass
class Refusal:
    message: str
    reason: str  # empty, statements, not-read-only, files, extensions, settings, write, timeout, memory, error


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A fresh, locked instance with `path` attached read-only as the default database."""
    con = duckdb.connect(":memory:", config={
        "threads": 2, "memory_limit": MEMORY_LIMIT, "autoinstall_known_extensions": False,
        "autoload_known_extensions": False, "allow_community_extensions": False})
    try:
        con.execute("ATTACH ? AS reform (READ_ONLY)", [str(path)])
        con.execute("USE reform")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except Exception:
        con.close()
        raise
    return con


def _interrupt(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.interrupt()
    except duckdb.Error:  # the query finished and closed the connection meanwhile
        pass


def _refusal(exc: Exception, timeout: float) -> Refusal:
    text = str(exc)
    first = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, duckdb.InterruptException):
        return Refusal(f"Stopped: the query ran longer than the {timeout:g} s time limit.", "timeout")
    if isinstance(exc, duckdb.OutOfMemoryException):
        return Refusal(f"Stopped: the query needed more than the {MEMORY_LIMIT} memory limit.", "memory")
    if "disabled by configuration" in text or "disabled through configuration" in text:
        return Refusal("Refused: this console cannot read or write files, attach databases or install and "
                       f"load extensions (external access is disabled). DuckDB said: {first}", "files")
    if "configuration has been locked" in text:
        return Refusal(f"Refused: settings cannot be changed here (configuration is locked). DuckDB said: {first}",
                       "settings")
    if "read-only" in text:
        return Refusal(f"Refused: the database is read-only. DuckDB said: {first}", "write")
    return Refusal(f"Query error: {first}", "error")


KINDS = {  # statement type -> (message, reason) for the ones people try
    "COPY": ("reading or writing files (COPY) is not allowed here", "files"),
    "EXPORT": ("writing files (EXPORT DATABASE) is not allowed here", "files"),
    "COPY_DATABASE": ("copying databases is not allowed here", "files"),
    "ATTACH": ("attaching other databases is not allowed here", "files"),
    "DETACH": ("detaching databases is not allowed here", "files"),
    "LOAD": ("installing or loading extensions is not allowed here", "extensions"),
    "SET": ("settings cannot be changed here (SET, RESET, USE)", "settings"),
    "VARIABLE_SET": ("settings cannot be changed here", "settings"),
    "PRAGMA": ("PRAGMA statements are not allowed here (to list columns: DESCRIBE practices)", "settings"),
}


def _wrong_kind(name: str) -> Refusal:
    message, reason = KINDS.get(name, ("the database is read-only", "write") if name in {
        "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "MERGE_INTO", "CREATE_FUNC"} else
        (f"{name} statements are not allowed here" if name != "unknown" else "this kind of statement is not "
         "allowed here", "not-read-only"))
    return Refusal(f"Refused: {message}. Only one read-only query is allowed ({ALLOWED_TEXT}).", reason)


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (`SELECT 1, 1`), since tables on the page need distinct names."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}_{seen[n]}")
    return out


def run(path: Path, sql: str, *, timeout: float = TIMEOUT, max_rows: int = MAX_ROWS) -> Result | Refusal:
    """Run one read-only statement against the database file at `path`, or say why not."""
    if not isinstance(sql, str) or not sql.strip():
        return Refusal("Write a query first, for example: SELECT * FROM regions", "empty")
    con = connect(path)
    timer = threading.Timer(timeout, _interrupt, [con])
    start = time.perf_counter()
    try:
        statements = con.extract_statements(sql)
        if len(statements) != 1:
            return Refusal(f"Only one statement per query: this text holds {len(statements)}.", "statements")
        try:
            kind = statements[0].type.name
        except ValueError:  # a statement type the Python enum cannot even name (UPDATE EXTENSIONS)
            kind = "unknown"
        if kind not in ALLOWED:
            return _wrong_kind(kind)
        timer.start()
        cur = con.execute(sql)
        columns = _unique([d[0] for d in cur.description or []])
        rows = cur.fetchmany(max_rows + 1)
    except duckdb.Error as exc:
        return _refusal(exc, timeout)
    finally:
        timer.cancel()
        con.close()
    elapsed = time.perf_counter() - start
    truncated = len(rows) > max_rows
    return Result(columns, pd.DataFrame(rows[:max_rows], columns=columns), truncated, elapsed, max_rows)
