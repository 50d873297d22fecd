"""Report a wrong or stale claim: the claim's current text and sources as a plain-text report, a YAML patch
and an issue-tracker URL. Pure: the /report page and the tests call it; nothing is ever written on the server.

A claim is named as `<subject_type>:<subject_id>`, the same pair the citations table uses
(e.g. `practice:metro-p01`, `stage:metro:II`).
"""
from __future__ import annotations

import dataclasses
from urllib.parse import quote

import yaml

from lib import citations, locators, queries

SOURCE_FIELDS = ("local_id", "title", "publisher", "year", "url", "locator", *queries.TITLE_NOTES)
"""A claim's source tuple as citations.line reads it (the source id in brackets stands as the local id)."""

# subject_type -> SQL giving (region_id, text_id, text_en, where in the case file) for one subject id
_TEXT = {
    "practice": """SELECT region_id, title_id || ' — ' || summary_id, title_en || ' — ' || summary_en,
                          'practices[id=' || practice_id || ']' FROM practices WHERE practice_id = ?""",
    "status": """SELECT region_id, status || coalesce(' (' || status_year || ')', '') || coalesce(': ' || status_note_id, ''),
                        status || coalesce(' (' || status_year || ')', '') || coalesce(': ' || status_note_en, ''),
                        'practices[id=' || practice_id || '].status' FROM practices WHERE practice_id = ?""",
    "outcome": """SELECT region_id, label_id || ': ' || coalesce(CAST(value AS VARCHAR), '—') || ' ' || coalesce(u.name_id, '')
                         || ' (' || year || ')',
                         label_en || ': ' || coalesce(CAST(value AS VARCHAR), '—') || ' ' || coalesce(u.name_en, '')
                         || ' (' || year || ')', 'outcomes[id=' || outcome_id || ']'
                  FROM outcomes LEFT JOIN units u ON u.unit_code = outcomes.unit WHERE outcome_id = ?""",
    "obstacle": """SELECT region_id, text_id, text_en, 'obstacles[id=' || obstacle_id || ']'
                   FROM obstacles WHERE obstacle_id = ?""",
    "event": """SELECT region_id, date || ': ' || text_id, date || ': ' || text_en, 'events[id=' || event_id || ']'
                FROM events WHERE event_id = ?""",
    "stage": """SELECT region_id, coalesce(rationale_id, ''), coalesce(rationale_en, ''), 'stages.' || stage_code
                FROM stage_assessments WHERE region_id || ':' || stage_code = ?""",
    "factor": """SELECT region_id, text_id, text_en, 'factors.' || factor_code
                 FROM factor_evidence WHERE region_id || ':' || factor_code = ?""",
    "trigger": """SELECT region_id, trigger_year || ': ' || trigger_id, trigger_year || ': ' || trigger_en, 'trigger'
                  FROM regions WHERE region_id = ?""",
    "location": """SELECT region_id, lat || ', ' || lon || coalesce(' — ' || coord_note_id, ''),
                          lat || ', ' || lon || coalesce(' — ' || coord_note_en, ''), 'location'
                   FROM regions WHERE region_id = ?""",
    "framework": """SELECT region_id, any_value(framework_id), any_value(framework_en), 'framework'
                    FROM framework_elements WHERE region_id = ? GROUP BY region_id""",
}
TYPES = tuple(_TEXT)
MAX_REF = 200  # a claim reference longer than this is not one


class UnknownClaim(ValueError):
    """The reference names no claim in the database (bad form, unknown type or unknown id)."""


@dataclasses.dataclass(frozen=True)
class Claim:
    ref: str            # subject_type:subject_id
    subject_type: str
    subject_id: str
    region_id: str
    region: str         # the region's name
    file: str           # the case file, relative to the repository (data/regions/<id>.yaml)
    where: str          # where in the case file
    text_id: str
    text_en: str
    sources: tuple      # (source_id, title, publisher, year, url, locator, *queries.TITLE_NOTES) per citation


def claim(store, ref: str) -> Claim:
    """The claim `ref` with its current text in both languages and its sources; UnknownClaim if there is none."""
    ref = (ref or "").strip()
    subject_type, _, subject_id = ref.partition(":")
    if len(ref) > MAX_REF or subject_type not in _TEXT or not subject_id:
        raise UnknownClaim(ref[:MAX_REF])
    found = store.rows(_TEXT[subject_type], [subject_id])
    if not found:
        raise UnknownClaim(ref)
    region_id, text_id, text_en, where = found[0]
    name = store.rows("SELECT name FROM regions WHERE region_id = ?", [region_id])
    sources = store.rows(f"""
        SELECT c.source_id, s.title, s.publisher, s.year, s.url, c.locator, {queries.TITLE_NOTES_SQL}
        FROM citations c JOIN sources s USING (source_id)
        WHERE c.subject_type = ? AND c.subject_id = ? ORDER BY c.source_id, c.locator""", [subject_type, subject_id])
    return Claim(ref, subject_type, subject_id, region_id, name[0][0] if name else region_id,
                 f"data/regions/{region_id}.yaml", where, text_id or "", text_en or "", tuple(sources))


def title(c: Claim) -> str:
    return f"Laporan / report: {c.ref} ({c.region})"


def _source_line(source: tuple) -> str:
    """One source of the report, its locator in Indonesian first, then as the case file writes it (`at:`), which is
    what a maintainer searches for."""
    row = dict(zip(SOURCE_FIELDS, (f"[{source[0]}]", *source[1:])))
    shown = citations.line(row, "id")
    at = row["locator"]
    return f"- {shown}" + (f" (at: {at})" if at and locators.render(at, "id") != at else "")


def text(c: Claim, correction: str = "", new_source: str = "") -> str:
    """The report as plain text, in both languages, with empty fields for the correction and a new source."""
    lines = [title(c), "",
             f"Klaim / claim: {c.ref}",
             f"Daerah / region: {c.region} ({c.region_id})",
             f"Berkas / file: {c.file} — {c.where}", "",
             "Teks sekarang (Bahasa Indonesia):", c.text_id or "—", "",
             "Current text (English):", c.text_en or "—", "",
             "Sumber / sources:"]
    lines += [_source_line(s) for s in c.sources] or ["- —"]
    lines += ["", "Koreksi / correction:", correction.strip() or "(tulis di sini / write here)", "",
              "Sumber baru / new source (judul, penerbit, tahun, URL, halaman / title, publisher, year, URL, page):",
              new_source.strip() or "(tulis di sini / write here)", ""]
    return "\n".join(lines)


def yaml_patch(c: Claim, correction: str = "", new_source: str = "") -> str:
    """A YAML document a maintainer can apply by hand: which file and claim, the text now, the proposed change."""
    doc = {"file": c.file, "claim": c.ref, "at": c.where,
           "current": {"id": c.text_id, "en": c.text_en},
           "current_sources": [{"ref": s[0].split(":", 1)[-1], "at": s[5]} if s[5] else {"ref": s[0].split(":", 1)[-1]}
                               for s in c.sources],
           "proposed": {"correction": correction.strip() or None, "new_source": new_source.strip() or None}}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def tracker_url(template: str, c: Claim, correction: str = "", new_source: str = "") -> str:
    """The issue tracker's new-issue URL: `{title}` and `{body}` in the template filled in, percent-encoded."""
    return (template.replace("{title}", quote(title(c), safe=""))
            .replace("{body}", quote(text(c, correction, new_source), safe="")))
