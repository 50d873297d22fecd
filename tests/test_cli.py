"""The command line, run as a user runs it."""
import duckdb

from .conftest import REGIONS, cli


def test_validate_real_data_exits_zero():
    result = cli("validate", str(REGIONS))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_validate_reports_path_line_message_and_exit_1(two_regions):
    (two_regions / "broken.yaml").write_text("id: broken\nname: Kota\nname: Dua\n")
    result = cli("validate", str(two_regions))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{two_regions}/broken.yaml:3: duplicate key 'name' (first at line 2)"


def test_validate_honours_reform_data_dir(two_regions):
    (two_regions / "broken.yaml").write_text("id: broken\n")
    result = cli("validate", env={"REFORM_DATA_DIR": str(two_regions)})
    assert result.returncode == 1 and "broken.yaml:" in result.stdout


def test_build_writes_tables_and_refuses_foreign_files(two_regions, tmp_path):
    out = tmp_path / "reform.duckdb"
    result = cli("build", "--out", str(out), "--data", str(two_regions))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM regions").fetchone()[0] == 2
    con.close()
    assert cli("build", "--out", str(out), "--data", str(two_regions)).returncode == 0  # ours: may overwrite
    foreign = tmp_path / "notes.txt"
    foreign.write_text("precious")
    result = cli("build", "--out", str(foreign), "--data", str(two_regions))
    assert result.returncode != 0 and "refusing" in result.stderr
    assert foreign.read_text() == "precious"


def test_stats_counts_practices_per_stage(two_regions):
    result = cli("stats", "--data", str(two_regions))
    assert result.returncode == 0
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[2:]}
    assert rows["alpha"] == ["0", "1", "0", "1", "0", "2"]


def test_commands_over_the_store_say_which_files_they_left_out(two_regions):
    (two_regions / "broken.yaml").write_text("id: broken\nname: [unclosed\n")
    result = cli("stats", "--data", str(two_regions))
    assert result.returncode == 0
    assert result.stderr.strip() == "skipped: broken.yaml:3: did not find expected ',' or ']'"  # names, not server paths
    assert {line.split()[0] for line in result.stdout.splitlines()[2:]} == {"alpha", "beta"}

