"""The SQL console's worker: one query, in a process of its own, under hard limits of the operating system.

Started by lib/sqlguard.run as `python -m lib.sqlworker` in a scratch folder, it reads one pickled request
(database path, SQL, time limit, row limit) on stdin and writes one pickled outcome on stdout:
("result", columns, rows) or ("refusal", reason, code, values): the code and values of a message in
lib/problems.py, so that the page can say it in the reader's language. It imports DuckDB alone, so it starts in a fraction
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


Refusal = tuple[str, str, dict]  # (reason, code in lib/problems.py, values of its message)

NAMED: dict[str, Refusal] = {  # leading words of a statement -> refusal: DuckDB's statement types misname these
    "COPY FROM DATABASE": ("files", "sql-copy-database", {}),
    "IMPORT DATABASE": ("files", "sql-import", {}),
    "EXPORT DATABASE": ("files", "sql-export", {}),
    "CHECKPOINT": ("write", "sql-read-only-named", {"statement": "CHECKPOINT"}),
    "FORCE CHECKPOINT": ("write", "sql-read-only-named", {"statement": "CHECKPOINT"}),
    "ANALYZE": ("write", "sql-read-only-named", {"statement": "ANALYZE"}),
    "VACUUM": ("write", "sql-read-only-named", {"statement": "VACUUM"}),
    "PIVOT": ("not-read-only", "sql-pivot", {}),
    "UNPIVOT": ("not-read-only", "sql-statement-kind", {"statement": "UNPIVOT"}),
}
KINDS: dict[str, Refusal] = {  # statement type -> refusal, for the ones people try
    "COPY": ("files", "sql-copy", {}),
    "EXPORT": ("files", "sql-export", {}),
    "COPY_DATABASE": ("files", "sql-copy-db", {}),
    "ATTACH": ("files", "sql-attach", {}),
    "DETACH": ("files", "sql-detach", {}),
    "LOAD": ("extensions", "sql-extensions", {}),
    "SET": ("settings", "sql-set", {}),
    "VARIABLE_SET": ("settings", "sql-variable", {}),
    "PRAGMA": ("settings", "sql-pragma", {}),
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


def _wrong_kind(name: str, leading: str = "") -> Refusal:
    if leading in NAMED:
        reason, code, values = NAMED[leading]
    elif name in KINDS:
        reason, code, values = KINDS[name]
    elif name in WRITES:
        reason, code, values = "write", "sql-read-only", {}
    elif name == "unknown":
        reason, code, values = "not-read-only", "sql-unknown-kind", {}
    else:
        reason, code, values = "not-read-only", "sql-statement-kind", {"statement": leading or name}
    return reason, code, {**values, "allowed": ALLOWED_TEXT}


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


def check(con: duckdb.DuckDBPyConnection, sql: str) -> Refusal | None:
    """A refusal if this text may not run here, else None: one statement, read-only, using no function
    that shows the server's paths, and an EXPLAIN only of such a query (EXPLAIN ANALYZE runs what it explains)."""
    leading = _leading(sql)
    if leading in NAMED:  # before parsing: PIVOT parses as several statements, COPY FROM DATABASE as a PRAGMA
        return _wrong_kind("", leading)
    statements = con.extract_statements(sql)
    if len(statements) != 1:
        return "statements", "sql-statements", {"count": len(statements)}
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
        return "settings", "sql-hidden", {"names": ", ".join(hidden)}
    return None


def refusal(exc: BaseException, timeout: float) -> Refusal:
    """The refusal for what the engine raised, chosen by the exception's type (never by its text)."""
    text = str(exc)
    detail = {"detail": text.splitlines()[0] if text else type(exc).__name__}
    if isinstance(exc, duckdb.InterruptException):
        return "timeout", "sql-timeout", {"seconds": timeout}
    if isinstance(exc, (duckdb.OutOfMemoryException, MemoryError)):
        return "memory", "sql-memory", {"memory": MEMORY_LIMIT}
    if isinstance(exc, duckdb.PermissionException):
        return "files", "sql-no-access", detail
    if isinstance(exc, duckdb.ParserException):
        return "error", "sql-syntax", detail
    if isinstance(exc, (duckdb.CatalogException, duckdb.BinderException)):
        return "error", "sql-unknown-name", detail
    return "error", "sql-error", detail


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
                return ("refusal", "memory", "sql-result-too-large", {"megabytes": MAX_RESULT_BYTES // 1_000_000})
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
