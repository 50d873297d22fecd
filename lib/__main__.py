"""Command line: python -m lib <command> (see README)."""
from lib.cli import main

raise SystemExit(main())
