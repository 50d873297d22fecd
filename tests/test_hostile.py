"""Hostile input is refused with a clear message, and nothing else is affected.

Files: a 20 MB case file, deep nesting, an alias bomb, Python (and other unknown) tags, invalid UTF-8,
a directory or a pipe or a device named *.yaml, an unreadable file. Each is refused with an Issue that
names the file and says why, and the two good regions beside it still load (loader and app alike).
URLs: unknown codes, 10,000-character values and script text in every query parameter, on every page of
app.py: no exception, a friendly note where the page reads codes, and the script text is never rendered
unescaped. Data: script text and 10,000-character values in every text field of a case file, on every page.
"""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lib import loader, yamlio
from lib.issues import Issue

from .conftest import ROOT, region, write
from .harness import app_page

GOOD = ["alpha", "beta"]
SCRIPT = "<script>alert('x')</script>"
UNESCAPED_SCRIPT = re.compile(r"(?<!\\)<\s*/?\s*script", re.IGNORECASE)
LONG = "x" * 10_000


@pytest.fixture
def folder(tmp_path) -> Path:
    f = tmp_path / "regions"
    write(f, "alpha", region("alpha"))
    write(f, "beta", region("beta", name="Kota Beta", type="kabupaten", province="Jawa Tengah"))
    return f


def refused(folder: Path, name: str) -> list[Issue]:
    """Load the folder; the good regions load, and `name` is refused with at least one clear Issue."""
    catalog = loader.load_all(folder)
    assert sorted(catalog.regions) == GOOD
    issues = [i for i in catalog.issues if Path(i.file).name == name]
    assert issues, f"{name} was not refused"
    for issue in issues:
        assert isinstance(issue.line, int) and issue.line >= 0
        assert issue.message.strip() and str(issue).startswith(f"{folder / name}:")
    assert {Path(i.file).name for i in catalog.issues} == {name}  # nothing else is blamed
    return issues


# ------------------------------------------------------------------------------------------------ files

def test_a_20_mb_file_is_refused_without_being_parsed(folder, yaml_seen):
    path = folder / "huge.yaml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id: huge\nname: Kota Huge\nsummary:\n  id: ")
        fh.write("panjang " * 2_500_000)  # 20 MB
        fh.write("\n")
    assert path.stat().st_size >= 20_000_000
    issues = refused(folder, "huge.yaml")
    assert [i.code for i in issues] == ["too-large"]
    assert not [t for t in yaml_seen["composed"] if "panjang" in t]
    assert "limit" in issues[0].message and f"{yamlio.MAX_BYTES:,}" in issues[0].message


@pytest.mark.parametrize("text", [
    "id: deep\nname: " + "[" * 100 + "]" * 100 + "\n",                       # flow sequences
    "id: deep\nname: " + "{a: " * 100 + "1" + "}" * 100 + "\n",              # flow mappings
    "id: deep\nname: " + "[" * 100_000 + "]" * 100_000 + "\n",               # past libyaml's own limit
    "id: deep\n" + "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v\n",  # block nesting
], ids=["flow-seq-100", "flow-map-100", "flow-seq-100k", "block-200"])
def test_deep_nesting_is_refused(folder, text, yaml_seen):
    write(folder, "deep", text)
    issues = refused(folder, "deep.yaml")
    assert len(issues) == 1 and issues[0].code in ("too-deep", "yaml")
    assert text not in yaml_seen["built"]  # refused on the node tree, before any Python object is built
    assert "nesting" in issues[0].message.lower()


def test_nesting_within_the_limit_is_not_mistaken_for_an_attack(folder):
    data = region("gamma")
    data["gaps"][0]["text"]["id"] = "biasa"
    write(folder, "gamma", data)
    catalog = loader.load_all(folder)
    assert sorted(catalog.regions) == [*GOOD, "gamma"] and catalog.issues == []


def test_alias_bomb_is_refused_before_it_is_expanded(folder, yaml_seen):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefghijkl", "bcdefghijklm"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")  # 9**12 strings if expanded
    write(folder, "bomb", "\n".join(lines) + "\n")
    issues = refused(folder, "bomb.yaml")
    assert [i.code for i in issues] in (["anchor"], ["alias"])
    assert not [t for t in yaml_seen["composed"] if "lol" in t]  # refused on the event stream, never composed
    assert "not allowed" in issues[0].message


def test_merge_key_alias_is_refused(folder):
    write(folder, "merge", "base: &b {id: merge}\nother:\n  <<: *b\n")
    assert [i.code for i in refused(folder, "merge.yaml")] in (["anchor"], ["alias"])


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {sentinel}']",
    "!!python/object/new:subprocess.Popen [['touch', '{sentinel}']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {sentinel}']",
    "!custom 'a local tag'",
], ids=["apply", "new", "name", "module", "verbatim", "local"])
def test_python_and_unknown_tags_are_refused_and_never_run(folder, tmp_path, tag):
    sentinel = tmp_path / "pwned"
    write(folder, "tagged", f"id: tagged\nname: {tag.format(sentinel=sentinel)}\n")
    issues = refused(folder, "tagged.yaml")
    assert [i.code for i in issues] == ["tag"] and issues[0].line == 2
    assert "tag" in issues[0].message and not sentinel.exists()


@pytest.mark.parametrize("raw,code", [
    (b"id: bad\nname: \xff\xfe broken\n", "encoding"),
    ("id: bad\nname: Kota\n".encode("utf-16"), "encoding"),
    (b"id: bad\nname: \xc3\x28\n", "encoding"),
    (b"id: bad\nname: a\x00b\n", "yaml"),                   # valid UTF-8, but a control character YAML refuses
], ids=["ff-fe", "utf-16", "bad-continuation", "nul"])
def test_invalid_encoding_is_refused_with_its_line(folder, raw, code):
    (folder / "bad.yaml").write_bytes(raw)
    issues = refused(folder, "bad.yaml")
    assert [i.code for i in issues] == [code]
    if code == "encoding":
        assert "UTF-8" in issues[0].message and issues[0].line in (1, 2)


@pytest.mark.parametrize("text,code", [
    ("", "empty"),
    ("# only a comment\n", "empty"),
    ("id: a\n---\nid: b\n", "yaml"),
    ("- just\n- a list\n", "not-a-mapping"),
    ("just a string\n", "not-a-mapping"),
], ids=["empty", "comment", "two-documents", "list", "scalar"])
def test_files_that_are_not_a_case_file(folder, text, code):
    write(folder, "odd", text)
    assert [i.code for i in refused(folder, "odd.yaml")] == [code]


def test_a_directory_named_yaml(folder):
    (folder / "x.yaml").mkdir()
    (folder / "x.yaml" / "inner.yaml").write_text("id: inner\n")
    issues = refused(folder, "x.yaml")
    assert [i.code for i in issues] == ["not-a-file"] and "directory" in issues[0].message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root: chmod 000 does not stop root from reading the file")
def test_an_unreadable_file(folder):
    path = write(folder, "locked", region("locked"))
    path.chmod(0)
    try:
        issues = refused(folder, "locked.yaml")
        assert [i.code for i in issues] == ["unreadable"] and "cannot be read" in issues[0].message
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("target", ["nowhere", "loop.yaml"], ids=["dangling", "loop"])
def test_broken_symlinks(folder, target):
    (folder / "loop.yaml").symlink_to(folder / target)
    issues = refused(folder, "loop.yaml")
    assert [i.code for i in issues] == ["unreadable"] and "cannot be read" in issues[0].message


SPECIAL_FILE_PROBE = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))   # a runaway read fails here, not in the machine
from lib import db, loader
folder = Path(sys.argv[1])
catalog = loader.load_all(folder)
db.inputs_hash(folder)
print(sorted(catalog.regions), sorted({(Path(i.file).name, i.code) for i in catalog.issues}))
"""


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_pipe_or_device_named_yaml_is_refused(folder, kind):
    path = folder / "special.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    try:
        out = subprocess.run([sys.executable, "-c", SPECIAL_FILE_PROBE, str(folder)], cwd=ROOT, text=True,
                             capture_output=True, timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading a folder with a {kind} named special.yaml hung")
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "['alpha', 'beta'] [('special.yaml', 'not-a-file')]"


# ------------------------------------------------------------------------------------------------ the app

def app_pages() -> list[str]:
    """Page names (for harness.app_page) of every page in app.py's PAGES list."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
            return [Path(item[0]).stem for item in ast.literal_eval(node.value)]
    raise AssertionError("app.py has no PAGES list")


PAGES = app_pages()
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                  "exception")


def rendered_markdown(at) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer (bodies and labels)."""
    out = []
    for kind in MARKDOWN_KINDS:
        out += [str(e.value) for e in getattr(at, kind)]
    out += [e.label for e in at.expander]
    out += [t.label for t in at.tabs]
    out += [m.label for m in at.metric]
    for kind in ("selectbox", "multiselect", "text_input", "text_area", "number_input", "toggle", "checkbox",
                 "radio", "button", "slider"):
        out += [str(w.label) for w in getattr(at, kind)]
    return out


def assert_no_unescaped_script(at) -> None:
    bad = [text[:200] for text in rendered_markdown(at) if UNESCAPED_SCRIPT.search(text)]
    assert not bad, f"script text rendered unescaped: {bad}"


@pytest.fixture
def app_folder(folder, monkeypatch) -> Path:
    """The app reads this folder (a new folder: the app's store cache gives it a fresh store)."""
    monkeypatch.setenv("REFORM_DATA_DIR", str(folder))
    return folder


def test_the_app_serves_the_good_regions_beside_every_hostile_file(app_folder):
    f = app_folder
    with (f / "huge.yaml").open("w") as fh:
        fh.write("id: huge\nname: " + "x" * 20_000_000 + "\n")
    write(f, "deep", "id: deep\nname: " + "[" * 5000 + "]" * 5000 + "\n")
    write(f, "bomb", 'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: [*b,*b]\n')
    write(f, "tagged", "id: tagged\nname: !!python/object/apply:os.system ['true']\n")
    (f / "bad.yaml").write_bytes(b"id: bad\nname: \xff\n")
    (f / "x.yaml").mkdir()
    (f / "loop.yaml").symlink_to(f / "loop.yaml")
    hostile = ["bad.yaml", "bomb.yaml", "deep.yaml", "huge.yaml", "loop.yaml", "tagged.yaml", "x.yaml"]
    at = app_page(None, timeout=120)
    assert not at.exception
    regions = next(m for m in at.metric if m.label in ("Daerah", "Regions"))
    assert str(regions.value) == "2"
    warning = [e for e in at.expander if "dilewati" in e.label or "skipped" in e.label]
    assert warning and str(len(hostile)) in warning[0].label
    listed = "\n".join(str(c.value) for c in at.code)
    for name in hostile:
        assert name in listed, f"{name} is not named in the skipped-files warning"
    at = app_page("region", timeout=120, region="beta")
    assert not at.exception and any("Beta" in str(t.value) for t in at.title)


HOSTILE_KEYS = ["region", "stage", "theme", "factor", "type", "province", "status", "year_from", "year_to",
                "kind", "align", "indicator", "term", "all", "view", "practice", "q", "lang", "unknown_key"]
# Pages that take codes from the URL and must say which ones they ignored (the note is ui.refused's).
NOTE_PAGES = {"region", "compare", "peers", "stages", "factors", "search", "sources", "glossary"}
NOTE = re.compile(r"not recognised|tidak dikenali")


def _url_cases():
    for page in PAGES:
        for variant in ("unknown", "long", "script"):
            yield pytest.param(page, variant, id=f"{page}-{variant}")


@pytest.mark.parametrize("page,variant", list(_url_cases()))
def test_hostile_url_values_on_every_page(app_folder, page, variant):
    value = {"unknown": "ZZ-9", "long": LONG, "script": SCRIPT}[variant]
    params = {key: value for key in HOSTILE_KEYS}
    if page == "compare":
        params["region"] = ["alpha", value]   # one good region: the page goes past its first check
    at = app_page(None if page == PAGES[0] else page, timeout=120, **params)
    assert not at.exception, at.exception[0].value if at.exception else ""
    if page in NOTE_PAGES:
        notes = [str(i.value) for i in at.info if NOTE.search(str(i.value))]
        assert notes, f"{page}: no note about the values that were ignored"
        assert not [n for n in notes if "x" * 201 in n], "the note echoes a long value instead of shortening it"
    assert not [t for t in rendered_markdown(at) if LONG in t], "a 10,000-character value was echoed whole"
    assert_no_unescaped_script(at)


def hostile_case_file(region_id: str) -> dict:
    """A valid case file whose every free-text value carries script text, and whose texts are 10,000 chars."""
    data = region(region_id)

    def walk(node, key=None):
        if isinstance(node, dict):
            if set(node) <= {"id", "en"} and all(isinstance(v, str) for v in node.values()) and key != "sources":
                for lang in node:
                    node[lang] = f"{SCRIPT} **bold** [link](javascript:alert(1)) " + "kata " * 2000
                return
            for k, v in node.items():
                if k in ("title", "publisher", "person", "at") and isinstance(v, str):
                    node[k] = f"{SCRIPT} {v}"
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
    walk(data)
    data["name"] = f"Kota {SCRIPT} Gamma"
    data["province"] = f"{SCRIPT} Lampung"
    data["events"][0]["person"] = SCRIPT
    return data




@pytest.mark.parametrize("page", PAGES)
def test_script_text_and_long_values_in_the_data_on_every_page(app_folder, page):
    write(app_folder, "gamma", hostile_case_file("gamma"))
    assert not loader.load_all(app_folder).issues  # the file is valid: text is data, never refused
    params = {"region": "gamma", "q": "kata", "term": "PTSP"}
    if page == "compare":
        params["region"] = ["gamma", "alpha"]
    at = app_page(None if page == PAGES[0] else page, timeout=120, **params)
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert_no_unescaped_script(at)
