"""The command-line interface; every command goes through the same lib functions as the app."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lib import loader


def cmd_validate(args) -> int:
    catalog = loader.load_all(Path(args.dir) if args.dir else None)
    for issue in catalog.issues:
        print(issue)
    n = len(catalog.files)
    print(f"{n} file(s), {len(catalog.regions)} valid, {len(catalog.issues)} problem(s)", file=sys.stderr)
    return 1 if catalog.issues else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every case file; prints path:line: message")
    p.add_argument("dir", nargs="?", help="folder of case files (default: $REFORM_DATA_DIR or data/regions)")
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
