"""The glossary of administrative terms (data/glossary.yaml) and a recogniser for them in text.

Pure: no streamlit. `load()` reads and validates the glossary; `find()` recognises
terms and aliases in a displayed text; `segments()` splits a text into plain and
term pieces so the UI can put an explanation on a term while rendering every
piece as text (never as HTML).

Matching rules:
* whole words only: a form never matches inside a longer word (no "kota" in
  "kotak"); letters, digits and "_" count as word characters, so "MPP-nya",
  "KPK's" and "Perda/Perbup" still match;
* case: a form with two upper-case letters in a row (an acronym: KPK, DPM-PTSP,
  e-KTP, KemenPAN-RB) matches with exactly that case; any other form (Perda,
  Wali Kota, calo, kota) matches in any case;
* a space inside a form matches any run of white space;
* longest match first, no overlaps: "Dinas Penanaman Modal dan PTSP" is one
  match, not a match of "PTSP" inside it.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from lib import paths, yamlio
from lib.issues import Issue, issue

SCHEMA_FILE = paths.DATA / "glossary.schema.yaml"


class GlossaryError(ValueError):
    """The glossary file cannot be read or does not satisfy its schema and rules."""

    def __init__(self, path: Path | str, problems: Sequence[Issue]):
        self.path = str(path)
        self.problems = list(problems)
        shown = "\n".join(f"  - line {p.line}: {p.message}" if p.line else f"  - {p.message}" for p in self.problems)
        super().__init__(f"{self.path}: invalid glossary ({len(self.problems)} problem(s)):\n{shown}")


@dataclass(frozen=True)
class Text:
    """Bilingual text; `id` (Bahasa Indonesia) is always present."""

    id: str
    en: str | None = None

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to Indonesian."""
        return (self.en if lang == "en" else None) or self.id


@dataclass(frozen=True)
class Source:
    """Where a definition was read."""

    title: str
    publisher: str
    url: str
    year: int | None = None
    at: str | None = None
    evidence_ref: str | None = None


@dataclass(frozen=True)
class Category:
    code: str
    name: Text


@dataclass(frozen=True)
class Entry:
    """One glossary term."""

    id: str
    term: str
    category: str
    definition: Text = field(repr=False)
    aliases: tuple[str, ...] = ()
    expansion: Text | None = field(default=None, repr=False)
    source: Source | None = field(default=None, repr=False)
    see_also: tuple[str, ...] = field(default=(), repr=False)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling recognised in text: the term first, then the aliases."""
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class Match:
    """One recognised term in a text: text[start:end] is the matched spelling."""

    start: int
    end: int
    text: str
    entry: Entry


# ---------------------------------------------------------------- reading

@lru_cache(maxsize=4)
def _schema(path: Path = SCHEMA_FILE) -> dict:
    data, problems = yamlio.load(path)
    if problems:
        raise GlossaryError(path, problems)
    return data


@lru_cache(maxsize=4)
def validator(path: Path = SCHEMA_FILE) -> Draft202012Validator:
    """A validator for the glossary schema (the schema itself is checked first)."""
    schema = _schema(Path(path))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _where(error) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(top level)"


def problems(data: object, shown: str = "") -> list[Issue]:
    """Everything wrong with a parsed glossary document: schema errors, then cross-entry rules."""
    found: list[Issue] = []

    def add(code: str, **values):
        found.append(issue(code, shown, 0, **values))

    for e in sorted(validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        add("glossary-schema", where=_where(e), detail=e.message)
    if found:
        return found
    codes = {c["code"] for c in data["categories"]}
    if len(codes) != len(data["categories"]):
        add("glossary-duplicate-category")
    ids: set[str] = set()
    # casefolded spelling -> [(case-sensitive?, exact spelling, entry id)]
    seen: dict[str, list[tuple[bool, str, str]]] = {}
    for i, raw in enumerate(data["entries"]):
        where = f"entries/{i} ({raw['id']})"
        if raw["id"] in ids:
            add("glossary-duplicate-entry", where=where, id=repr(raw["id"]))
        ids.add(raw["id"])
        if raw["category"] not in codes:
            add("glossary-unknown-category", where=where, category=repr(raw["category"]))
        for form in (raw["term"], *raw.get("aliases", [])):
            sensitive, exact = case_sensitive(form), _norm(form)
            same = seen.setdefault(exact.casefold(), [])
            # two spellings collide unless both are acronyms that differ in case
            clash = next((o for s, e, o in same if not (s and sensitive and e != exact)), None)
            if clash is not None:
                add("glossary-form-taken", where=where, form=repr(form), other=repr(clash))
            same.append((sensitive, exact, raw["id"]))
    for i, raw in enumerate(data["entries"]):
        for other in raw.get("see_also", []):
            if other not in ids:
                add("glossary-unknown-see-also", where=f"entries/{i} ({raw['id']})", other=repr(other))
            elif other == raw["id"]:
                add("glossary-see-also-self", where=f"entries/{i} ({raw['id']})")
    return found


def _text(raw: dict | None) -> Text | None:
    return Text(raw["id"], raw.get("en")) if raw else None


def _entry(raw: dict) -> Entry:
    src = raw.get("source")
    return Entry(
        id=raw["id"], term=raw["term"], category=raw["category"],
        definition=_text(raw["definition"]), aliases=tuple(raw.get("aliases", [])),
        expansion=_text(raw.get("expansion")),
        source=Source(**src) if src else None,
        see_also=tuple(raw.get("see_also", [])),
    )


def _read(path: Path) -> dict:
    data, issues = yamlio.load(Path(path))
    if issues:
        raise GlossaryError(path, issues)
    found = problems(data, str(path))
    if found:
        raise GlossaryError(path, found)
    return data


def load(path: Path | str = paths.GLOSSARY_FILE) -> list[Entry]:
    """The glossary's entries, in file order; raises GlossaryError if the file is invalid."""
    return [_entry(raw) for raw in _read(Path(path))["entries"]]


def categories(path: Path | str = paths.GLOSSARY_FILE) -> list[Category]:
    """The glossary's categories (headings of the glossary page), in file order."""
    return [Category(c["code"], _text(c["name"])) for c in _read(Path(path))["categories"]]


def by_id(entries: Iterable[Entry]) -> dict[str, Entry]:
    return {e.id: e for e in entries}


# ---------------------------------------------------------------- recognising

def filtered(entries: Iterable[Entry], needle: str, lang: str) -> list[Entry]:
    """The entries whose forms, definition or expansion (in `lang`) contain `needle`, ignoring case; all of them
    for an empty needle (the glossary page's filter box)."""
    needle = needle.lower()

    def hay(entry: Entry) -> str:
        return " ".join([*entry.forms, entry.definition.get(lang),
                         entry.expansion.get(lang) if entry.expansion else ""]).lower()
    return [e for e in entries if not needle or needle in hay(e)]


def case_sensitive(form: str) -> bool:
    """True for acronym-like forms: two upper-case letters in a row (KPK, e-KTP, KemenPAN-RB)."""
    return any(a.isupper() and b.isupper() for a, b in itertools.pairwise(form))


def _norm(s: str) -> str:
    return " ".join(s.split())


def _form_key(form: str) -> tuple[bool, str]:
    sensitive = case_sensitive(form)
    text = _norm(form)
    return sensitive, text if sensitive else text.casefold()


def _pattern(forms: Iterable[str]) -> str:
    parts = [r"\s+".join(map(re.escape, f.split())) for f in sorted(set(forms), key=lambda f: (-len(f), f))]
    # a zero-width look-ahead so that every start position is tried (overlapping candidates);
    # alternatives are longest first, so each position yields its longest form
    return r"(?<!\w)(?=(" + "|".join(parts) + r")(?!\w))"


class _Recogniser:
    def __init__(self, entries: tuple[Entry, ...]):
        self.lookup: dict[tuple[bool, str], Entry] = {}
        sensitive, insensitive = [], []
        for entry in entries:
            for form in entry.forms:
                key = _form_key(form)
                self.lookup.setdefault(key, entry)
                (sensitive if key[0] else insensitive).append(form)
        self.regexes = []
        if sensitive:
            self.regexes.append((True, re.compile(_pattern(sensitive))))
        if insensitive:
            self.regexes.append((False, re.compile(_pattern(insensitive), re.IGNORECASE)))

    def candidates(self, text: str) -> list[Match]:
        out = []
        for sensitive, rx in self.regexes:
            for m in rx.finditer(text):
                found = m.group(1)
                key = (sensitive, _norm(found) if sensitive else _norm(found).casefold())
                entry = self.lookup.get(key)
                if entry is not None:
                    out.append(Match(m.start(1), m.end(1), found, entry))
        return out


@lru_cache(maxsize=8)
def _recogniser(entries: tuple[Entry, ...]) -> _Recogniser:
    return _Recogniser(entries)


def find(text: str, entries: Sequence[Entry], *, once: bool = False) -> list[Match]:
    """Glossary terms in `text`, in text order: whole words, longest first, never overlapping.

    With once=True only the first occurrence of each entry is kept (link a term once per text).
    """
    if not text or not entries:
        return []
    candidates = _recogniser(tuple(entries)).candidates(text)
    # longest first; among equals the earlier one; then keep what does not overlap a kept match
    candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
    taken: list[Match] = []
    used = bytearray(len(text))
    for m in candidates:
        if not any(used[m.start:m.end]):
            taken.append(m)
            used[m.start:m.end] = b"\x01" * (m.end - m.start)
    taken.sort(key=lambda m: m.start)
    if once:
        seen: set[str] = set()
        taken = [m for m in taken if not (m.entry.id in seen or seen.add(m.entry.id))]
    return taken


def segments(text: str, entries: Sequence[Entry], *, once: bool = False) -> list[tuple[str, Entry | None]]:
    """`text` split into consecutive (piece, entry) pairs; entry is None for plain pieces.

    Joining the pieces gives back `text` exactly. Pieces are plain strings, to be rendered
    as text: nothing here escapes or interprets markup.
    """
    out: list[tuple[str, Entry | None]] = []
    pos = 0
    for m in find(text, entries, once=once):
        if m.start > pos:
            out.append((text[pos:m.start], None))
        out.append((m.text, m.entry))
        pos = m.end
    if pos < len(text) or not out:
        out.append((text[pos:], None))
    return out
