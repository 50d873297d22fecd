"""The UI layer the pages call as `ui.<name>` (with lib/cached.py, the only Streamlit importers), in rooms with one
job each: `url` (the reading language and the URL as state), `frame` (warnings above every page), `text`
(citations, linked prose, badges, counts), `tables` (tables with downloads, paging), `charts`, `downloads`
(download file names, the brief), `cards` (practice cards, the region picker, visit cards), `peers` (the peer
analysis), `filters` (the stage explorer's filters, a one-region page's region and stage). What is computed once for
every session lives in lib/cached.py."""
from lib.ui.cards import practice_card, region_picker, visit_cards
from lib.ui.charts import chart
from lib.ui.downloads import brief_downloads, file_name, report_template
from lib.ui.filters import practice_filters, region_choice
from lib.ui.frame import load_warning
from lib.ui.peers import gap_tabs, peer_scores
from lib.ui.tables import NOT_DOCUMENTED, paged, pager, table
from lib.ui.text import cite_list, count, known, linked, markdown_or, status_badge, years_line
from lib.ui.url import bind, keep, lang, new_run, page_url, params, refused, set_params, synced, t

__all__ = ["NOT_DOCUMENTED", "bind", "brief_downloads", "chart", "cite_list", "count", "file_name", "gap_tabs", "keep",
           "known", "lang", "linked", "load_warning", "markdown_or", "new_run", "page_url", "paged", "params",
           "pager", "peer_scores", "practice_card", "practice_filters", "refused", "region_choice", "region_picker",
           "report_template", "set_params", "status_badge", "synced", "t", "table", "visit_cards", "years_line"]
