"""The catalogue of problem codes: every problem a case file, the glossary, an upload or an SQL query can have.

Each code is declared once, with its level and its message template in both languages (as frictionless keeps its
errors), so that the CLI, the tests and every page say the same thing, and a page says it in the reader's
language. Code that finds a problem names its code and the values the template needs; it never writes the words.
Levels: "error" (the file or query is refused), "warning" (nothing was wrong with it, but it did not run), "info".
"""
from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One problem code: how serious it is and what it says (str.format templates with the same placeholders)."""

    level: str
    id: str
    en: str


# the schema keyword JSON Schema reports -> the code `schema-<keyword>`; the generic wording for the keywords
# whose own message (from jsonschema, in English) is the detail
_SCHEMA_DETAIL = Kind("error", "{where}: tidak sesuai skema: {detail}", "{where}: {detail}")
_SCHEMA_KEYWORDS = ("const", "format", "maximum", "maxItems", "maxLength", "minimum", "minItems", "minLength",
                    "pattern", "required", "type", "uniqueItems")
_REFUSED_EN = "Refused: {what}. Only one read-only query is allowed ({allowed})."
_REFUSED_ID = "Ditolak: {what}. Hanya satu kueri baca-saja yang diizinkan ({allowed})."


def _refused(id_: str, en: str) -> Kind:
    """A statement the SQL console does not run, in the console's one sentence of refusal."""
    return Kind("error", _REFUSED_ID.replace("{what}", id_), _REFUSED_EN.replace("{what}", en))


CATALOGUE: dict[str, Kind] = {
    # reading a file (lib/yamlio.py, lib/loader.py)
    "no-folder": Kind("error", "folder data tidak ada", "data folder does not exist"),
    "not-a-file": Kind("error", "bukan berkas biasa (melainkan folder, pipa, atau perangkat)",
                       "is not a regular file (a directory, a pipe or a device)"),
    "unreadable": Kind("error", "tidak dapat dibaca: {reason}", "cannot be read: {reason}"),
    "too-large": Kind("error", "ukuran berkas {size:,} bita; batasnya {limit:,}",
                      "file is {size:,} bytes; the limit is {limit:,}"),
    "encoding": Kind("error", "bukan UTF-8 yang sah (bita {byte})", "not valid UTF-8 (byte {byte})"),
    # parsing YAML (lib/yamlio.py)
    "empty": Kind("error", "berkas kosong", "the file is empty"),
    "alias": Kind("error", "alias (*nama) tidak diizinkan dalam berkas kasus; tulis nilainya langsung",
                  "aliases (*name) are not allowed in case files; write the value out"),
    "anchor": Kind("error", "jangkar (&nama) tidak diizinkan dalam berkas kasus",
                   "anchors (&name) are not allowed in case files"),
    "too-deep": Kind("error", "bersarang lebih dari {limit} tingkat", "nesting deeper than {limit} levels"),
    "tag": Kind("error", "tag tidak diizinkan: {tag}", "tag not allowed: {tag}"),
    "duplicate-key": Kind("error", "kunci '{key}' ditulis dua kali (pertama di baris {first})",
                          "duplicate key '{key}' (first at line {first})"),
    "key-not-plain": Kind("error", "kunci pemetaan harus berupa nilai biasa", "a mapping key must be a plain value"),
    "number-too-long": Kind("error", "angka terlalu panjang ({length:,} karakter)",
                            "number too long ({length:,} characters)"),
    "value": Kind("error", "nilai tidak dapat dibaca: {detail}", "value cannot be read: {detail}"),
    "yaml": Kind("error", "YAML tidak dapat dibaca: {detail}", "{detail}"),
    "not-a-mapping": Kind("error", "berkas kasus harus berupa pemetaan kolom",
                          "a case file must be a mapping of fields"),
    # the schema (lib/schema.py)
    **{f"schema-{keyword}": _SCHEMA_DETAIL for keyword in _SCHEMA_KEYWORDS},
    "schema-additionalProperties": Kind("error", "{where}: kolom tak dikenal {fields}",
                                        "{where}: unknown field(s) {fields}"),
    "schema-enum": Kind("error", "{where}: {value} bukan salah satu kode yang diizinkan ({allowed})",
                        "{where}: {value} is not one of the allowed codes ({allowed})"),
    "schema-not": Kind("error", "{where}: tahap yang tidak terdokumentasi tidak boleh diberi tingkat kematangan",
                       "{where}: a stage that is not documented must not have a maturity"),
    "too-many-problems": Kind(
        "error", "validasi berhenti setelah {count:,} masalah: berkas ditolak; perbaiki masalah pertama "
                 "(python -m lib validate mencantumkannya) lalu coba lagi",
        "validation stopped after {count:,} problems: the file is refused; fix the first problems "
        "(python -m lib validate lists them) and try again"),
    "more-problems": Kind("info", "dan {more:,} masalah lagi (hanya {shown} pertama yang dicantumkan)",
                          "and {more:,} more problems (only the first {shown} are listed)"),
    # rules across and within case files (lib/checks.py)
    "id-mismatch": Kind("error", "id '{id}' harus sama dengan nama berkas '{stem}'",
                        "id '{id}' must equal the file name '{stem}'"),
    "duplicate-source": Kind("error", "id sumber '{id}' tercantum dua kali", "source id '{id}' is listed twice"),
    "seed-file": Kind("error", "sumber '{id}' adalah benih tetapi tidak menyebut seed_file",
                      "source '{id}' is a seed but names no seed_file"),
    "unknown-source": Kind("error", "mengutip '{ref}', yang tidak ada dalam daftar sumber berkas ini",
                           "cites '{ref}', which is not in this file's source list"),
    "id-prefix": Kind("error", "id '{id}' harus diawali '{prefix}'", "id '{id}' must start with '{prefix}'"),
    "unknown-practice": Kind("error", "{field} '{id}' bukan praktik dalam berkas ini",
                             "{field} '{id}' is not a practice in this file"),
    "duplicate-id": Kind("error", "id '{id}' sudah dipakai di {other}", "id '{id}' is already used in {other}"),
    # the glossary (lib/glossary.py)
    "glossary-schema": Kind("error", "{where}: tidak sesuai skema: {detail}", "{where}: {detail}"),
    "glossary-duplicate-category": Kind("error", "categories: kode kategori ganda",
                                        "categories: duplicate category code"),
    "glossary-duplicate-entry": Kind("error", "{where}: id entri ganda {id}", "{where}: duplicate entry id {id}"),
    "glossary-unknown-category": Kind("error", "{where}: kategori tak dikenal {category}",
                                      "{where}: unknown category {category}"),
    "glossary-form-taken": Kind("error", "{where}: bentuk {form} sudah dikenali sebagai entri {other}",
                                "{where}: form {form} is already recognised as entry {other}"),
    "glossary-unknown-see-also": Kind("error", "{where}: see_also menyebut entri tak dikenal {other}",
                                      "{where}: see_also names unknown entry {other}"),
    "glossary-see-also-self": Kind("error", "{where}: see_also menyebut entri itu sendiri",
                                   "{where}: see_also names the entry itself"),
    # the SQL console (lib/sqlguard.py, lib/sqlworker.py)
    "sql-empty": Kind("info", "Tulis kueri dulu, misalnya: SELECT * FROM regions",
                      "Write a query first, for example: SELECT * FROM regions"),
    "sql-busy": Kind("warning", "Sibuk: {workers} kueri sedang berjalan di server ini; coba lagi beberapa detik lagi.",
                     "Busy: {workers} queries are running on this server; try again in a few seconds."),
    "sql-timeout": Kind("warning", "Dihentikan: kueri berjalan lebih lama dari batas waktu {seconds:g} detik.",
                        "Stopped: the query ran longer than the {seconds:g} s time limit."),
    "sql-worker-limits": Kind("warning", "Dihentikan: kueri melampaui batas pekerja (memori {memory}, {seconds:g} detik).",
                              "Stopped: the query went past the worker's limits ({memory} memory, {seconds:g} s)."),
    "sql-memory": Kind("warning", "Dihentikan: kueri memerlukan lebih dari batas memori {memory}.",
                       "Stopped: the query needed more than the {memory} memory limit."),
    "sql-result-too-large": Kind("warning", "Dihentikan: hasilnya lebih dari {megabytes} MB teks.",
                                 "Stopped: the result is larger than {megabytes} MB of text."),
    "sql-statements": Kind("error", "Hanya satu pernyataan per kueri: teks ini memuat {count}.",
                           "Only one statement per query: this text holds {count}."),
    "sql-hidden": Kind("error", "Ditolak: {names} menampilkan jalur dan pengaturan server sendiri, yang tidak dibuka "
                                "oleh konsol publik ini.",
                       "Refused: {names} shows the server's own paths and settings, which this public console keeps "
                       "to itself."),
    "sql-no-access": Kind("error", "Ditolak: konsol ini tidak dapat membaca atau menulis berkas, melampirkan basis data, "
                                   "atau memasang dan memuat ekstensi (akses eksternal dimatikan). DuckDB: {detail}",
                          "Refused: this console cannot read or write files, attach databases or install and load "
                          "extensions (external access is disabled). DuckDB said: {detail}"),
    "sql-syntax": Kind("error", "Galat penulisan kueri: {detail}", "Query error: {detail}"),
    "sql-unknown-name": Kind("error", "Galat kueri (nama tak dikenal): {detail}", "Query error: {detail}"),
    "sql-error": Kind("error", "Galat kueri: {detail}", "Query error: {detail}"),
    "sql-copy-database": _refused("menyalin basis data (COPY FROM DATABASE) tidak diizinkan di sini",
                                  "copying databases (COPY FROM DATABASE) is not allowed here"),
    "sql-import": _refused("membaca berkas (IMPORT DATABASE) tidak diizinkan di sini",
                           "reading files (IMPORT DATABASE) is not allowed here"),
    "sql-export": _refused("menulis berkas (EXPORT DATABASE) tidak diizinkan di sini",
                           "writing files (EXPORT DATABASE) is not allowed here"),
    "sql-copy": _refused("membaca atau menulis berkas (COPY) tidak diizinkan di sini",
                         "reading or writing files (COPY) is not allowed here"),
    "sql-copy-db": _refused("menyalin basis data tidak diizinkan di sini", "copying databases is not allowed here"),
    "sql-attach": _refused("melampirkan basis data lain tidak diizinkan di sini",
                           "attaching other databases is not allowed here"),
    "sql-detach": _refused("melepas basis data tidak diizinkan di sini", "detaching databases is not allowed here"),
    "sql-extensions": _refused("memasang atau memuat ekstensi tidak diizinkan di sini",
                               "installing or loading extensions is not allowed here"),
    "sql-set": _refused("pengaturan tidak dapat diubah di sini (SET, RESET, USE)",
                        "settings cannot be changed here (SET, RESET, USE)"),
    "sql-variable": _refused("pengaturan tidak dapat diubah di sini", "settings cannot be changed here"),
    "sql-pragma": _refused("pernyataan PRAGMA tidak diizinkan di sini (untuk melihat kolom: DESCRIBE practices)",
                           "PRAGMA statements are not allowed here (to list columns: DESCRIBE practices)"),
    "sql-read-only": _refused("basis data ini baca-saja", "the database is read-only"),
    "sql-read-only-named": _refused("basis data ini baca-saja ({statement})", "the database is read-only ({statement})"),
    "sql-pivot": _refused("pernyataan PIVOT tidak diizinkan di sini (GROUP BY dengan FILTER memberi tabel yang sama)",
                          "PIVOT statements are not allowed here (GROUP BY with FILTER gives the same table)"),
    "sql-statement-kind": _refused("pernyataan {statement} tidak diizinkan di sini",
                                   "{statement} statements are not allowed here"),
    "sql-unknown-kind": _refused("jenis pernyataan ini tidak diizinkan di sini",
                                 "this kind of statement is not allowed here"),
}


def placeholders(template: str) -> set[str]:
    """The names a template needs."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def text(code: str, lang: str, values: dict | None = None) -> str:
    """The message of `code` in `lang` (English for "en", else Bahasa Indonesia) with its values filled in."""
    kind = CATALOGUE[code]
    return (kind.en if lang == "en" else kind.id).format(**(values or {}))
