"""The schema is valid JSON Schema, strict, documented, and the one home of the vocabularies."""
from jsonschema import Draft202012Validator

from lib import schema


def _objects(node, path="$"):
    """Every sub-schema that describes an object with properties."""
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield path, node
        for key, value in node.items():
            if key != "vocabularies":
                yield from _objects(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{path}[{i}]")


def test_schema_is_valid_json_schema_2020_12():
    doc = {k: v for k, v in schema.document().items() if k != "vocabularies"}
    assert doc["$schema"].endswith("2020-12/schema")
    Draft202012Validator.check_schema(doc)


def test_every_object_is_closed_and_every_property_described():
    found = list(_objects(schema.document()))
    assert len(found) > 10
    for path, node in found:
        assert node.get("additionalProperties") is False, f"{path} allows extra properties"
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{path}.properties.{name} has no description"


def test_vocabularies_are_bilingual_and_fill_the_enums():
    stages = schema.codes("stages")
    assert stages == ["I", "II", "III", "IV", "V"]
    assert schema.codes("factors") == ["a", "b", "c", "d", "e"]
    assert [m["level"] for m in schema.vocab("maturity")] == [0, 1, 2, 3, 4]
    assert schema.document()["$defs"]["stage_code"]["enum"] == stages
    assert set(schema.document()["$defs"]["theme_code"]["enum"]) == set(schema.codes("themes"))
    assert schema.document()["$defs"]["unit_code"]["enum"] == schema.codes("units")
    for name in ("stages", "factors", "maturity", "themes", "source_kinds", "event_kinds", "statuses", "units",
                 "indicators"):
        for item in schema.vocab(name):
            assert item["name"]["id"] and item["name"]["en"], (name, item)
    assert {"kpk_integrity", "ombudsman_compliance", "service_evaluation"} <= set(schema.codes("indicators"))


def test_label_falls_back_to_the_code():
    assert schema.label("stages", "II", "en") == "Local regulation and delegation of authority"
    assert schema.label("themes", "nope", "en") == "nope"


def test_fast_first_pass_agrees_with_the_2020_12_validator():
    """The fast compiled check and jsonschema must accept and refuse the same documents."""
    import copy

    import fastjsonschema

    from .conftest import region

    good = region("alpha")
    variants = [good]
    for mutate in (lambda d: d["stages"]["III"].update(maturity=2),
                   lambda d: d["factors"]["e"].update(evidenced=True),
                   lambda d: d["practices"][0].update(stage="VI"),
                   lambda d: d["practices"][0]["status"].update(code="replaced"),
                   lambda d: d["practices"][0]["status"].pop("sources"),
                   lambda d: d.update(extra=1),
                   lambda d: d["summary"].pop("id"),
                   lambda d: d["events"][0].update(date="2011-13-45x"),
                   lambda d: d["location"].update(lat=40)):
        bad = copy.deepcopy(good)
        mutate(bad)
        variants.append(bad)
    for doc in variants:
        strict = not list(schema.validator().iter_errors(doc))
        try:
            schema._fast_check()(doc)
            fast = True
        except fastjsonschema.JsonSchemaException:
            fast = False
        assert fast == strict, doc
    assert sum(not list(schema.validator().iter_errors(d)) for d in variants) == 1


def test_every_unit_used_is_a_code_with_both_labels():
    """Units are codes from vocabularies.units, each with an Indonesian and an English label (no free English)."""
    from lib import loader

    labels = {u["code"]: u["name"] for u in schema.vocab("units")}
    assert len(labels) == len(schema.vocab("units")), "a unit code is listed twice"
    used = {i["unit"] for i in schema.vocab("indicators")}
    for region in loader.load_all().regions.values():
        used |= {o["unit"] for o in region.get("outcomes", []) if "unit" in o}
    assert used and used <= set(labels), used - set(labels)
    for code in used:
        assert labels[code]["id"] and labels[code]["en"], code
