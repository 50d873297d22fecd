"""The self-assessment's check of an uploaded draft, in a process of its own.

Validation is pure Python: in the server's process it held the interpreter lock while it ran, and every other
session's page waited while drafts were checked (docs/performance.md has the figures).
`check()` runs `python -m lib.uploadcheck`, which reads the pickled (bytes, name, folder) on stdin and writes the
pickled (problems, todo lines) on stdout; the server only waits on a pipe.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from lib import paths, yamlio

TIMEOUT = 60.0  # seconds; validation refuses a file after 2 s of schema work, so this is only a backstop


def run_here(raw: bytes, name: str, folder: str) -> tuple[list, list]:
    """The check itself: problems as `python -m lib validate` would report them, and the lines still marked TODO."""
    from lib import assess
    problems = assess.validate_upload(raw, name, against=Path(folder))
    text, _ = yamlio.decode(raw, name, assess.UPLOAD_LIMIT)  # the same size and UTF-8 checks
    return problems, assess.todo_lines(text) if text is not None else []


def check(raw: bytes, name: str, folder: str) -> tuple[list, list]:
    """run_here in a worker process (see the module docstring)."""
    done = subprocess.run([sys.executable, "-m", "lib.uploadcheck"], input=pickle.dumps((raw, name, folder)),
                          capture_output=True, timeout=TIMEOUT, cwd=paths.ROOT,
                          env={**os.environ, "PYTHONPATH": str(paths.ROOT)})
    if done.returncode != 0:
        raise RuntimeError(f"the upload check failed: {done.stderr.decode(errors='replace')[-300:]}")
    return pickle.loads(done.stdout)


if __name__ == "__main__":
    sys.stdout.buffer.write(pickle.dumps(run_here(*pickle.loads(sys.stdin.buffer.read()))))
