"""The benchmark works end to end (a tiny run), and its corpus is what it claims.

No timing assertions: speed is reported by ``manage.py bench``, not asserted here.
"""

import datetime
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from archive import codes, vietnamese
from bench.corpus import generate_corpus, generate_reports, load_material
from bench.corpus_catalogue import TYPE_WORDS
from bench.corpus_tables import PROVINCES, PROVINCES_2025
from bench.queries import (
    DEFAULT_COUNT,
    KINDS,
    PROPORTIONS,
    fts5_expression,
    generate_queries,
    literal_terms,
    percentile,
)

BASE_DIR = Path(__file__).resolve().parent.parent
QUERY_COUNT = 70  # the end-to-end runs: every kind, every phase, and fast


def test_same_seed_gives_the_same_corpus_and_another_seed_a_different_one():
    first = list(generate_reports(20, seed=7))
    assert first == list(generate_reports(20, seed=7))
    assert first[:5] == list(generate_reports(5, seed=7))  # report i depends on (seed, i) only
    assert set(first).isdisjoint(generate_reports(20, seed=8))
    # A corpus can be generated in steps (the benchmark grows one corpus 5,000 → 50,000).
    assert [r.text for r in generate_corpus(20, seed=7, start=12)] == first[12:]
    assert len(set(first)) == 20


def test_reports_are_600_to_1500_words_with_dates_from_2010_to_2026():
    for report in generate_corpus(60, seed=2):
        words = len(report.text.split())
        assert 600 <= words <= 1500, words
        date = datetime.date.fromisoformat(report.facts["event_date"])
        assert datetime.date(2010, 1, 1) <= date <= datetime.date(2026, 12, 31)


def test_corpus_cites_every_document_type_in_parseable_codes():
    types, issuers = Counter(), Counter()
    for report in generate_corpus(300, seed=1):
        for code in report.facts["documents"]:
            parsed = codes.parse_code(code)
            assert parsed is not None and parsed.code == code, code
            types[parsed.type] += 1
            issuers[parsed.issuer] += 1
        # Each code the facts list is written in the text (in some accepted form).
        found = {c.code for c, _, _ in codes.find_codes(report.text)}
        assert set(report.facts["documents"]) <= found
    assert {codes.canonical_type(t) for t in TYPE_WORDS} <= set(types)
    assert {"TW", "BTCTW", "VPTW", "TU", "HU"} <= set(issuers)


def test_places_follow_the_2025_mergers_and_speakers_are_in_the_text():
    seen = set()
    for report in generate_corpus(200, seed=4):
        f = report.facts
        seen.add(f["province"])
        if f["event_date"] >= "2025-07-01":
            assert f["province"] in PROVINCES_2025
        else:
            assert f["province"] in PROVINCES or f["province"] == "Huế"
        for person in f["speakers"] + f["attendees"]:
            assert person["name"] in report.text
        for point in f["connection_points"]:
            assert point["name"] in report.text
    assert len(seen) > 40


def test_seed_sentences_are_used_without_their_own_facts():
    material = load_material()
    assert len(material.sentences) >= 20
    for sentence in material.sentences:
        assert not re.search(r"\d{1,2}/\d{1,2}|đồng chí|điểm cầu", sentence)


def test_missing_seeds_give_a_clear_error(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "generate_corpus",
            "--reports",
            "3",
            "--seeds",
            str(tmp_path),
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Không tìm thấy các bài gốc" in result.stderr


def test_generate_corpus_writes_text_files(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "generate_corpus", "--reports", "4", "--out", str(tmp_path)],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    files = sorted(tmp_path.glob("*.txt"))
    assert len(files) == 4
    assert files[0].read_text(encoding="utf-8") == next(generate_reports(1, seed=1))


def test_query_set_is_distinct_seeded_drawn_from_the_corpus_in_proportions():
    queries = generate_queries(60, seed=3)
    assert len(queries) == DEFAULT_COUNT >= 300
    assert len({(q.q.lower(), tuple(sorted(q.extra.items()))) for q in queries}) == len(queries)
    assert Counter(q.kind for q in queries) == PROPORTIONS
    assert queries == generate_queries(60, seed=3)
    assert queries != generate_queries(60, seed=4)
    # Kinds are interleaved, so that the cold pass is not ordered by kind.
    assert len({q.kind for q in queries[:30]}) >= 5
    corpus = list(generate_corpus(60, seed=3))
    text = "\n".join(r.text for r in corpus).lower()
    folded = vietnamese.fold(text)
    facts_codes = {c for r in corpus for c in r.facts["documents"]}
    names = {p["name"] for r in corpus for p in r.facts["speakers"] + r.facts["attendees"]}
    for q in queries:
        if q.kind in ("words", "filtered"):
            assert q.q in text, q
        elif q.kind == "unaccented":
            assert q.q.isascii() and q.q in folded, q
        elif q.kind == "phrase":
            assert q.q.startswith('"') and q.q.strip('"') in text, q
        elif q.kind == "code":
            assert q.q in facts_codes or q.q.upper() in {c.upper() for c in facts_codes}, q
        elif q.kind == "name":
            assert q.q in names or q.q in {vietnamese.fold(n).lower() for n in names}, q
        elif q.kind == "plenum":
            assert re.search(r"\d", q.q), q
    filters = Counter(k for q in queries for k in q.extra)
    assert set(filters) == {"year", "province", "document", "term"}


def test_query_set_fills_a_small_corpus_with_word_windows():
    queries = generate_queries(2, seed=1, count=120)
    assert len(queries) == 120
    assert len({q.params["q"] for q in queries if not q.extra}) == sum(
        1 for q in queries if not q.extra
    )


def test_peer_query_translation():
    assert literal_terms('"chính sách tiền lương" cải cách') == [
        "chính sách tiền lương",
        "cải",
        "cách",
    ]
    assert fts5_expression("26-NQ/TW") == '"26-NQ/TW"'
    assert fts5_expression('a "b c"') == '"b c" "a"'
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5


def _snapshot(path):
    if not path.exists():
        return None
    return sorted((str(p), p.stat().st_mtime_ns) for p in path.rglob("*"))


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


@pytest.mark.slow
@pytest.mark.xdist_group("bench")
def test_bench_command_runs_every_phase_in_a_throwaway_directory(tmp_path):
    var = BASE_DIR / "var"
    before = _snapshot(var)
    # The command's own settings point at "the user's data" (here a stand-in folder):
    # the benchmark must leave it exactly as it was.
    user_data = tmp_path / "user-data"
    user_data.mkdir()
    (user_data / "marker").write_text("untouched")
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(user_data)}
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench",
            "--reports",
            "50",
            "--json",
            str(out),
            "--repeat",
            "2",
            "--queries",
            str(QUERY_COUNT),
            "--http-requests",
            "40",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["errors"] == {}
    assert "ours cold, /api/search/" in result.stdout  # the printed table
    assert "Tantivy cold / warm" in result.stdout

    assert data["reports"] == 50
    assert data["imported"] == 50
    assert data["indexed"] == 50
    for key in ("import_per_s", "index_per_s", "update_visible_s", "rss_mb", "index_bytes"):
        assert _number(data[key]) and data[key] > 0, key
    search = data["search"]
    assert search["distinct_queries"] == QUERY_COUNT
    assert search["cold"]["n"] == QUERY_COUNT and search["warm"]["n"] == QUERY_COUNT * 2
    assert search["page"]["n"] == QUERY_COUNT
    assert search["errors"] == 0
    for when in ("cold", "warm"):
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            assert _number(search[when][key]), (when, key)
        assert set(search[f"{when}_by_kind"]) == set(KINDS)
    for peer in ("fts5", "tantivy"):
        result = data[peer]
        assert result["cold"]["n"] == QUERY_COUNT and result["warm"]["n"] == QUERY_COUNT * 2
        assert _number(result["cold"]["p95_ms"]) and _number(result["warm"]["p95_ms"])
        assert set(result["cold_by_kind"]) == set(KINDS)
        assert len(result["queries"]) == QUERY_COUNT
        assert result["size_bytes"] > 0 and result["build_per_s"] > 0
    assert _number(data["icontains"]["p50_ms"]) and data["icontains"]["n"] > 0
    # The peers search the same corpus: the document codes in its texts are found, and the
    # two literal engines agree on how many reports cite each one.
    hits = {
        peer: [q["hits"] for q in data[peer]["queries"] if q["kind"] == "code"]
        for peer in ("fts5", "tantivy")
    }
    assert sum(hits["fts5"]) > 0  # (a code may be written only in a form they cannot read)
    assert hits["fts5"] == hits["tantivy"]
    # Ours finds the reports citing a code through the extracted documents: nearly all.
    ours = [q["hits"] for q in search["queries"] if q["kind"] == "code"]
    assert sum(n > 0 for n in ours) >= 0.8 * len(ours), ours
    for key in ("report_p50_ms", "report_p95_ms", "list_p50_ms", "list_p95_ms"):
        assert _number(data["pages"][key]), key
    http = data["http"]
    for key in ("search_rps", "search_p95_ms", "page_rps", "page_p95_ms"):
        assert _number(http[key]) and http[key] > 0, key
    assert http["errors"] == 0
    assert http["requests"] == 40 + 80
    assert set(data["ratios"]) >= {
        "ours_cold_p95_over_fts5_cold_p95",
        "ours_cold_p95_over_tantivy_cold_p95",
        "ours_warm_p95_over_fts5_warm_p95",
        "icontains_p50_over_ours_warm_p50",
    }
    assert data["started_at"] <= data["finished_at"]

    # It ran in its own directory, removed it afterwards, and never touched var/.
    assert not Path(data["data_dir"]).exists()
    assert not Path(data["data_dir"]).is_relative_to(var)
    assert not Path(data["data_dir"]).is_relative_to(user_data)
    assert [p.name for p in user_data.iterdir()] == ["marker"]
    assert _snapshot(var) == before


@pytest.mark.slow
@pytest.mark.xdist_group("bench")
def test_bench_grows_one_corpus_through_several_sizes(tmp_path):
    out = tmp_path / "grow.json"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench",
            "--reports",
            "40,20",
            "--phases",
            "import,index,search",
            "--repeat",
            "1",
            "--queries",
            "30",
            "--json",
            str(out),
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    runs = data["runs"]
    assert [r["reports"] for r in runs] == [20, 40]  # sizes are measured smallest first
    assert [r["imported"] for r in runs] == [20, 40]
    assert [r["imported_now"] for r in runs] == [20, 20]
    assert [r["indexed"] for r in runs] == [20, 40]
    assert data["reports"] == 40 and data["search"]["errors"] == 0
    assert "| 20 |" in result.stdout and "| 40 |" in result.stdout  # the scaling table


@pytest.mark.slow
@pytest.mark.xdist_group("bench")
def test_a_kept_corpus_grows_with_reuse_and_reports(tmp_path):
    kept = tmp_path / "kept"

    def bench(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", "bench", *args, "--json", str(tmp_path / "r.json")],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))

    first = bench("--reports", "12", "--phases", "import", "--keep", str(kept))
    assert first["imported"] == 12
    grown = bench("--reuse", str(kept), "--reports", "20", "--phases", "import")
    assert (grown["imported"], grown["imported_now"]) == (20, 8)  # reports 12…19 added
    assert json.loads((kept / "bench-meta.json").read_text())["reports"] == 20
    refused = subprocess.run(
        [sys.executable, "manage.py", "bench", "--reuse", str(kept), "--reports", "10"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "20" in refused.stderr
