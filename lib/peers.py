"""Peer learning: what have a region's peers documented that it has not, and whom should it visit?

Pure module (no Streamlit): the page, the CLI and the self-assessment all call it.

Gaps
    A theme counts as *covered* for a region in a stage when the region has a practice with that theme in that
    stage. For every stage, each practice of a peer that carries a theme the region has not covered there is a
    *candidate* under that (stage, theme) gap. A practice with several uncovered themes is listed under each.

Scores (all rules and weights are the named constants below; every score keeps its parts)
    score(practice) = 100 x sum(weight_k x value_k), every value_k in 0..1 and the weights summing to 1, so a
    score is 0..100 points and is the plain sum of its parts' points. The parts come in two groups:

    Peer relevance (same for every practice of one peer; 50 points):
      same_type      1 if the peer is of the region's type (kabupaten/kota), else 0 (0 too if the type is unknown)
      theme_overlap  Jaccard index of the two regions' theme sets: shared themes / themes of either
      peer_results   share of the peer's practices with at least one measured outcome linked to them
    Evidence strength (of the practice itself; 50 points):
      sources        distinct sources cited, counted up to SOURCES_FULL
      source_kind    the best kind among them (KIND_QUALITY: laws and government or academic work above news,
                     news above blogs)
      outcomes       measured outcomes linked to the practice, counted up to OUTCOMES_FULL
      status         STATUS_VALUE: running practices first, stopped ones last

Who to visit
    Greedy cover of the gaps: first the peer that fills most of the region's gaps, then the peer that fills most of
    the gaps still open, and so on, VISITS times. Ties go to the more relevant peer, then to the peer filling more
    gaps in all, then to the id. Each pick carries a one-sentence reason built from the data (locale templates
    peers.reason_first / peers.reason_next) and the citations of the practices that fill the gaps.

Profiles
    Everything works on a Profile (type, the covered stage x theme set, optional outcome count), so a region that
    is not in the data (the self-assessment) gets the same analysis as one in the data.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from lib import citations, i18n, queries, schema

if TYPE_CHECKING:  # annotations only: the read side does not import the build side
    from lib.db import Store


# ---------------------------------------------------------------------------------------------------------------
# The rules: every weight and threshold of the ranking, in one place.

WEIGHTS: dict[str, float] = {
    # peer relevance: how much the peer is like the region and shows results (0.50 in all)
    "same_type": 0.20,
    "theme_overlap": 0.15,
    "peer_results": 0.15,
    # evidence strength of the practice (0.50 in all)
    "sources": 0.15,
    "source_kind": 0.10,
    "outcomes": 0.15,
    "status": 0.10,
}
"""Weight of each part of a score; they sum to 1 and a score is 100 x the weighted sum (0..100 points)."""

RELEVANCE_PARTS = ("same_type", "theme_overlap", "peer_results")
EVIDENCE_PARTS = ("sources", "source_kind", "outcomes", "status")

SOURCES_FULL = 3
"""Number of distinct sources that earns the full `sources` value (1 source = 1/3, 3 or more = 1)."""

OUTCOMES_FULL = 2
"""Number of measured outcomes linked to a practice that earns the full `outcomes` value."""

KIND_QUALITY: dict[str, float] = {
    "law": 1.0, "government": 1.0, "academic": 1.0,      # the regulation itself, official or peer-reviewed work
    "report": 0.9, "international": 0.9, "seed": 0.9,    # reports, international bodies, the guide's own documents
    "news": 0.6,                                         # journalism
    "encyclopedia": 0.4,
    "blog": 0.3,
}
"""Value of the `source_kind` part: the best kind among a practice's sources (an unlisted kind counts 0.3)."""

STATUS_VALUE: dict[str, float] = {"running": 1.0, "replaced": 0.5, "unknown": 0.25, "stopped": 0.0}
"""Value of the `status` part: a practice still running is worth visiting; a replaced one led to a successor."""

VISITS = 3
"""How many peers "who to visit" names."""

THEMES_IN_REASON = 3
"""How many gap themes the reason sentence names."""


# ---------------------------------------------------------------------------------------------------------------
# Records

class UnknownRegion(KeyError):
    """The region id is not in the data."""


@dataclass(frozen=True)
class Part:
    """One component of a score: its value (0..1), weight, and the raw facts it was computed from."""

    name: str
    value: float
    weight: float
    raw: object = None

    @property
    def points(self) -> float:
        return 100.0 * self.weight * self.value

    def as_dict(self) -> dict:
        return {"name": self.name, "value": round(self.value, 4), "weight": self.weight,
                "points": round(self.points, 4), "raw": self.raw}


@dataclass(frozen=True)
class Score:
    """A sum of parts; `total` is exactly the sum of the parts' points."""

    parts: tuple[Part, ...]

    @cached_property
    def total(self) -> float:
        return sum(p.points for p in self.parts)

    def part(self, name: str) -> Part:
        return next(p for p in self.parts if p.name == name)

    def __add__(self, other: Score) -> Score:
        return Score(self.parts + other.parts)

    def as_dict(self) -> dict:
        return {"total": round(self.total, 4), "parts": [p.as_dict() for p in self.parts]}


@dataclass(frozen=True)
class Profile:
    """What the analysis needs to know of a region: its type, which (stage, theme) pairs it has covered and,
    optionally, how many measured outcomes it has documented (reported, not scored)."""

    type: str | None
    covered: frozenset = frozenset()
    outcomes: int = 0
    region_id: str | None = None
    name: str = ""

    @cached_property
    def themes(self) -> frozenset:
        return frozenset(theme for _, theme in self.covered)


@dataclass
class Candidate:
    """A peer practice that would fill one or more of the region's gaps, with its score."""

    practice_id: str
    region_id: str
    stage_code: str
    gap_themes: tuple[str, ...]
    relevance: Score
    evidence: Score

    @cached_property
    def score(self) -> Score:
        return self.relevance + self.evidence

    @cached_property
    def total(self) -> float:
        """score.total, from the two totals that are already summed (a peer's relevance is shared by all its
        candidates, a practice's evidence by every analysis): 15,420 candidates at 514 regions."""
        return self.relevance.total + self.evidence.total


@dataclass
class ThemeGap:
    """One gap: a theme the region has not covered in a stage, and the peer practices that cover it, best first."""

    stage_code: str
    theme_code: str
    candidates: list[Candidate]

    @property
    def peers(self) -> list[str]:
        return list(dict.fromkeys(c.region_id for c in self.candidates))


@dataclass
class Visit:
    """A peer worth visiting: the gaps it fills (all, and those no earlier pick fills), why, and the evidence."""

    region_id: str
    name: str
    fills: list[tuple[str, str]]
    new: list[tuple[str, str]]
    practice_ids: list[str]
    relevance: Score
    reason: str
    citations: pd.DataFrame
    sources_md: str = ""  # the citations as the card lists them (each source and place once), written once


@dataclass
class Analysis:
    profile: Profile
    gaps: dict[str, list[ThemeGap]]      # stage code -> gaps in that stage, best first (every stage present)
    visits: list[Visit]
    relevance: dict[str, Score]          # peer region id -> relevance, most relevant first
    ranked: list[Candidate]              # every candidate practice once, best first
    names: dict[str, str] = field(default_factory=dict)

    @property
    def gap_pairs(self) -> list[tuple[str, str]]:
        return [(g.stage_code, g.theme_code) for gaps in self.gaps.values() for g in gaps]

    @property
    def total_gaps(self) -> int:
        return sum(len(g) for g in self.gaps.values())


@dataclass
class PeerData:
    """Everything the analysis reads, loaded once from the store (see `load`)."""

    lang: str
    regions: pd.DataFrame      # region_id, name, type, province, ...
    practices: pd.DataFrame    # queries.practices columns + n_outcomes, kinds
    citations: pd.DataFrame    # practice citations with their sources (queries.citations)
    stages: pd.DataFrame       # queries.stage_matrix: region x stage maturity and counts
    outcomes: dict = field(default_factory=dict)  # region id -> number of measured outcomes
    factors: pd.DataFrame | None = None  # queries.factor_matrix: region x success factor evidence
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one PeerData serves every session
    _by_id: dict | None = field(default=None, repr=False)
    _cites_by_id: queries.Grouped | None = field(default=None, repr=False)
    _evidence: dict = field(default_factory=dict, repr=False)
    _facts: dict | None = field(default=None, repr=False)

    def practice_rows(self) -> list:
        """Every practice as a named tuple, in the frame's order (built on first use: a page asks thousands of times,
        and boolean-mask lookups were slow: docs/performance.md)."""
        with self._lock:
            if self._by_id is None:
                self._by_id = {p.practice_id: p for p in self.practices.itertuples()}
        return list(self._by_id.values())

    def practice(self, practice_id: str):
        """One practice row (a named tuple), by id."""
        if self._by_id is None:
            self.practice_rows()
        return self._by_id[practice_id]

    def region_facts(self) -> dict[str, tuple[frozenset, int, int]]:
        """Per region: its themes, how many of its practices have a measured outcome, how many practices it has."""
        rows = self.practice_rows()
        with self._lock:
            if self._facts is None:
                themes, results, counts = {}, {}, {}
                for p in rows:
                    themes.setdefault(p.region_id, set()).update(p.themes)
                    results[p.region_id] = results.get(p.region_id, 0) + (p.n_outcomes > 0)
                    counts[p.region_id] = counts.get(p.region_id, 0) + 1
                self._facts = {rid: (frozenset(themes[rid]), results[rid], counts[rid]) for rid in counts}
        return self._facts

    def evidence_of(self, practice) -> Score:
        """The practice's evidence score (it depends on the practice alone, so it is computed once)."""
        found = self._evidence.get(practice.practice_id)
        if found is None:  # two threads may both compute it: the same value, and a dict assignment is atomic
            found = self._evidence[practice.practice_id] = evidence(practice)
        return found

    def citations_of(self, practice_id: str) -> pd.DataFrame:
        """A practice's citations (grouped on first use)."""
        with self._lock:
            if self._cites_by_id is None:
                self._cites_by_id = queries.Grouped(self.citations, "subject_id")
        return self._cites_by_id.get(practice_id)


# ---------------------------------------------------------------------------------------------------------------
# Loading

def load(store: Store, lang: str = "id") -> PeerData:
    """Read the regions, practices (with evidence counts), practice citations and stage matrix."""
    practices = queries.practices(store, lang)
    evidence = queries.practice_evidence(store)
    practices = practices.merge(evidence[["practice_id", "n_outcomes", "kinds"]], on="practice_id", how="left")
    practices["n_outcomes"] = practices["n_outcomes"].fillna(0).astype(int)
    practices["kinds"] = practices["kinds"].map(lambda k: list(k) if isinstance(k, (list, tuple)) or
                                                hasattr(k, "tolist") else [])
    return PeerData(lang=lang, regions=queries.regions(store, lang), practices=practices,
                    citations=queries.citations(store, "practice", list(practices["practice_id"])),
                    stages=queries.stage_matrix(store, lang),
                    outcomes=queries.region_outcome_counts(store), factors=queries.factor_matrix(store, lang))


def covered_of(practices: pd.DataFrame) -> frozenset:
    """The (stage, theme) pairs a set of practices covers."""
    return frozenset((p.stage_code, t) for p in practices.itertuples() for t in p.themes)


def profile_of(data: PeerData, region_id: str) -> Profile:
    """The profile of a region in the data; UnknownRegion if it is not there."""
    row = data.regions[data.regions["region_id"] == region_id]
    if row.empty:
        raise UnknownRegion(region_id)
    own = data.practices[data.practices["region_id"] == region_id]
    return Profile(type=row.iloc[0]["type"], covered=covered_of(own),
                   outcomes=int(data.outcomes.get(region_id, 0)), region_id=region_id,
                   name=row.iloc[0]["name"])


# ---------------------------------------------------------------------------------------------------------------
# Scoring

def jaccard(a: set, b: set) -> float:
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 0.0


def relevance(profile: Profile, peer_type: str, peer_themes: frozenset, with_results: int, n: int) -> Score:
    """How relevant a peer is to the profile: same type, theme overlap, documented results (`with_results` of the
    peer's `n` practices have a measured outcome)."""
    shared, union = profile.themes & peer_themes, profile.themes | peer_themes
    return Score((
        Part("same_type", 1.0 if profile.type and peer_type == profile.type else 0.0, WEIGHTS["same_type"],
             {"peer": peer_type, "region": profile.type}),
        Part("theme_overlap", jaccard(profile.themes, peer_themes), WEIGHTS["theme_overlap"],
             {"shared": len(shared), "union": len(union)}),
        Part("peer_results", with_results / n if n else 0.0, WEIGHTS["peer_results"],
             {"with_results": with_results, "practices": n}),
    ))


def evidence(practice) -> Score:
    """How strong the evidence for one practice is: number and kind of sources, outcomes, status."""
    kinds = list(practice.kinds)
    best = max(kinds, key=lambda k: KIND_QUALITY.get(k, 0.3), default=None)
    n_sources, n_outcomes = int(practice.n_sources), int(practice.n_outcomes)
    return Score((
        Part("sources", min(n_sources, SOURCES_FULL) / SOURCES_FULL, WEIGHTS["sources"], n_sources),
        Part("source_kind", KIND_QUALITY.get(best, 0.3) if best else 0.0, WEIGHTS["source_kind"], best),
        Part("outcomes", min(n_outcomes, OUTCOMES_FULL) / OUTCOMES_FULL, WEIGHTS["outcomes"], n_outcomes),
        Part("status", STATUS_VALUE.get(practice.status, 0.0), WEIGHTS["status"], practice.status),
    ))


# ---------------------------------------------------------------------------------------------------------------
# The analysis

def analyse(data: PeerData, profile: Profile, lang: str | None = None) -> Analysis:
    """Gaps per stage with ranked peer practices, peer relevance, and who to visit, for any profile."""
    lang = lang or data.lang
    peers = data.regions[data.regions["region_id"] != profile.region_id]
    names = dict(zip(data.regions["region_id"], data.regions["name"]))
    facts = data.region_facts()
    rel = {peer.region_id: relevance(profile, peer.type, *facts.get(peer.region_id, (frozenset(), 0, 0)))
           for peer in peers.itertuples()}
    candidates: list[Candidate] = []
    by_gap: dict[tuple[str, str], list[Candidate]] = {}
    for p in data.practice_rows():
        if p.region_id not in rel:
            continue
        missing = tuple(t for t in p.themes if (p.stage_code, t) not in profile.covered)
        if not missing:
            continue
        cand = Candidate(p.practice_id, p.region_id, p.stage_code, missing, rel[p.region_id],
                         data.evidence_of(p))
        candidates.append(cand)
        for t in missing:
            by_gap.setdefault((p.stage_code, t), []).append(cand)

    def order(c: Candidate):
        return (-round(c.total, 9), c.practice_id)

    gaps: dict[str, list[ThemeGap]] = {code: [] for code in schema.codes("stages")}
    for (stage, theme), cands in by_gap.items():
        gaps.setdefault(stage, []).append(ThemeGap(stage, theme, sorted(cands, key=order)))
    for stage_gaps in gaps.values():
        stage_gaps.sort(key=lambda g: (-round(g.candidates[0].total, 9), -len(g.peers), g.theme_code))
    relevance_sorted = dict(sorted(rel.items(), key=lambda kv: (-round(kv[1].total, 9), kv[0])))
    analysis = Analysis(profile, gaps, [], relevance_sorted, sorted(candidates, key=order), names)
    analysis.visits = who_to_visit(data, analysis, lang)
    return analysis


def analyse_region(data: PeerData, region_id: str, lang: str | None = None) -> Analysis:
    return analyse(data, profile_of(data, region_id), lang)


def who_to_visit(data: PeerData, analysis: Analysis, lang: str, n: int = VISITS) -> list[Visit]:
    """The peers whose practices fill most of the gaps (greedy: each next pick fills most of what is still open)."""
    fills: dict[str, dict[tuple[str, str], list[Candidate]]] = {}
    for stage_gaps in analysis.gaps.values():
        for g in stage_gaps:
            for c in g.candidates:
                fills.setdefault(c.region_id, {}).setdefault((g.stage_code, g.theme_code), []).append(c)
    open_gaps = set(analysis.gap_pairs)
    total = len(open_gaps)
    visits: list[Visit] = []
    for _ in range(n):
        taken = {v.region_id for v in visits}
        choices = [(len(set(f) & open_gaps), round(analysis.relevance[rid].total, 9), len(f), rid)
                   for rid, f in sorted(fills.items()) if rid not in taken]
        if not choices:
            break
        gain, _, _, rid = max(choices, key=lambda c: c[:3])  # max keeps the first of equals: the smaller id
        if gain == 0:
            break
        mine = fills[rid]
        pairs = sorted(mine, key=lambda k: (-max(c.total for c in mine[k]), k))
        new = [k for k in pairs if k in open_gaps]
        practice_ids = list(dict.fromkeys(c.practice_id for k in pairs for c in mine[k]))
        cites = data.citations[data.citations["subject_id"].isin(practice_ids)]
        visits.append(Visit(rid, analysis.names.get(rid, rid), pairs, new, practice_ids, analysis.relevance[rid],
                            reason(data, analysis, rid, pairs, new, practice_ids, cites, first=not visits,
                                   total=total, lang=lang),
                            cites.reset_index(drop=True),
                            citations.markdown(cites.drop_duplicates(["source_id", "locator"]), lang)))
        open_gaps -= set(new)
    return visits


def reason(data: PeerData, analysis: Analysis, region_id: str, pairs, new, practice_ids, cites, *, first: bool,
           total: int, lang: str) -> str:
    """One sentence, from the data, through the locale templates peers.reason_first / peers.reason_next."""
    shown = (new or pairs)[:THEMES_IN_REASON]
    themes = ", ".join(f"{schema.label('themes', t, lang)} ({s})" for s, t in shown)
    chosen = data.practices[data.practices["practice_id"].isin(practice_ids)]
    peer_type = data.regions.set_index("region_id").loc[region_id, "type"]
    own = analysis.profile.type
    if not own:
        type_note = i18n.t(lang, "peers.type_unknown")
    elif peer_type == own:
        type_note = i18n.t(lang, "peers.type_same", type=i18n.t(lang, f"peers.type_{peer_type}"))
    else:
        type_note = i18n.t(lang, "peers.type_other", type=i18n.t(lang, f"peers.type_{peer_type}"))
    values = {"peer": analysis.names.get(region_id, region_id), "n": len(pairs), "total": total, "new": len(new),
              "themes": themes, "practices": len(chosen), "sources": cites["source_id"].nunique(),
              "results": int((chosen["n_outcomes"] > 0).sum()), "type_note": type_note}
    return i18n.t(lang, "peers.reason_first" if first else "peers.reason_next", **values)


# ---------------------------------------------------------------------------------------------------------------
# Output

def _cite_dicts(cites: pd.DataFrame) -> list[dict]:
    out = []
    for c in cites.itertuples():
        out.append({"practice_id": c.subject_id, "source_id": c.source_id, "local_id": c.local_id, "title": c.title,
                    "publisher": None if pd.isna(c.publisher) else c.publisher,
                    "year": None if pd.isna(c.year) else int(c.year), "url": None if pd.isna(c.url) else c.url,
                    "kind": c.kind, "locator": None if pd.isna(c.locator) else c.locator})
    return out


def as_dict(data: PeerData, analysis: Analysis, lang: str | None = None) -> dict:
    """The whole analysis as JSON-ready data (the CLI's --json)."""
    lang = lang or data.lang
    prof = analysis.profile

    def practice(c: Candidate) -> dict:
        p = data.practice(c.practice_id)
        return {"practice_id": c.practice_id, "region_id": c.region_id, "region": analysis.names.get(c.region_id),
                "stage_code": c.stage_code, "title": p.title, "status": p.status,
                "year_start": None if pd.isna(p.year_start) else int(p.year_start),
                "themes": list(p.themes), "gap_themes": list(c.gap_themes), "score": round(c.total, 4),
                "relevance": round(c.relevance.total, 4), "evidence": round(c.evidence.total, 4),
                "parts": [part.as_dict() for part in c.score.parts],
                "citations": _cite_dicts(data.citations_of(c.practice_id))}

    return {
        "region": {"region_id": prof.region_id, "name": prof.name, "type": prof.type,
                   "covered": sorted(map(list, prof.covered)), "outcomes": prof.outcomes},
        "total_gaps": analysis.total_gaps,
        "weights": WEIGHTS,
        "visits": [{"rank": n, "region_id": v.region_id, "name": v.name, "fills": [list(k) for k in v.fills],
                    "new": [list(k) for k in v.new], "practice_ids": v.practice_ids, "reason": v.reason,
                    "relevance": v.relevance.as_dict(), "citations": _cite_dicts(v.citations)}
                   for n, v in enumerate(analysis.visits, 1)],
        "peers": [{"region_id": rid, "name": analysis.names.get(rid), "relevance": s.as_dict()}
                  for rid, s in analysis.relevance.items()],
        "stages": [{"stage_code": stage, "stage": schema.label("stages", stage, lang),
                    "gaps": [{"theme_code": g.theme_code, "theme": schema.label("themes", g.theme_code, lang),
                              "peers": g.peers, "practices": [practice(c) for c in g.candidates]}
                             for g in gaps]}
                   for stage, gaps in analysis.gaps.items()],
    }


def scoring_rules(lang: str) -> pd.DataFrame:
    """The rules as a table, one row per part of a score: its name, group, weight, points and rule in words."""
    return pd.DataFrame([{"part": i18n.t(lang, f"peers.part.{k}"),
                          "group": i18n.t(lang, "peers.group_relevance" if k in RELEVANCE_PARTS
                                          else "peers.group_evidence"),
                          "weight": w, "points": 100 * w, "rule": i18n.t(lang, f"peers.rule.{k}")}
                         for k, w in WEIGHTS.items()], columns=["part", "group", "weight", "points", "rule"])


def values_text(vocabulary: str, values: dict[str, float], lang: str) -> str:
    """A value table of the rules (KIND_QUALITY, STATUS_VALUE) in words: "label value, label value"."""
    return ", ".join(f"{schema.label(vocabulary, k, lang)} {v:g}" for k, v in values.items())


def score_table(analysis: Analysis, data: PeerData) -> pd.DataFrame:
    """One row per candidate practice with every part's points, the two subtotals and the total (for the page)."""
    rows = []
    for c in analysis.ranked:
        p = data.practice(c.practice_id)
        row = {"practice_id": c.practice_id, "region": analysis.names.get(c.region_id), "stage_code": c.stage_code,
               "title": p.title}
        row.update({part.name: part.points for part in c.score.parts})
        row.update({"relevance": c.relevance.total, "evidence": c.evidence.total, "total": c.total})
        rows.append(row)
    return pd.DataFrame(rows, columns=["practice_id", "region", "stage_code", "title", *WEIGHTS, "relevance",
                                       "evidence", "total"])


def relevance_table(analysis: Analysis) -> pd.DataFrame:
    """One row per peer: each relevance part's raw facts and points, and the total."""
    rows = []
    for rid, s in analysis.relevance.items():
        st, th, res = (s.part(n) for n in RELEVANCE_PARTS)
        rows.append({"region_id": rid, "region": analysis.names.get(rid), "type": st.raw["peer"],
                     "same_type": st.points, "shared_themes": f"{th.raw['shared']}/{th.raw['union']}",
                     "theme_overlap": th.points,
                     "with_results": f"{res.raw['with_results']}/{res.raw['practices']}",
                     "peer_results": res.points, "relevance": s.total})
    return pd.DataFrame(rows, columns=["region_id", "region", "type", "same_type", "shared_themes", "theme_overlap",
                                       "with_results", "peer_results", "relevance"])


def render_text(data: PeerData, analysis: Analysis, lang: str | None = None, top: int = 3) -> str:
    """The CLI's plain-text report: who to visit (reasons, sources), then per stage and gap the ranked practices
    with score parts and citations. top = practices per gap (0 = all)."""
    lang = lang or data.lang
    prof = analysis.profile
    out = [i18n.t(lang, "peers.cli_title", name=prof.name or prof.region_id or "?", type=prof.type or "?",
                  n=analysis.total_gaps), ""]
    out.append(f"== {i18n.t(lang, 'peers.cli_visits')} ==")
    for n, v in enumerate(analysis.visits, 1):
        out.append(f"{n}. {v.name} [{v.region_id}]  ({i18n.t(lang, 'peers.group_relevance').lower()} "
                   f"{v.relevance.total:.1f}/50)")
        out.append(f"   {v.reason}")
        cites = v.citations.drop_duplicates("source_id")
        cap = len(cites) if top <= 0 else 2 * top
        for c in cites.head(cap).itertuples():
            out.append(f"   - {citations.line(c, lang)}")
        if len(cites) > cap:
            out.append(f"   {i18n.t(lang, 'peers.cli_more', n=len(cites) - cap)}")
    out.append("")
    out.append(f"== {i18n.t(lang, 'peers.cli_gaps')} ==")
    for stage, gaps in analysis.gaps.items():
        out.append(f"{stage} — {schema.label('stages', stage, lang)}: "
                   + (f"{len(gaps)}" if gaps else i18n.t(lang, "peers.cli_no_gaps")))
        for g in gaps:
            out.append(f"  * {schema.label('themes', g.theme_code, lang)} ({g.theme_code})")
            shown = g.candidates if top <= 0 else g.candidates[:top]
            for c in shown:
                p = data.practice(c.practice_id)
                parts = " + ".join(f"{part.name} {part.points:.1f}" for part in c.score.parts)
                out.append(f"    {c.total:5.1f}  {c.practice_id}  [{analysis.names.get(c.region_id)}, "
                           f"{p.status}]  {p.title}")
                out.append(f"           = {parts}")
                for cite in data.citations_of(c.practice_id).itertuples():
                    out.append(f"           - {citations.line(cite, lang)}")
            if len(shown) < len(g.candidates):
                out.append(f"    {i18n.t(lang, 'peers.cli_more', n=len(g.candidates) - len(shown))}")
    return "\n".join(out)
