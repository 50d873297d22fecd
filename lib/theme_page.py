"""What the theme page shows for one theme (/themes?theme=): every region's practices of it in time order with
their sources, their results, and what went wrong. Built once per database file, language and theme and shared by
every session (cached.theme_page): rebuilding the tables and their citation texts on each rerun cost most of the
page's server time. Pure: no Streamlit."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import cards, citations, glossary, mdtext, queries, state
from lib.values import known

WENT_WRONG = ("stopped", "replaced")


@dataclass(frozen=True)
class ThemePage:
    practices: pd.DataFrame  # queries.practices' rows in time order as table rows (cards.table_rows), with
                             # sources_text and link
    outcomes: pd.DataFrame   # queries.practice_outcomes' columns plus region, practice, sources_text
    went_wrong: str          # Markdown list of the stopped or replaced practices ('' when none)
    legal: str               # Markdown list of the regions' legal events, glossary terms linked ('' when none)


def build(store, lang: str, theme: str, entries: list[glossary.Entry]) -> ThemePage:
    found = queries.practices(store, lang, queries.PracticeFilter(themes=[theme]))
    found = found.sort_values(["year_start", "region", "practice_id"], na_position="last", kind="stable")
    ids = found["practice_id"].tolist()
    found = cards.table_rows(found, lang).assign(
        sources_text=citations.texts(store, "practice", ids, lang, missing=""),
        link=[state.page_url(lang, "practice", practice=p) for p in ids])

    outcomes = queries.practice_outcomes(store, lang, ids)
    outcomes = outcomes.assign(
        region=outcomes["practice_id"].map(dict(zip(found["practice_id"], found["region"]))),
        practice=outcomes["practice_id"].map(dict(zip(found["practice_id"], found["title"]))),
        sources_text=citations.texts(store, "outcome", outcomes["outcome_id"], lang, missing=""))

    esc = mdtext.escape
    went_wrong = "\n".join(
        f"- [{esc(p.title)}]({state.page_url(lang, 'practice', practice=p.practice_id)}) ({esc(p.region)}) · "
        f"{mdtext.status_badge(p.status, p.status_year, lang)}"
        + (f" — {esc(p.status_note)}" if known(p.status_note) else "")
        for p in found[found["status"].isin(WENT_WRONG)].itertuples())
    legal = "\n".join(f"- **{esc(e.date)}** · {esc(e.region)} — {mdtext.linked(e.text, entries, lang)}"
                      for e in queries.legal_events(store, lang, sorted(set(found["region_id"]))).itertuples())
    return ThemePage(found, outcomes, went_wrong, legal)
