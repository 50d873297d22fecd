"""The public SQL console: reads work; files, ATTACH, extensions, settings, writes and slow queries do not."""
import json
import subprocess

import duckdb
import pytest

from lib import db, i18n, loader, problems, sqlguard, sqlworker

from .conftest import cli, region, write


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    f = tmp_path_factory.mktemp("sql") / "regions"
    write(f, "alpha", region("alpha"))
    write(f, "beta", region("beta", type="kabupaten", province="Jawa Tengah"))
    return f


@pytest.fixture(scope="module")
def path(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("sqldb") / "t.duckdb"
    db.build(loader.load_all(folder), out)
    return out


@pytest.fixture(scope="module")
def store(path):
    """The app holds the same file open while the console runs (the case the guard must allow)."""
    s = db.Store(path)
    yield s
    s.close()


def test_select_over_contract_tables(store, path):
    res = sqlguard.run(path, """SELECT r.region_id, r.type, count(p.practice_id) AS n
                                FROM regions r JOIN practices p USING (region_id) GROUP BY ALL ORDER BY 1""")
    assert isinstance(res, sqlguard.Result), res
    assert res.columns == ["region_id", "type", "n"] and not res.truncated and res.elapsed >= 0
    assert res.rows.values.tolist() == [["alpha", "kota", 2], ["beta", "kabupaten", 2]]
    assert sqlguard.run(path, "DESCRIBE practices").rows.shape[0] >= 10
    assert isinstance(sqlguard.run(path, "WITH x AS (FROM stages) SELECT count(*) FROM x"), sqlguard.Result)


@pytest.mark.parametrize("key, sql", sqlguard.EXAMPLES)
def test_every_example_runs_and_has_a_title_in_both_languages(path, key, sql):
    assert all(i18n.t(lang, f"sql.example.{key}") != f"sql.example.{key}" for lang in ("id", "en"))
    res = sqlguard.run(path, sql)
    assert isinstance(res, sqlguard.Result), res


ATTACKS = [
    ("SELECT * FROM read_csv('/etc/passwd')", "files", "external access is disabled"),
    ("SELECT * FROM read_text('/etc/hostname')", "files", "external access is disabled"),
    ("SELECT * FROM glob('/*')", "files", "external access is disabled"),
    ("SELECT * FROM sniff_csv('/etc/passwd')", "files", "external access is disabled"),
    ("COPY practices TO '{tmp}/out.csv'", "files", "COPY"),
    ("COPY (SELECT * FROM sources) TO '{tmp}/out.parquet' (FORMAT parquet)", "files", "COPY"),
    ("EXPORT DATABASE '{tmp}/dump'", "files", "EXPORT"),
    ("ATTACH '{tmp}/other.duckdb' AS other", "files", "attaching"),
    ("INSTALL httpfs", "extensions", "extensions"),
    ("LOAD httpfs", "extensions", "extensions"),
    ("SET enable_external_access = true", "settings", "settings cannot be changed"),
    ("SET threads = 64", "settings", "settings cannot be changed"),
    ("RESET memory_limit", "settings", "settings cannot be changed"),
    ("PRAGMA threads = 64", "settings", "settings cannot be changed"),
    ("PRAGMA show_tables", "settings", "PRAGMA statements are not allowed"),
    ("DROP TABLE practices", "write", "read-only"),
    ("DELETE FROM practices", "write", "read-only"),
    ("UPDATE practices SET status = 'stopped'", "write", "read-only"),
    ("CREATE TEMP TABLE t AS SELECT 1", "write", "read-only"),
    ("SELECT 1; DROP TABLE practices", "statements", "one statement"),
    ("SELECT 1; SELECT 2", "statements", "one statement"),
    ("CALL pragma_version()", "not-read-only", "CALL"),
    ("UPDATE EXTENSIONS", "not-read-only", "read-only"),
    ("", "empty", "Write a query"),
    ("SELECT * FROM no_such_table", "error", "Catalog Error"),
    ("'; DROP TABLE practices; --", "error", "Parser Error"),
]


@pytest.mark.parametrize("sql, reason, fragment", ATTACKS)
def test_attacks_are_refused_with_a_clear_message(store, path, tmp_path, sql, reason, fragment):
    res = sqlguard.run(path, sql.format(tmp=tmp_path))
    assert isinstance(res, sqlguard.Refusal), res
    assert res.reason == reason and fragment in res.message, res.message
    assert list(tmp_path.iterdir()) == []  # nothing written
    assert store.rows("SELECT count(*) FROM practices") == [(4,)]


@pytest.mark.parametrize("sql", ["SELECT * FROM read_csv('/etc/passwd')", "COPY practices TO '{tmp}/x.csv'",
                                 "ATTACH '{tmp}/o.duckdb' AS o", "INSTALL httpfs", "LOAD httpfs",
                                 "SET threads = 1", "PRAGMA enable_profiling", "CREATE TABLE t (i INT)",
                                 "SET enable_external_access = true", "SET lock_configuration = false"])
def test_the_engine_refuses_even_without_the_statement_check(path, tmp_path, sql):
    """Second line of defence: the connection itself is read-only, sandboxed and locked."""
    con = sqlworker.connect(path)
    try:
        assert con.execute("SELECT current_setting('enable_external_access'), "
                           "current_setting('lock_configuration')").fetchone() == (False, True)
        with pytest.raises(duckdb.Error):
            con.execute(sql.format(tmp=tmp_path))
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


def test_slow_query_is_stopped_at_the_time_limit(path, monkeypatch):
    workers: list[subprocess.Popen] = []
    popen = subprocess.Popen

    def start_worker(*args, **kwargs):
        workers.append(popen(*args, **kwargs))
        return workers[-1]
    monkeypatch.setattr(sqlguard.subprocess, "Popen", start_worker)
    res = sqlguard.run(path, "SELECT count(*) FROM range(100000) a, range(100000) b, range(1000) c", timeout=1)
    assert isinstance(res, sqlguard.Refusal) and res.reason == "timeout"
    assert "1 s time limit" in res.message
    assert len(workers) == 1 and workers[0].poll() is not None  # the query's worker is gone, not left running
    assert sqlguard.TIMEOUT == 5


def test_rows_are_capped_and_the_cut_is_said(path):
    res = sqlguard.run(path, "SELECT * FROM range(20000)")
    assert res.truncated and len(res.rows) == sqlguard.MAX_ROWS == 5000
    assert "cut at the first 5,000 rows" in res.note
    res = sqlguard.run(path, "SELECT * FROM range(5000)")
    assert not res.truncated and len(res.rows) == 5000 and "cut" not in res.note
    res = sqlguard.run(path, "SELECT * FROM range(100)", max_rows=10)
    assert res.truncated and len(res.rows) == 10


def test_duplicate_column_names_are_made_unique(path):
    assert sqlguard.run(path, "SELECT 1 AS x, 2 AS x, 3 AS x").columns == ["x", "x_2", "x_3"]


def test_cli_rows_and_refusal(folder, tmp_path):
    out = cli("sql", "SELECT region_id, count(*) AS n FROM practices GROUP BY ALL ORDER BY 1", "--json",
              "--data", str(folder))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [{"region_id": "alpha", "n": 2}, {"region_id": "beta", "n": 2}]
    out = cli("sql", "SELECT name FROM regions ORDER BY 1", "--data", str(folder))
    assert out.returncode == 0 and "Kota Alpha" in out.stdout and "2 rows in" in out.stderr
    out = cli("sql", f"COPY practices TO '{tmp_path}/x.csv'", "--data", str(folder))
    assert out.returncode == 1 and "COPY" in out.stderr and out.stdout == ""
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the console in a box

HEAVY = [
    "SELECT length(regexp_replace(repeat('a', 500000000), 'a', 'bb', 'g'))",   # one long function call
    "SELECT len(repeat([1], 1000000000))",                                      # 7 GB in one list
    "SELECT repeat('x', 1000000) AS s FROM range(5000)",                        # 5 GB of result text
    "SELECT count(*) FROM (SELECT * FROM range(200000000) ORDER BY random())",  # a sort that spills
]


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


@pytest.mark.parametrize("sql", HEAVY)
def test_heavy_queries_stop_at_their_limits_outside_the_server_process(store, path, sql):
    before = _rss_mb()
    res = sqlguard.run(path, sql, timeout=2)
    assert isinstance(res, sqlguard.Refusal) and res.reason in {"timeout", "memory"}, res
    assert _rss_mb() - before < 200          # the gigabytes were the worker's, and it is gone
    assert store.rows("SELECT count(*) FROM practices") == [(4,)]


def test_a_killed_worker_leaves_no_scratch_files(path):
    import tempfile
    from pathlib import Path
    before = set(Path(tempfile.gettempdir()).glob("reform-sql-*"))
    sqlguard.run(path, HEAVY[3], timeout=1)
    sqlguard.run(path, "SELECT 1")
    assert set(Path(tempfile.gettempdir()).glob("reform-sql-*")) == before


def test_more_queries_than_workers_get_a_polite_busy(path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor
    monkeypatch.setattr(sqlguard, "BUSY_WAIT", 0.05)
    with ThreadPoolExecutor(sqlguard.WORKERS + 2) as pool:
        out = list(pool.map(lambda _: sqlguard.run(path, HEAVY[0], timeout=2), range(sqlguard.WORKERS + 2)))
    busy = [r for r in out if isinstance(r, sqlguard.Refusal) and r.reason == "busy"]
    assert len(busy) == 2 and all("Busy" in r.message for r in busy)
    assert isinstance(sqlguard.run(path, "SELECT 1"), sqlguard.Result)   # slots are given back


@pytest.mark.parametrize("sql, reason, name", [
    ("EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1", "write", "read-only"),
    ("EXPLAIN ANALYZE CREATE TEMP MACRO m() AS 1", "write", "read-only"),
    ("EXPLAIN ANALYZE CHECKPOINT", "write", "CHECKPOINT"),
    ("EXPLAIN ANALYZE CALL pragma_version()", "not-read-only", "CALL"),
    ("COPY FROM DATABASE reform TO memory", "files", "COPY FROM DATABASE"),
    ("IMPORT DATABASE 'x'", "files", "IMPORT DATABASE"),
    ("CHECKPOINT", "write", "CHECKPOINT"),
    ("ANALYZE", "write", "ANALYZE"),
    ("PIVOT regions ON type USING count(*)", "not-read-only", "PIVOT"),
])
def test_refusals_name_the_statement_even_inside_explain_analyze(path, sql, reason, name):
    res = sqlguard.run(path, sql)
    assert isinstance(res, sqlguard.Refusal) and res.reason == reason and name in res.message, res
    assert "PRAGMA" not in res.message and "multiple" not in res.message


def test_explain_of_a_query_still_runs(path):
    assert isinstance(sqlguard.run(path, "EXPLAIN ANALYZE SELECT count(*) FROM practices"), sqlguard.Result)
    assert isinstance(sqlguard.run(path, "EXPLAIN SELECT 1"), sqlguard.Result)


@pytest.mark.parametrize("sql", [
    "SELECT * FROM regions", "SELECT * FROM build_info", "SELECT * FROM load_issues",
    "SELECT * FROM duckdb_databases()", "SELECT * FROM duckdb_settings()", "SELECT path FROM duckdb_databases d",
    "SELECT (SELECT max(value) FROM duckdb_settings() s WHERE s.name LIKE '%dir%') AS x",
    "SELECT current_setting('secret_directory'), current_setting('temp_directory'), "
    "current_setting('home_directory')"])
def test_no_server_path_is_visible_in_the_console(path, sql):
    import os
    import tempfile
    res = sqlguard.run(path, sql)
    if "duckdb_" in sql or "current_setting" in sql:   # functions that show paths are refused outright
        assert isinstance(res, sqlguard.Refusal) and res.reason == "settings", res
        text = res.message
    else:
        assert isinstance(res, sqlguard.Result), res
        text = res.rows.to_string()
    for secret in {str(path.parent), os.getcwd(), os.path.expanduser("~"), tempfile.gettempdir()}:
        assert secret not in text, (secret, sql)


def test_the_console_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("REFORM_SQL_CONSOLE", "off")
    assert not sqlguard.enabled()
    monkeypatch.setenv("REFORM_SQL_CONSOLE", "on")
    assert sqlguard.enabled()


@pytest.mark.parametrize("sql, code", [("SELEC 1", "sql-syntax"), ("SELECT * FROM no_such_table", "sql-unknown-name"),
                                       ("SELECT no_such_column", "sql-unknown-name"),
                                       ("SELECT error('boom')", "sql-error")])
def test_engine_errors_are_told_apart_by_exception_type(sql, code):
    """The refusal is chosen by DuckDB's exception class, and its words come from the catalogue of problems."""
    con = duckdb.connect()
    try:
        with pytest.raises(duckdb.Error) as raised:
            con.execute(sql)
    finally:
        con.close()
    reason, found, values = sqlworker.refusal(raised.value, 5)
    assert (reason, found) == ("error", code)
    assert values["detail"] in problems.text(found, "en", values)
    assert values["detail"] in problems.text(found, "id", values)


@pytest.mark.parametrize("exc, reason, code", [(duckdb.InterruptException("x"), "timeout", "sql-timeout"),
                                               (duckdb.OutOfMemoryException("x"), "memory", "sql-memory"),
                                               (MemoryError(), "memory", "sql-memory"),
                                               (duckdb.PermissionException("x"), "files", "sql-no-access")])
def test_limits_and_sandbox_refusals_by_exception_type(exc, reason, code):
    assert sqlworker.refusal(exc, 5)[:2] == (reason, code)
