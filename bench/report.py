"""What ``manage.py bench`` reports: the JSON's derived keys (ratios, per-query
comparison, warnings), the table it prints, and the README-ready scaling table
when several sizes are measured in one run."""

from bench.queries import resolve_queries


def finish(result):
    """Fill every documented key (None when its phase failed) and the ratios."""
    for key in ("import_per_s", "index_per_s", "update_visible_s", "rss_mb", "index_bytes"):
        result.setdefault(key, None)
    for key in ("search", "icontains", "fts5", "pages", "http"):
        if not result.get(key):
            result[key] = None
    ours, fts5, scan = result["search"], result["fts5"], result["icontains"]
    ratios = {}
    if ours and fts5 and ours.get("p95_ms") and fts5.get("p95_ms"):
        ratios["ours_p95_over_fts5_p95"] = round(ours["p95_ms"] / fts5["p95_ms"], 2)
    if ours and scan and ours.get("p50_ms") and scan.get("p50_ms"):
        ratios["icontains_p50_over_ours_p50"] = round(scan["p50_ms"] / ours["p50_ms"], 2)
    if result["index_bytes"] and fts5 and fts5.get("size_bytes"):
        ratios["index_bytes_over_fts5_bytes"] = round(result["index_bytes"] / fts5["size_bytes"], 2)
    result["ratios"] = ratios
    result["compare"] = compare_queries(result)
    # A search that finds nothing is fast: say so next to the numbers.
    empty = [
        r["q"]
        for r in result["compare"]
        if r.get("search_hits") == 0 and (r.get("fts5_hits") or 0) > 0
    ]
    result["warnings"] = []
    if empty:
        result["warnings"].append(
            f"{len(empty)} queries found nothing in our search but something in FTS5: "
            + "; ".join(empty)
        )
    return result


def compare_queries(result):
    """Per query: hits and p50 in each engine, side by side (hit counts that differ
    much between ours and FTS5 point at a search bug, or at a baseline's limits)."""
    columns = {
        name: (result.get(name) or {}).get("queries") or []
        for name in ("search", "fts5", "icontains")
    }
    rows = []
    province = (result.get("search") or {}).get("province") or "{province}"
    for i, q in enumerate(resolve_queries(province)):
        row = {"kind": q.kind, "q": q.q, **q.extra}
        for name, queries in columns.items():
            if i < len(queries):
                row[f"{name}_hits"] = queries[i].get("hits")
                row[f"{name}_p50_ms"] = queries[i].get("p50_ms")
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


def table(result):
    """The human-readable summary printed at the end of a run."""
    m = result.get("machine", {})
    s, f, i = result.get("search"), result.get("fts5"), result.get("icontains")
    pages, http, ratios = result.get("pages") or {}, result.get("http") or {}, result["ratios"]
    mb = 1024 * 1024
    rows = [
        ("import (extraction + save)", _fmt(result["import_per_s"], " /s"), "≥ 200 /s"),
        ("index build (full)", _fmt(result["index_per_s"], " /s"), "≥ 150 /s"),
        ("saved report searchable", _fmt(result["update_visible_s"], " s", 2), "≤ 2 s"),
        (
            "search p50 / p95 / p99",
            f"{_pair(s)[:-3]} / {_fmt((s or {}).get('p99_ms'))} ms" if s else "—",
            "≤ 50 / ≤ 200 ms",
        ),
    ]
    for kind, v in sorted(((s or {}).get("by_kind") or {}).items()):
        rows.append((f"  {kind}", _pair(v), ""))
    rows.append(("  same via /api/search/ (no page)", _pair((s or {}).get("api")), ""))
    rows.append(("  first run of each query", _pair((s or {}).get("first")), ""))
    rows += [
        ("icontains scan p50 / p95", _pair(i), ""),
        ("FTS5 p50 / p95", _pair(f), ""),
        ("FTS5 build", _fmt((f or {}).get("build_per_s"), " /s"), ""),
        ("ours p95 ÷ FTS5 p95", _fmt(ratios.get("ours_p95_over_fts5_p95"), "×", 2), "≤ 2×"),
        ("icontains p50 ÷ ours p50", _fmt(ratios.get("icontains_p50_over_ours_p50"), "×"), "≥ 10×"),
        ("report page p50 / p95", _pair(pages, "report_p50_ms", "report_p95_ms"), ""),
        ("  first view", _pair(pages, "report_first_p50_ms", "report_first_p95_ms"), ""),
        ("list page p50 / p95", _pair(pages, "list_p50_ms", "list_p95_ms"), ""),
        ("  first view", _pair(pages, "list_first_p50_ms", "list_first_p95_ms"), ""),
        (
            "HTTP search",
            f"{_fmt(http.get('search_rps'), ' /s')}, p95 {_fmt(http.get('search_p95_ms'), ' ms')}",
            "≥ 50 /s, ≤ 300 ms",
        ),
        (
            "HTTP report pages",
            f"{_fmt(http.get('page_rps'), ' /s')}, p95 {_fmt(http.get('page_p95_ms'), ' ms')}",
            "≥ 200 /s",
        ),
        ("HTTP errors", _fmt(http.get("errors")), "0"),
        ("worker peak RSS", _fmt(result["rss_mb"], " MB"), "≤ 300 MB"),
        (
            "index size",
            _fmt((result["index_bytes"] or 0) / mb if result["index_bytes"] else None, " MB"),
            "",
        ),
        ("FTS5 size", _fmt((f or {}).get("size_bytes", 0) / mb if f else None, " MB"), ""),
        ("index ÷ FTS5 size", _fmt(ratios.get("index_bytes_over_fts5_bytes"), "×", 2), "≤ 2×"),
    ]
    width = max(len(r[0]) for r in rows) + 2
    vwidth = max(len(r[1]) for r in rows) + 2
    lines = [
        f"Benchmark: {result['reports']:,} reports (seed {result['seed']}), "
        f"{result['started_at']}, git {m.get('git_commit')}, {m.get('cpus')} CPUs, "
        f"load {m.get('loadavg_start')}",
        f"{'':{width}}{'measured':{vwidth}}target at 50,000 (issue 5)",
    ]
    lines += [f"{a:{width}}{b:{vwidth}}{c}" for a, b, c in rows]
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


def scaling_table(runs):
    """One Markdown row per size, ready for the README's performance section."""

    def mb(value):
        return _fmt(value / (1024 * 1024) if value else None)

    head = (
        "| reports | import /s | index /s | update s | search p50 / p95 ms | FTS5 p50 / p95 ms "
        "| icontains p50 ms | HTTP search /s (p95 ms) | HTTP pages /s (p95 ms) | worker RSS MB "
        "| index MB | FTS5 MB |"
    )
    lines = ["", head, "|" + "---|" * 12]
    for r in runs:
        s, f, i, h = (
            r.get("search") or {},
            r.get("fts5") or {},
            r.get("icontains") or {},
            r.get("http") or {},
        )
        cells = [
            _fmt(r["reports"]),
            _fmt(r.get("import_per_s")),
            _fmt(r.get("index_per_s")),
            _fmt(r.get("update_visible_s"), digits=2),
            f"{_fmt(s.get('p50_ms'))} / {_fmt(s.get('p95_ms'))}",
            f"{_fmt(f.get('p50_ms'))} / {_fmt(f.get('p95_ms'))}",
            _fmt(i.get("p50_ms")),
            f"{_fmt(h.get('search_rps'))} ({_fmt(h.get('search_p95_ms'))})",
            f"{_fmt(h.get('page_rps'))} ({_fmt(h.get('page_p95_ms'))})",
            _fmt(r.get("rss_mb")),
            mb(r.get("index_bytes")),
            mb(f.get("size_bytes")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
