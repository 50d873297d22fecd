"""Read-only SQL for the public "Query it yourself" page and `python -m lib sql`.

Three layers, so that one mistake does not open the server:
1. the guard admits one statement per query, of a read-only type (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW,
   SUMMARIZE, EXPLAIN of one of those), parsed by DuckDB itself (no regex on SQL);
2. the statement runs on its own DuckDB instance, where the database file is attached READ_ONLY and then
   external access is disabled and the configuration locked: files, ATTACH, INSTALL/LOAD, COPY and SET are
   refused by the engine, whatever slips past 1;
3. that instance lives in a worker process with hard limits from the operating system (address space, CPU
   time), in a scratch folder of its own (the database is seen as `reform.duckdb`, so no server path shows in
   its settings), killed at the deadline: DuckDB checks its own interrupt only between batches, and one long
   function call ran on for minutes and gigabytes. At most WORKERS run at once per server; beyond, "busy".
The worker (lib/sqlworker.py) is a fresh `python -m lib.sqlworker` importing DuckDB alone: no fork of the
Streamlit process, whose threads and open files a fork would copy.
"""
from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib import paths, problems, sqlworker

TIMEOUT = 5.0
MAX_ROWS = 5000
MEMORY_LIMIT = sqlworker.MEMORY_LIMIT
WORKERS = 2                     # console queries at once per server process
BUSY_WAIT = 1.0                 # seconds a query waits for a free worker before "busy"
GRACE = 3.0                     # seconds past the time limit before the worker is killed (start-up, clean stop)
ALLOWED_TEXT = sqlworker.ALLOWED_TEXT
DB_NAME = "reform.duckdb"

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
        return f"{len(self.rows):,} {'row' if len(self.rows) == 1 else 'rows'} in {self.elapsed:.2f} s{cut}"


@dataclass
class Refusal:
    reason: str  # empty, statements, not-read-only, files, extensions, settings, write, timeout, memory, busy, error
    code: str    # the message's code in lib/problems.py
    values: dict

    def text(self, lang: str) -> str:
        return problems.text(self.code, lang, self.values)

    @property
    def message(self) -> str:
        """In English (the CLI's language)."""
        return self.text("en")


def enabled() -> bool:
    """The console can be switched off for a deployment: REFORM_SQL_CONSOLE=off (the page then says so)."""
    return os.environ.get("REFORM_SQL_CONSOLE", "on").strip().lower() not in {"off", "0", "false", "no"}


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (`SELECT 1, 1`), since tables on the page need distinct names."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}_{seen[n]}")
    return out


def _size(row: tuple) -> int:
    return sum(len(v) for v in row if isinstance(v, (str, bytes)))


_slots = threading.BoundedSemaphore(WORKERS)


def run(path: Path, sql: str, *, timeout: float = TIMEOUT, max_rows: int = MAX_ROWS) -> Result | Refusal:
    """Run one read-only statement against the database file at `path` in a worker process, or say why not."""
    if not isinstance(sql, str) or not sql.strip():
        return Refusal("empty", "sql-empty", {})
    if not _slots.acquire(timeout=BUSY_WAIT):
        return Refusal("busy", "sql-busy", {"workers": WORKERS})
    box = tempfile.mkdtemp(prefix="reform-sql-")
    start = time.perf_counter()
    try:
        request = pickle.dumps((str(Path(path).resolve()), sql, timeout, max_rows, GRACE))
        worker = subprocess.Popen([sys.executable, "-m", "lib.sqlworker"], cwd=box, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "PYTHONPATH": str(paths.ROOT)})
        try:
            out, _ = worker.communicate(request, timeout=timeout + GRACE)
            outcome = pickle.loads(out) if out else (
                # no answer: the operating system stopped the worker at its memory or CPU limit
                "refusal", "memory", "sql-worker-limits", {"memory": MEMORY_LIMIT, "seconds": timeout})
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            outcome = ("refusal", "timeout", "sql-timeout", {"seconds": timeout})
    finally:
        shutil.rmtree(box, ignore_errors=True)
        _slots.release()
    if outcome[0] == "refusal":
        return Refusal(*outcome[1:])
    _, columns, rows = outcome
    columns = _unique(columns)
    truncated = len(rows) > max_rows
    return Result(columns, pd.DataFrame(rows[:max_rows], columns=columns), truncated, time.perf_counter() - start,
                  max_rows)
