"""``manage.py bench``: a reproducible benchmark in a throwaway data directory.

The command's own process never opens a database: its settings point at the user's
data. It makes a temporary ``ARCHIVE_DATA_DIR`` (SQLite + Whoosh + media), prepares it
(migrate, reference data, static files), then runs each measured phase in a child
``manage.py bench --phase NAME`` whose settings point there (search/bench_phases.py),
and finally starts gunicorn on loopback and drives it (search/loadgen.py). A failing
phase is recorded and the others still run; the command then exits non-zero.
"""

import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from search import loadgen
from search.bench_phases import BENCH_ENV
from search.bench_queries import resolve_queries

PHASE_ORDER = ["import", "index", "update", "search", "baselines", "pages"]
# Environment that could point a child at real data or services: never inherited.
_SCRUB = ("DATABASE_URL", "SEARCH_URL", "ARCHIVE_DATA_DIR", "PRODUCTION", "DEBUG")


def now():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def machine_info():
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["mem_total_mb"] = int(mem) // 1024
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
        )
        info["git_commit"] = commit.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        pass
    return info


class Bench:
    def __init__(
        self,
        reports,
        *,
        seed=1,
        keep=None,
        reuse=None,
        phases=None,
        repeat=3,
        http_requests=200,
        out=None,
    ):
        self.reports = reports
        self.reuse = reuse
        self.phases = phases
        self.seed = seed
        self.keep = keep
        self.repeat = repeat
        self.http_requests = http_requests
        self.out = out or sys.stdout
        self.base_dir = Path(settings.BASE_DIR)
        self.manage_py = self.base_dir / "manage.py"
        self.bin_dir = Path(sys.executable).parent
        self.children = []

    def log(self, text):
        self.out.write(text + "\n")
        self.out.flush()

    # --- the run -------------------------------------------------------------

    def run(self):
        result = {
            "reports": self.reports,
            "seed": self.seed,
            "started_at": now(),
            "machine": machine_info(),
            "errors": {},
            "phase_seconds": {},
        }
        data_dir = self.data_dir_for_run()
        if data_dir == Path(settings.DATA_DIR).resolve():
            raise ValueError("the benchmark never runs in the site's own data directory")
        result["data_dir"] = str(data_dir)
        self.env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
        self.env.update({"ARCHIVE_DATA_DIR": str(data_dir), BENCH_ENV: str(data_dir)})
        self.env["DEBUG"] = "0"
        self.data_dir = data_dir
        result["reports"], result["seed"] = self.reports, self.seed
        phases = self.phases or (PHASE_ORDER[1:] if self.reuse else PHASE_ORDER) + ["http"]
        result["phases"] = phases
        try:
            self.log(f"Benchmark: {self.reports} reports, data in {data_dir}")
            if not self.reuse:
                self.setup(result)
                meta = {"reports": self.reports, "seed": self.seed, "created_at": now()}
                (data_dir / "bench-meta.json").write_text(json.dumps(meta))
            for name in PHASE_ORDER:
                if name in phases:
                    self.phase(name, result)
            if "http" in phases:
                self.http(result)
        finally:
            self.stop_children()
            result["finished_at"] = now()
            result["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
            if not self.keep and not self.reuse:
                shutil.rmtree(data_dir, ignore_errors=True)
        return result

    def data_dir_for_run(self):
        """A new temporary directory; or --keep's new/empty one; or, with --reuse, the
        directory a previous --keep run left (its corpus already imported)."""
        if self.reuse:
            data_dir = Path(self.reuse).resolve()
            meta = data_dir / "bench-meta.json"
            if not meta.exists():
                raise ValueError(f"--reuse {data_dir}: not a folder left by `bench --keep`")
            info = json.loads(meta.read_text())
            self.reports, self.seed = info["reports"], info["seed"]
            saved = data_dir / "bench-pages.json"
            if saved.exists():  # report URLs for the HTTP phase, if pages is not re-run
                self.report_urls = json.loads(saved.read_text()).get("report_urls")
            return data_dir
        if self.keep:
            data_dir = Path(self.keep).resolve()
            data_dir.mkdir(parents=True, exist_ok=True)
            if any(data_dir.iterdir()):
                raise ValueError(f"--keep {data_dir}: the folder must be new or empty")
            return data_dir
        return Path(tempfile.mkdtemp(prefix="archive-bench-"))

    def manage(self, *args, timeout=None, show_output=False):
        proc = subprocess.Popen(
            [sys.executable, str(self.manage_py), *args],
            cwd=str(self.base_dir),
            env=self.env,
            stdout=None if show_output else subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.children.append(proc)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        finally:
            if proc.poll() is None:
                # SIGTERM first: the phase then stops what it started (the index worker).
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            self.children.remove(proc)
        return proc.returncode, stdout, stderr

    def setup(self, result):
        start = time.perf_counter()
        steps = [("migrate", "--noinput"), ("collectstatic", "--noinput", "-v", "0")]
        fixtures = self.base_dir / "fixtures"
        if any(fixtures.glob("reference.*")):
            steps.insert(1, ("loaddata", "reference"))
        for step in steps:
            code, _, err = self.manage(*step)
            if code:
                result["errors"][f"setup {step[0]}"] = err.strip()[-1500:]
                self.log(f"  setup {step[0]}: FAILED")
        result["phase_seconds"]["setup"] = round(time.perf_counter() - start, 1)

    def phase(self, name, result):
        self.log(f"  {name} …")
        state = self.data_dir / f"bench-{name}.json"
        args = ["bench", "--phase", name, "--state", str(state), "--reports", str(self.reports)]
        args += ["--seed", str(self.seed), "--repeat", str(self.repeat)]
        start = time.perf_counter()
        self.out.flush()
        # Generous bounds (a phase that hangs must not hang the benchmark): 30 minutes
        # plus 0.2 s per report, far above the slowest rates measured so far.
        limit = 1800 + 0.2 * self.reports
        try:
            code, _, err = self.manage(*args, show_output=True, timeout=limit)
        except subprocess.TimeoutExpired:
            code, err = -1, f"stopped after {limit:.0f} s (phase time limit)"
        result["phase_seconds"][name] = round(time.perf_counter() - start, 1)
        data = {}
        if state.exists():
            data = json.loads(state.read_text())
        if data.get("report_urls"):
            self.report_urls = data["report_urls"]
        data.pop("report_urls", None)
        if "error" in data:
            result["errors"][name] = data.pop("error")
        elif code:
            result["errors"][name] = (err.strip() or f"exit code {code}")[-1500:]
        if name in result["errors"]:
            self.log(f"  {name}: FAILED: {result['errors'][name][:300]}")
        result.update(data)

    def http(self, result):
        self.log("  http …")
        start = time.perf_counter()
        port = loadgen.free_port()
        server = None
        try:
            server, how = loadgen.start_server(
                self.base_dir, self.env, port, self.bin_dir, self.data_dir / "bench-server.log"
            )
            self.children.append(server)
            result["http_server"] = how
            loadgen.wait_ready(server, port)
            search_urls = [_url("/tim-kiem/", q.params) for q in _search_queries(result)]
            page_urls = getattr(self, "report_urls", None) or ["/"]
            for url in search_urls[:8] + page_urls[:8]:  # warm every worker up a little
                loadgen.get(port, url)
            s = loadgen.run_load(port, search_urls, self.http_requests)
            p = loadgen.run_load(port, page_urls, self.http_requests * 2)
            peaks = loadgen.worker_peak_rss(server)
            result["http"] = {
                "search_rps": s["rps"],
                "search_p95_ms": s["p95_ms"],
                "search_p50_ms": s["p50_ms"],
                "page_rps": p["rps"],
                "page_p95_ms": p["p95_ms"],
                "page_p50_ms": p["p50_ms"],
                "errors": s["errors"] + p["errors"],
                "requests": s["requests"] + p["requests"],
                "statuses": {"search": s["statuses"], "page": p["statuses"]},
                "concurrency": 8,
                "seconds": {"search": s["seconds"], "page": p["seconds"]},
                # CPU seconds the load generator itself used (same machine as the server).
                "client_cpu_s": {"search": s["client_cpu_s"], "page": p["client_cpu_s"]},
            }
            result["rss_mb"] = max(peaks.values()) if peaks else None
            result["rss_mb_by_worker"] = peaks
            if result["http"]["errors"]:
                result["errors"]["http"] = f"{result['http']['errors']} requests failed"
        except Exception as exc:  # record it; the report still gets written
            result["errors"]["http"] = f"{type(exc).__name__}: {exc}"
            result.setdefault("http", None)
            result.setdefault("rss_mb", None)
        finally:
            loadgen.stop_server(server)
            if server in self.children:
                self.children.remove(server)
        result["phase_seconds"]["http"] = round(time.perf_counter() - start, 1)

    def stop_children(self):
        for proc in list(self.children):
            if isinstance(proc, subprocess.Popen) and proc.poll() is None:
                if getattr(proc, "log_path", None):
                    loadgen.stop_server(proc)
                else:
                    proc.terminate()
                    try:
                        proc.wait(10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
        self.children.clear()


def _search_queries(result):
    # Deep pages beyond the corpus would be 404s under load; keep page 1 queries.
    province = (result.get("search") or {}).get("province") or "ha-noi"
    return [q for q in resolve_queries(province) if "page" not in q.extra]


def _url(path, params):
    from urllib.parse import urlencode

    return f"{path}?{urlencode(params)}"


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
    rows += [
        ("icontains scan p50 / p95", _pair(i), ""),
        ("FTS5 p50 / p95", _pair(f), ""),
        ("FTS5 build", _fmt((f or {}).get("build_per_s"), " /s"), ""),
        ("ours p95 ÷ FTS5 p95", _fmt(ratios.get("ours_p95_over_fts5_p95"), "×", 2), "≤ 2×"),
        ("icontains p50 ÷ ours p50", _fmt(ratios.get("icontains_p50_over_ours_p50"), "×"), "≥ 10×"),
        ("report page p50 / p95", _pair(pages, "report_p50_ms", "report_p95_ms"), ""),
        ("list page p50 / p95", _pair(pages, "list_p50_ms", "list_p95_ms"), ""),
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
