"""A practice card's text as one Markdown block: status with the year of its evidence, the summary with glossary
terms explained, notes, what replaced it, themes and factors, its sources and its status sources, and a link to
its own page; and practices as table rows, their codes in words. Pure: no streamlit (cached.card_body keeps one
card per practice, language and data version)."""
from __future__ import annotations

import pandas as pd

from lib import citations, glossary, i18n, mdtext, queries, schema, state
from lib.values import known


def table_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """queries.practices' rows with their codes in words for a table: stage, themes_label, factors_label and
    status_label (the status with the year of its latest evidence)."""
    return rows.assign(
        stage=rows["stage_code"],
        themes_label=rows["themes"].map(lambda cs: ", ".join(schema.label("themes", c, lang) for c in cs)),
        factors_label=rows["factors"].map(lambda cs: ", ".join(cs)),
        status_label=[mdtext.status_text(s, y, lang) for s, y in zip(rows["status"], rows["status_year"])])


def body(store, lang: str, practice, entries: list[glossary.Entry], sources: pd.DataFrame,
         status_sources: pd.DataFrame) -> str:
    """The card of `practice` (a record with queries.practices' columns) in `lang`."""
    def tr(key: str, **values) -> str:
        return i18n.t(lang, key, **values)
    p = practice
    parts = [mdtext.status_badge(p.status, p.status_year, lang), mdtext.linked(p.summary, entries, lang)]
    if known(p.year_note):
        parts.append(mdtext.small(tr("practice.year_note") + " " + mdtext.escape(p.year_note)))
    if known(p.status_note):
        parts.append(mdtext.small(tr("practice.status_note") + " " + mdtext.escape(p.status_note)))
    if known(p.replaced_by):
        parts += [mdtext.small(tr("practice_page.replaced_by", title=f"[{mdtext.escape(x.title)}]"
                                  f"({state.page_url(lang, 'practice', practice=x.practice_id)})"))
                  for x in queries.practice_links(store, lang, p.practice_id).itertuples()
                  if x.relation == "replaced_by"]
    tags = [schema.label("themes", c, lang) for c in p.themes]
    tags += [f"({c}) {schema.label('factors', c, lang)}" for c in p.factors]
    if tags:
        parts.append(mdtext.small(" · ".join(mdtext.escape(x) for x in tags)))
    parts += [f"**{tr('practice.sources')}**", citations.markdown(sources, lang),
              f"[{tr('practice.open_page')}]({state.page_url(lang, 'practice', practice=p.practice_id)})"]
    if len(status_sources):
        parts += [f"**{tr('practice.status_sources')}**", citations.markdown(status_sources, lang)]
    return "\n\n".join(x for x in parts if x)
