"""``manage.py bench``: a reproducible benchmark in a throwaway data directory.

The command's own process never opens a database: its settings point at the user's
data. It makes a temporary ``ARCHIVE_DATA_DIR`` (SQLite + Whoosh + media), prepares it
(migrate, reference data, static files), then runs each measured phase in a child
``manage.py bench --phase NAME`` whose settings point there (bench/phases.py),
and finally starts gunicorn on loopback and drives it (bench/loadgen.py). A failing
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

from bench import loadgen
from bench import report as bench_report
from bench.phases import BENCH_ENV
from bench.queries import DEFAULT_COUNT, generate_queries

PHASE_ORDER = ["import", "index", "update", "search", "peers", "pages"]
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
        sizes,
        *,
        seed=1,
        keep=None,
        reuse=None,
        phases=None,
        repeat=1,
        queries=DEFAULT_COUNT,
        http_requests=200,
        out=None,
    ):
        # One size, or growing sizes measured on one corpus: report i depends only on
        # (seed, i), so 20,000 reports are the 5,000 of the first step plus 15,000 more.
        self.sizes = sorted(set(sizes)) if sizes else []
        self.reports = self.sizes[-1] if self.sizes else None
        self.reuse = reuse
        self.phases = phases
        self.seed = seed
        self.keep = keep
        self.repeat = repeat
        self.queries = queries
        self.start = 0  # reports already in the data directory (--reuse)
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
        """Run every phase for each size; returns the result of the largest size, with
        the results of all sizes under ``runs`` when there are several."""
        common = {"started_at": now(), "machine": machine_info(), "errors": {}}
        data_dir = self.data_dir_for_run()
        if data_dir == Path(settings.DATA_DIR).resolve():
            raise ValueError("the benchmark never runs in the site's own data directory")
        common["data_dir"] = str(data_dir)
        self.env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
        self.env.update({"ARCHIVE_DATA_DIR": str(data_dir), BENCH_ENV: str(data_dir)})
        self.env["DEBUG"] = "0"
        # The API's per-client limit would refuse the benchmark's own loopback load.
        self.env["API_RATE_LIMIT"] = "0"
        self.data_dir = data_dir
        grow = self.start < self.reports
        default = PHASE_ORDER if grow or not self.reuse else PHASE_ORDER[1:]
        phases = self.phases or default + ["http"]
        runs = []
        try:
            # A reused directory gets the migrations the code has gained since.
            common["setup_seconds"] = self.setup(common["errors"], reference=not self.reuse)
            start = self.start
            for size in self.sizes:
                result = {
                    "reports": size,
                    "seed": self.seed,
                    "phases": phases,
                    "errors": {},
                    "phase_seconds": {},
                    "started_at": now(),
                    "machine": common["machine"],
                }
                runs.append(result)
                self.log(f"Benchmark: {size:,} reports, data in {data_dir}")
                for name in PHASE_ORDER:
                    if name in phases:
                        self.phase(name, result, size, start)
                if "import" in phases:
                    meta = {"reports": size, "seed": self.seed, "created_at": now()}
                    (data_dir / "bench-meta.json").write_text(json.dumps(meta))
                if "http" in phases:
                    self.http(result)
                result["finished_at"] = now()
                start = size
        finally:
            self.stop_children()
            common["finished_at"] = now()
            common["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
            if not self.keep and not self.reuse:
                shutil.rmtree(data_dir, ignore_errors=True)
        for result in runs:
            bench_report.finish(result)
        last = runs[-1] if runs else {"reports": self.reports, "seed": self.seed, "errors": {}}
        out = {**last, **{k: v for k, v in common.items() if k != "errors"}}
        out["errors"] = {**common["errors"], **last["errors"]}
        if len(runs) > 1:
            out["runs"] = runs
            for result in runs[:-1]:
                for phase, message in result["errors"].items():
                    out["errors"][f"{result['reports']} {phase}"] = message
        return bench_report.finish(out)

    def data_dir_for_run(self):
        """A new temporary directory; or --keep's new/empty one; or, with --reuse, the
        directory a previous --keep run left (its corpus already imported)."""
        if self.reuse:
            data_dir = Path(self.reuse).resolve()
            meta = data_dir / "bench-meta.json"
            if not meta.exists():
                raise ValueError(f"--reuse {data_dir}: not a folder left by `bench --keep`")
            info = json.loads(meta.read_text())
            if self.sizes and self.sizes[-1] < info["reports"]:
                raise ValueError(
                    f"--reuse {data_dir}: it holds {info['reports']:,} reports already"
                )
            if self.sizes and info["seed"] != self.seed:
                raise ValueError(f"--reuse {data_dir}: its corpus has seed {info['seed']}")
            self.start, self.seed = info["reports"], info["seed"]
            self.reports = self.sizes[-1] if self.sizes else info["reports"]
            self.sizes = [self.reports]
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

    def setup(self, errors, reference=True):
        start = time.perf_counter()
        steps = [("migrate", "--noinput"), ("collectstatic", "--noinput", "-v", "0")]
        fixtures = self.base_dir / "fixtures"
        if reference and any(fixtures.glob("reference.*")):
            steps.insert(1, ("loaddata", "reference"))
        for step in steps:
            code, _, err = self.manage(*step)
            if code:
                errors[f"setup {step[0]}"] = err.strip()[-1500:]
                self.log(f"  setup {step[0]}: FAILED")
        return round(time.perf_counter() - start, 1)

    def phase(self, name, result, size, start=0):
        self.log(f"  {name} …")
        state = self.data_dir / f"bench-{name}.json"
        args = ["bench", "--phase", name, "--state", str(state), "--reports", str(size)]
        args += ["--start", str(start), "--seed", str(self.seed), "--repeat", str(self.repeat)]
        args += ["--queries", str(self.queries)]
        state.unlink(missing_ok=True)  # never read a previous size's answer
        start = time.perf_counter()
        self.out.flush()
        # Generous bounds (a phase that hangs must not hang the benchmark): 30 minutes
        # plus 0.2 s per report, far above the slowest rates measured so far.
        limit = 1800 + 0.2 * size
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
            queries = generate_queries(result["reports"], self.seed, self.queries)
            search_urls = [_url("/tim-kiem/", q.params) for q in queries]
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


def _url(path, params):
    from urllib.parse import urlencode

    return f"{path}?{urlencode(params)}"
