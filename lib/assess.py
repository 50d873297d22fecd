"""Self-assessment for any region (also one not in the data), and checking a draft case file.

Pure module (no Streamlit); views/assess.py renders it.

- `questionnaire(data, lang)`: the questions, derived from the vocabularies in data/schema.yaml and the data: every
  theme that appears in the case files is asked once, in the stage where most regions documented it; the other
  stages it appears in offer it under "other practices"; the five key success factors; the shared indicators
  (published results, optional). Wording from the locale (assess.q.<theme>, else the generic template with the
  theme's label).
- `Answers` -> `profile()` (a lib.peers.Profile) -> `assess()`: the position beside the regions in the data per stage, the gap
  analysis of lib.peers, and the factor comparison.
- Exports: `summary_html()` (self-contained, every data text escaped, numbered references), `summary_pdf()` (the
  same HTML through fpdf2), `draft_yaml()` (a case file that the strict loader accepts and that validates once its
  sources are filled: every empty source list is marked SOURCE_TODO and is the only thing `validate` reports).
- Uploads: `validate_upload()` / `validate_text()`: size limit, strict safe parsing, the same schema and checks as
  `python -m lib validate` (lib.loader.check_text), problems as Issue records. Nothing is written anywhere.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from lib import checks, citations, i18n, loader, pdf, peers, schema, templates, yamlio
from lib.issues import Issue
from lib.values import known

EXAMPLES_PER_QUESTION = 3
"""Peer practices quoted in a question's help text."""

SUMMARY_PER_GAP = 1
"""Peer practices listed per gap in the exported summary (the best-scored)."""

SUMMARY_PER_VISIT = 3
"""Practices named per recommended peer in the exported summary."""

UPLOAD_LIMIT = 200_000
"""Largest draft case file accepted on the page, in bytes (a real case file is well under this)."""

SOURCE_TODO = "# TODO: add at least one source"
"""The YAML comment that marks every empty source list of a draft case file."""


# ---------------------------------------------------------------------------------------------------------------
# The questionnaire

@dataclass(frozen=True)
class Question:
    key: str            # "theme:III:complaints" or "factor:a": stable widget keys
    kind: str           # "theme" | "factor"
    code: str           # theme or factor code
    stage: str | None   # stage code for theme questions
    text: str           # the question, in the chosen language
    label: str          # the theme's or factor's label
    help: str           # what it means, with examples from the data
    regions: int = 0    # how many regions in the data documented it (themes)


@dataclass
class Questionnaire:
    stages: dict[str, list[Question]]   # stage code -> main questions (each theme once, in its home stage)
    more: dict[str, list[Question]]     # stage code -> the other themes seen in that stage in the data
    factors: list[Question]
    indicators: list[str] = field(default_factory=list)  # shared indicator codes (vocabularies.indicators)

    def all_theme_questions(self) -> list[Question]:
        return [q for s in self.stages for q in self.stages[s] + self.more[s]]


def questionnaire(data: peers.PeerData, lang: str) -> Questionnaire:
    """The questions, from the stage, theme and factor vocabularies and the practices in the data.

    Every theme some region documented is asked once, as a main question of its *home* stage: the stage in which
    most regions documented it (ties: the earlier stage). Every other (stage, theme) pair seen in the data is
    offered in `more` of its stage. Main questions are ordered by how many regions documented them there.
    """
    vocab_order = {code: n for n, code in enumerate(schema.codes("themes"))}
    stage_codes = schema.codes("stages")
    strings = i18n.strings(lang)
    names = dict(zip(data.regions["region_id"], data.regions["name"]))
    rows = [(p.stage_code, t, p.region_id, p.title) for p in data.practice_rows() for t in p.themes]
    seen = pd.DataFrame(rows, columns=["stage_code", "theme", "region_id", "title"])
    counts = seen.groupby(["stage_code", "theme"])["region_id"].nunique().to_dict()
    home = {}
    for (stage, theme), n in sorted(counts.items(), key=lambda kv: (stage_codes.index(kv[0][0]), kv[0][1])):
        if theme not in home or n > counts[(home[theme], theme)]:
            home[theme] = stage
    stages: dict[str, list[Question]] = {}
    more: dict[str, list[Question]] = {}
    for stage in stage_codes:
        part = seen[seen["stage_code"] == stage]
        here = sorted({t for s, t in counts if s == stage},
                      key=lambda t: (-counts[(stage, t)], vocab_order.get(t, 99), t))
        questions = []
        for theme in here:
            label = schema.label("themes", theme, lang)
            text = strings.get(f"assess.q.{theme}") or i18n.t(lang, "assess.q_generic", theme=label)
            ex = part[part["theme"] == theme].drop_duplicates("region_id").head(EXAMPLES_PER_QUESTION)
            examples = "; ".join(f"{names.get(r.region_id, r.region_id)}: {r.title}" for r in ex.itertuples())
            help_text = i18n.t(lang, "assess.q_help", theme=label, n=counts[(stage, theme)], examples=examples)
            questions.append(Question(f"theme:{stage}:{theme}", "theme", theme, stage, text, label, help_text,
                                      counts[(stage, theme)]))
        stages[stage] = [q for q in questions if home[q.code] == stage]
        more[stage] = [q for q in questions if home[q.code] != stage]
    factors = []
    for f in schema.vocab("factors"):
        label = schema.label("factors", f["code"], lang)
        desc = f["description"].get(lang) or f["description"]["id"]
        factors.append(Question(f"factor:{f['code']}", "factor", f["code"], None,
                                i18n.t(lang, "assess.q_factor", code=f["code"], name=label), label, desc))
    return Questionnaire(stages, more, factors, schema.codes("indicators"))


# ---------------------------------------------------------------------------------------------------------------
# Answers and the result

@dataclass
class Answers:
    """What the planner answered; everything optional (a blank form is a valid assessment)."""

    name: str = ""
    type: str | None = None          # a code of the region_types vocabulary
    province: str = ""
    lat: float | None = None
    lon: float | None = None
    themes: set = field(default_factory=set)       # {(stage, theme)} in place
    factors: set = field(default_factory=set)      # {factor code} with evidence
    maturity: dict = field(default_factory=dict)   # stage -> self-rated level 0..4 (absent = not rated)
    indicators: set = field(default_factory=set)   # shared indicators with published results (optional)

    @property
    def region_id(self) -> str:
        return region_id_for(self.name)


NAME_MAX, PROVINCE_MAX = 120, 80
LAT, LON = (-11.0, 6.0), (94.0, 142.0)  # Indonesia's extent: the form's coordinate bounds


def answers_to_params(answers: Answers) -> dict[str, str | list[str] | None]:
    """The answers as URL parameters, so that a reload, a bookmark or a shared link keeps them (nothing is
    stored on the server). Keys: name, type, province, lat, lon, theme=<stage>.<theme>, level=<stage>.<0-4>,
    factor, indicator; empty answers are left out."""
    return {
        "name": answers.name.strip() or None, "type": answers.type, "province": answers.province.strip() or None,
        "lat": f"{answers.lat:.4f}" if answers.lat is not None else None,
        "lon": f"{answers.lon:.4f}" if answers.lon is not None else None,
        "theme": sorted(f"{s}.{c}" for s, c in answers.themes),
        "level": [f"{s}.{answers.maturity[s]}" for s in sorted(answers.maturity)],
        "factor": sorted(answers.factors), "indicator": sorted(answers.indicators)}


def answers_from_params(raw: dict[str, list[str]], form: Questionnaire, parsed) -> Answers:
    """Answers read back from URL parameters (see answers_to_params); values that are not possible answers
    are refused into `parsed` (a lib.state.Parsed) for a polite note, never an error."""
    from lib import state

    def number(key, bounds):
        value = (raw.get(key) or [None])[0]
        try:
            number = float(value) if value is not None and len(value) <= 12 else None
        except ValueError:
            number = None
        if value is not None and (number is None or not bounds[0] <= number <= bounds[1]):
            parsed.unknown.append(f"{key}={value[:40]}")
            return None
        return number

    themes = {f"{q.stage}.{q.code}" for q in form.all_theme_questions()}
    levels = {f"{s}.{m['level']}" for s in schema.codes("stages") for m in schema.vocab("maturity")}
    return Answers(
        name=((raw.get("name") or [""])[0])[:NAME_MAX],
        type=state.one(raw.get("type"), schema.codes("region_types"), parsed, "type"),
        province=((raw.get("province") or [""])[0])[:PROVINCE_MAX],
        lat=number("lat", LAT), lon=number("lon", LON),
        themes={tuple(v.split(".", 1)) for v in state.many(raw.get("theme"), themes, parsed, "theme")},
        maturity={v.split(".")[0]: int(v.split(".")[1]) for v in state.many(raw.get("level"), levels, parsed, "level")},
        factors=set(state.many(raw.get("factor"), schema.codes("factors"), parsed, "factor")),
        indicators=set(state.many(raw.get("indicator"), form.indicators, parsed, "indicator")))


def region_id_for(name: str) -> str:
    """A case-file id from a region name: 'Kota Contoh Baru' -> 'contoh_baru' (blank -> 'daerah_baru')."""
    s = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower().strip()
    s = re.sub(r"^(kabupaten|kab\.?|kota|city of|regency of)\s+", "", s)
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")[:40].strip("_")
    if not s:
        return "daerah_baru"
    return s if s[0].isalpha() else f"daerah_{s}"


def profile(answers: Answers) -> peers.Profile:
    return peers.Profile(type=answers.type or None, covered=frozenset(answers.themes),
                         outcomes=len(answers.indicators), region_id=None,
                         name=answers.name.strip())


@dataclass
class Result:
    answers: Answers
    profile: peers.Profile
    analysis: peers.Analysis
    position: pd.DataFrame   # stage_code, ordinal, region, region_id, you, themes, maturity, documented
    stages: pd.DataFrame     # position_table: per stage, you beside the regions in the data (page and summary)
    factors: pd.DataFrame    # factor_code, factor, regions (with evidence), of, you
    lang: str
    date: str


def position(data: peers.PeerData, answers: Answers) -> pd.DataFrame:
    """Per stage and region (those in the data, then "you"): themes covered and assessed maturity (NaN = not assessed)."""
    rows = []
    stage_order = {s: n for n, s in enumerate(schema.codes("stages"), 1)}
    themes = {}
    for p in data.practice_rows():
        themes.setdefault((p.region_id, p.stage_code), set()).update(p.themes)
    for r in data.stages.itertuples():
        documented = bool(known(r.documented) and r.documented)   # a missing assessment is not documented
        rows.append((r.stage_code, stage_order[r.stage_code], r.region, r.region_id, False,
                     len(themes.get((r.region_id, r.stage_code), ())),
                     float(r.maturity) if documented and known(r.maturity) else float("nan"), documented))
    for stage, n in stage_order.items():
        level = answers.maturity.get(stage)
        rows.append((stage, n, None, None, True, sum(1 for s, _ in answers.themes if s == stage),
                     float(level) if level is not None else float("nan"), level is not None))
    return pd.DataFrame(rows, columns=["stage_code", "ordinal", "region", "region_id", "you", "themes", "maturity",
                                       "documented"])


def assess(data: peers.PeerData, answers: Answers, lang: str, today: dt.date | None = None) -> Result:
    """The result of a self-assessment: position, gap analysis (lib.peers) and success factors."""
    prof = profile(answers)
    analysis = peers.analyse(data, prof, lang)
    fm = data.factors if data.factors is not None else pd.DataFrame(columns=["factor_code", "evidenced", "region"])
    factors = []
    for f in schema.codes("factors"):
        part = fm[fm["factor_code"] == f]
        factors.append((f, schema.label("factors", f, lang), int(part["evidenced"].sum()), len(part),
                        f in answers.factors))
    placed = position(data, answers)
    return Result(answers, prof, analysis, placed, position_table(placed, lang),
                  pd.DataFrame(factors, columns=["factor_code", "factor", "regions", "of", "you"]), lang,
                  (today or dt.date.today()).isoformat())


# ---------------------------------------------------------------------------------------------------------------
# The summary: HTML (self-contained) and PDF (the same HTML through fpdf2)

def summary_body(data: peers.PeerData, result: Result) -> tuple[str, citations.Numbering]:
    """The summary's body as simple HTML (h1-h3, p, ul/ol, table, b, i, a): shared by the HTML and the PDF."""
    lang, a, an = result.lang, result.answers, result.analysis
    refs = citations.Numbering(lang)
    visits = [(v, [(data.practice(c.practice_id).title, refs.cite(data.citations_of(c.practice_id)))
                   for c in _best_practices(an, v.region_id, SUMMARY_PER_VISIT)]) for v in an.visits]
    gaps = [(stage, schema.label("stages", stage, lang),
             [(schema.label("themes", g.theme_code, lang),
               [(an.names.get(c.region_id), data.practice(c.practice_id).title, f"{c.total:.0f}",
                 refs.cite(data.citations_of(c.practice_id))) for c in g.candidates[:SUMMARY_PER_GAP]],
               len(g.candidates) - SUMMARY_PER_GAP) for g in stage_gaps])
            for stage, stage_gaps in an.gaps.items()]
    body = templates.render(
        "assess_summary.html.j2", t=lambda key, **kw: i18n.t(lang, key, **kw), date=result.date,
        name=a.name.strip() or i18n.t(lang, "assess.unnamed"), province=a.province.strip(),
        kind=schema.label("region_types", a.type, lang) if a.type else i18n.t(lang, "assess.type_unknown"),
        regions=len(data.regions), position=result.stages.itertuples(),
        results=", ".join(schema.label("indicators", c, lang) for c in schema.codes("indicators")
                          if c in a.indicators) or i18n.t(lang, "assess.results_none"),
        visits=visits, gaps=gaps, factors=result.factors.itertuples(), refs=refs)
    return body, refs


def _best_practices(analysis: peers.Analysis, region_id: str, n: int) -> list[peers.Candidate]:
    return [c for c in analysis.ranked if c.region_id == region_id][:n]


def position_table(pos: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per stage: your themes and level beside the regions in the data (range and median of themes, the levels
    assessed), from `position`. Built once with the result (Result.stages), which sessions share."""
    rows = []
    for stage in schema.codes("stages"):
        part = pos[pos["stage_code"] == stage]
        others, you = part[~part["you"]], part[part["you"]].iloc[0]
        levels = others["maturity"].dropna().astype(int)
        rows.append({
            "stage_code": stage, "stage": f"{stage} · {schema.label('stages', stage, lang)}",
            "you_themes": int(you["themes"]),
            "peer_themes": i18n.t(lang, "assess.range", lo=int(others["themes"].min()),
                                  hi=int(others["themes"].max()), median=f"{others['themes'].median():g}")
                           if len(others) else "—",
            "you_level": (f"{int(you['maturity'])}/4" if known(you["maturity"])
                          else i18n.t(lang, "assess.not_rated")),
            "peer_levels": (i18n.t(lang, "assess.levels", levels=", ".join(str(v) for v in sorted(levels)),
                                   n=len(levels), of=len(others)) if len(levels)
                            else i18n.t(lang, "common.not_documented")),
        })
    return pd.DataFrame(rows)


def factor_table(result: Result) -> pd.DataFrame:
    """Per success factor: whether you have evidence (yes/no in the reading language) and how many regions in the
    data do, as 'regions/of'."""
    f = result.factors
    yes, no = i18n.t(result.lang, "assess.answer_yes"), i18n.t(result.lang, "assess.answer_no")
    return pd.DataFrame({"factor_code": f["factor_code"], "factor": f["factor"],
                         "you": [yes if you else no for you in f["you"]],
                         "peers": [f"{n}/{of}" for n, of in zip(f["regions"], f["of"])]})


def summary_html(data: peers.PeerData, result: Result) -> str:
    """A self-contained HTML page (no scripts, no external files; every data text escaped)."""
    body, _ = summary_body(data, result)
    name = result.answers.name.strip() or i18n.t(result.lang, "assess.unnamed")
    return templates.page(result.lang, i18n.t(result.lang, "assess.summary_title", name=name), body)


def summary_pdf(data: peers.PeerData, result: Result, font_dir: Path | None = pdf.FONT_DIR) -> bytes:
    """The summary as PDF: the same HTML body, through the project's one PDF machinery (lib/pdf.py)."""
    body, _ = summary_body(data, result)
    name = result.answers.name.strip() or i18n.t(result.lang, "assess.unnamed")
    return pdf.from_html(body, i18n.t(result.lang, "assess.summary_title", name=name), "reform-benchmark /assess",
                         font_dir)


# ---------------------------------------------------------------------------------------------------------------
# The draft case file

def _both(key: str, **values) -> CommentedMap:
    """{id, en} of one locale key, each language's text filled in."""
    return CommentedMap((lg, i18n.t(lg, key, **values)) for lg in i18n.LANGS)


def _note(m: CommentedMap, key: str, value, comment: str) -> None:
    """m[key] = value with an end-of-line comment (ruamel.yaml puts it two spaces after a scalar)."""
    m[key] = value
    m.yaml_add_eol_comment(comment, key)


def _no_sources(m: CommentedMap, indent: int) -> None:
    """An empty source list marked SOURCE_TODO: the one thing `validate` reports until the author fills it. The
    comment's column is absolute and given (after a flow list ruamel.yaml would leave one space, not two)."""
    m["sources"] = _flow([])
    m.yaml_add_eol_comment(SOURCE_TODO, "sources", column=indent + len("sources: []  "))


def _flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def draft_yaml(answers: Answers, today: dt.date | None = None) -> str:
    """A draft case file from the answers. It passes the strict loader; against the schema and checks it fails only
    on the empty source lists, each on a line marked SOURCE_TODO; once those are filled it validates. Values the
    answers did not give are placeholders whose line says TODO (see `todo_lines`). Built as data and written by
    ruamel.yaml, which keeps the guiding comments and quotes every text safely."""
    today = today or dt.date.today()
    rid, name, province = answers.region_id, answers.name.strip(), answers.province.strip()
    d = CommentedMap()
    d.yaml_set_start_comment("\n".join([i18n.t("en", "assess.draft.header", date=today.isoformat()),
                                        i18n.t("id", "assess.draft.header", date=today.isoformat()),
                                        i18n.t("en", "assess.draft.how"),
                                        i18n.t("en", "assess.draft.check", file=f"{rid}.yaml")]))
    d["id"] = rid
    if name:
        d["name"] = name
    else:
        _note(d, "name", "TODO: " + i18n.t("id", "assess.draft.name_todo"), "# TODO: official name")
    types = schema.codes("region_types")
    if answers.type in types:
        d["type"] = answers.type
    else:
        _note(d, "type", types[0], f"# TODO: placeholder, write {' or '.join(types)}")
    if province:
        d["province"] = province
    else:
        _note(d, "province", "TODO: " + i18n.t("id", "assess.draft.province_todo"), "# TODO: province")
    d["location"] = where = CommentedMap()
    if answers.lat is not None and answers.lon is not None:
        where["lat"], where["lon"] = float(answers.lat), float(answers.lon)
    else:
        placeholder = "# TODO: placeholder (centre of Indonesia), write the region's coordinates"
        _note(where, "lat", -2.5, placeholder)
        _note(where, "lon", 118, placeholder)
        _note(where, "derived", True, "# TODO: remove once the coordinates are the region's own")
        where["note"] = _both("assess.draft.location_todo")
    _no_sources(where, 2)
    stage_order, theme_order = schema.codes("stages"), schema.codes("themes")
    chosen = sorted(answers.themes, key=lambda st: (stage_order.index(st[0]), theme_order.index(st[1])))
    d["summary"] = _both("assess.draft.summary", name=name or "TODO", n=len(chosen),
                         stages=", ".join(sorted({s for s, _ in chosen}, key=stage_order.index)) or "-")
    _no_sources(d, 0)
    d["practices"] = practices = CommentedSeq() if chosen else _flow([])
    d.yaml_set_comment_before_after_key("practices", before="\n".join([
        i18n.t("en", "assess.draft.source_example"), "- id: S1", '  title: "Title of the document"',
        f"  kind: government  # one of: {', '.join(schema.codes('source_kinds'))}", '  publisher: "Publisher"',
        f"  year: {today.year}", '  url: "https://..."']))
    for stage, theme in chosen:
        labels = {lg: schema.label("themes", theme, lg) for lg in i18n.LANGS}
        p = CommentedMap([("id", f"{rid}-{stage.lower()}-{theme.replace('_', '-')}"), ("stage", stage),
                          ("themes", _flow([theme])), ("title", CommentedMap(labels))])
        p["summary"] = CommentedMap((lg, i18n.t(lg, "assess.draft.practice_todo", stage=stage, theme=labels[lg]))
                                    for lg in i18n.LANGS)
        p["summary"].yaml_add_eol_comment("# TODO: describe the practice", "id")
        p["status"] = CommentedMap([("code", "running"), ("year", today.year),
                                    ("note", _both("assess.draft.status_note"))])
        _no_sources(p["status"], 6)
        _no_sources(p, 4)
        practices.append(p)
    d["stages"] = stages = CommentedMap()
    for stage in stage_order:
        level = answers.maturity.get(stage)
        reported = {lg: ", ".join(schema.label("themes", t, lg) for s, t in chosen if s == stage)
                    for lg in i18n.LANGS}
        if level is not None:
            stages[stage] = CommentedMap([("documented", True), ("maturity", int(level)), ("rationale", CommentedMap(
                (lg, i18n.t(lg, "assess.draft.stage_rated", level=int(level), themes=reported[lg] or "-"))
                for lg in i18n.LANGS))])
            _no_sources(stages[stage], 4)
        else:
            key = "assess.draft.stage_unrated_with" if reported["id"] else "assess.draft.stage_unrated"
            stages[stage] = CommentedMap([("documented", False), ("rationale", CommentedMap(
                (lg, i18n.t(lg, key, themes=reported[lg])) for lg in i18n.LANGS))])
    d["factors"] = factors = CommentedMap()
    for f in schema.codes("factors"):
        if f in answers.factors:
            text = CommentedMap((lg, i18n.t(lg, "assess.draft.factor_yes", name=schema.label("factors", f, lg)))
                                for lg in i18n.LANGS)
            text.yaml_add_eol_comment("# TODO: describe the evidence", "id")
            factors[f] = CommentedMap([("evidenced", True), ("text", text)])
            _no_sources(factors[f], 4)
        else:
            factors[f] = CommentedMap([("evidenced", False), ("text", _both("assess.draft.factor_no"))])
    out = io.StringIO()
    writer = YAML()
    writer.width = 4096                      # one line a value: the TODO comments stay on the line they mark
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.dump(d, out)
    reported = [c for c in schema.codes("indicators") if c in answers.indicators]
    if reported:
        out.write("\n".join(["# " + i18n.t("en", "assess.draft.outcomes_todo", codes=", ".join(reported)),
                             "# outcomes:", f"#   - id: {rid}-o-{reported[0].replace('_', '-')}-{today.year}",
                             f"#     indicator: {reported[0]}", '#     label: {id: "...", en: "..."}',
                             "#     value: 0", f"#     year: {today.year}",
                             '#     sources: [{ref: S1, at: "p. 1"}]']) + "\n")
    return out.getvalue()


def todo_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line still marked TODO, comments and placeholder text alike."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if "TODO" in line]


# ---------------------------------------------------------------------------------------------------------------
# Checking an uploaded draft (nothing is written to disk; the text is never executed or rendered as HTML)

def shown_name(name: str | None) -> str:
    """The uploaded file's name as shown in problems: its last path part, printable, at most 100 characters."""
    base = Path(str(name or "")).name
    base = "".join(ch for ch in base if ch.isprintable())[:100]
    return base or "upload.yaml"


def validate_upload(raw: bytes, name: str | None, against: Path | None = None) -> list[Issue]:
    """Problems of an uploaded case file: size, encoding, then `validate_text`."""
    shown = shown_name(name)
    text, problems = yamlio.decode(raw, shown, UPLOAD_LIMIT)
    return problems if text is None else validate_text(text, shown, against)


def validate_text(text: str, name: str, against: Path | None = None) -> list[Issue]:
    """The problems `python -m lib validate` would report for this text saved as `name` (strict safe parsing,
    schema, in-file checks; with `against`, ids are also checked for clashes with that folder's case files,
    the file of the same name excepted). Line numbers are 1-based."""
    shown = shown_name(name)
    too_large = yamlio.too_large(len(text.encode("utf-8", "surrogatepass")), shown, UPLOAD_LIMIT)
    if too_large:
        return too_large
    f, problems = loader.check_text(text, shown, Path(shown).stem)
    if f is not None and against is not None and Path(against).is_dir():
        catalog = loader.load_all(Path(against))
        others = [checks.Parsed(file, rid, "", data) for rid, data in catalog.regions.items()
                  if Path(file := catalog.region_files[rid]).name != shown]
        problems = problems + checks.check_across(others + [f]).get(shown, [])
    return problems
