"""How to cite the dataset: CITATION.cff at the repository root plus the data version (short data hash) and the
data's date, as text in two languages and as BibTeX.

The date is the newest date recorded in the case files (source and event dates): it is the same in every clone
and deployment, whereas a file's modification time is the clone's time and git history may be absent (a copied
folder, a container image). It says how recent the evidence is; the data hash says exactly which files.
"""
from __future__ import annotations

import yaml

from lib import paths

CFF_FILE = paths.ROOT / "CITATION.cff"


def cff() -> dict:
    """CITATION.cff, parsed with the safe loader."""
    with open(CFF_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def data_version(store) -> str:
    """The short data hash the store was built for (build_info 'inputs'), or '' for a database built by hand."""
    found = store.rows("SELECT value FROM build_info WHERE key = 'inputs'")
    return found[0][0][:8] if found else ""


def data_date(store) -> str:
    """The newest date in the case files (YYYY, YYYY-MM or YYYY-MM-DD as the sources give it); '' if none."""
    found = store.rows("""
        SELECT max(d) FROM (SELECT date AS d FROM sources UNION ALL SELECT CAST(year AS VARCHAR) FROM sources
                            UNION ALL SELECT date FROM events) WHERE d IS NOT NULL""")
    return found[0][0] or ""


def dataset(store, url: str = "") -> dict:
    """What a citation needs: title, abstract, author, version, date, URL (CITATION.cff's url, else `url`), licence."""
    meta = cff()
    return {"title": meta["title"], "abstract": " ".join(str(meta.get("abstract", "")).split()),
            "author": meta["authors"][0]["name"], "version": data_version(store), "date": data_date(store),
            "url": meta.get("url") or url, "license": meta["license"]}


def text(info: dict, lang: str) -> str:
    """A one-paragraph citation in Indonesian or English."""
    version = {"id": "versi data", "en": "data version"}[lang]
    as_of = {"id": "data per", "en": "data as of"}[lang]
    licence = {"id": "lisensi", "en": "licence"}[lang]
    parts = [f"{info['author']}. {info['title']}", f"{version} {info['version'] or '—'}",
             f"{as_of} {info['date'] or '—'}", f"{licence} {info['license']}"]
    return ". ".join(parts) + "." + (f" {info['url']}" if info["url"] else "")


def bibtex(info: dict) -> str:
    """A BibTeX @misc entry (braces in values are dropped, so the entry always parses)."""
    def clean(value) -> str:
        return str(value).replace("{", "").replace("}", "")
    fields = {"title": f"{{{clean(info['title'])}}}", "author": f"{{{clean(info['author'])}}}",
              "year": clean(info["date"][:4]), "version": clean(info["version"]), "url": clean(info["url"]),
              "note": f"Data as of {clean(info['date'])}" if info["date"] else ""}
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@misc{{reform_benchmark_{clean(info['version']) or 'data'},\n{body}\n}}\n"
