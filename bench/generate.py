"""Write N synthetic, schema-valid case files for benchmarks (deterministic for a seed).

    python bench/generate.py --regions 514 --practices 30 --out /tmp/reform-514 [--seed 7]

Each file looks like a real one in shape and size: bilingual text of realistic length (titles of about
8 words, summaries of about 60), Indonesian-looking words built from real roots and affixes (so the
stemmer has real work to do) and English-looking words, per-region proper nouns (so the vocabulary grows
with the number of regions, as it does with real data), a source list, practices in all five stages with
themes, factors and statuses, outcomes on the shared indicators and on region-specific ones, obstacles,
events, the five stage assessments, the five success factors, and sometimes a framework and gaps.
The data is invented: never mix it with data/regions.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib import schema  # noqa: E402  (after the path tweak, so the script runs from anywhere)

# Indonesian roots and the affix patterns that make the words Sastrawi has to work on.
ID_ROOTS = ["layan", "izin", "kelola", "atur", "daftar", "bayar", "tata", "kerja", "bangun", "ubah", "capai", "ikut", "sedia", "usaha", "rencana", "periksa", "awas", "tanggap", "adu", "guna", "hasil", "nilai", "ukur", "pimpin", "putus", "tetap", "lapor", "tulis", "baca", "ajar", "sehat", "didik", "duduk", "tanam", "modal", "jual", "beli", "pajak", "tagih", "anggar", "belanja", "hitung", "catat", "simpan", "pinjam", "bantu", "tolong", "jamin", "lindung", "pilih", "pantau", "nilai", "rubah", "sesuai", "mudah", "cepat", "murah", "buka", "tutup", "jalan", "cari", "temu", "satu", "padu", "pusat", "bina", "latih", "tugas", "fungsi", "wenang", "limpah", "serah", "terima", "kirim", "antar", "jemput"]
ID_AFFIXES = ["{}", "pe{}an", "pe{}", "per{}an", "ke{}an", "me{}", "me{}kan", "di{}kan", "ber{}", "ter{}",
              "{}nya", "pen{}an", "pem{}an", "mem{}kan", "di{}", "se{}"]
ID_FUNCTION = ["dan", "yang", "di", "ke", "dari", "untuk", "dengan", "pada", "dalam", "oleh", "serta", "atau", "tidak", "sudah", "akan", "juga", "lebih", "karena", "sejak", "hingga", "antara", "setiap", "para", "bagi", "agar", "melalui", "tersebut", "masih", "telah"]
ID_NOUNS = ["pemerintah", "daerah", "kabupaten", "kota", "masyarakat", "warga", "bupati", "wali", "dinas", "kantor", "unit", "loket", "perda", "perbup", "perwali", "peraturan", "anggaran", "apbd", "pad", "lpse", "ptsp", "mpp", "opd", "skpd", "dprd", "kpk", "ombudsman", "pelayanan", "perizinan", "pengaduan", "sekolah", "puskesmas", "rumah", "sakit", "desa", "kecamatan", "kelurahan", "aparatur", "pegawai", "pejabat", "program", "inovasi", "terobosan", "standar", "waktu", "biaya", "prosedur", "sistem", "aplikasi", "daring", "elektronik", "data", "informasi", "survei", "indeks", "skor", "peringkat", "penghargaan", "investasi", "pasar"]
EN_FUNCTION = ["the", "of", "and", "to", "in", "for", "with", "on", "by", "from", "as", "at", "which", "that", "after", "before", "under", "into", "its", "their", "was", "were", "has", "had", "is", "are", "a", "an"]
EN_WORDS = ["service", "services", "licence", "licences", "permit", "permits", "office", "offices", "district", "city", "regency", "government", "mayor", "regent", "agency", "agencies", "unit", "desk", "counter", "regulation", "budget", "revenue", "procurement", "electronic", "online", "system", "application", "complaint", "complaints", "handling", "integrated", "one-stop", "single", "window", "standard", "standards", "time", "cost", "procedure", "procedures", "reform", "reforms", "programme", "innovation", "survey", "score", "rank", "award", "investment", "market", "school", "clinic", "hospital", "village", "staff", "officials", "delegation", "authority", "signing", "performance", "planning", "transparency", "integrity", "audit", "report", "result", "results", "citizens", "residents", "users", "processing", "days", "hours", "fee", "fees", "free", "basic", "health", "education", "registration", "card", "identity", "building", "trade", "business", "local", "parliament", "council", "head", "leadership", "introduced", "launched", "created", "merged", "simplified", "reduced", "cut", "expanded", "replaced", "stopped", "continued", "published", "opened", "moved", "digital", "cashless", "payment", "tax", "taxes", "records", "data", "portal", "mall"]
SYLLABLES = ["ba", "be", "bi", "bo", "bu", "da", "de", "di", "do", "du", "ga", "gi", "go", "ja", "ji", "jo", "ka", "ke", "ki", "ko", "ku", "la", "li", "lo", "lu", "ma", "me", "mi", "mo", "mu", "na", "ni", "no", "nu", "pa", "pe", "pi", "po", "pu", "ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "su", "ta", "te", "ti", "to", "tu", "wa", "wi", "ya", "yo"]
PROVINCES = ["Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Bengkulu",
             "Lampung", "Kepulauan Bangka Belitung", "Kepulauan Riau", "DKI Jakarta", "Jawa Barat", "Jawa Tengah",
             "DI Yogyakarta", "Jawa Timur", "Banten", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur",
             "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara",
             "Sulawesi Utara", "Sulawesi Tengah", "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo",
             "Sulawesi Barat", "Maluku", "Maluku Utara", "Papua", "Papua Barat"]
PUBLISHERS = ["Kompas", "Tempo", "Detik", "Antara", "JPNN", "Jawa Pos", "Republika", "KemenPAN-RB",
              "Ombudsman RI", "KPK", "Kemendagri", "Jurnal Administrasi Publik", "BPS", "Bappeda"]
STATUS_WEIGHTS = [("running", 55), ("stopped", 12), ("replaced", 8), ("unknown", 25)]
SHARED_INDICATORS = ["kpk_integrity", "kpk_spi", "ombudsman_compliance", "service_evaluation",
                     "innovation_index", "tii_cpi"]
LOCAL_INDICATORS = [("licence_days", "days"), ("services_online", "services"), ("complaints_handled", "complaints"),
                    ("users_served", "persons"), ("pad_growth", "percent"), ("budget_saved", "rp_billion")]


class Writer:
    """Random text for one region, from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.id_vocab = [a.format(r) for r in ID_ROOTS for a in ID_AFFIXES]
        self.names = [self.proper() for _ in range(rng.randint(12, 24))]  # this region's people and places

    def proper(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4))).capitalize()

    def _zipf(self, words: list[str]) -> str:
        # a long tail: common words often, rare ones now and then
        return words[int(len(words) * self.rng.random() ** 2.5)]

    def sentence_id(self, n: int) -> str:
        out = []
        for _ in range(n):
            r = self.rng.random()
            if r < 0.30:
                out.append(self.rng.choice(ID_FUNCTION))
            elif r < 0.55:
                out.append(self._zipf(ID_NOUNS))
            elif r < 0.90:
                out.append(self._zipf(self.id_vocab))
            elif r < 0.96:
                out.append(self.rng.choice(self.names))
            else:
                out.append(str(self.rng.randint(1, 2024)))
        return " ".join(out)

    def sentence_en(self, n: int) -> str:
        out = []
        for _ in range(n):
            r = self.rng.random()
            if r < 0.30:
                out.append(self.rng.choice(EN_FUNCTION))
            elif r < 0.90:
                out.append(self._zipf(EN_WORDS))
            elif r < 0.96:
                out.append(self.rng.choice(self.names))
            else:
                out.append(str(self.rng.randint(1, 2024)))
        return " ".join(out)

    def paragraph(self, words: int, lang: str) -> str:
        make = self.sentence_id if lang == "id" else self.sentence_en
        parts, left = [], words
        while left > 0:
            n = min(left, self.rng.randint(8, 18))
            s = make(n)
            parts.append(s[0].upper() + s[1:] + ".")
            left -= n
        return " ".join(parts)

    def text(self, words: int, spread: float = 0.3) -> dict:
        n = max(1, round(words * self.rng.uniform(1 - spread, 1 + spread)))
        return {"id": self.paragraph(n, "id"), "en": self.paragraph(n, "en")}

    def title(self) -> dict:
        n = self.rng.randint(6, 10)
        return {"id": self.sentence_id(n).capitalize(), "en": self.sentence_en(n).capitalize()}

    def cite(self, source_ids: list[str], k: tuple[int, int] = (1, 3)) -> list[dict]:
        picked = self.rng.sample(source_ids, min(len(source_ids), self.rng.randint(*k)))
        out = []
        for ref in picked:
            c = {"ref": ref}
            if self.rng.random() < 0.7:
                c["at"] = self.rng.choice(["para", "paras", "p.", "section", "table"]) + f" {self.rng.randint(1, 40)}"
            out.append(c)
        return out


def region_file(index: int, practices: int, rng: random.Random, themes: list[str]) -> dict:
    w = Writer(rng)
    kind = rng.choice(["kabupaten", "kota"])
    base = w.proper().lower()
    rid = f"{base}_{index:03d}"
    name = f"{'Kabupaten' if kind == 'kabupaten' else 'Kota'} {base.capitalize()} {index}"
    n_sources = rng.randint(10, 16)
    sources = [{"id": "S01", "title": "Pedoman Pelaksanaan Pelayanan Publik (abstrak)", "kind": "seed",
                "publisher": "Kementerian", "seed_file": "002_552e47ff25afa900.txt"}]
    for n in range(2, n_sources + 1):
        year = rng.randint(2003, 2025)
        src = {"id": f"S{n:02d}", "title": w.sentence_id(rng.randint(5, 12)).capitalize(),
               "kind": rng.choice(["news", "news", "news", "government", "academic", "report", "law"]),
               "publisher": rng.choice(PUBLISHERS), "year": year}
        if rng.random() < 0.6:
            src["date"] = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.85:
            src["url"] = f"https://example.org/{rid}/{n}/{'-'.join(w.sentence_id(4).lower().split())}"
        sources.append(src)
    sids = [s["id"] for s in sources]

    plist = []
    for j in range(practices):
        pid = f"{rid}-p{j:02d}-{rng.choice(ID_ROOTS)}"
        status, = rng.choices([s for s, _ in STATUS_WEIGHTS], [wt for _, wt in STATUS_WEIGHTS])
        if status == "replaced" and j == 0:
            status = "running"
        p = {"id": pid, "stage": rng.choice(["I", "II", "III", "IV", "V"]),
             "themes": rng.sample(themes, rng.randint(1, 3))}
        if rng.random() < 0.7:
            p["factors"] = sorted(rng.sample(list("abcde"), rng.randint(1, 3)))
        if rng.random() < 0.85:
            p["year_start"] = rng.randint(1998, 2024)
        if rng.random() < 0.1:
            p["year_note"] = w.text(15)
        p["title"] = w.title()
        p["summary"] = w.text(60, 0.25)
        st: dict = {"code": status}
        if status != "unknown":
            st["year"] = rng.randint(max(p.get("year_start", 2000), 2000), 2025)
            st["sources"] = w.cite(sids, (1, 2))
        if status == "replaced":
            st["replaced_by"] = plist[rng.randrange(len(plist))]["id"]
        if rng.random() < 0.4:
            st["note"] = w.text(15)
        p["status"] = st
        p["sources"] = w.cite(sids)
        plist.append(p)

    outcomes = []
    for k in range(max(3, practices // 3)):
        if k < 4 or rng.random() < 0.4:
            ind = rng.choice(SHARED_INDICATORS)
            o = {"id": f"{rid}-o{k:02d}-{ind.replace('_', '-')}", "indicator": ind, "label": w.text(8)}
            if rng.random() < 0.85:
                o["value"] = round(rng.uniform(1, 100), 2)
        else:
            ind, unit = rng.choice(LOCAL_INDICATORS)
            o = {"id": f"{rid}-o{k:02d}-{ind.replace('_', '-')}", "indicator": ind, "label": w.text(8),
                 "value": round(rng.uniform(1, 5000), 1), "unit": unit}
            if plist and rng.random() < 0.6:
                o["practice"] = rng.choice(plist)["id"]
        if rng.random() < 0.3:
            o["rank"] = rng.randint(1, 60)
            o["rank_of"] = o["rank"] + rng.randint(0, 450)
        o["year"] = rng.randint(2005, 2025)
        if rng.random() < 0.3:
            o["note"] = w.text(15)
        o["sources"] = w.cite(sids, (1, 2))
        outcomes.append(o)

    events = []
    for k in range(rng.randint(4, 9)):
        year = rng.randint(1999, 2025)
        date = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                           f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        e = {"id": f"{rid}-e{k:02d}-{year}", "date": date,
             "kind": rng.choice(["trigger", "leadership", "regulation", "award", "legal", "practice"])}
        if e["kind"] in ("leadership", "legal"):
            e["person"] = f"{w.proper()} {rng.choice(w.names)}"
        e["text"] = w.text(25)
        e["sources"] = w.cite(sids, (1, 2))
        events.append(e)

    stages = {}
    for code in ["I", "II", "III", "IV", "V"]:
        if rng.random() < 0.8:
            stages[code] = {"documented": True, "maturity": rng.randint(0, 4), "rationale": w.text(40),
                            "sources": w.cite(sids, (1, 4))}
        else:
            stages[code] = {"documented": False, "rationale": w.text(20)}
    factors = {}
    for code in "abcde":
        if rng.random() < 0.7:
            factors[code] = {"evidenced": True, "text": w.text(25), "sources": w.cite(sids)}
        else:
            factors[code] = {"evidenced": False, "text": w.text(12)}

    data = {
        "id": rid, "name": name, "type": kind, "province": rng.choice(PROVINCES),
        "location": {"lat": round(rng.uniform(-10.5, 5.5), 3), "lon": round(rng.uniform(95, 141), 3),
                     "sources": w.cite(sids, (1, 1))},
        "summary": w.text(70, 0.2),
    }
    if rng.random() < 0.7:
        data["trigger"] = {"year": rng.randint(2000, 2020), "text": w.text(25), "sources": w.cite(sids)}
    if rng.random() < 0.3:
        data["framework"] = {"name": w.title(), "elements": [
            {"label": w.text(12), "stages": sorted(rng.sample(["I", "II", "III", "IV", "V"], rng.randint(1, 2))),
             "note": w.text(12)} for _ in range(rng.randint(2, 5))], "sources": w.cite(sids)}
    data.update({"sources": sources, "practices": plist, "stages": stages, "factors": factors,
                 "obstacles": [{"id": f"{rid}-ob{k:02d}", "text": w.text(12), "sources": w.cite(sids, (1, 2))}
                               for k in range(rng.randint(2, 5))],
                 "outcomes": outcomes, "events": events})
    if rng.random() < 0.5:
        data["gaps"] = [{"stage": rng.choice(["I", "II", "III", "IV", "V"]), "text": w.text(15)}
                        for _ in range(rng.randint(1, 3))]
    return data


def generate(regions: int, practices: int, out: Path, seed: int = 1) -> list[Path]:
    """Write the files (replacing earlier .yaml files in `out`); return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.yaml"):
        old.unlink()
    themes = schema.codes("themes")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    written = []
    for i in range(1, regions + 1):
        rng = random.Random(f"{seed}:{i}")  # one stream per file: file i is the same whatever N is
        data = region_file(i, practices, rng, themes)
        path = out / f"{data['id']}.yaml"
        path.write_text(f"# Synthetic benchmark case file (bench/generate.py, seed {seed}); not real data.\n"
                        + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, required=True, help="number of case files")
    ap.add_argument("--practices", type=int, required=True, help="practices per case file")
    ap.add_argument("--out", required=True, help="folder to write (its .yaml files are replaced)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    files = generate(args.regions, args.practices, Path(args.out), args.seed)
    size = sum(p.stat().st_size for p in files)
    print(f"{len(files)} case files, {args.practices} practices each, {size / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
