"""What a page's filters are, read from the URL: the stage explorer's (also search's), URL -> widgets -> URL,
returned as a PracticeFilter; a one-region page's (profile, peers) region and open stage tab."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from lib import state
from lib.ui.url import lang, params, refused, set_params, synced, t


@dataclass
class RegionChoice:
    """The regions a one-region page offers and what its URL asks for: ?region= (None if absent or unknown) and
    ?stage= (the open stage tab). `raw` and `parsed` are the URL and its refusals, for the page's other keys."""

    ids: list[str]
    names: dict[str, str]
    region_id: str | None
    stage: str | None
    raw: dict[str, list[str]]
    parsed: state.Parsed


def region_choice(store, title: str | None = None) -> RegionChoice:
    """The regions and ?region=, ?stage= checked against them. With no region in the data, the page stops with the
    no-data warning (under `title` when given). The caller shows the refusals (`refused`) once it has read its own
    parameters."""
    from lib import cached, queries, schema
    regions = cached.shared(queries.regions, store, lang())
    if regions.empty:
        if title:
            st.title(title)
        st.warning(t("common.no_data"))
        st.stop()
    ids = list(regions["region_id"])
    raw, parsed = params(), state.Parsed()
    return RegionChoice(ids, dict(zip(regions["region_id"], regions["name"])),
                        state.one(raw.get("region"), set(ids), parsed, "region"),
                        state.one(raw.get("stage"), schema.codes("stages"), parsed, "stage"), raw, parsed)


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
        return synced(cols[n % columns].multiselect, f"{prefix}_{key}", chosen, t(label_key), options,
                      format_func=fmt, placeholder=t("stages.any"))

    def year_input(n, label_key, key, chosen):
        return synced(cols[n % columns].number_input, f"{prefix}_{key}", chosen, t(label_key), 1945, 2100, step=1,
                      placeholder="—")

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
