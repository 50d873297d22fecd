"""Bilingual practice search: a term table built with the database, ranked with BM25 in SQL.

Why this way: DuckDB's full-text extension cannot be installed offline here, and its
Snowball Indonesian stemmer misses the confixes that matter to our users (pe-an, per-an:
"pelayanan"/"layanan", "perizinan"/"izin"). So each build stems every distinct word once
(PySastrawi's Nazief-Adriani for Indonesian fields, Snowball for English ones), stores
field-weighted term frequencies, and a query is ranked with BM25 written in SQL, with
the user's words passed only as parameters. The query language is not asked for: each
query word is analysed both ways and matches either index term.
No streamlit here: the search page and `python -m lib search` call the same `search()`.
"""
from __future__ import annotations

import re
import threading
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import duckdb
import pandas as pd
import snowballstemmer
from rapidfuzz import fuzz, process
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

from lib import glossary
from lib.queries import PracticeFilter, _lang_col  # the one home of the language fallback

# Title above summary; region name and theme names help a little ("Sragen", "complaint handling").
WEIGHTS = {"title": 3.0, "summary": 1.0, "region": 1.0, "theme": 0.5}
K1, B = 1.2, 0.75  # the usual BM25 constants
MAX_QUERY_WORDS = 32  # a 10,000-character query is cut here, not an error
MAX_WORD = 40  # longer "words" are junk (base64, pasted URLs)
FUZZY_CUTOFF = 80  # rapidfuzz ratio; "perizinn" -> "perizinan" scores 94
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: the same tokens as TOKEN_SQL (RE2) in the index
TOKEN_SQL = r"[\pL\pN]+"

# Sastrawi's list counts numbers as stop words, but "satu" carries meaning here: "satu pintu", "satu atap".
ID_STOP = frozenset(StopWordRemoverFactory().get_stop_words()) - {"satu"}
EN_STOP = frozenset({
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from", "as", "is", "are",
    "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "into", "than", "then",
    "not", "no", "but", "which", "who", "whom", "whose", "what", "when", "where", "how", "per", "via", "also",
    "has", "have", "had", "do", "does", "did", "so", "such", "their", "there", "they", "them", "he", "she", "his",
    "her", "our", "we", "you", "your", "can", "could", "will", "would"})

# Both stemmers keep state between calls (Sastrawi a cache dict, Snowball its current word) and Streamlit calls
# them from a thread per session: each is used under its own lock (four threads without one: 236 exceptions and
# 1,054 of 40,000 words cached with another thread's stem).
_id_stemmer = StemmerFactory().create_stemmer()
_id_lock = threading.Lock()
_en_stemmer = snowballstemmer.stemmer("english")
_en_lock = threading.Lock()


@lru_cache(maxsize=200_000)
def stem_id(word: str) -> str:
    """Nazief-Adriani stem of one lowercase word (slow, hence cached per distinct word)."""
    with _id_lock:
        return _id_stemmer.stem(word) or word


@lru_cache(maxsize=200_000)
def stem_en(word: str) -> str:
    """Snowball (Porter 2) stem of one lowercase word, cached per distinct word."""
    with _en_lock:
        return _en_stemmer.stemWord(word)


def _is_acronym(token: str) -> bool:
    """LPSE, PTSP, MPP, KTP: indexed as written (lowercased), never stemmed."""
    return 2 <= len(token) <= 6 and token.isupper()


def words(text: str | None) -> list[str]:
    """The tokens of a text, case kept (acronyms are told apart by case)."""
    return [t for t in _TOKEN.findall(text or "") if 2 <= len(t) <= MAX_WORD]


def _field_terms(token: str, lang: str) -> str | None:
    """The index term of one token of an `id`, `en` or `raw` field (None for a stop word)."""
    word = token.lower()
    if lang == "raw" or _is_acronym(token):
        return None if word in ID_STOP and word in EN_STOP else word
    if lang == "id":
        return None if word in ID_STOP else stem_id(word)
    return None if word in EN_STOP else stem_en(word)


def candidates(word: str) -> set[str]:
    """Every index term a query word may stand for: its Indonesian stem, English stem and itself."""
    word = word.lower()
    out = set()
    if word not in ID_STOP:
        out.add(stem_id(word))
    if word not in EN_STOP:
        out.add(stem_en(word))
    if out:
        out.add(word)
    return out


# ---------------------------------------------------------------- build

BATCH = 2000  # practices tokenised at a time: bounds the build's memory (one batch's postings, not all of them)


def index(con: duckdb.DuckDBPyConnection) -> None:
    """Create search_terms, search_docs and search_vocab from the practices table (called by db.build).

    DuckDB splits the fields into tokens (millions at hundreds of regions, too many for a Python loop); Python
    maps each distinct token to its index term, once per field language. Postings are counted a batch of
    practices at a time: counting all of them at once held too much memory (docs/performance.md has the figures).
    """
    con.execute("CREATE TABLE search_terms (practice_id VARCHAR, term VARCHAR, tf DOUBLE)")
    con.execute("CREATE TABLE search_docs (practice_id VARCHAR PRIMARY KEY, length DOUBLE)")
    con.execute("CREATE TABLE search_vocab (word VARCHAR, term VARCHAR, df INTEGER)")
    w = WEIGHTS
    con.execute(f"""
        CREATE TEMP TABLE _fields AS
        WITH fields AS (
            SELECT practice_id, title_id AS text, 'id' AS lang, {w['title']} AS weight FROM practices
            UNION ALL SELECT practice_id, summary_id, 'id', {w['summary']} FROM practices
            UNION ALL SELECT practice_id, title_en, 'en', {w['title']} FROM practices
            UNION ALL SELECT practice_id, summary_en, 'en', {w['summary']} FROM practices
            UNION ALL SELECT p.practice_id, r.name, 'raw', {w['region']} FROM practices p JOIN regions r USING (region_id)
            UNION ALL SELECT pt.practice_id, t.name_id, 'id', {w['theme']}
                      FROM practice_themes pt JOIN themes t USING (theme_code)
            UNION ALL SELECT pt.practice_id, t.name_en, 'en', {w['theme']}
                      FROM practice_themes pt JOIN themes t USING (theme_code))
        SELECT f.*, b.batch FROM fields f
        JOIN (SELECT practice_id, (row_number() OVER (ORDER BY practice_id) - 1) // {BATCH} AS batch
              FROM practices) b USING (practice_id)
        WHERE text IS NOT NULL""")
    con.execute("CREATE TEMP TABLE _token_terms (token VARCHAR, lang VARCHAR, word VARCHAR, term VARCHAR)")
    con.execute("CREATE TEMP TABLE _df (word VARCHAR, term VARCHAR, n INTEGER)")  # per batch: practices partition
    seen: set[tuple[str, str]] = set()
    for (batch,) in con.execute("SELECT DISTINCT batch FROM _fields ORDER BY 1").fetchall():
        con.execute(rf"""
            CREATE OR REPLACE TEMP TABLE _tokens AS
            SELECT practice_id, lang, weight, token, count(*) AS n
            FROM (SELECT practice_id, lang, weight, unnest(regexp_extract_all(text, '{TOKEN_SQL}')) AS token
                  FROM _fields WHERE batch = ?)
            WHERE length(token) BETWEEN 2 AND {MAX_WORD} GROUP BY ALL""", [batch])
        new = [k for k in con.execute("SELECT DISTINCT token, lang FROM _tokens").fetchall() if k not in seen]
        seen.update(new)
        con.register("_new_terms", pd.DataFrame([(token, lang, token.lower(), _field_terms(token, lang))
                                                 for token, lang in new], columns=["token", "lang", "word", "term"]))
        con.execute("INSERT INTO _token_terms SELECT * FROM _new_terms WHERE term IS NOT NULL")
        con.unregister("_new_terms")
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _postings AS
            SELECT k.practice_id, m.word, m.term, sum(k.weight * k.n) AS tf
            FROM _tokens k JOIN _token_terms m USING (token, lang) GROUP BY ALL""")
        con.execute("INSERT INTO search_terms SELECT practice_id, term, sum(tf) FROM _postings GROUP BY ALL")
        con.execute("INSERT INTO _df SELECT word, term, count(*) FROM _postings GROUP BY ALL")
    con.execute("INSERT INTO search_vocab SELECT word, term, sum(n) FROM _df GROUP BY ALL ORDER BY word, term")
    con.execute("""INSERT INTO search_docs SELECT p.practice_id, coalesce(sum(s.tf), 0) FROM practices p
                   LEFT JOIN search_terms s USING (practice_id) GROUP BY ALL""")
    for table in ("_postings", "_tokens", "_df", "_token_terms", "_fields"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


# ---------------------------------------------------------------- query

@dataclass
class Hit:
    practice_id: str
    region_id: str
    region_name: str
    stage_code: str
    score: float
    title: str
    snippet: list[tuple[str, bool]]


@dataclass
class SearchResult:
    """Ranked hits; `terms` (index terms) drive highlighting; `corrected` is set only after a typo fix."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # matches before the limit
    terms: set[str] = field(default_factory=set)
    corrected: list[str] = field(default_factory=list)  # the query words actually used: "showing results for ..."
    corrections: dict[str, list[str]] = field(default_factory=dict)  # typed word -> vocabulary word(s)
    expanded: list[Expansion] = field(default_factory=list)  # glossary terms the query named: "PTSP = ..."


# ---------------------------------------------------------------- thesaurus

RELATED_WEIGHT = 0.5  # a practice that names a related term (KPT for PTSP) counts half as much as a synonym


@dataclass(frozen=True)
class Expansion:
    """A glossary term the query named, searched by all its forms (acronym, expansion, English term, aliases)
    and, at half weight, by the forms of the terms it is linked to by `see_also` in either direction."""

    typed: str  # the words of the query that named it
    entry: glossary.Entry
    related: tuple[glossary.Entry, ...]


def _rx_form(form: str) -> str:
    """A form as an RE2 pattern: whole words, any run of spaces; case kept only for acronyms (KPK, e-KTP)."""
    body = r"\s+".join(re.escape(part) for part in form.split())
    return rf"\b{body}\b" if glossary.case_sensitive(form) else rf"(?i:\b{body}\b)"


def _forms(entry: glossary.Entry) -> list[str]:
    """Every way a text may name a glossary term: the term, its aliases and its expansion in both languages."""
    return [f for f in (*entry.forms, *((entry.expansion.id, entry.expansion.en) if entry.expansion else ())) if f]


def _forms_pattern(entries) -> str:
    forms = {f for e in entries for f in _forms(e)}
    return "|".join(_rx_form(f) for f in sorted(forms, key=lambda f: (-len(f), f)))


@lru_cache(maxsize=1)
def _glossary() -> tuple[list[tuple[str, str, glossary.Entry]], dict[str, tuple[glossary.Entry, ...]]]:
    """Every form of every glossary term, longest first, with its folded spelling; and, for each term, the terms
    linked to it by see_also in either direction. Read once per process."""
    entries = tuple(glossary.load())
    by_id = glossary.by_id(entries)
    links: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for other in e.see_also:
            links[e.id].add(other)
            links[other].add(e.id)
    forms = sorted(((f, " ".join(f.split()).casefold(), e) for e in entries for f in _forms(e)),
                   key=lambda fe: -len(fe[0]))
    return forms, {e.id: tuple(by_id[o] for o in sorted(links[e.id])) for e in entries}


def thesaurus(query: str) -> list[Expansion]:
    """The glossary terms a query names (any form, any case: "ptsp", "one-stop service", "KPT"), longest first."""
    forms, related = _glossary()
    text = " ".join(query.split()).casefold()
    found: list[Expansion] = []
    taken: list[str] = []
    for form, folded, entry in forms:
        if any(folded in t for t in taken) or not re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", text):
            continue
        if all(x.entry.id != entry.id for x in found):
            found.append(Expansion(form, entry, related[entry.id]))
        taken.append(folded)
    return found


class _Vocab:
    def __init__(self, store):
        rows = store.rows("SELECT word, term, df FROM search_vocab")
        self.terms = {t for _, t, _ in rows}
        self.word_terms: dict[str, set[str]] = defaultdict(set)
        df: Counter = Counter()
        for w, t, d in rows:
            self.word_terms[w].add(t)
            df[w] = max(df[w], d)
        self.words = sorted(self.word_terms, key=lambda w: (-df[w], w))  # ties go to the commoner word

    def nearest(self, word: str) -> list[str]:
        """The closest vocabulary word(s), best score only (at most 3), or [] if none is close."""
        if len(word) < 4 or word.isdigit():
            return []
        found = process.extract(word, self.words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=10)
        if not found:
            return []
        best = found[0][1]
        return [w for w, score, _ in found if score >= best - 1e-9][:3]


_vocabs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_vocab_lock = threading.Lock()


def _vocab(store) -> _Vocab:
    with _vocab_lock:
        if store not in _vocabs:
            _vocabs[store] = _Vocab(store)
        return _vocabs[store]


def search(store, query: str, *, limit: int = 20, offset: int = 0, filters: PracticeFilter | None = None,
           lang: str = "id") -> SearchResult:
    """Practices matching `query` (any language, typos tolerated) and `filters`, best first.

    An empty query (or one with no searchable word) lists the filtered practices, or nothing
    without filters. A query whose words match nothing gives an empty result, never an error.
    """
    query = query if isinstance(query, str) else ""
    result = SearchResult(query=query)
    limit = max(0, min(int(limit), 1000))
    offset = max(0, min(int(offset), 1_000_000))
    where, wparams = (filters or PracticeFilter()).where("p")
    seen, qwords = set(), []
    for token in words(query):
        if token.lower() not in seen and len(qwords) < MAX_QUERY_WORDS:
            seen.add(token.lower())
            qwords.append(token.lower())
    groups: list[tuple[str, set[str]]] = [(w, c) for w in qwords if (c := candidates(w))]
    cols = f"""p.practice_id, p.region_id, r.name, p.stage_code, {{score}}, {_lang_col('title', lang, 'p')},
               {_lang_col('summary', lang, 'p')}, count(*) OVER ()"""
    expansions = thesaurus(query)
    if not groups and not expansions:
        if where == "TRUE":
            return result
        rows = store.rows(f"""SELECT {cols.format(score='0.0')}
            FROM practices p JOIN regions r USING (region_id) JOIN stages s USING (stage_code)
            WHERE {where} ORDER BY p.region_id, s.ordinal, p.practice_id LIMIT ? OFFSET ?""",
            [*wparams, limit, offset])
        return _fill(result, rows)
    vocab = _vocab(store)
    used, qids, qterms = [], [], []
    for qid, (word, cands) in enumerate(groups):
        if not cands & vocab.terms and (near := vocab.nearest(word)):
            result.corrections[word] = near
            cands = set().union(*(vocab.word_terms[w] for w in near))
            used += near
        else:
            used.append(word)
        result.terms |= cands
        qids += [qid] * len(cands)
        qterms += sorted(cands)
    if result.corrections:
        result.corrected = used
    # each glossary term named is one more query group, matched on the practices' own texts by all its forms
    gqids, gpatterns, gweights = [], [], []
    for ex in expansions:
        result.expanded.append(ex)
        for entries, weight in (((ex.entry,), 1.0), (ex.related, RELATED_WEIGHT)):
            if entries:
                gqids.append(len(groups) + len(gqids))
                gpatterns.append(_forms_pattern(entries))
                gweights.append(weight)
    w = WEIGHTS
    rows = store.rows(f"""
        WITH q AS (SELECT unnest(?::INTEGER[]) AS qid, unnest(?::VARCHAR[]) AS term),
        g AS (SELECT unnest(?::INTEGER[]) AS qid, unnest(?::VARCHAR[]) AS pattern, unnest(?::DOUBLE[]) AS weight),
        m AS (SELECT q.qid, t.practice_id, sum(t.tf) AS tf FROM q JOIN search_terms t USING (term) GROUP BY ALL
              UNION ALL
              SELECT g.qid, p.practice_id, g.weight * (
                  {w['title']} * (regexp_matches(p.title_id, g.pattern)::INT
                                  + regexp_matches(coalesce(p.title_en, ''), g.pattern)::INT)
                  + {w['summary']} * (regexp_matches(coalesce(p.summary_id, ''), g.pattern)::INT
                                      + regexp_matches(coalesce(p.summary_en, ''), g.pattern)::INT)) AS tf
              FROM g CROSS JOIN practices p
              WHERE regexp_matches(concat_ws(' ', p.title_id, p.title_en, p.summary_id, p.summary_en), g.pattern)),
        c AS (SELECT count(*)::DOUBLE AS n, avg(length) AS avgdl FROM search_docs),
        f AS (SELECT qid, count(*) AS df FROM m GROUP BY qid),
        s AS (SELECT m.practice_id,
                     sum(ln(1 + (c.n - f.df + 0.5) / (f.df + 0.5)) * m.tf * ({K1} + 1)
                         / (m.tf + {K1} * (1 - {B} + {B} * d.length / c.avgdl))) AS score
              FROM m JOIN f USING (qid) JOIN search_docs d USING (practice_id) CROSS JOIN c
              GROUP BY m.practice_id)
        SELECT {cols.format(score='s.score')}
        FROM s JOIN practices p USING (practice_id) JOIN regions r USING (region_id)
        WHERE {where} ORDER BY s.score DESC, p.practice_id LIMIT ? OFFSET ?""",
        [qids, qterms, gqids, gpatterns, gweights, *wparams, limit, offset])
    return _fill(result, rows)


def _fill(result: SearchResult, rows: list[tuple]) -> SearchResult:
    result.total = rows[0][7] if rows else 0
    result.hits = [Hit(pid, rid, name, stage, float(score), title, snippet(summary, result.terms))
                   for pid, rid, name, stage, score, title, summary, _ in rows]
    return result


def snippet(text: str | None, terms: set[str] | list[str], *, width: int = 30) -> list[tuple[str, bool]]:
    """`text` cut to about `width` words around the first match, as (segment, is_match) pairs.

    Plain strings, no markup: the page escapes them and highlights the matched ones itself.
    """
    text, terms = text or "", set(terms)
    spans = [m for m in _TOKEN.finditer(text) if len(m.group()) <= MAX_WORD]
    hits = [i for i, m in enumerate(spans) if candidates(m.group()) & terms]
    if len(spans) <= width:
        start, end = 0, len(spans)
    else:
        start = max(0, min((hits[0] - 8) if hits else 0, len(spans) - width))
        end = start + width
    lo = spans[start].start() if start else 0
    hi = spans[end - 1].end() if end < len(spans) else len(text)
    out: list[tuple[str, bool]] = [("… ", False)] if start else []
    pos = lo
    for i in (i for i in hits if start <= i < end):
        m = spans[i]
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if hi > pos:
        out.append((text[pos:hi], False))
    if end < len(spans):
        out.append((" …", False))
    merged: list[tuple[str, bool]] = []
    for seg in out:
        if merged and not seg[1] and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + seg[0], False)
        else:
            merged.append(seg)
    return merged
