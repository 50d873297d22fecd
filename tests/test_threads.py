"""Objects shared by every session are thread-safe: Streamlit runs each session's script in its own thread, so
stemmers, caches and the shared peer data are used concurrently. Results from many threads equal the results
of one thread, and nothing raises."""
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from lib import db, peers, search

WORDS = sorted({w.lower() for w in search.words(
    "pelayanan perizinan terpadu satu pintu pengaduan masyarakat kesehatan gratis pendidikan anggaran keuangan "
    "complaint handling licences licensing services integrated offices procurement transparency budgeting "
    "hospitals insurance schooling villages districts reforms innovations regulations delegations authorities "
    "perencanaan pembangunan kependudukan pencatatan sipil kecamatan kelurahan pegawai kinerja penghargaan")})


def _hammer(fn, items, threads=8, rounds=25):
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(fn, [w for _ in range(rounds) for w in items]))


def _many_words(n: int) -> list[str]:
    """n distinct word-like strings with common suffixes, so that the stemmers have work to do."""
    stems = [w.rstrip("aeiou") for w in WORDS]
    suffixes = ["ing", "ed", "ations", "ness", "ly", "an", "kan", "nya", "lah", "i"]
    return [f"{stems[i % len(stems)]}{chr(97 + i // 260 % 26)}{chr(97 + i // 10 % 26)}{suffixes[i % 10]}"
            for i in range(n)]


@pytest.mark.parametrize("stem", [search.stem_en, search.stem_id])
def test_stemmers_give_every_thread_its_own_word(stem):
    words = _many_words(20_000)
    expected = {w: stem.__wrapped__(w) for w in words}      # one thread, no cache
    stem.cache_clear()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)                              # threads take turns as often as the interpreter allows
    try:
        got = _hammer(stem, words, threads=4, rounds=1)
    finally:
        sys.setswitchinterval(interval)
    assert got == [expected[w] for w in words]
    assert all(stem(w) == expected[w] for w in words)        # and nothing wrong was left in the cache


def test_concurrent_searches_equal_the_same_searches_one_at_a_time():
    store = db.open_store()
    try:
        queries = ["izin satu pintu", "complaint handling", "PTSP", "pengaduan masyarakat", "free health insurance",
                   "LPSE", "perizinn", "anggaran", "kecamatan", "KPT"]
        search.stem_en.cache_clear()
        search.stem_id.cache_clear()
        alone = {q: [h.practice_id for h in search.search(store, q).hits] for q in queries}
        search.stem_en.cache_clear()
        search.stem_id.cache_clear()
        together = _hammer(lambda q: (q, [h.practice_id for h in search.search(store, q).hits]), queries, rounds=6)
        assert all(ids == alone[q] for q, ids in together)
    finally:
        store.close()


def test_shared_peer_data_fills_its_lazy_parts_once_under_many_threads():
    store = db.open_store()
    try:
        data = peers.load(store, "en")
        first = _hammer(lambda _: id(data.region_facts()), range(8), rounds=4)
        assert len(set(first)) == 1
        rows = _hammer(lambda _: len(data.practice_rows()), range(8), rounds=4)
        assert set(rows) == {len(data.practices)}
    finally:
        store.close()
