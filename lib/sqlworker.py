"""The SQL console's worker: one query, in a process of its own, under hard limits of the operating system.

Started by lib/sqlguard.run as `python -m lib.sqlworker` in a scratch folder, it reads one pickled request
(database path, SQL, time limit, row limit) on stdin and writes one pickled outcome on stdout:
("result", columns, rows) or ("refusal", reason, message). It imports DuckDB alone, so it starts in a fraction
of a second, and shares nothing with the server: a query that outgrows its limits kills this process only.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import resource
import sys
import threading
from pathlib import Path

import duckdb

MEMORY_LIMIT = "512MB"          # DuckDB's own limit
ADDRESS_SPACE = 1_500_000_000   # bytes this process may add to its address space (the OS stops it beyond)
TEMP_LIMIT = "100MB"            # what a query may spill to the scratch folder
MAX_RESULT_BYTES = 50_000_000   # text and bytes a result may carry back
ALLOWED = {"SELECT"}
ALLOWED_TEXT = "SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN"


def connect(path: Path, temp: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh, locked instance with `path` attached read-only as the default database (`temp`: where a query
    may spill, at most TEMP_LIMIT)."""
    con = duckdb.connect(":memory:", config={
        "threads": 2, "memory_limit": MEMORY_LIMIT, "autoinstall_known_extensions": False,
        "autoload_known_extensions": False, "allow_community_extensions": False})
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("ATTACH ? AS reform (READ_ONLY)", [str(path)])
        con.execute("USE reform")
        if temp is not None:
            con.execute("SET temp_directory = ?", [str(temp)])
            con.execute(f"SET max_temp_directory_size = '{TEMP_LIMIT}'")
        con.execute("SET secret_directory = 'secrets'")  # the default names the server's home folder
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except Exception:
        con.close()
        raise
    return con


NAMED = {  # leading words of a statement -> (message, reason): DuckDB's statement types misname these
    "COPY FROM DATABASE": ("copying databases (COPY FROM DATABASE) is not allowed here", "files"),
    "IMPORT DATABASE": ("reading files (IMPORT DATABASE) is not allowed here", "files"),
    "EXPORT DATABASE": ("writing files (EXPORT DATABASE) is not allowed here", "files"),
    "CHECKPOINT": ("the database is read-only (CHECKPOINT)", "write"),
    "FORCE CHECKPOINT": ("the database is read-only (CHECKPOINT)", "write"),
    "ANALYZE": ("the database is read-only (ANALYZE)", "write"),
    "VACUUM": ("the database is read-only (VACUUM)", "write"),
    "PIVOT": ("PIVOT statements are not allowed here (GROUP BY with FILTER gives the same table)", "not-read-only"),
    "UNPIVOT": ("UNPIVOT statements are not allowed here", "not-read-only"),
}
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
WRITES = {"INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "MERGE_INTO", "CREATE_FUNC"}
HIDDEN = {  # functions and views that show the server's paths, environment or settings: not for a public console
    "current_setting", "duckdb_settings", "duckdb_databases", "pragma_database_list", "duckdb_temporary_files",
    "duckdb_extensions", "duckdb_secrets", "which_secret", "getenv", "duckdb_logs", "duckdb_log_contexts",
    "duckdb_external_file_cache", "pragma_storage_info", "duckdb_memory", "pragma_metadata_info",
}
_EXPLAIN = re.compile(r"^\s*EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^)]*\)\s*)?", re.IGNORECASE)


def _leading(sql: str) -> str:
    """The statement's first keywords, upper case ("COPY FROM DATABASE", "CHECKPOINT")."""
    words = re.findall(r"[A-Za-z_]+", sql[:200].upper())
    for size in (3, 2, 1):
        if " ".join(words[:size]) in NAMED:
            return " ".join(words[:size])
    return words[0] if words else ""


def _wrong_kind(name: str, leading: str = "") -> tuple[str, str]:
    if leading in NAMED:
        message, reason = NAMED[leading]
    elif name in KINDS:
        message, reason = KINDS[name]
    elif name in WRITES:
        message, reason = "the database is read-only", "write"
    else:
        message = (f"{leading or name} statements are not allowed here" if name != "unknown"
                   else "this kind of statement is not allowed here")
        reason = "not-read-only"
    return reason, f"Refused: {message}. Only one read-only query is allowed ({ALLOWED_TEXT})."


def _names(con: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    """Every function and table name a query uses, from DuckDB's own parse tree (aliases cannot hide them)."""
    tree = json.loads(con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0])
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("function_name", "table_name") and isinstance(value, str):
                    found.add(value.lower())
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return found


def check(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[str, str] | None:
    """(reason, message) if this text may not run here, else None: one statement, read-only, using no function
    that shows the server's paths, and an EXPLAIN only of such a query (EXPLAIN ANALYZE runs what it explains)."""
    leading = _leading(sql)
    if leading in NAMED:  # before parsing: PIVOT parses as several statements, COPY FROM DATABASE as a PRAGMA
        return _wrong_kind("", leading)
    statements = con.extract_statements(sql)
    if len(statements) != 1:
        return "statements", f"Only one statement per query: this text holds {len(statements)}."
    try:
        kind = statements[0].type.name
    except ValueError:  # a statement type the Python enum cannot even name (UPDATE EXTENSIONS)
        kind = "unknown"
    if kind == "EXPLAIN":
        inner = _EXPLAIN.sub("", sql, count=1)
        return check(con, inner) if inner.strip() and inner != sql else None
    if kind not in ALLOWED:
        return _wrong_kind(kind, leading)
    hidden = sorted(_names(con, sql) & HIDDEN)
    if hidden:
        return "settings", (f"Refused: {', '.join(hidden)} shows the server's own paths and settings, which this "
                            "public console keeps to itself.")
    return None


def refusal(exc: BaseException, timeout: float) -> tuple[str, str]:
    """(reason, message) for what the engine raised, chosen by the exception's type."""
    text = str(exc)
    first = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, duckdb.InterruptException):
        return "timeout", f"Stopped: the query ran longer than the {timeout:g} s time limit."
    if isinstance(exc, (duckdb.OutOfMemoryException, MemoryError)):
        return "memory", f"Stopped: the query needed more than the {MEMORY_LIMIT} memory limit."
    if isinstance(exc, duckdb.PermissionException):
        return "files", ("Refused: this console cannot read or write files, attach databases or install and load "
                         f"extensions (external access is disabled). DuckDB said: {first}")
    return "error", f"Query error: {first}"


def _limit_self(timeout: float, grace: float) -> None:
    """Hard limits of the operating system for this process: what it may add to its address space, CPU seconds."""
    with open("/proc/self/statm") as f:
        used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (used + ADDRESS_SPACE, used + ADDRESS_SPACE))
    cpu = int(timeout + grace) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _size(row: tuple) -> int:
    return sum(len(v) for v in row if isinstance(v, (str, bytes)))


def run_one(path: str, sql: str, timeout: float, max_rows: int) -> tuple:
    """One query in the current folder (the scratch folder): the outcome tuple sent back to the server."""
    try:
        con = connect(Path(path), Path("tmp"))
    except BaseException as exc:  # noqa: BLE001 (reported to the server, which decides)
        return ("refusal", *refusal(exc, timeout))
    timer = threading.Timer(timeout, con.interrupt)
    try:
        refused = check(con, sql)
        if refused:
            return ("refusal", *refused)
        timer.start()
        cur = con.execute(sql)
        columns = [d[0] for d in cur.description or []]
        rows, size = [], 0
        while len(rows) <= max_rows:
            batch = cur.fetchmany(min(500, max_rows + 1 - len(rows)))
            if not batch:
                break
            size += sum(map(_size, batch))
            if size > MAX_RESULT_BYTES:
                return ("refusal", "memory",
                        f"Stopped: the result is larger than {MAX_RESULT_BYTES // 1_000_000} MB of text.")
            rows += batch
        return ("result", columns, rows)
    except BaseException as exc:  # noqa: BLE001
        return ("refusal", *refusal(exc, timeout))
    finally:
        timer.cancel()
        con.close()


def main() -> None:
    path, sql, timeout, max_rows, grace = pickle.loads(sys.stdin.buffer.read())
    _limit_self(timeout, grace)
    outcome = run_one(path, sql, timeout, max_rows)
    sys.stdout.buffer.write(pickle.dumps(outcome))


if __name__ == "__main__":
    main()
