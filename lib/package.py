"""The contract tables as a Frictionless Data Package: datapackage.json beside a CSV and a Parquet file a table.

Why its own CSV writer and not export.csv_bytes: the package is machine data read by frictionless, pandas or R,
so each cell must hold the exact value (plain UTF-8, no byte-order mark, no spreadsheet-injection quoting, which
would change text that starts with = + - @). People opening CSVs in Excel use `export tables` or the page downloads.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from lib import cite, db, schema

NAME = "reform-benchmark"
TYPES = {"VARCHAR": "string", "DOUBLE": "number", "INTEGER": "integer", "BOOLEAN": "boolean"}

# Column descriptions from the database contract (design brief, README "The database"); columns not listed
# here fall back to the table's generic description.
DOCS = {
    "region_id": "Region id, equal to the case file's name without .yaml (e.g. metro).",
    "practice_id": "Practice id, unique across all regions.",
    "stage_code": "Guideline stage, I..V (table stages; codes and labels in data/schema.yaml).",
    "factor_code": "Success factor, a..e (table success_factors; codes in data/schema.yaml).",
    "theme_code": "Theme code (table themes; codes in data/schema.yaml).",
    "source_id": "Source id, unique across regions: <region_id>:<local id of the case file>.",
    "name": "Official name as used in Indonesian, e.g. Kota Metro.",
    "type": "kabupaten (regency) or kota (city).",
    "province": "Province name in Indonesian.",
    "lat": "Latitude in decimal degrees (south is negative).",
    "lon": "Longitude in decimal degrees.",
    "ordinal": "Order of the stage or element.",
    "year_start": "Year the practice started; empty if unknown.",
    "status": "running, stopped, replaced or unknown.",
    "status_year": "Year of the latest evidence of the status.",
    "documented": "True when the stage is documented by sources.",
    "maturity": "Maturity 0..4; empty when the stage is not documented.",
    "outcome_id": "Outcome id, unique across regions.",
    "indicator": "Indicator code (data/schema.yaml indicators).",
    "value": "The figure as the source states it.",
    "unit": "Unit code of the value (data/schema.yaml vocabularies.units holds its Indonesian and English labels).",
    "year": "Year the figure, event or source refers to.",
    "obstacle_id": "Obstacle id.",
    "event_id": "Event id, unique across regions.",
    "date": "As precise as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD.",
    "kind": "Kind (codes in data/schema.yaml).",
    "person": "Person named by the source; empty if none.",
    "title": "Title of the source.",
    "publisher": "Publisher of the source.",
    "url": "Where the source can be read.",
    "seed_file": "The seed evidence file the source was taken from.",
    "title_from_url": "True when the page could not be read and the title was read off its URL.",
    "title_descriptive": "True when the title is a description written for the case file, not the publisher's.",
    "title_note_id": "A remark on the title or the copy cited (e.g. a copy on a mirror site), in Bahasa Indonesia.",
    "title_note_en": "The same remark on the title or the copy cited, in English.",
    "title_id": "The Indonesian wording of a descriptive title (title_descriptive true); empty for published titles.",
    "subject_type": "practice, status, outcome, obstacle, event, stage, factor, trigger, location or framework.",
    "subject_id": "The cited claim: a practice, outcome, obstacle or event id, or <region_id>:<stage or factor code>,"
                  " or the region id for trigger, location and framework.",
    "locator": "Where in the source (paragraph, page or section); empty if none.",
}
SUFFIXES = {"_id": "(Bahasa Indonesia)", "_en": "(English)"}
TABLE_DOCS = {
    "regions": "One row a region (kabupaten or kota) with a case file.",
    "stages": "The five stages of the reform guideline.",
    "success_factors": "The five success factors (a..e).",
    "themes": "Themes a practice can belong to.",
    "practices": "Documented practices (programmes, institutions, rules), each in one stage.",
    "practice_factors": "Which success factors a practice shows.",
    "practice_themes": "Which themes a practice belongs to.",
    "stage_assessments": "The analyst's assessment of each stage of each region.",
    "outcomes": "Figures a source reports for a region or practice.",
    "obstacles": "Obstacles the sources report.",
    "events": "Each region's dated timeline, including later court cases as the sources state them.",
    "sources": "Every source the case files cite.",
    "citations": "Which source backs which claim, and where in it.",
}
PRIMARY = {"practice_factors": ["practice_id", "factor_code"], "practice_themes": ["practice_id", "theme_code"],
           "stage_assessments": ["region_id", "stage_code"], "obstacles": ["obstacle_id"]}
FOREIGN = {  # table -> [(column, referenced table, referenced column)]
    "practices": [("region_id", "regions", "region_id"), ("stage_code", "stages", "stage_code")],
    "practice_factors": [("practice_id", "practices", "practice_id"),
                         ("factor_code", "success_factors", "factor_code")],
    "practice_themes": [("practice_id", "practices", "practice_id"), ("theme_code", "themes", "theme_code")],
    "stage_assessments": [("region_id", "regions", "region_id"), ("stage_code", "stages", "stage_code")],
    "outcomes": [("region_id", "regions", "region_id"), ("practice_id", "practices", "practice_id")],
    "obstacles": [("region_id", "regions", "region_id")],
    "events": [("region_id", "regions", "region_id")],
    "sources": [("region_id", "regions", "region_id")],
    "citations": [("source_id", "sources", "source_id")],
}
ENUMS = {("regions", "type"): "region_types", ("practices", "status"): "statuses",
         ("events", "kind"): "event_kinds", ("sources", "kind"): "source_kinds"}


def _describe(column: str) -> str:
    if column in DOCS:
        return DOCS[column]
    for suffix, language in SUFFIXES.items():
        if column.endswith(suffix):
            return f"{column[: -len(suffix)].replace('_', ' ').capitalize()} {language}."
    return column.replace("_", " ").capitalize() + "."


def _field(table: str, column: str, sql_type: str) -> dict:
    field = {"name": column, "type": TYPES[sql_type.split()[0]], "description": _describe(column)}
    vocabulary = ENUMS.get((table, column))
    if vocabulary:
        field["constraints"] = {"enum": schema.codes(vocabulary)}
    return field


def descriptor(store, tables: tuple[str, ...] = db.CONTRACT) -> dict:
    """datapackage.json as a dict: a resource a table with its fields, keys, and CSV path."""
    info = cite.dataset(store)
    resources = []
    for name in tables:
        cols = db.TABLES[name]
        keys = PRIMARY.get(name) or [c for c, t in cols if "PRIMARY KEY" in t]
        table_schema = {"fields": [_field(name, c, t) for c, t in cols], "missingValues": [""]}
        if keys:
            table_schema["primaryKey"] = keys
        if name in FOREIGN:
            table_schema["foreignKeys"] = [{"fields": col, "reference": {"resource": ref, "fields": ref_col}}
                                           for col, ref, ref_col in FOREIGN[name]]
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "description": TABLE_DOCS[name], "schema": table_schema,
                          "dialect": {"delimiter": ",", "header": True}})
    package = {"profile": "tabular-data-package", "name": NAME, "title": info["title"],
               "description": f"{info['abstract']} Data as of {info['date'] or '—'}.", "version": info["version"] or None,
               "homepage": info["url"] or None,
               "sources": [{"title": "Case files data/regions/*.yaml (each claim cites its own sources: table "
                                     "sources, linked by table citations)", "path": "data/regions"}],
               "contributors": [{"title": info["author"], "role": "author"}],
               "resources": resources}
    package["licenses"] = [{"name": info["license"], "path": f"https://spdx.org/licenses/{info['license']}.html"}]
    return {k: v for k, v in package.items() if v is not None}


def csv_text(frame: pd.DataFrame) -> str:
    """Exact values: plain UTF-8 text, missing values empty, booleans true/false."""
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == bool or str(frame[col].dtype) == "boolean":
            frame[col] = frame[col].map(lambda v: "" if pd.isna(v) else ("true" if v else "false"))
    return frame.to_csv(index=False, lineterminator="\n")


def files(store, tables: tuple[str, ...] = db.CONTRACT) -> dict[str, bytes]:
    """Every file of the package by name: datapackage.json, and <table>.csv and <table>.parquet a table."""
    out = {"datapackage.json": json.dumps(descriptor(store, tables), ensure_ascii=False, indent=1).encode()}
    for name in tables:
        frame = store.df(f"SELECT * FROM {name}")  # names from the fixed contract list
        out[f"{name}.csv"] = csv_text(frame).encode("utf-8")
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        out[f"{name}.parquet"] = buffer.getvalue()
    return out


def write(store, out: Path) -> list[Path]:
    """The package's files in a folder (created if needed); returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files(store).items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def zip_bytes(store) -> bytes:
    """The whole package as one zip (the /sources page's download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files(store).items():
            archive.writestr(f"{NAME}/{name}", data)
    return buffer.getvalue()
