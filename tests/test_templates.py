"""The HTML documents' templates escape every value: hostile text in the data can only ever be text."""
from lib import templates

HOSTILE = "<script>alert(1)</script><img src=x onerror=y> & \"q\" 'a'"


def test_the_page_layout_escapes_its_title_and_keeps_the_print_margins():
    page = templates.page("en", HOSTILE, "<p>body</p>")
    assert "<script>" not in page and "<img" not in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=y&gt; &amp; &#34;q&#34; &#39;a&#39;" \
        in page
    assert "@page" in page and "<p>body</p>" in page                     # the body is already rendered HTML


def test_the_summary_template_escapes_every_data_text():
    body = templates.render(
        "assess_summary.html.j2", t=lambda key, **kw: f"{key}:{kw.get('name', '')}", date=HOSTILE, name=HOSTILE,
        province=HOSTILE, kind=HOSTILE, regions=1, position=[], results=HOSTILE, visits=[], gaps=[], factors=[],
        refs=type("Refs", (), {"items": []})())
    assert "<script>" not in body and "<img" not in body and body.count("&lt;script&gt;") >= 4
