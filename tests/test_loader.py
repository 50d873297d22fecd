"""Bad input gives one clear record with the right line, and the good files still load."""

import pytest

from lib import loader

from .conftest import region, write


def load_with(folder, name, content):
    path = write(folder, name, content)
    catalog = loader.load_all(folder)
    return path, catalog, [i for i in catalog.issues if i.file == str(path)]


def line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_good_files_load(two_regions):
    catalog = loader.load_all(two_regions)
    assert catalog.issues == []
    assert sorted(catalog.regions) == ["alpha", "beta"]


def test_malformed_yaml(two_regions):
    path, catalog, issues = load_with(two_regions, "gamma", "id: gamma\nname: [unclosed\ntype: kota\n")
    assert len(issues) == 1 and issues[0].code == "yaml" and issues[0].line in (2, 3)
    assert sorted(catalog.regions) == ["alpha", "beta"]
    assert str(issues[0]).startswith(f"{path}:{issues[0].line}: ")


def test_wrong_type(two_regions):
    path, catalog, issues = load_with(two_regions, "gamma", region("gamma", name=["not", "a", "string"]))
    assert [i.code for i in issues] == ["schema-type"]
    assert issues[0].line == line_of(path, "name:")
    assert "name" in issues[0].message and sorted(catalog.regions) == ["alpha", "beta"]


@pytest.mark.parametrize("field,value", [("stage", "VI"), ("themes", ["one_stop", "teleportation"]),
                                         ("factors", ["z"])])
def test_unknown_codes(two_regions, field, value):
    data = region("gamma")
    data["practices"][1][field] = value
    path, catalog, issues = load_with(two_regions, "gamma", data)
    assert len(issues) == 1 and issues[0].code == "schema-enum"
    bad = value if isinstance(value, str) else value[-1]
    assert repr(bad) in issues[0].message
    assert issues[0].json_path.startswith("$.practices[1]." + field)
    lines = path.read_text().splitlines()
    assert bad in lines[issues[0].line - 1]



def test_unknown_unit_code(two_regions):
    """A unit written as free text instead of a code from vocabularies.units is refused at its line."""
    data = region("gamma")
    data["outcomes"][0]["unit"] = "working days"
    path, catalog, issues = load_with(two_regions, "gamma", data)
    assert [i.code for i in issues] == ["schema-enum"]
    assert issues[0].json_path == "$.outcomes[0].unit" and "'working days'" in issues[0].message
    assert str(issues[0]).startswith(f"{path}:{line_of(path, 'working days')}: ")
    assert sorted(catalog.regions) == ["alpha", "beta"]

def test_duplicate_practice_id_across_files(two_regions):
    data = region("gamma")
    data["practices"][1]["id"] = "alpha-one-stop"
    path, catalog, issues = load_with(two_regions, "gamma", data)
    dup = [i for i in issues if i.code == "duplicate-id"]
    assert len(dup) == 1 and "alpha.yaml" in dup[0].message
    assert dup[0].line == line_of(path, "id: alpha-one-stop")
    assert sorted(catalog.regions) == ["alpha", "beta"]


def test_same_id_in_two_files_names_the_first(two_regions):
    data = region("gamma")
    data["obstacles"][0]["id"] = "gamma-ob"
    data["events"][0]["id"] = "gamma-e"
    data["practices"][0]["id"] = "gamma-one-stop"
    write(two_regions, "gamma", data)
    data2 = region("gamma")
    data2["id"] = "zeta"
    path = write(two_regions, "zeta", data2)
    catalog = loader.load_all(two_regions)
    zeta = [i for i in catalog.issues if i.file == str(path)]
    assert zeta and all(i.code in ("duplicate-id", "id-prefix") for i in zeta)
    assert "gamma" in catalog.regions and "zeta" not in catalog.regions


def test_missing_source_reference(two_regions):
    data = region("gamma")
    data["practices"][0]["sources"] = [{"ref": "S99", "at": "p. 4"}]
    path, catalog, issues = load_with(two_regions, "gamma", data)
    assert [i.code for i in issues] == ["unknown-source"]
    assert "S99" in issues[0].message and issues[0].line == line_of(path, "ref: S99")


def test_file_name_must_equal_id(two_regions):
    path, catalog, issues = load_with(two_regions, "gamma", region("delta"))
    codes = {i.code for i in issues}
    assert "id-mismatch" in codes
    assert next(i for i in issues if i.code == "id-mismatch").line == line_of(path, "id: delta")


def test_duplicate_key(two_regions):
    text = write(two_regions, "tmp", region("gamma")).read_text()
    (two_regions / "tmp.yaml").unlink()
    text = text.replace("province: Lampung\n", "province: Lampung\nprovince: Bali\n")
    path, catalog, issues = load_with(two_regions, "gamma", text)
    assert [i.code for i in issues] == ["duplicate-key"]
    assert issues[0].line == line_of(path, "province: Bali")


def test_python_tag_is_refused(two_regions):
    text = "id: gamma\nname: !!python/object/apply:os.system ['echo pwned']\n"
    path, catalog, issues = load_with(two_regions, "gamma", text)
    assert [i.code for i in issues] == ["tag"] and issues[0].line == 2
    assert sorted(catalog.regions) == ["alpha", "beta"]


def test_alias_bomb_is_refused_before_it_is_expanded(two_regions, yaml_seen):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path, catalog, issues = load_with(two_regions, "gamma", "\n".join(levels) + "\n")
    assert [i.code for i in issues] in (["anchor"], ["alias"])
    assert not [t for t in yaml_seen["composed"] if "lol" in t]  # refused on the event stream, never composed


def test_alias_alone_is_refused(two_regions):
    data = write(two_regions, "tmp", region("gamma")).read_text()
    (two_regions / "tmp.yaml").unlink()
    text = data.replace("province: Lampung", "province: &p Lampung").replace("name: Kota Gamma", "name: *p")
    path, catalog, issues = load_with(two_regions, "gamma", text)
    assert issues and issues[0].code in ("anchor", "alias")


def test_html_is_stored_as_text(two_regions):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = region("gamma")
    data["practices"][0]["title"]["id"] = payload
    write(two_regions, "gamma", data)
    catalog = loader.load_all(two_regions)
    assert catalog.issues == []
    assert catalog.regions["gamma"]["practices"][0]["title"]["id"] == payload


def test_dates_stay_strings(two_regions):
    data = write(two_regions, "tmp", region("gamma")).read_text()
    (two_regions / "tmp.yaml").unlink()
    import re
    text = re.sub(r"date: '?2011-11'?", "date: 2011-11-28", data)
    assert "date: 2011-11-28" in text
    write(two_regions, "gamma", text)
    catalog = loader.load_all(two_regions)
    assert catalog.regions["gamma"]["events"][0]["date"] == "2011-11-28"


def test_invalid_utf8_directory_and_empty(two_regions):
    (two_regions / "bad.yaml").write_bytes(b"id: bad\nname: \xff\xfe\n")
    (two_regions / "folder.yaml").mkdir()
    (two_regions / "empty.yaml").write_text("")
    catalog = loader.load_all(two_regions)
    by_file = {i.file.rsplit("/", 1)[-1]: i for i in catalog.issues}
    assert by_file["bad.yaml"].code == "encoding" and by_file["bad.yaml"].line == 2
    assert by_file["folder.yaml"].code == "not-a-file"
    assert by_file["empty.yaml"].code == "empty"
    assert sorted(catalog.regions) == ["alpha", "beta"]


def test_stage_rules(two_regions):
    data = region("gamma")
    data["stages"]["III"]["maturity"] = 2          # not documented but scored
    data["stages"]["I"].pop("sources")             # documented without sources
    path, catalog, issues = load_with(two_regions, "gamma", data)
    messages = " | ".join(i.message for i in issues)
    assert "stages/III" in messages and "stages/I" in messages and len(issues) == 2
