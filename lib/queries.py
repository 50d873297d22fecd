"""Named SQL for the pages: every page reads the store through these functions.

All user-chosen values travel as parameters; the only names put into SQL text are
column names picked from fixed pairs by language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
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


TITLE_NOTES = ("title_from_url", "title_descriptive", "title_note_id", "title_note_en", "title_id")
"""The source columns citations.title reads to write a title in the reader's language with its note: every query of
titles selects them."""
TITLE_NOTES_SQL = ", ".join(f"s.{column}" for column in TITLE_NOTES)
"""TITLE_NOTES in a SELECT (the source table aliased `s`)."""

SOURCE_ORDER = r"try_cast(nullif(regexp_extract(s.local_id, '\d+'), '') AS INTEGER) NULLS LAST, s.local_id"
"""ORDER BY a region's sources by number: S01 < S08 < S21b < S101 (the source table aliased `s`)."""


def citations(store: Store, subject_type: str, subject_ids: list[str]) -> pd.DataFrame:
    """Citations of some subjects with their sources, in source order."""
    if not subject_ids:
        return pd.DataFrame(columns=["subject_type", "subject_id", "source_id", "local_id", "title", "publisher", "year",
                                     "url", "kind", "locator", *TITLE_NOTES])
    return store.df(f"""
        SELECT c.subject_type, c.subject_id, c.source_id, s.local_id, s.title, s.publisher, s.year, s.url, s.kind, c.locator,
               {TITLE_NOTES_SQL}
        FROM citations c JOIN sources s USING (source_id)
        WHERE c.subject_type = ? AND list_contains(?, c.subject_id)
        ORDER BY c.subject_id, {SOURCE_ORDER}""",
        [subject_type, subject_ids])


class Grouped:
    """A frame read one group at a time, as a slice of the frame sorted by the group column.

    Why not a dict of small frames: at hundreds of regions that is thousands of frames, objects that Python's
    cyclic collector walks on every full collection, at random moments of a render (docs/performance.md).
    """

    def __init__(self, frame: pd.DataFrame, column: str):
        self.frame = frame.sort_values(column, kind="stable", ignore_index=True)
        keys = self.frame[column].tolist()
        self._spans: dict = {}
        start = 0
        for end in range(1, len(keys) + 1):
            if end == len(keys) or keys[end] != keys[start]:
                self._spans[keys[start]] = (start, end)
                start = end

    def get(self, key) -> pd.DataFrame:
        """The group's rows, in their order in the frame (no rows, same columns, for an unknown key)."""
        start, end = self._spans.get(key, (0, 0))
        return self.frame.iloc[start:end]


def maturity_levels(store: Store, lang: str) -> pd.DataFrame:
    return store.df(f"""SELECT level, {_lang_col('name', lang)} AS name, {_lang_col('description', lang)} AS description
                        FROM maturity_levels ORDER BY level""")


def lessons(store: Store, lang: str) -> pd.DataFrame:
    return store.df(f"SELECT number, {_lang_col('text', lang)} AS text, locator, seed_file "
                    "FROM guide_lessons ORDER BY number")


@dataclass
class PracticeFilter:
    """What the stage explorer (and search) can narrow practices by; empty means no restriction."""

    regions: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    practice_ids: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None

    def where(self, alias: str = "p") -> tuple[str, list]:
        """SQL condition over practices `alias` joined with regions `r`, and its parameters."""
        a = alias
        lists = [(f"{a}.region_id", self.regions), (f"{a}.stage_code", self.stages), ("r.type", self.types),
                 ("r.province", self.provinces), (f"{a}.status", self.statuses), (f"{a}.practice_id", self.practice_ids)]
        clauses, params = [], []
        for column, values in lists:
            if values:
                clauses.append(f"list_contains(?, {column})")
                params.append(list(values))
        if self.themes:
            clauses.append(f"EXISTS (SELECT 1 FROM practice_themes t WHERE t.practice_id = {a}.practice_id "
                           "AND list_contains(?, t.theme_code))")
            params.append(list(self.themes))
        if self.factors:
            clauses.append(f"EXISTS (SELECT 1 FROM practice_factors f WHERE f.practice_id = {a}.practice_id "
                           "AND list_contains(?, f.factor_code))")
            params.append(list(self.factors))
        if self.year_from is not None:
            clauses.append(f"{a}.year_start >= ?")
            params.append(self.year_from)
        if self.year_to is not None:
            clauses.append(f"{a}.year_start <= ?")
            params.append(self.year_to)
        return (" AND ".join(clauses) or "TRUE"), params


def practices(store: Store, lang: str, flt: PracticeFilter | None = None, *, texts: bool = True) -> pd.DataFrame:
    """Practices with region, stage, themes, factors, status and number of sources, in stage and year order.

    texts=False leaves out the summary and the notes, which only a practice card shows: a list of every
    practice (15,420 at 514 regions) is then a third faster to read.
    """
    where, params = (flt or PracticeFilter()).where("p")
    text_cols = (f"""{_lang_col('summary', lang, 'p')} AS summary, {_lang_col('status_note', lang, 'p')} AS status_note,
               {_lang_col('year_note', lang, 'p')} AS year_note,""" if texts else "")
    return store.df(f"""
        SELECT p.practice_id, p.region_id, r.name AS region, r.type, r.province, p.stage_code, s.ordinal,
               {_lang_col('title', lang, 'p')} AS title, p.year_start, p.status, p.status_year, p.replaced_by,
               {text_cols} f.themes, f.factors, f.n_sources
        FROM practices p JOIN regions r USING (region_id) JOIN stages s USING (stage_code)
        JOIN practice_facts f USING (practice_id)
        WHERE {where}
        ORDER BY r.name, s.ordinal, p.year_start NULLS LAST, p.practice_id""", params)


def factor_matrix(store: Store, lang: str) -> pd.DataFrame:
    """Region x factor: evidenced or not, the evidence text, and how many sources back it."""
    return store.df(f"""
        SELECT r.region_id, r.name AS region, f.factor_code, {_lang_col('name', lang, 'f')} AS factor,
               coalesce(e.evidenced, false) AS evidenced, {_lang_col('text', lang, 'e')} AS text,
               (SELECT count(*) FROM citations c WHERE c.subject_type = 'factor'
                  AND c.subject_id = r.region_id || ':' || f.factor_code) AS n_sources
        FROM regions r CROSS JOIN success_factors f
        LEFT JOIN factor_evidence e ON e.region_id = r.region_id AND e.factor_code = f.factor_code
        ORDER BY r.name, f.factor_code""")


def all_sources(store: Store) -> pd.DataFrame:
    """Every source with its region, and the claims that cite it (type:id list)."""
    return store.df(f"""
        SELECT s.source_id, s.region_id, r.name AS region, s.local_id, s.title, s.kind, s.publisher, s.year, s.url,
               s.seed_file, {TITLE_NOTES_SQL}, coalesce(c.n_claims, 0) AS n_claims, c.claims
        FROM sources s JOIN regions r USING (region_id) LEFT JOIN source_claims c USING (source_id)
        ORDER BY r.name, {SOURCE_ORDER}""")


# --- compare page (2-4 regions side by side) -------------------------------------------------------------------

def _chosen_order(alias: str = "r") -> str:
    """ORDER BY fragment keeping the regions in the order the reader chose them (first parameter: the id list)."""
    return f"list_position(?, {alias}.region_id)"


def compare_stages(store: Store, lang: str, region_ids: list[str]) -> pd.DataFrame:
    """Stage x chosen region: documented, maturity with the rubric's level name, rationale, practice count, outcome
    count (outcomes of the stage's practices; region-wide outcomes count under stage V, tangible results) and
    documentation gaps. A stage without an assessment row counts as not documented (never as a low score)."""
    return store.df(f"""
        SELECT r.region_id, r.name AS region, s.stage_code, s.ordinal, {_lang_col('name', lang, 's')} AS stage,
               coalesce(a.documented, false) AS documented, a.maturity,
               {_lang_col('name', lang, 'm')} AS maturity_name, {_lang_col('rationale', lang, 'a')} AS rationale,
               (SELECT count(*) FROM practices p WHERE p.region_id = r.region_id AND p.stage_code = s.stage_code)
                   AS practices,
               (SELECT count(*) FROM outcomes o LEFT JOIN practices p USING (practice_id)
                 WHERE o.region_id = r.region_id
                   AND (p.stage_code = s.stage_code OR (s.stage_code = 'V' AND o.practice_id IS NULL))) AS outcomes,
               coalesce((SELECT list({_lang_col('text', lang, 'g')} ORDER BY g.text_id) FROM gaps g
                          WHERE g.region_id = r.region_id AND g.stage_code = s.stage_code), []) AS gaps
        FROM regions r CROSS JOIN stages s
        LEFT JOIN stage_assessments a ON a.region_id = r.region_id AND a.stage_code = s.stage_code
        LEFT JOIN maturity_levels m ON m.level = a.maturity
        WHERE list_contains(?, r.region_id)
        ORDER BY s.ordinal, {_chosen_order()}""", [list(region_ids), list(region_ids)])


def compare_indicators(store: Store, lang: str, region_ids: list[str]) -> pd.DataFrame:
    """Shared indicators (the `indicators` table) with at least one value for a chosen region: code, name, unit
    (code) and unit_label (in the UI language), scale/comparability note, number of values and of regions with values; the most widely shared first."""
    return store.df(f"""
        SELECT i.indicator, {_lang_col('name', lang, 'i')} AS name, i.unit, {_lang_col('name', lang, 'un')} AS unit_label,
               {_lang_col('scale', lang, 'i')} AS scale, count(o.value) AS n_values, count(DISTINCT o.region_id) FILTER (WHERE o.value IS NOT NULL) AS n_regions,
               count(o.outcome_id) AS n_outcomes
        FROM indicators i JOIN outcomes o ON o.indicator = i.indicator AND list_contains(?, o.region_id)
        JOIN units un ON un.unit_code = i.unit
        GROUP BY ALL HAVING count(o.value) > 0
        ORDER BY n_regions DESC, n_values DESC, i.indicator""", [list(region_ids)])


def indicator_values(store: Store, lang: str, region_ids: list[str], indicator: str) -> pd.DataFrame:
    """Every outcome of one indicator for the chosen regions (rank-only ones too, value NULL), with the first cited
    URL (the citations themselves: `citations(store, "outcome", ...)`, written out by lib/citations.py)."""
    return store.df(f"""
        SELECT o.outcome_id, o.region_id, r.name AS region, o.year, o.value, o.unit,
               {_lang_col('name', lang, 'un')} AS unit_label, o.rank, o.rank_of,
               {_lang_col('label', lang, 'o')} AS label, {_lang_col('note', lang, 'o')} AS note, o.practice_id,
               (SELECT s.url FROM citations c JOIN sources s USING (source_id)
                 WHERE c.subject_type = 'outcome' AND c.subject_id = o.outcome_id AND s.url IS NOT NULL
                 ORDER BY s.local_id LIMIT 1) AS url
        FROM outcomes o JOIN regions r USING (region_id) LEFT JOIN units un ON un.unit_code = o.unit
        WHERE o.indicator = ? AND list_contains(?, o.region_id)
        ORDER BY {_chosen_order()}, o.year, o.outcome_id""", [indicator, list(region_ids), list(region_ids)])


def compare_coverage(store: Store, lang: str, region_ids: list[str]) -> pd.DataFrame:
    """What each chosen region has documented, one row per (item, stage, topic):
    practices under their stage and each of their themes; outcomes of a practice under that practice's stage and
    themes; outcomes of a shared indicator under stage V (tangible results) with the indicator as topic.
    Columns: region_id, region, stage_code, ordinal, topic_kind ('theme'|'indicator'), topic_code, topic,
    kind ('practice'|'outcome'), item_id, title, year."""
    return store.df(f"""
        WITH items AS (
            SELECT p.region_id, p.stage_code, 'theme' AS topic_kind, t.theme_code AS topic_code,
                   'practice' AS kind, p.practice_id AS item_id, {_lang_col('title', lang, 'p')} AS title,
                   p.year_start AS year
            FROM practices p JOIN practice_themes t USING (practice_id)
            UNION ALL
            SELECT o.region_id, p.stage_code, 'theme', t.theme_code, 'outcome', o.outcome_id,
                   {_lang_col('label', lang, 'o')}, o.year
            FROM outcomes o JOIN practices p USING (practice_id) JOIN practice_themes t USING (practice_id)
            UNION ALL
            SELECT o.region_id, 'V', 'indicator', o.indicator, 'outcome', o.outcome_id,
                   {_lang_col('label', lang, 'o')}, o.year
            FROM outcomes o JOIN indicators i USING (indicator))
        SELECT x.region_id, r.name AS region, x.stage_code, s.ordinal, x.topic_kind, x.topic_code,
               coalesce({_lang_col('name', lang, 'th')}, {_lang_col('name', lang, 'i')}) AS topic,
               x.kind, x.item_id, x.title, x.year
        FROM items x JOIN regions r USING (region_id) JOIN stages s USING (stage_code)
        LEFT JOIN themes th ON x.topic_kind = 'theme' AND th.theme_code = x.topic_code
        LEFT JOIN indicators i ON x.topic_kind = 'indicator' AND i.indicator = x.topic_code
        WHERE list_contains(?, x.region_id)
        ORDER BY s.ordinal, x.topic_kind DESC, x.topic_code, {_chosen_order('x')}, x.kind DESC, x.year NULLS LAST,
                 x.item_id""", [list(region_ids), list(region_ids)])


def differences(coverage: pd.DataFrame, region_ids: list[str]) -> pd.DataFrame:
    """Pure: from compare_coverage rows, the (stage, topic) pairs documented by some chosen regions but not all.

    One row per difference: stage_code, ordinal, topic_kind ('stage' = any practice in the stage, 'theme',
    'indicator'), topic_code, topic, has (region ids that documented it, in the chosen order), lacks (the others),
    items ({region_id: [(kind, item_id, title, year), ...]} for the regions that have it).
    """
    cols = ["stage_code", "ordinal", "topic_kind", "topic_code", "topic", "has", "lacks", "items"]
    order = {rid: n for n, rid in enumerate(region_ids)}
    rows = []

    def add(stage, ordinal, kind, code, topic, part: list) -> None:
        has = sorted({r.region_id for r in part} & set(order), key=order.get)
        if not has or len(has) == len(order):
            return
        items: dict[str, list] = {rid: [] for rid in has}
        seen = set()
        for r in part:
            if r.region_id in items and (r.region_id, r.item_id) not in seen:
                seen.add((r.region_id, r.item_id))
                items[r.region_id].append((r.kind, r.item_id, r.title, r.year))
        rows.append((stage, ordinal, kind, code, topic, has, [r for r in region_ids if r not in has], items))

    # plain records grouped in dicts (first-seen order): pandas masks per group were slow (docs/performance.md)
    by_stage: dict[tuple, list] = {}
    for r in coverage.itertuples(index=False):
        by_stage.setdefault((r.stage_code, r.ordinal), []).append(r)
    for (stage, ordinal), part in by_stage.items():
        practices_only = [r for r in part if r.kind == "practice"]
        if practices_only:
            add(stage, ordinal, "stage", None, None, practices_only)
        by_topic: dict[tuple, list] = {}
        for r in part:
            key = (r.topic_kind, r.topic_code, r.topic)
            if not any(pd.isna(k) for k in key):  # as pandas' groupby, which leaves out missing keys
                by_topic.setdefault(key, []).append(r)
        for (kind, code, topic), sub in by_topic.items():
            add(stage, ordinal, kind, code, topic, sub)
    out = pd.DataFrame(rows, columns=cols)
    if len(out):
        out["_k"] = out["topic_kind"].map({"stage": 0, "theme": 1, "indicator": 2})
        out = out.sort_values(["ordinal", "_k", "topic"], kind="stable", na_position="first").drop(columns="_k")
    return out.reset_index(drop=True)


def pathway(store: Store, lang: str, region_ids: list[str], align: str = "trigger") -> pd.DataFrame:
    """Practices of the chosen regions placed for the pathway chart.

    x is years since the region's trigger (year_start - trigger_year) when align='trigger' and the region has a
    recorded trigger; otherwise the calendar year (aligned = false). x is NULL when the start year is unknown.
    """
    return store.df(f"""
        SELECT p.practice_id, p.region_id, r.name AS region, p.stage_code, s.ordinal,
               {_lang_col('name', lang, 's')} AS stage, {_lang_col('title', lang, 'p')} AS title,
               p.year_start, p.status, p.status_year, r.trigger_year,
               (? = 'trigger' AND r.trigger_year IS NOT NULL) AS aligned,
               CASE WHEN ? = 'trigger' AND r.trigger_year IS NOT NULL THEN p.year_start - r.trigger_year
                    ELSE p.year_start END AS x
        FROM practices p JOIN regions r USING (region_id) JOIN stages s USING (stage_code)
        WHERE list_contains(?, p.region_id)
        ORDER BY {_chosen_order()}, s.ordinal, p.year_start NULLS LAST, p.practice_id""",
        [align, align, list(region_ids), list(region_ids)])


# --- region profile (views/region.py) ---------------------------------------------------------------------------

def region_profile(store: Store, lang: str, region_id: str) -> pd.DataFrame:
    """One region's identity, summary and trigger (empty frame for an unknown id)."""
    return store.df(f"""SELECT region_id, name, type, province, lat, lon, coalesce(coord_derived, false) AS coord_derived,
                               {_lang_col('coord_note', lang)} AS coord_note, {_lang_col('summary', lang)} AS summary,
                               trigger_year,
                               {_lang_col('trigger', lang)} AS trigger
                        FROM regions WHERE region_id = ?""", [region_id])


def region_stages(store: Store, lang: str, region_id: str) -> pd.DataFrame:
    """The five stages in order with the region's assessment (documented NULL when the file has no entry)."""
    return store.df(f"""
        SELECT s.stage_code, s.ordinal, {_lang_col('name', lang, 's')} AS stage, s.colour,
               a.documented, a.maturity, {_lang_col('name', lang, 'm')} AS maturity_name,
               {_lang_col('rationale', lang, 'a')} AS rationale
        FROM stages s
        LEFT JOIN stage_assessments a ON a.stage_code = s.stage_code AND a.region_id = ?
        LEFT JOIN maturity_levels m ON m.level = a.maturity
        ORDER BY s.ordinal""", [region_id])


def region_gaps(store: Store, lang: str, region_id: str) -> pd.DataFrame:
    """Named documentation gaps of a region (stage_code NULL for region-wide gaps), in file order per stage."""
    return store.df(f"""SELECT stage_code, {_lang_col('text', lang)} AS text FROM gaps
                        WHERE region_id = ? ORDER BY stage_code NULLS LAST, rowid""", [region_id])


def region_factors(store: Store, lang: str, region_id: str) -> pd.DataFrame:
    """Factors a-e with the region's evidence; evidenced is false where the file has none."""
    return store.df(f"""
        SELECT f.factor_code, {_lang_col('name', lang, 'f')} AS factor,
               coalesce(e.evidenced, false) AS evidenced, {_lang_col('text', lang, 'e')} AS text
        FROM success_factors f
        LEFT JOIN factor_evidence e ON e.factor_code = f.factor_code AND e.region_id = ?
        ORDER BY f.factor_code""", [region_id])


def region_obstacles(store: Store, lang: str, region_id: str) -> pd.DataFrame:
    return store.df(f"""SELECT obstacle_id, {_lang_col('text', lang)} AS text FROM obstacles
                        WHERE region_id = ? ORDER BY rowid""", [region_id])  # file order


def region_outcomes(store: Store, lang: str, region_id: str) -> pd.DataFrame:
    """Outcomes with indicator name, the practice they belong to (if any), value, unit (code) and unit_label (in the
    UI language), year, rank and note."""
    return store.df(f"""
        SELECT o.outcome_id, o.indicator, {_lang_col('name', lang, 'i')} AS indicator_name,
               o.practice_id, {_lang_col('title', lang, 'p')} AS practice,
               {_lang_col('label', lang, 'o')} AS label, o.value, o.unit, {_lang_col('name', lang, 'un')} AS unit_label,
               o.year, o.rank, o.rank_of, {_lang_col('note', lang, 'o')} AS note
        FROM outcomes o
        LEFT JOIN indicators i ON i.indicator = o.indicator
        LEFT JOIN units un ON un.unit_code = o.unit
        LEFT JOIN practices p ON p.practice_id = o.practice_id
        WHERE o.region_id = ?
        ORDER BY o.indicator, o.year, o.outcome_id""", [region_id])


def region_events(store: Store, lang: str, region_id: str) -> pd.DataFrame:
    """The region's dated timeline (trigger, leadership, regulation, award, legal, practice), oldest first."""
    return store.df(f"""SELECT event_id, year, date, kind, person, {_lang_col('text', lang)} AS text
                        FROM events WHERE region_id = ? ORDER BY date, rowid""", [region_id])


def region_framework(store: Store, lang: str, region_id: str) -> pd.DataFrame:
    """The region's own framework: one row per (element, stage) mapping, in element order."""
    return store.df(f"""
        SELECT {_lang_col('framework', lang, 'e')} AS framework, e.ordinal, {_lang_col('label', lang, 'e')} AS label,
               e.stage_code, {_lang_col('name', lang, 's')} AS stage, {_lang_col('note', lang, 'e')} AS note
        FROM framework_elements e JOIN stages s USING (stage_code)
        WHERE e.region_id = ? ORDER BY e.ordinal, s.ordinal""", [region_id])


def region_sources(store: Store, region_id: str) -> pd.DataFrame:
    """A region's full source list (in number order: S01 < S08 < S21b < S101) with how many claims cite each."""
    return store.df(f"""
        SELECT s.source_id, s.local_id, s.title, {TITLE_NOTES_SQL}, s.kind, s.publisher, s.year, s.date, s.url,
               s.seed_file, (SELECT count(*) FROM citations c WHERE c.source_id = s.source_id) AS n_claims
        FROM sources s WHERE s.region_id = ?
        ORDER BY {SOURCE_ORDER}""",
        [region_id])


# --- peer learning (lib/peers.py, views/peers.py, views/assess.py) ---------------------------------------------

def practice_evidence(store: Store) -> pd.DataFrame:
    """Per practice: distinct sources cited, their kinds, and measured outcomes linked to it (the evidence parts
    of the peer ranking)."""
    return store.df("""
        SELECT p.practice_id, p.region_id,
               count(DISTINCT c.source_id) AS n_sources,
               coalesce(list(DISTINCT s.kind ORDER BY s.kind) FILTER (WHERE s.kind IS NOT NULL), []) AS kinds,
               (SELECT count(*) FROM outcomes o WHERE o.practice_id = p.practice_id) AS n_outcomes
        FROM practices p
        LEFT JOIN citations c ON c.subject_type = 'practice' AND c.subject_id = p.practice_id
        LEFT JOIN sources s ON s.source_id = c.source_id
        GROUP BY p.practice_id, p.region_id ORDER BY p.practice_id""")


def region_outcome_counts(store: Store) -> dict[str, int]:
    """Region id -> number of measured outcomes documented."""
    return dict(store.rows("SELECT region_id, count(*) FROM outcomes GROUP BY region_id"))


def practice_outcomes(store: Store, lang: str, practice_ids: list[str]) -> pd.DataFrame:
    """Results recorded for these practices (outcomes with a practice), oldest first; unit_label in the UI language."""
    return store.df(f"""
        SELECT o.outcome_id, o.practice_id, o.region_id, {_lang_col('label', lang, 'o')} AS label, o.value, o.unit,
               {_lang_col('name', lang, 'un')} AS unit_label, o.year, o.rank, o.rank_of,
               {_lang_col('note', lang, 'o')} AS note
        FROM outcomes o LEFT JOIN units un ON un.unit_code = o.unit WHERE list_contains(?, o.practice_id)
        ORDER BY o.practice_id, o.year NULLS LAST, o.outcome_id""", [list(practice_ids)])


def legal_events(store: Store, lang: str, region_ids: list[str]) -> pd.DataFrame:
    """The court cases and other legal events of these regions, oldest first (not tied to one practice:
    the case files date them per region)."""
    return store.df(f"""
        SELECT e.event_id, e.region_id, r.name AS region, e.year, e.date, e.person, {_lang_col('text', lang, 'e')} AS text
        FROM events e JOIN regions r USING (region_id)
        WHERE e.kind = 'legal' AND list_contains(?, e.region_id) ORDER BY e.date, r.name, e.event_id""",
                    [list(region_ids)])


def practice_links(store: Store, lang: str, practice_id: str) -> pd.DataFrame:
    """The practices that replaced this one or that it replaced (relation 'replaced_by' or 'replaces')."""
    return store.df(f"""
        SELECT 'replaced_by' AS relation, q.practice_id, {_lang_col('title', lang, 'q')} AS title, q.region_id
        FROM practices p JOIN practices q ON q.practice_id = p.replaced_by WHERE p.practice_id = ?
        UNION ALL
        SELECT 'replaces', q.practice_id, {_lang_col('title', lang, 'q')}, q.region_id
        FROM practices q WHERE q.replaced_by = ?
        ORDER BY 1, 2""", [practice_id, practice_id])


def theme_counts(store: Store) -> dict[str, int]:
    """Practices per theme code (themes without practices are absent)."""
    return dict(store.rows("SELECT theme_code, count(*) FROM practice_themes GROUP BY 1"))


def region_cards(store: Store) -> pd.DataFrame:
    """One row a region for the way in by region: identity, practices, documented stages, stopped practices and
    legal events (what went wrong is counted beside what was built)."""
    return store.df("""
        SELECT r.region_id, r.name, r.type, r.province, r.trigger_year,
               (SELECT count(*) FROM practices p WHERE p.region_id = r.region_id) AS practices,
               (SELECT count(*) FROM stage_assessments a WHERE a.region_id = r.region_id AND a.documented)
                   AS stages_documented,
               (SELECT count(*) FROM practices p WHERE p.region_id = r.region_id AND p.status = 'stopped') AS stopped,
               (SELECT count(*) FROM events e WHERE e.region_id = r.region_id AND e.kind = 'legal') AS legal_events
        FROM regions r ORDER BY r.name""")
