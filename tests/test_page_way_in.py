"""AppTest: a way in by region: the overview lists every region with a link to its profile and what it holds
(practices, documented stages, stopped practices, legal events), counted from the database."""
import pytest

from lib import db

from .harness import app_page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_overview_lists_every_region_with_a_link_to_its_profile(lang):
    store = db.open_store()
    try:
        expected = {rid: (n, legal) for rid, n, legal in store.rows(
            """SELECT r.region_id, (SELECT count(*) FROM practices p WHERE p.region_id = r.region_id),
                      (SELECT count(*) FROM events e WHERE e.region_id = r.region_id AND e.kind = 'legal')
               FROM regions r""")}
    finally:
        store.close()
    at = app_page(None, lang=lang)
    assert not at.exception
    table = next(d.value for d in at.dataframe if "link" in d.value.columns)
    assert len(table) == len(expected)
    for row in table.itertuples():
        rid = row.link.split("region=")[1].split("&")[0]
        assert (row.practices, row.legal_events) == expected[rid]
        assert ("&lang=en" in row.link) == (lang == "en")


def test_region_picker_sits_under_the_page_title():
    at = app_page("region", region="metro")
    assert at.title[0].value == "Kota Metro"
    at = app_page("region")
    assert at.title[0].value and at.selectbox(key="region_pick").value is None
