"""Fuzzing the loader with Hypothesis: random YAML never crashes it.

Three kinds of input: text assembled from YAML-ish tokens (indicators, anchors, tags, quotes, indentation),
random bytes, and mutations of a valid case file (cuts, duplicated or swapped lines, inserted tokens,
changed characters). Fed to `yamlio.parse` and to `loader.load_all` on a folder that also holds a good
file, every outcome is a loaded file or a list of Issue records (line >= 0, a message), and the good file
beside it always loads. Bounded: a few hundred examples, no deadline, well under a minute.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import loader, yamlio
from lib.issues import Issue

from .conftest import region, write

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TOKENS = [
    "id", "name", "gamma", "practices", "sources", "stages", "text", "ref", "S1", "-", "- ", ": ", ":", "? ",
    "[", "]", "{", "}", ",", "&a ", "*a", "&b ", "*b", "<<: ", "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system", "!!binary aGk=", "!!set", "!!str", "!!int", "!local", "!<tag:x>", "'", '"',
    "''", '\\"', "#", " # c", "|", ">", "|-", ">+", "---", "...", "%YAML 1.1", "%TAG ! tag:x,", "~", "null",
    "true", "no", "0x1F", "0o17", "1e3", ".inf", ".nan", "2011-11-28", "2011-11-28T10:00:00Z", "12:30:00",
    "\n", "\n  ", "\n    ", "\n- ", "\t", " ", "\r\n", "\ufeff", "é", "ñ", "\u200b", "\x85", "\u2028", "😀",
    "\\", "%", "@", "`", "=", "<<",
]


@st.composite
def token_documents(draw) -> str:
    return "".join(draw(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), min_size=0, max_size=80)))


def _valid_text() -> str:
    return yaml.safe_dump(region("alpha"), allow_unicode=True, sort_keys=False)


VALID = _valid_text()


@st.composite
def mutated_case_files(draw) -> str:
    """A valid case file with 1-4 random edits."""
    lines = VALID.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "dedent", "char", "cut"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.sampled_from(TOKENS)) + lines[i][pos:]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 5)) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip(" ")
        elif op == "char" and lines[i]:
            pos = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:pos] + draw(st.characters(codec="utf-8")) + lines[i][pos + 1:]
        elif op == "cut":
            lines = lines[:i]
    return "".join(lines)


documents = st.one_of(token_documents(), mutated_case_files(), st.text(max_size=300))


def assert_outcome(data, issues, shown: str) -> None:
    """Either loaded (no issues) or refused with well-formed Issue records naming the file."""
    assert isinstance(issues, list)
    if issues:
        assert data is None
    for issue in issues:
        assert isinstance(issue, Issue)
        assert isinstance(issue.line, int) and issue.line >= 0
        assert issue.code and issue.message and issue.file == shown
        str(issue)


@SETTINGS
@given(documents)
def test_parse_never_raises(text):
    data, issues = yamlio.parse(text, "fuzz.yaml")
    assert_outcome(data, issues, "fuzz.yaml")


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "regions"
    write(folder, "beta", region("beta"))  # the good neighbour: its ids never appear in the fuzzed file
    return folder


def check_folder(folder: Path) -> None:
    catalog = loader.load_all(folder)
    target = str(folder / "alpha.yaml")
    mine = [i for i in catalog.issues if i.file == target]
    for issue in catalog.issues:
        assert issue.file == target, f"the good file was blamed: {issue}"
        assert_outcome(None, [issue], target)
    assert "beta" in catalog.regions
    assert bool(mine) != ("alpha" in catalog.regions)  # either loaded or refused, never both, never neither


@SETTINGS
@given(documents)
def test_load_all_never_raises_on_text(fuzz_folder, text):
    (fuzz_folder / "alpha.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    check_folder(fuzz_folder)


@SETTINGS
@given(st.one_of(st.binary(max_size=400),
                 st.builds(lambda b, cut: VALID.encode()[:cut] + b, st.binary(max_size=40), st.integers(0, 4000))))
def test_load_all_never_raises_on_bytes(fuzz_folder, raw):
    (fuzz_folder / "alpha.yaml").write_bytes(raw)
    check_folder(fuzz_folder)


# ------------------------------------------------------------------------------------------------ generator
# bench/generate.py feeds the benchmark; its files must pass the same validation as hand-written ones.

def test_generated_case_files_validate_and_are_deterministic(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT, cli

    def generate(out, seed):
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--regions", "4", "--practices", "6",
                        "--out", str(out), "--seed", str(seed)], check=True, capture_output=True, timeout=120)
        return {p.name: p.read_bytes() for p in sorted(out.glob("*.yaml"))}

    first = generate(tmp_path / "a", 7)
    assert len(first) == 4 and all(name[:-5] in text.decode() for name, text in first.items())
    done = cli("validate", str(tmp_path / "a"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 valid, 0 problem(s)" in done.stderr
    assert generate(tmp_path / "b", 7) == first          # same seed, same bytes
    assert generate(tmp_path / "c", 8) != first          # another seed, other data
    catalog = loader.load_all(tmp_path / "a")
    practices = [p for r in catalog.regions.values() for p in r["practices"]]
    assert len(practices) == 24 and {p["stage"] for p in practices} <= {"I", "II", "III", "IV", "V"}
    words = [len(p["summary"]["id"].split()) for p in practices]
    assert 40 <= sum(words) / len(words) <= 80             # summaries of about 60 words
