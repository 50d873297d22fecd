"""Glossary: the administrative terms the case files use, bilingual, with sources where they rest on one."""
import streamlit as st

from lib import cached, glossary, mdtext, state, ui

lang = ui.lang()
st.title(ui.t("glossary.title"))
st.caption(ui.t("glossary.intro"))

entries = cached.glossary_entries()
raw, parsed = ui.params(), state.Parsed()
chosen = state.one(raw.get("term"), {e.id for e in entries}, parsed, "term")
ui.refused(parsed)
needle = ui.synced(st.text_input, "glossary_q", (raw.get("q") or [""])[0][: state.MAX_VALUE], ui.t("glossary.filter"),
                   max_chars=state.MAX_VALUE)
needle = needle.strip()
ui.set_params(q=needle or None, term=chosen)

by_id = glossary.by_id(entries)
if chosen:
    entry = by_id[chosen]
    with st.container(border=True):
        st.subheader(entry.term)
        if entry.expansion:
            st.markdown(f"*{mdtext.escape(entry.expansion.get(lang))}*")
        st.markdown(mdtext.escape(entry.definition.get(lang)))


shown = glossary.filtered(entries, needle, lang)
if not shown:
    st.info(ui.t("glossary.empty"))
for category in cached.glossary_categories():
    members = [e for e in shown if e.category == category.code]
    if not members:
        continue
    st.subheader(category.name.get(lang))
    for entry in members:
        head = entry.term + (f" — {entry.expansion.get(lang)}" if entry.expansion else "")
        parts = [mdtext.escape(entry.definition.get(lang))]  # one block an entry: a page of ~100 entries
        if entry.aliases:
            parts.append(mdtext.small(ui.t("glossary.aliases") + " "
                                      + ", ".join(mdtext.escape(a) for a in entry.aliases)))
        if entry.see_also:
            parts.append(mdtext.small(ui.t("glossary.see_also") + " " + ", ".join(
                f"[{mdtext.escape(by_id[s].term)}]({ui.page_url('glossary', term=s)})"
                for s in entry.see_also if s in by_id)))
        if entry.source:
            src = entry.source
            label = mdtext.escape(src.title)
            parts.append(mdtext.small(ui.t("glossary.source") + " " + (f"[{label}]({src.url})" if src.url else label)
                                      + (f" ({mdtext.escape(src.publisher)})" if src.publisher else "")
                                      + (f" — {mdtext.escape(src.at)}" if src.at else "")))
        st.expander(head, expanded=entry.id == chosen).markdown("\n\n".join(parts))
