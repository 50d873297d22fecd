"""Objects shared across sessions are thread-safe: stemmers and search give every thread the single-threaded answer."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from lib import db, paths, search

THREADS = 6


def _words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((paths.DATA / "regions").glob("*.yaml")))
    return sorted({w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)})


def _hammer(fn, items: list) -> list[list]:
    """fn over every item, from THREADS threads at once, each thread in its own order (collisions guaranteed)."""
    def run(shift: int) -> list:
        order = items[shift * len(items) // THREADS:] + items[:shift * len(items) // THREADS]
        out = dict(zip(order, map(fn, order)))
        return [out[i] for i in items]
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_stemmers_give_every_thread_the_single_threaded_stem():
    words = _words()
    assert len(words) > 1000
    for stem in (search.stem_en, search.stem_id):
        stem.cache_clear()
        expected = [stem.__wrapped__(w) for w in words]  # one thread, no cache
        stem.cache_clear()
        for got in _hammer(stem, words):
            assert got == expected
        assert [stem(w) for w in words] == expected  # and nothing wrong was cached


def test_search_from_many_threads_matches_one_thread():
    store = db.open_store(paths.DATA / "regions")
    try:
        queries = ["pelayanan terpadu", "perizinan", "licensing services", "pengadaan elektronik", "perizinn",
                   "one stop", "kesehatan", "corruption", "anggaran", "izin usaha"]
        search.stem_en.cache_clear()
        search.stem_id.cache_clear()

        def ranked(q: str) -> list:
            return [h.practice_id for h in search.search(store, q, limit=50).hits]
        expected = [ranked(q) for q in queries]
        search.stem_en.cache_clear()
        search.stem_id.cache_clear()
        for got in _hammer(ranked, queries * 5):
            assert got == expected * 5
    finally:
        store.close()


def test_peer_data_filled_from_many_threads_matches_one_thread():
    from lib import peers
    store = db.open_store(paths.DATA / "regions")
    try:
        expected = peers.load(store, "en")
        want = (expected.region_facts(), [p.practice_id for p in expected.practice_rows()],
                {p.practice_id: expected.evidence_of(p) for p in expected.practice_rows()})
        shared = peers.load(store, "en")  # one object, its lazy fields empty, filled by every thread at once

        def fill(_):
            rows = shared.practice_rows()
            return shared.region_facts(), [p.practice_id for p in rows], {p.practice_id: shared.evidence_of(p)
                                                                          for p in rows}
        for got in _hammer(fill, list(range(THREADS * 4))):
            assert all(g == want for g in got)
    finally:
        store.close()
