"""What a hostile case file costs: a draft just under the upload limit and a case file just under the file limit,
each packed with schema problems, validated as the /assess page and `python -m lib validate` do.

Prints `name: value unit` lines (wall time, file size, problems listed). Run: .venv/bin/python bench/hostile.py
"""
from __future__ import annotations

import copy
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib import assess, loader, yamlio  # noqa: E402
from tests.conftest import region  # noqa: E402


def packed(limit: int) -> bytes:
    """A case file as large as fits under `limit` bytes, every practice with two schema problems."""
    data = region("alpha")
    good = data["practices"][0]
    one = len(yaml.safe_dump([{**good, "id": "alpha-p0000", "stage": "ZZ", "colour": "red"}]).encode())
    n = (limit - 4000) // one
    data["practices"] = [{**copy.deepcopy(good), "id": f"alpha-p{i:04d}", "stage": "ZZ", "colour": "red"}
                         for i in range(n)]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def main() -> None:
    upload = packed(assess.UPLOAD_LIMIT)
    start = time.perf_counter()
    found = assess.validate_upload(upload, "alpha.yaml")
    print(f"hostile_upload_kb: {len(upload) / 1000:.0f} kB")
    print(f"hostile_upload_s: {time.perf_counter() - start:.2f} s")
    print(f"hostile_upload_listed: {len(found)} problems ({found[-1].message})")
    big = packed(yamlio.MAX_BYTES)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "alpha.yaml").write_bytes(big)
        start = time.perf_counter()
        catalog = loader.load_all(Path(folder))
        print(f"hostile_file_kb: {len(big) / 1000:.0f} kB")
        print(f"hostile_file_s: {time.perf_counter() - start:.2f} s")
        print(f"hostile_file_listed: {len(catalog.issues)} problems ({catalog.issues[-1].message[:80]})")


if __name__ == "__main__":
    main()
