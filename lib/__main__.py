"""Command line: python -m lib <command> (see README)."""
import os
import sys

from lib.cli import main

try:
    raise SystemExit(main())
except BrokenPipeError:  # the reader stopped early (`| head`): not an error worth a traceback
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # as the Python docs advise, so exit's flush is quiet
    raise SystemExit(1) from None
