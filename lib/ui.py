"""Shared page furniture (Streamlit importer): language, URL state, warnings, citations."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os

import pandas as pd
import streamlit as st

from lib import cached, citations, i18n, mdtext, state, values


def lang() -> str:
    """The reading language: ?lang= if valid, else this session's last choice, else Indonesian.

    The choice is kept in the session and written back into the URL, so that moving to another page
    (which starts with a fresh URL) keeps the language and the URL stays shareable.
    """
    value = st.query_params.get("lang")
    if value in i18n.LANGS:
        st.session_state["lang"] = value
        return value
    value = st.session_state.get("lang", i18n.DEFAULT)
    if value != i18n.DEFAULT:
        st.query_params["lang"] = value
    return value


def t(key: str, **values) -> str:
    return i18n.t(lang(), key, **values)


def params() -> dict[str, list[str]]:
    """All query parameters as key -> list of values."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def page_url(page: str, **values) -> str:
    """A link to another page with its URL state (lists become repeated keys), in the reader's language."""
    return state.page_url(lang(), page, **values)


def set_params(**values) -> None:
    """Write the view's state into the URL (None or empty removes a key); keeps lang."""
    for key, value in values.items():
        if value in (None, "", []):
            if key in st.query_params:
                del st.query_params[key]
        elif isinstance(value, (list, tuple)):
            st.query_params[key] = [str(v) for v in value]
        else:
            st.query_params[key] = str(value)


def _mark(value) -> tuple:
    return (tuple(value) if isinstance(value, list) else value, lang())


def bind(key: str, url_value) -> None:
    """Let the URL, not the widget's memory, be the state of widget `key` (call before drawing it, with no
    default of its own). The widget starts from the URL value, and starts again from it whenever the URL or the
    language changed since this session last wrote them: a shared link, Back or Forward, or the language switch,
    which relabels the options (Streamlit would otherwise keep the old labels and lose the codes)."""
    if key not in st.session_state or st.session_state.get(f"_url.{key}") != _mark(url_value):
        st.session_state[key] = list(url_value) if isinstance(url_value, (list, tuple)) else url_value
        keep(key, url_value)


def keep(key: str, value) -> None:
    """Record what widget `key` wrote into the URL, so that the next rerun knows the URL was not changed elsewhere."""
    st.session_state[f"_url.{key}"] = _mark(value)


def refused(parsed: state.Parsed) -> None:
    """A friendly note for URL values that were not understood."""
    if parsed.unknown:
        st.info(t("common.unknown_params", values=", ".join(mdtext.escape(v) for v in parsed.unknown)))


def load_warning() -> None:
    """Visible warnings: files edited into a broken state (last good data still served), and files skipped."""
    store = cached.store()
    issues = store.issues()
    held = cached.held_back()
    if store.warning:
        st.warning(t(f"store.{store.warning}"))
    gone = cached.removed()
    if gone:
        st.warning(t("store.removed", n=len(gone), regions=", ".join(gone)))
    if held:
        st.warning(t("common.held_back", n=len({i.file for i in held})))
        st.code("\n".join(map(str, held)), language=None)
    if issues:
        files = sorted({i.file for i in issues})
        with st.expander(t("common.skipped_files", n=len(files)), expanded=False, icon="⚠️"):
            st.code("\n".join(map(str, issues)), language=None)


def cite_list(cites) -> None:
    """Render citations (rows with title, url, publisher, year, locator) as a compact markdown list."""
    text = citations.markdown(cites, lang())
    if text:
        st.markdown(text)


def report_template() -> str:
    """The issue tracker's new-issue URL template (REFORM_REPORT_URL in secrets or the environment), or ''."""
    try:
        value = st.secrets.get("REFORM_REPORT_URL")
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        value = None
    return str(value or os.environ.get("REFORM_REPORT_URL", "")).strip()


@st.cache_resource(show_spinner=False, max_entries=1)
def _package_zip(_store, path: str) -> bytes:
    from lib import package
    return package.zip_bytes(_store)


def package_zip(store) -> bytes:
    """The data package as a zip, built once per database file (= data version), on the first download."""
    return _package_zip(store, str(store.path))


def count(n: int) -> str:
    """A whole number with the reader's thousands separator: 15.420 in Indonesian, 15,420 in English."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang() == "id" else text


known = values.known




@st.cache_data(show_spinner=False, max_entries=32)
def upload_check(raw: bytes, name: str, folder: str, data_version: str) -> tuple[list, list]:
    """An uploaded draft's problems and TODO lines (ids checked against `folder`), checked once per content and
    data version: a rerun does not check again. The check runs in a worker process (lib/uploadcheck.py), so that
    other sessions' pages do not wait on it."""
    from lib import uploadcheck
    return uploadcheck.check(raw, name, folder)


@st.cache_resource(show_spinner=False)
def glossary_entries() -> list:
    """The glossary, read and validated once per process."""
    from lib import glossary
    return glossary.load()


@st.cache_resource(show_spinner=False)
def glossary_categories() -> list:
    """The glossary's categories, read and validated once per process (reading them on every rerun was a large
    part of the glossary page's time: docs/performance.md)."""
    from lib import glossary
    return glossary.categories()


def linked(text) -> str:
    """Escaped Markdown of data text with glossary terms linked to their definition (shown on hover)."""
    return mdtext.linked(text, glossary_entries(), lang())


def status_badge(status: str, year, lg: str | None = None) -> str:
    """Markdown badge for a practice status with the year of its latest evidence (in `lg`, default the reader's)."""
    return mdtext.status_badge(status, year, lg or lang())


@st.cache_resource(show_spinner=False, max_entries=8)
def _peer_data(_store, path: str, lang_code: str):
    from lib import peers
    return peers.load(_store, lang_code)


def peer_data(store, lang_code: str):
    """The peer analysis' inputs, read once per database file and language (the peers and self-assessment pages;
    at hundreds of regions reading them on every rerun is slow: docs/performance.md)."""
    return _peer_data(store, str(store.path), lang_code)


@st.cache_resource(show_spinner=False, max_entries=8)
def _questionnaire(_store, path: str, lang_code: str):
    from lib import assess
    return assess.questionnaire(peer_data(_store, lang_code), lang_code)


def questionnaire(store, lang_code: str):
    """The self-assessment's questions, built once per database file and language (a quarter of a second at
    514 regions, on every click of the form otherwise)."""
    return _questionnaire(store, str(store.path), lang_code)


@st.cache_resource(show_spinner=False, max_entries=8)  # ~130,000 objects each at 514 regions
def _peer_analysis(_store, path: str, lang_code: str, region_id: str):
    from lib import peers
    return peers.analyse_region(peer_data(_store, lang_code), region_id, lang_code)


def peer_analysis(store, lang_code: str, region_id: str):
    """A region's peer analysis, once per database file, language and region: opening a stage tab or the
    show-all toggle reruns the page, and at 514 regions the analysis takes a quarter of a second."""
    return _peer_analysis(store, str(store.path), lang_code, region_id)


@st.cache_resource(show_spinner=False, max_entries=16)
def _assessment(_store, path: str, lang_code: str, key: str, today: str, _answers):
    from lib import assess
    return assess.assess(peer_data(_store, lang_code), _answers, lang_code, dt.date.fromisoformat(today))


def assessment(store, lang_code: str, answers):
    """A self-assessment's result, once per database file, language, day and set of answers: the page reruns on
    every click that changes no answer (the more-practices toggle, the downloads), and at hundreds of regions the
    blank form's analysis, with every peer practice a candidate, is slow (docs/performance.md)."""
    key = json.dumps(dataclasses.asdict(answers), sort_keys=True, default=sorted)
    return _assessment(store, str(store.path), lang_code, key, dt.date.today().isoformat(), answers)


@st.cache_resource(show_spinner=False, max_entries=8)
def _citations_of(_store, path: str, subject_type: str):
    """All citations of one subject type, grouped by subject (queries.Grouped), read once per database file.

    Pages list dozens of practice cards; fetching each card's citations with its own query cost a
    query per card. `path` is the cache key (the store itself is not hashed).
    """
    from lib import queries
    ids = [r[0] for r in _store.rows("SELECT DISTINCT subject_id FROM citations WHERE subject_type = ?",
                                     [subject_type])]
    return queries.Grouped(queries.citations(_store, subject_type, ids), "subject_id")


def practice_card(store, practice, expanded: bool = False) -> None:
    """One practice with stage, year, status, themes, factors and its citations (status sources too): an expander
    holding one Markdown block, built once per practice, language and data version for every session (a page
    lists dozens of cards; drawn element by element they were most of the region and search pages' time)."""
    year = str(int(practice.year_start)) if known(practice.year_start) else t("practice.year_unknown")
    with st.expander(f"{practice.stage_code} · {year} · {mdtext.escape(practice.title)}", expanded=expanded):
        st.markdown(_card_body(str(store.path), lang(), practice.practice_id, store, practice))


@st.cache_resource(show_spinner=False, max_entries=50_000)  # a string of ~2 kB each
def _card_body(path: str, lg: str, practice_id: str, _store, _practice) -> str:
    """The card's Markdown; the key is (database file, language, practice), which determine the row's content."""
    from lib import queries, schema

    def tr(key: str, **values) -> str:
        return i18n.t(lg, key, **values)
    p = _practice
    parts = [status_badge(p.status, p.status_year, lg), mdtext.linked(p.summary, glossary_entries(), lg)]
    if known(p.year_note):
        parts.append(mdtext.small(tr("practice.year_note") + " " + mdtext.escape(p.year_note)))
    if known(p.status_note):
        parts.append(mdtext.small(tr("practice.status_note") + " " + mdtext.escape(p.status_note)))
    if known(p.replaced_by):
        parts += [mdtext.small(tr("practice_page.replaced_by", title=f"[{mdtext.escape(x.title)}]"
                                  f"({state.page_url(lg, 'practice', practice=x.practice_id)})"))
                  for x in queries.practice_links(_store, lg, practice_id).itertuples()
                  if x.relation == "replaced_by"]
    tags = [schema.label("themes", c, lg) for c in p.themes]
    tags += [f"({c}) {schema.label('factors', c, lg)}" for c in p.factors]
    if tags:
        parts.append(mdtext.small(" · ".join(mdtext.escape(x) for x in tags)))
    parts.append(f"**{tr('practice.sources')}**")
    parts.append(citations.markdown(_citations_of(_store, path, "practice").get(practice_id), lg))
    parts.append(f"[{tr('practice.open_page')}]({state.page_url(lg, 'practice', practice=practice_id)})")
    status_cites = _citations_of(_store, path, "status").get(practice_id)
    if len(status_cites):
        parts += [f"**{tr('practice.status_sources')}**", citations.markdown(status_cites, lg)]
    return "\n\n".join(x for x in parts if x)


def pager(script: str, page: int, pages: int) -> None:
    """Previous / "page n of m" / next links that keep the rest of the URL (lists of results too long to show at
    once: search hits, the stage explorer's rows)."""
    if pages <= 1:
        return
    prev_col, mid_col, next_col = st.columns([1, 2, 1])
    here = {k: v for k, v in params().items() if k != "page"}
    if page > 1:
        prev_col.page_link(script, label=t("search.previous"), icon=":material/arrow_back:",
                           query_params={**here, "page": str(page - 1)} if page > 2 else here)
    mid_col.caption(t("search.page_n", page=page, pages=pages))
    if page < pages:
        next_col.page_link(script, label=t("search.next"), icon=":material/arrow_forward:",
                           query_params={**here, "page": str(page + 1)})


def table(frame: pd.DataFrame, name: str, *, download=None, api: str | None = None, **dataframe_args):
    """st.dataframe plus CSV (UTF-8 with BOM) and XLSX downloads of the same rows (built on click).

    `download` is the frame offered for download when it should differ from the one shown (e.g. with the full
    citations where the screen shows source ids), or a function that returns it, called only on a click;
    by default the shown frame. Downloads carry the column labels the reader saw. `api` is the URL of the same
    data in the read-only API (lib/api.py), linked beside the downloads.
    """
    from lib import export
    config = dataframe_args.get("column_config") or {}
    shown = st.dataframe(_dashed(frame), **dataframe_args)

    def data() -> pd.DataFrame:
        chosen = download() if callable(download) else download
        return _labelled(frame if chosen is None else chosen, config)
    key = dataframe_args.get("key") or name
    row = st.container(horizontal=True)  # buttons as wide as their labels, also in a narrow column
    row.download_button("CSV", lambda: export.csv_bytes(data()), file_name=f"{name}.csv", mime="text/csv",
                        key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    row.download_button("XLSX", lambda: export.xlsx_bytes({name: data()}), file_name=f"{name}.xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        key=f"{key}_xlsx", icon=":material/download:", on_click="ignore")
    if api:
        row.link_button(t("api.link"), api, icon=":material/api:", help=t("api.help"))
    return shown


NOT_DOCUMENTED = "—"  # how a missing text value shows in a table: not given by the sources


def _dashed(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing text shows as a dash, never as "None" (number columns show an empty cell by themselves)."""
    text = [c for c in frame.columns if frame[c].dtype == object and frame[c].isna().any()]
    return frame.assign(**{c: frame[c].where(frame[c].notna(), NOT_DOCUMENTED) for c in text}) if text else frame


def _labelled(frame: pd.DataFrame, config: dict) -> pd.DataFrame:
    """The frame with the column labels the reader saw (column_config labels), for downloads."""
    names = {}
    for col, conf in config.items():
        if isinstance(conf, str):
            names[col] = conf
        elif isinstance(conf, dict) and conf.get("label"):
            names[col] = conf["label"]
    cols = [c for c in frame.columns if config.get(c, True) is not None]
    return frame[cols].rename(columns=names)


def years_line(low, high) -> list[str]:
    """The data's year range as a subtitle line (empty when unknown)."""
    if not (known(low) and known(high)):
        return []
    return [t("export.year", year=int(low))] if int(low) == int(high) else [t("export.years", start=int(low),
                                                                               end=int(high))]


def chart(build, args: tuple, name: str, title: str, subtitle: list[str], *, fit: str | None = None,
          show_title: bool = True, width="stretch") -> bool:
    """The chart `build(*args)` (a lib.charts builder) on screen, with PNG (2x) and SVG downloads that look the same and always carry the
    title and the subtitle lines (year range, source line). Returns False when the builder had nothing to draw.

    The builder runs once per distinct input for all sessions (cached.chart_spec); a rerun only sends the spec.
    fit: "fit-x" or "pad" keeps the builder's plot height on screen (Streamlit would otherwise squeeze title,
    axes and legend into it); None leaves Streamlit's sizing.
    """
    from lib import export
    lines = tuple(subtitle)
    screen = cached.chart_spec(build.__name__, args, title if show_title else None, lines if show_title else None, fit)
    if screen is None:
        return False
    st.vega_lite_chart(screen, width=width, alt=title)
    spec = lambda: cached.chart_spec(build.__name__, args, title, lines, None)  # noqa: E731 (the export, built on click)
    row = st.container(horizontal=True)
    row.download_button("PNG", lambda: export.png_bytes(spec()), file_name=f"{name}.png", mime="image/png",
                        key=f"{name}_png", icon=":material/image:", on_click="ignore")
    row.download_button("SVG", lambda: export.svg_text(spec()), file_name=f"{name}.svg", mime="image/svg+xml",
                        key=f"{name}_svg", icon=":material/image:", on_click="ignore")
    return True


def brief_downloads(store, region_ids: list[str]) -> None:
    """Two buttons that build the cited comparison brief (HTML, PDF) in the reader's language, on click."""
    from lib import brief
    lg, stem = lang(), "brief-" + "-".join(region_ids)
    row = st.container(horizontal=True)
    row.download_button(t("brief.download_html"), lambda: brief.to_html(brief.build(store, region_ids, lg)),
                        file_name=f"{stem}.html", mime="text/html", icon=":material/description:",
                        key="brief_html", on_click="ignore")
    row.download_button(t("brief.download_pdf"), lambda: brief.to_pdf(brief.build(store, region_ids, lg)),
                        file_name=f"{stem}.pdf", mime="application/pdf", icon=":material/picture_as_pdf:",
                        key="brief_pdf", on_click="ignore")


def region_picker(ids: list[str], names: dict, chosen: str | None, *, key: str, label: str,
                  placeholder: str) -> str | None:
    """The region select box of the region and peers pages: two fifths of the width, in step with the URL's
    region (`chosen`); returns the region picked, or None."""
    pick_col, _ = st.columns([2, 3])
    with pick_col:
        bind(key, chosen)
        chosen = st.selectbox(label, ids, format_func=lambda rid: names.get(rid, rid), placeholder=placeholder,
                              key=key)
        keep(key, chosen)
    return chosen


def visit_cards(visits, *, scores: bool) -> None:
    """The peers worth visiting, side by side (peers page and self-assessment): the reason, a link to the
    profile, the sources. With `scores` (the peers page) the name is a heading and the card says its score."""
    if not visits:
        st.info(t("peers.no_visits"))
        return
    for n, (col, visit) in enumerate(zip(st.columns(len(visits)), visits), 1):
        with col, st.container(border=True):
            if scores:
                st.subheader(f"{n}. {mdtext.escape(visit.name)}")
            else:
                st.markdown(f"**{n}. {mdtext.escape(visit.name)}**")
            st.markdown(mdtext.escape(visit.reason))
            if scores:
                st.caption(t("peers.visit_score_first" if n == 1 else "peers.visit_score",
                             score=f"{visit.relevance.total:.0f}", fills=len(visit.fills), new=len(visit.new)))
            st.markdown(f"[{t('peers.profile_link', name=mdtext.escape(visit.name))}]"
                        f"({page_url('region', region=visit.region_id)})")
            with st.expander(t("peers.visit_sources", n=visit.citations["source_id"].nunique())):
                cite_list(visit.citations.drop_duplicates(["source_id", "locator"]))


def peer_scores(analysis, data, name: str) -> None:
    """The peer ranking's score table with every part of every score (peers and self-assessment pages)."""
    from lib import peers
    pts = {"format": "%.1f"}
    table(peers.score_table(analysis, data).drop(columns="practice_id"), name, hide_index=True, width="stretch",
          column_config={
              "region": st.column_config.TextColumn(t("common.region")),
              "stage_code": st.column_config.TextColumn(t("common.stage")),
              "title": st.column_config.TextColumn(t("peers.c_practice"), width="medium"),
              **{k: st.column_config.NumberColumn(t(f"peers.part.{k}"), **pts) for k in peers.WEIGHTS},
              "relevance": st.column_config.NumberColumn(t("peers.group_relevance"), **pts),
              "evidence": st.column_config.NumberColumn(t("peers.group_evidence"), **pts),
              "total": st.column_config.NumberColumn(t("peers.c_total"), **pts)})


def gap_tabs(store, data, analysis, *, top: int | None, key: str, more, stage: str | None = None,
             on_stage=None) -> None:
    """A peer analysis' gaps, one tab a stage, each gap with its best `top` candidate practices as cards (None:
    all). Only the open tab is built: at 514 regions a region has ~90 gaps and ~270 cards. `stage` opens a tab;
    `on_stage(code)` hears which one the reader opens (the peers page writes it into the URL). `more(n)`: the
    caption that tells how to see the n candidates left out (it names the page's own control)."""
    from lib import schema
    lg, names = lang(), analysis.names
    codes = list(analysis.gaps)
    labels = [f"{code} · {len(analysis.gaps[code])}" for code in codes]

    def opened() -> None:
        if on_stage:
            on_stage(dict(zip(labels, codes)).get(st.session_state.get(key)))

    tabs = st.tabs(labels, default=labels[codes.index(stage)] if stage in codes else None, key=key,
                   on_change=opened)
    for tab, code in zip(tabs, codes):
        if tab.open is False:
            continue
        gaps = analysis.gaps[code]
        with tab:
            st.markdown(f"**{code} — {mdtext.escape(schema.label('stages', code, lg))}**")
            own = sorted(schema.label("themes", th, lg) for s, th in analysis.profile.covered if s == code)
            st.caption(t("peers.own_themes", themes=mdtext.escape(", ".join(own))) if own else t("peers.own_none"))
            if not gaps:
                st.info(t("peers.no_gaps"))
                continue
            for gap in gaps:
                st.markdown(f"##### {mdtext.escape(schema.label('themes', gap.theme_code, lg))}")
                st.caption(t("peers.gap_line", n=len(gap.candidates),
                             peers=", ".join(mdtext.escape(names.get(r, r)) for r in gap.peers)))
                shown = gap.candidates[:top] if top else gap.candidates
                for cand in shown:
                    row = data.practice(cand.practice_id)
                    practice_card(store, row._replace(title=t(
                        "peers.card", region=names.get(cand.region_id, cand.region_id), title=row.title,
                        score=f"{cand.total:.0f}")))
                if len(shown) < len(gap.candidates):
                    st.caption(more(len(gap.candidates) - len(shown)))


def practice_filters(provinces: list[str], prefix: str, columns: int = 4):
    """The stage explorer's filters (stage, status, theme, factor, type, province, years): read from the URL,
    shown as widgets, written back to the URL. Returns the PracticeFilter. Used by the explorer and search."""
    from lib import queries, schema
    lg, raw, parsed = lang(), params(), state.Parsed()
    flt = queries.PracticeFilter(
        stages=state.many(raw.get("stage"), schema.codes("stages"), parsed, "stage"),
        themes=state.many(raw.get("theme"), schema.codes("themes"), parsed, "theme"),
        factors=state.many(raw.get("factor"), schema.codes("factors"), parsed, "factor"),
        types=state.many(raw.get("type"), schema.codes("region_types"), parsed, "type"),
        provinces=state.many(raw.get("province"), provinces, parsed, "province"),
        statuses=state.many(raw.get("status"), schema.codes("statuses"), parsed, "status"),
        year_from=state.year(raw.get("year_from"), parsed, "year_from"),
        year_to=state.year(raw.get("year_to"), parsed, "year_to"),
    )
    refused(parsed)
    cols = st.columns(columns)

    def pick(n, label_key, key, options, chosen, fmt):
        bind(f"{prefix}_{key}", chosen)
        value = cols[n % columns].multiselect(t(label_key), options, format_func=fmt, key=f"{prefix}_{key}",
                                              placeholder=t("stages.any"))
        keep(f"{prefix}_{key}", value)
        return value

    def year_input(n, label_key, key, chosen):
        bind(f"{prefix}_{key}", chosen)
        value = cols[n % columns].number_input(t(label_key), 1945, 2100, step=1, key=f"{prefix}_{key}",
                                               placeholder="—")
        keep(f"{prefix}_{key}", value)
        return value

    flt.stages = pick(0, "common.stage", "stage", schema.codes("stages"), flt.stages,
                      lambda c: f"{c} — {schema.label('stages', c, lg)}")
    flt.themes = pick(1, "stages.theme", "theme", schema.codes("themes"), flt.themes,
                      lambda c: schema.label("themes", c, lg))
    flt.types = pick(2, "common.type", "type", schema.codes("region_types"), flt.types,
                     lambda c: schema.label("region_types", c, lg))
    flt.statuses = pick(4, "stages.status", "status", schema.codes("statuses"), flt.statuses,
                        lambda c: schema.label("statuses", c, lg))
    flt.factors = pick(5, "stages.factor", "factor", schema.codes("factors"), flt.factors,
                       lambda c: f"({c}) {schema.label('factors', c, lg)}")
    flt.provinces = pick(6, "common.province", "province", provinces, flt.provinces, str)
    flt.year_from = year_input(3, "stages.year_from", "year_from", flt.year_from)
    flt.year_to = year_input(7, "stages.year_to", "year_to", flt.year_to)
    set_params(stage=flt.stages, theme=flt.themes, factor=flt.factors, type=flt.types, province=flt.provinces,
               status=flt.statuses, year_from=flt.year_from, year_to=flt.year_to)
    if flt.year_from is not None or flt.year_to is not None:
        st.caption(t("stages.year_hint"))
    return flt
