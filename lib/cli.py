"""The command-line interface; every command goes through the same lib functions as the app."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lib import db, export, i18n, loader, quality, search, sqlguard


def _store(args) -> db.Store:
    """The store, after saying on stderr which files it left out and why (the answer covers the others only)."""
    store = db.open_store(Path(args.data) if getattr(args, "data", None) else None)
    for issue in store.issues():
        print(f"skipped: {issue}", file=sys.stderr)
    return store


def cmd_validate(args) -> int:
    catalog = loader.load_all(Path(args.dir) if args.dir else None)
    for issue in catalog.issues:
        print(issue)
    print(f"{len(catalog.files)} file(s), {len(catalog.regions)} valid, {len(catalog.issues)} problem(s)",
          file=sys.stderr)
    return 1 if catalog.issues else 0


def cmd_build(args) -> int:
    out = Path(args.out)
    if out.exists() and not db.written_by_us(out):
        print(f"{out}: exists and was not written by this tool; refusing to overwrite it", file=sys.stderr)
        return 2
    catalog = loader.load_all(Path(args.data) if args.data else None)
    for issue in catalog.issues:
        print(issue, file=sys.stderr)
    db.build(catalog, out)
    print(f"{out}: {len(catalog.regions)} region(s) written, {len(catalog.skipped)} file(s) skipped")
    return 0


def cmd_stats(args) -> int:
    store = _store(args)
    frame = store.df("""
        SELECT r.region_id, s.stage_code, count(p.practice_id) AS practices
        FROM regions r CROSS JOIN stages s
        LEFT JOIN practices p ON p.region_id = r.region_id AND p.stage_code = s.stage_code
        GROUP BY ALL ORDER BY r.region_id, any_value(s.ordinal)""")
    table = frame.pivot(index="region_id", columns="stage_code", values="practices")
    table = table[[c for c in ("I", "II", "III", "IV", "V") if c in table.columns]]
    table["total"] = table.sum(axis=1)
    print(table.to_string())
    return 0


def cmd_quality(args) -> int:
    frame = quality.report(_store(args), lang=args.lang)
    if args.json:
        print(frame.to_json(orient="records", force_ascii=False, indent=1))
        return 0
    for row in frame.itertuples():
        print(f"{row.region_id}: {row.practices} practices, {row.sources} sources, {row.outcomes} outcomes, "
              f"stages {row.stages_documented}/5, factors {row.factors_evidenced}/5, "
              f"unsourced claims {row.unsourced_claims}, practices with evidence older than "
              f"{quality.STALE_YEARS} years {row.stale_practices}")
        for gap in row.gaps:
            print(f"  gap: {gap}")
    return 0


def cmd_search(args) -> int:
    result = search.search(_store(args), args.query, limit=args.limit, lang=args.lang)
    if result.corrected:
        print(f"showing results for: {' '.join(result.corrected)}", file=sys.stderr)
    if args.json:
        print(json.dumps([{"practice_id": h.practice_id, "region_id": h.region_id, "stage_code": h.stage_code,
                           "score": round(h.score, 6), "title": h.title} for h in result.hits],
                         ensure_ascii=False, indent=1))
        return 0
    for h in result.hits:
        print(f"{h.score:7.3f}  {h.practice_id}  [{h.region_id}, {h.stage_code}]  {h.title}")
    print(f"{len(result.hits)} of {result.total} result(s)", file=sys.stderr)
    return 0


def cmd_sql(args) -> int:
    out = sqlguard.run(_store(args).path, args.query)
    if isinstance(out, sqlguard.Refusal):
        print(out.message, file=sys.stderr)
        return 1
    if args.json:
        print(out.rows.to_json(orient="records", force_ascii=False, date_format="iso", default_handler=str))
    else:
        print(out.rows.to_string(index=False))
    print(out.note, file=sys.stderr)
    return 0


def cmd_export_tables(args) -> int:
    written = export.write_tables(_store(args), Path(args.out), db.CONTRACT)
    for path in written:
        print(path)
    return 0


def cmd_export_package(args) -> int:
    from lib import package
    for path in package.write(_store(args), Path(args.out)):
        print(path)
    return 0


def cmd_export_brief(args) -> int:
    from lib import brief
    ids = [r.strip() for r in args.regions.split(",") if r.strip()]
    try:
        made = brief.build(_store(args), ids, args.lang)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    out = Path(args.out)
    if args.format == "html":
        out.write_text(brief.to_html(made), encoding="utf-8")
    else:
        out.write_bytes(brief.to_pdf(made))
    print(f"{out}: {len(made.references)} references")
    return 0


def cmd_peers(args) -> int:
    from lib import i18n, peers
    store = _store(args)
    data = peers.load(store, args.lang)
    try:
        analysis = peers.analyse_region(data, args.region, args.lang)
    except peers.UnknownRegion:
        known = ", ".join(sorted(data.regions["region_id"]))
        print(i18n.t(args.lang, "peers.cli_unknown", value=args.region[:60], known=known), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(peers.as_dict(data, analysis, args.lang), ensure_ascii=False, indent=1, default=str))
    else:
        print(peers.render_text(data, analysis, args.lang, top=args.top))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib",
                                     description="Regional public-service reform benchmark: data tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    data = argparse.ArgumentParser(add_help=False)  # options several commands share, declared once
    data.add_argument("--data", help="folder of case files")
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT, help="language of the text shown")
    p = sub.add_parser("validate", help="check every case file; prints path:line: message")
    p.add_argument("dir", nargs="?", help="folder of case files (default: $REFORM_DATA_DIR or data/regions)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("build", help="write the DuckDB database", parents=[data])
    p.add_argument("--out", required=True, help="database file to write")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("stats", help="practices per region and stage", parents=[data])
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("quality", help="data-quality report per region", parents=[data, lang])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_quality)
    p = sub.add_parser("search", help="ranked practices for a query, in Indonesian or English", parents=[data, lang])
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("sql", help="one read-only SQL query over the database (the public console's guard)",
                       parents=[data])
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sql)
    p = sub.add_parser("export", help="take data away: contract tables (CSV + XLSX) or a comparison brief")
    what = p.add_subparsers(dest="what", required=True)
    e = what.add_parser("tables", help="every contract table as CSV and the whole database as one XLSX workbook",
                        parents=[data])
    e.add_argument("--out", required=True, help="folder to write into")
    e.set_defaults(func=cmd_export_tables)
    e = what.add_parser("package", help="a Frictionless Data Package: datapackage.json, a CSV and a Parquet a table",
                        parents=[data])
    e.add_argument("--out", required=True, help="folder to write into")
    e.set_defaults(func=cmd_export_package)
    e = what.add_parser("brief", help="the cited comparison brief of 2-4 regions, as HTML or PDF", parents=[data, lang])
    e.add_argument("--regions", required=True, help="comma-separated region ids, e.g. sragen,metro")
    e.add_argument("--format", choices=["html", "pdf"], default="html")
    e.add_argument("--out", required=True, help="file to write")
    e.set_defaults(func=cmd_export_brief)
    p = sub.add_parser("peers", help="what a region's peers documented that it has not, ranked and cited; who to visit",
                       parents=[data, lang])
    p.add_argument("region", help="region id, e.g. sragen")
    p.add_argument("--json", action="store_true", help="the whole analysis with every score's parts")
    p.add_argument("--top", type=int, default=3, help="practices shown per gap (0 = all; --json has all)")
    p.set_defaults(func=cmd_peers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
