"""What ``manage.py bench`` reports: the JSON's derived keys (ratios, per-query
comparison, warnings), the table it prints, and the README-ready scaling table
when several sizes are measured in one run."""

PEERS = ("fts5", "tantivy")


def _p95(d):
    return (d or {}).get("p95_ms")


def _ratio(a, b):
    return round(a / b, 2) if a and b else None


def finish(result):
    """Fill every documented key (None when its phase failed) and the ratios."""
    for key in ("import_per_s", "index_per_s", "update_visible_s", "rss_mb", "index_bytes"):
        result.setdefault(key, None)
    for key in ("search", "icontains", *PEERS, "pages", "http"):
        if not result.get(key):
            result[key] = None
    ours = result["search"] or {}
    ratios = {}
    for peer in PEERS:
        theirs = result[peer] or {}
        for when in ("cold", "warm"):
            value = _ratio(_p95(ours.get(when)), _p95(theirs.get(when)))
            if value is not None:
                ratios[f"ours_{when}_p95_over_{peer}_{when}_p95"] = value
        value = _ratio(result["index_per_s"], theirs.get("build_per_s"))
        if value is not None:
            ratios[f"ours_build_over_{peer}_build"] = value
        value = _ratio(result["index_bytes"], theirs.get("size_bytes"))
        if value is not None:
            ratios[f"index_bytes_over_{peer}_bytes"] = value
    scan = result["icontains"] or {}
    value = _ratio(scan.get("p50_ms"), (ours.get("warm") or {}).get("p50_ms"))
    if value is not None:
        ratios["icontains_p50_over_ours_warm_p50"] = value
    result["ratios"] = ratios
    result["compare"] = compare_queries(result)
    # A search that finds nothing is fast: say so next to the numbers.
    empty = [
        r["q"]
        for r in result["compare"]
        if r.get("search_hits") == 0 and ((r.get("fts5_hits") or 0) or (r.get("tantivy_hits") or 0))
    ]
    result["warnings"] = []
    if ours.get("refused"):
        result["warnings"].append(
            f"{ours['refused']} search requests were refused (4xx, see statuses): a filter "
            "value from the corpus that the archive does not know"
        )
    if empty:
        result["warnings"].append(
            f"{len(empty)} queries found nothing in our search but something in a peer: "
            + "; ".join(empty[:10])
        )
    return result


def compare_queries(result):
    """Per query: hits in each engine side by side (hit counts that differ much
    between ours and the literal peers point at a search bug, or at their limits)."""
    ours = (result.get("search") or {}).get("queries") or []
    rows = []
    for i, q in enumerate(ours):
        row = {"kind": q["kind"], **q["params"], "search_hits": q["hits"]}
        for name in PEERS:
            theirs = (result.get(name) or {}).get("queries") or []
            if i < len(theirs):
                row[f"{name}_hits"] = theirs[i].get("hits")
        rows.append(row)
    return rows


def _fmt(value, unit="", digits=1):
    if value is None:
        return "—"
    if isinstance(value, float):
        value = f"{value:,.{digits}f}"
    elif isinstance(value, int):
        value = f"{value:,}"
    return f"{value}{unit}"


def _pair(d, a="p50_ms", b="p95_ms"):
    if not d:
        return "—"
    return f"{_fmt(d.get(a))} / {_fmt(d.get(b))} ms"


def _kind_rows(result):
    """One row per query kind: p50 / p95 of ours cold, ours warm and each peer cold."""
    s = result.get("search") or {}
    kinds = sorted(s.get("cold_by_kind") or {})
    rows = []
    for kind in kinds:
        cells = [_pair((s.get("cold_by_kind") or {}).get(kind))[:-3]]
        cells.append(_pair((s.get("warm_by_kind") or {}).get(kind))[:-3])
        for peer in PEERS:
            cells.append(_pair(((result.get(peer) or {}).get("cold_by_kind") or {}).get(kind))[:-3])
        n = ((s.get("cold_by_kind") or {}).get(kind) or {}).get("n")
        rows.append((f"  {kind} ({n})", " | ".join(cells), ""))
    return rows


def table(result):
    """The human-readable summary printed at the end of a run."""
    m = result.get("machine", {})
    s = result.get("search") or {}
    f, t, i = result.get("fts5") or {}, result.get("tantivy") or {}, result.get("icontains")
    pages, http, ratios = result.get("pages") or {}, result.get("http") or {}, result["ratios"]
    mb = 1024 * 1024
    rows = [
        ("import (extraction + save)", _fmt(result["import_per_s"], " /s"), "≥ 300 /s"),
        ("index build (full)", _fmt(result["index_per_s"], " /s"), "≥ 1,000 /s"),
        ("saved report searchable", _fmt(result["update_visible_s"], " s", 2), "≤ 2 s"),
        (
            f"ours cold, /api/search/ ({s.get('distinct_queries', '—')} distinct)",
            f"{_pair(s.get('cold'))[:-3]} / {_fmt((s.get('cold') or {}).get('p99_ms'))} ms",
            "p50 ≤ 12, p95 ≤ 35 ms",
        ),
        (
            "ours warm, the same again",
            f"{_pair(s.get('warm'))[:-3]} / {_fmt((s.get('warm') or {}).get('p99_ms'))} ms",
            "p95 ≤ 20 ms",
        ),
        (
            "ours /tim-kiem/ page (warm)",
            f"{_pair(s.get('page'))[:-3]} / {_fmt((s.get('page') or {}).get('p99_ms'))} ms",
            "",
        ),
        ("FTS5 cold / warm", f"{_pair(f.get('cold'))} | {_pair(f.get('warm'))}", ""),
        ("Tantivy cold / warm", f"{_pair(t.get('cold'))} | {_pair(t.get('warm'))}", ""),
        ("by kind p50 / p95: ours cold | ours warm | FTS5 | Tantivy", "", ""),
        *_kind_rows(result),
        (
            "ours cold p95 ÷ FTS5 cold p95",
            _fmt(ratios.get("ours_cold_p95_over_fts5_cold_p95"), "×", 2),
            "≤ 0.5×",
        ),
        (
            "ours cold p95 ÷ Tantivy cold p95",
            _fmt(ratios.get("ours_cold_p95_over_tantivy_cold_p95"), "×", 2),
            "",
        ),
        (
            "ours warm p95 ÷ FTS5 / Tantivy warm p95",
            f"{_fmt(ratios.get('ours_warm_p95_over_fts5_warm_p95'), '×', 2)} / "
            f"{_fmt(ratios.get('ours_warm_p95_over_tantivy_warm_p95'), '×', 2)}",
            "",
        ),
        (
            "build /s: FTS5 / Tantivy",
            f"{_fmt(f.get('build_per_s'))} / {_fmt(t.get('build_per_s'))} /s",
            "",
        ),
        (
            f"icontains scan p50 / p95 ({(i or {}).get('n', 0)} queries)",
            _pair(i),
            "",
        ),
        ("report page p50 / p95", _pair(pages, "report_p50_ms", "report_p95_ms"), ""),
        ("  first view", _pair(pages, "report_first_p50_ms", "report_first_p95_ms"), ""),
        ("list page p50 / p95", _pair(pages, "list_p50_ms", "list_p95_ms"), ""),
        ("  first view", _pair(pages, "list_first_p50_ms", "list_first_p95_ms"), ""),
        (
            "HTTP search (distinct queries)",
            f"{_fmt(http.get('search_rps'), ' /s')}, p95 {_fmt(http.get('search_p95_ms'), ' ms')}",
            "≥ 100 /s, ≤ 200 ms",
        ),
        (
            "HTTP report pages",
            f"{_fmt(http.get('page_rps'), ' /s')}, p95 {_fmt(http.get('page_p95_ms'), ' ms')}",
            "≥ 250 /s",
        ),
        ("HTTP errors", _fmt(http.get("errors")), "0"),
        ("worker peak RSS", _fmt(result["rss_mb"], " MB"), "≤ 400 MB at 200,000"),
        (
            "index size: ours / FTS5 / Tantivy",
            " / ".join(
                _fmt(v / mb if v else None)
                for v in (result["index_bytes"], f.get("size_bytes"), t.get("size_bytes"))
            )
            + " MB",
            "",
        ),
    ]
    width = max(len(r[0]) for r in rows if r[1]) + 2
    vwidth = max(len(r[1]) for r in rows) + 2
    lines = [
        f"Benchmark: {result['reports']:,} reports (seed {result['seed']}), "
        f"{result['started_at']}, git {m.get('git_commit')}, {m.get('cpus')} CPUs, "
        f"load {m.get('loadavg_start')} → {m.get('loadavg_end')}",
        f"{'':{width}}{'measured':{vwidth}}target at 50,000 (issue 11)",
    ]
    lines += [f"{a:{width}}{b:{vwidth}}{c}".rstrip() for a, b, c in rows]
    check = result.get("extraction_check") or {}
    if check.get("checked"):
        found = ", ".join(
            f"{k} {v:.0%}" for k, v in check.items() if k != "checked" and v is not None
        )
        lines.append(f"Extractor found, on {check['checked']} generated reports: {found}")
    for warning in result.get("warnings") or []:
        lines.append(f"WARNING: {warning}")
    for phase, message in result["errors"].items():
        lines.append(
            f"ERROR in {phase}: {message.strip().splitlines()[-1][:200] if message.strip() else ''}"
        )
    return "\n".join(lines)


SCALING_HEAD = (
    "| reports | import /s | index /s | update s | ours cold p50 / p95 ms | ours warm p50 / p95 ms "
    "| FTS5 cold p50 / p95 ms | Tantivy cold p50 / p95 ms | FTS5 / Tantivy build /s "
    "| HTTP search /s (p95 ms) | HTTP pages /s (p95 ms) | worker RSS MB "
    "| index MB (FTS5, Tantivy) |"
)


def scaling_table(runs):
    """One Markdown row per size, ready for the README's performance section."""

    def mb(value):
        return _fmt(value / (1024 * 1024) if value else None, digits=0)

    def pair(d):
        d = d or {}
        return f"{_fmt(d.get('p50_ms'))} / {_fmt(d.get('p95_ms'))}"

    lines = ["", SCALING_HEAD, "|" + "---|" * SCALING_HEAD.count(" |")]
    for r in runs:
        s, f, t, h = (r.get(k) or {} for k in ("search", "fts5", "tantivy", "http"))
        cells = [
            _fmt(r["reports"]),
            _fmt(r.get("import_per_s")),
            _fmt(r.get("index_per_s")),
            _fmt(r.get("update_visible_s"), digits=2),
            pair(s.get("cold")),
            pair(s.get("warm")),
            pair(f.get("cold")),
            pair(t.get("cold")),
            f"{_fmt(f.get('build_per_s'), digits=0)} / {_fmt(t.get('build_per_s'), digits=0)}",
            f"{_fmt(h.get('search_rps'))} ({_fmt(h.get('search_p95_ms'))})",
            f"{_fmt(h.get('page_rps'))} ({_fmt(h.get('page_p95_ms'))})",
            _fmt(r.get("rss_mb")),
            f"{mb(r.get('index_bytes'))} ({mb(f.get('size_bytes'))}, {mb(t.get('size_bytes'))})",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
