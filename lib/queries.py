"""Named SQL for the pages: every page reads the store through these functions.

All user-chosen values travel as parameters; the only names put into SQL text are
column names picked from fixed pairs by language.
"""
from __future__ import annotations

import pandas as pd

from lib.db import Store


def _lang_col(base: str, lang: str, alias: str = "") -> str:
    """`coalesce(x_en, x_id)` for English, `x_id` for Indonesian."""
    p = f"{alias}." if alias else ""
    return f"coalesce({p}{base}_en, {p}{base}_id)" if lang == "en" else f"{p}{base}_id"


def headline(store: Store) -> dict:
    row = store.rows("""SELECT (SELECT count(*) FROM regions), (SELECT count(*) FROM practices),
                               (SELECT count(*) FROM sources),
                               (SELECT min(y) FROM (SELECT year_start AS y FROM practices UNION ALL
                                                     SELECT year FROM events UNION ALL SELECT year FROM outcomes)),
                               (SELECT max(y) FROM (SELECT year_start AS y FROM practices UNION ALL
                                                     SELECT year FROM events UNION ALL SELECT year FROM outcomes))""")[0]
    return dict(zip(["regions", "practices", "sources", "year_min", "year_max"], row))


def regions(store: Store, lang: str) -> pd.DataFrame:
    return store.df(f"""SELECT region_id, name, type, province, lat, lon, coord_derived,
                               {_lang_col('summary', lang)} AS summary, trigger_year,
                               {_lang_col('trigger', lang)} AS trigger
                        FROM regions ORDER BY name""")


def stages(store: Store, lang: str) -> pd.DataFrame:
    return store.df(f"SELECT stage_code, ordinal, {_lang_col('name', lang)} AS name, colour FROM stages ORDER BY ordinal")


def factors(store: Store, lang: str) -> pd.DataFrame:
    return store.df(f"""SELECT factor_code, {_lang_col('name', lang)} AS name,
                               {_lang_col('description', lang)} AS description
                        FROM success_factors ORDER BY factor_code""")


def themes(store: Store, lang: str) -> pd.DataFrame:
    return store.df(f"SELECT theme_code, {_lang_col('name', lang)} AS name FROM themes ORDER BY theme_code")


def stage_matrix(store: Store, lang: str) -> pd.DataFrame:
    """Region x stage: documented, maturity, rationale and evidence counts (practices, citations)."""
    return store.df(f"""
        SELECT r.region_id, r.name AS region, s.stage_code, s.ordinal, {_lang_col('name', lang, 's')} AS stage,
               a.documented, a.maturity, {_lang_col('rationale', lang, 'a')} AS rationale,
               (SELECT count(*) FROM practices p WHERE p.region_id = r.region_id AND p.stage_code = s.stage_code)
                   AS practices,
               (SELECT count(DISTINCT c.source_id) FROM citations c JOIN practices p
                    ON c.subject_type = 'practice' AND c.subject_id = p.practice_id
                WHERE p.region_id = r.region_id AND p.stage_code = s.stage_code) AS sources
        FROM regions r CROSS JOIN stages s
        LEFT JOIN stage_assessments a ON a.region_id = r.region_id AND a.stage_code = s.stage_code
        ORDER BY r.name, s.ordinal""")


def citations(store: Store, subject_type: str, subject_ids: list[str]) -> pd.DataFrame:
    """Citations of some subjects with their sources, in source order."""
    if not subject_ids:
        return pd.DataFrame(columns=["subject_id", "source_id", "local_id", "title", "publisher", "year",
                                     "url", "kind", "locator"])
    return store.df("""
        SELECT c.subject_id, c.source_id, s.local_id, s.title, s.publisher, s.year, s.url, s.kind, c.locator
        FROM citations c JOIN sources s USING (source_id)
        WHERE c.subject_type = ? AND list_contains(?, c.subject_id)
        ORDER BY c.subject_id, s.local_id""", [subject_type, subject_ids])


def maturity_levels(store: Store, lang: str) -> pd.DataFrame:
    return store.df(f"""SELECT level, {_lang_col('name', lang)} AS name, {_lang_col('description', lang)} AS description
                        FROM maturity_levels ORDER BY level""")


def lessons(store: Store, lang: str) -> pd.DataFrame:
    return store.df(f"SELECT number, {_lang_col('text', lang)} AS text, locator, seed_file "
                    "FROM guide_lessons ORDER BY number")


def practices(store: Store, lang: str, region_ids: list[str] | None = None,
              practice_ids: list[str] | None = None) -> pd.DataFrame:
    """Practices with region, stage, themes, factors, status and number of sources, in stage and year order."""
    return store.df(f"""
        SELECT p.practice_id, p.region_id, r.name AS region, r.type, r.province, p.stage_code, s.ordinal,
               {_lang_col('title', lang, 'p')} AS title, {_lang_col('summary', lang, 'p')} AS summary,
               p.year_start, p.status, p.status_year, p.replaced_by,
               {_lang_col('status_note', lang, 'p')} AS status_note, {_lang_col('year_note', lang, 'p')} AS year_note,
               coalesce((SELECT list(theme_code ORDER BY theme_code) FROM practice_themes t
                         WHERE t.practice_id = p.practice_id), []) AS themes,
               coalesce((SELECT list(factor_code ORDER BY factor_code) FROM practice_factors f
                         WHERE f.practice_id = p.practice_id), []) AS factors,
               (SELECT count(DISTINCT source_id) FROM citations c
                 WHERE c.subject_type = 'practice' AND c.subject_id = p.practice_id) AS n_sources
        FROM practices p JOIN regions r USING (region_id) JOIN stages s USING (stage_code)
        WHERE (? IS NULL OR list_contains(?, p.region_id))
          AND (? IS NULL OR list_contains(?, p.practice_id))
        ORDER BY r.name, s.ordinal, p.year_start NULLS LAST, p.practice_id""",
        [region_ids, region_ids, practice_ids, practice_ids])
