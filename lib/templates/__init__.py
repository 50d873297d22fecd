"""The HTML documents (comparison brief, self-assessment summary) written from Jinja2 templates, escaped by default.

Autoescape is on for every template: a data text can only ever be text. Both documents share one stylesheet
(style.css, with print page margins) and one page layout (page.html.j2); their bodies are simple HTML (h1-h3, p,
ul/ol, table, b, i, a, img) so that lib/pdf.py can draw the same body as a PDF.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from lib import citations

HERE = Path(__file__).parent
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
_ENV.filters["citation"] = citations.html
_ENV.filters["marks"] = citations.marks


def render(template: str, /, **context) -> str:
    """One template filled in (every value escaped unless it is already markupsafe.Markup)."""
    return _ENV.get_template(template).render(**context)


def page(lang: str, title: str, body: str) -> str:
    """A self-contained HTML page (no scripts, no external files) around a rendered body, with the shared CSS."""
    return render("page.html.j2", lang=lang, title=title, body=Markup(body),
                  css=Markup((HERE / "style.css").read_text(encoding="utf-8")))
