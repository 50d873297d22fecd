"""Data-quality report: how complete and how well sourced each region's case file is."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # annotations only: the read side does not import the build side
    from lib.db import Store

STALE_YEARS = 10

# (claim table, id expression, citation subject_type) for every kind of claim that must cite a source
_CLAIMS = [
    ("practices", "practice_id", "practice"),
    ("outcomes", "outcome_id", "outcome"),
    ("obstacles", "obstacle_id", "obstacle"),
    ("events", "event_id", "event"),
    ("(SELECT * FROM stage_assessments WHERE documented)", "region_id || ':' || stage_code", "stage"),
    ("(SELECT * FROM factor_evidence WHERE evidenced)", "region_id || ':' || factor_code", "factor"),
]


def unsourced_sql() -> str:
    """SQL listing every claim (region_id, subject_type, subject_id) that has no citation."""
    parts = [f"""SELECT region_id, '{kind}' AS subject_type, {key} AS subject_id FROM {table} t
                 WHERE NOT EXISTS (SELECT 1 FROM citations c WHERE c.subject_type = '{kind}'
                                   AND c.subject_id = {key})""" for table, key, kind in _CLAIMS]
    return " UNION ALL ".join(parts)


def report(store: Store, lang: str = "id", current_year: int | None = None) -> pd.DataFrame:
    """One row per region: counts, documented stages and factors, unsourced claims, stale practices, gaps."""
    current_year = current_year or pd.Timestamp.now().year
    counts = store.df(f"""
        SELECT r.region_id, r.name,
          (SELECT count(*) FROM practices p WHERE p.region_id = r.region_id) AS practices,
          (SELECT count(*) FROM sources s WHERE s.region_id = r.region_id) AS sources,
          (SELECT count(*) FROM outcomes o WHERE o.region_id = r.region_id) AS outcomes,
          (SELECT count(*) FROM stage_assessments a WHERE a.region_id = r.region_id AND a.documented)
              AS stages_documented,
          (SELECT count(*) FROM factor_evidence f WHERE f.region_id = r.region_id AND f.evidenced)
              AS factors_evidenced,
          (SELECT count(*) FROM ({unsourced_sql()}) u WHERE u.region_id = r.region_id) AS unsourced_claims,
          (SELECT count(*) FROM practices p WHERE p.region_id = r.region_id
              AND coalesce(p.status_year, p.year_start) < ?) AS stale_practices
        FROM regions r ORDER BY r.region_id""", [current_year - STALE_YEARS])
    gaps = all_gap_names(store, lang)
    counts["gaps"] = [gaps.get(rid, []) for rid in counts["region_id"]]
    return counts


def all_gap_names(store: Store, lang: str = "id") -> dict[str, list[str]]:
    """Every region's documentation gaps by name, in one query: stages, factors, then named gaps."""
    col = "name_en" if lang == "en" else "name_id"
    text = "coalesce(text_en, text_id)" if lang == "en" else "text_id"
    stage_word, factor_word = ("Stage", "Factor") if lang == "en" else ("Tahap", "Faktor")
    rows = store.rows(f"""
        SELECT a.region_id, 1 AS part, s.ordinal AS n,
               '{stage_word} ' || s.stage_code || ': ' || coalesce(s.{col}, s.name_id) AS name
          FROM stage_assessments a JOIN stages s USING (stage_code) WHERE NOT a.documented
        UNION ALL
        SELECT e.region_id, 2, ascii(f.factor_code),
               '{factor_word} ' || f.factor_code || ': ' || coalesce(f.{col}, f.name_id)
          FROM factor_evidence e JOIN success_factors f USING (factor_code) WHERE NOT e.evidenced
        UNION ALL
        SELECT region_id, 3, rowid, {text} FROM gaps
        ORDER BY 1, 2, 3""")
    out: dict[str, list[str]] = {}
    for region_id, _, _, name in rows:
        out.setdefault(region_id, []).append(name)
    return out
