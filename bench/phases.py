"""The measured phases of ``manage.py bench``, each run in a child process whose
settings point at the benchmark's throwaway data directory (bench/runner.py
starts them). Each returns a dict that becomes part of the benchmark's JSON.

Every phase goes through the real code: the import path, the index build command,
the index worker, the search view with facets and highlighting (Django's test
client runs the whole middleware and template stack), the browsing views.
"""

import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from bench import peers
from bench.peers import timed as _timed
from bench.queries import by_kind, generate_queries, summarize

BENCH_ENV = "ARCHIVE_BENCH_DATA_DIR"


def guard():
    """Refuse to run a phase anywhere but in the benchmark's own data directory."""
    expected = os.environ.get(BENCH_ENV)
    if not expected or Path(expected).resolve() != Path(settings.DATA_DIR).resolve():
        raise CommandError(
            "Các pha đo chỉ chạy trong thư mục dữ liệu tạm do `manage.py bench` tạo ra, "
            "không bao giờ trên dữ liệu thật."
        )
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        raise CommandError("Các pha đo chỉ chạy trên cơ sở dữ liệu SQLite tạm.")


# --- import ------------------------------------------------------------------


def phase_import(reports, seed, start=0, check=200):
    """Generate reports ``start``…``reports - 1`` of the corpus and import them through
    ``archive.importing.import_text``."""
    from archive.importing import import_text
    from archive.models import Report
    from bench.corpus import generate_corpus

    statuses = Counter()
    gen_s = imp_s = 0.0
    checks = []
    messages = []
    corpus = generate_corpus(reports, seed, start=start)
    count = reports - start
    every = max(1000, count // 10)
    for done in range(count):
        if done and done % every == 0:
            print(f"    {done:,}/{count:,} imported ({done / imp_s:.0f}/s)", flush=True)
        t0 = time.perf_counter()
        generated = next(corpus)
        t1 = time.perf_counter()
        outcome = import_text(
            generated.text, original_filename=f"bench-{generated.index:06d}.txt", publish=True
        )
        t2 = time.perf_counter()
        gen_s += t1 - t0
        imp_s += t2 - t1
        statuses[outcome.status] += 1
        if outcome.status != "imported" and len(messages) < 5:
            messages.append(f"{generated.index}: {outcome.status}: {outcome.message}")
        if outcome.status == "imported" and len(checks) < check:
            checks.append(_check_facts(outcome.report, generated.facts))
    result = {
        "import_per_s": round(count / imp_s, 1) if imp_s else None,
        "generate_per_s": round(count / gen_s, 1) if gen_s else None,
        "imported": Report.objects.published().count(),
        "imported_now": statuses.get("imported", 0),
        "import_statuses": dict(statuses),
        "extraction_check": _recall(checks),
    }
    if messages:
        result["import_messages"] = messages
    if result["imported_now"] != count:
        result["error"] = f"{count - result['imported_now']} of {count} reports were not imported"
    return result


def _check_facts(report, facts):
    """What the extractor found in one generated report, against what it was built from."""
    from archive.models import Appearance

    codes = set(report.documents.values_list("code", flat=True))
    plenums = {(p.number, p.term.roman) for p in report.plenums.select_related("term")}
    people = Appearance.objects.filter(report=report).values_list("person__name", "role")
    speakers = {name for name, role in people if role != "attendee"}
    attendees = {name for name, role in people if role == "attendee"}
    points = {_point_key(cp.name) for cp in report.connection_points.all()}
    return {
        "event_date": str(report.event_date) == facts["event_date"],
        "documents": (len(set(facts["documents"]) & codes), len(facts["documents"])),
        "plenums": (
            len({(p["number"], p["term"]) for p in facts["plenums"]} & plenums),
            len(facts["plenums"]),
        ),
        "speakers": (
            len({s["name"] for s in facts["speakers"]} & speakers),
            len(facts["speakers"]),
        ),
        "attendees": (
            len({a["name"] for a in facts["attendees"]} & attendees),
            len(facts["attendees"]),
        ),
        "connection_points": (
            len({_point_key(c["name"]) for c in facts["connection_points"]} & points),
            len(facts["connection_points"]),
        ),
    }


def _point_key(name):
    # "điểm cầu Tỉnh ủy X" and "Tỉnh ủy X" name the same connection point.
    from archive.vietnamese import search_key

    key = search_key(name)
    for prefix in ("diem cau ", "dau cau "):
        key = key.removeprefix(prefix)
    return key


def _recall(checks):
    if not checks:
        return {"checked": 0}
    out = {"checked": len(checks)}
    out["event_date"] = round(sum(c["event_date"] for c in checks) / len(checks), 3)
    for key in ("documents", "plenums", "speakers", "attendees", "connection_points"):
        found = sum(c[key][0] for c in checks)
        total = sum(c[key][1] for c in checks)
        out[key] = round(found / total, 3) if total else None
    return out


# --- index -------------------------------------------------------------------


def _whoosh_path():
    conn = settings.HAYSTACK_CONNECTIONS["default"]
    return Path(conn["PATH"]) if "PATH" in conn else None


def dir_bytes(path):
    return peers.dir_bytes(Path(path)) if path is not None else None


def phase_index():
    """A full build through the project's command (``build_index``, else haystack's)."""
    from archive.models import Report
    from search.models import IndexTask

    published = Report.objects.published().count()
    queued_before = IndexTask.objects.order_by("-id").values_list("id", flat=True).first()
    start = time.perf_counter()
    try:
        call_command("build_index", verbosity=0)
        command = "build_index"
    except CommandError as exc:
        if "Unknown command" not in str(exc):
            raise
        call_command("rebuild_index", interactive=False, verbosity=0)
        command = "rebuild_index"
    elapsed = time.perf_counter() - start
    # The import queued one task per report; a full build made them moot, and the
    # update phase must time one change, not a replay of the whole import.
    covered = 0
    if queued_before is not None:
        covered, _ = IndexTask.objects.filter(id__lte=queued_before).delete()
    return {
        "index_per_s": round(published / elapsed, 1) if elapsed else None,
        "index_build_s": round(elapsed, 2),
        "index_command": command,
        "indexed": published,
        "index_bytes": dir_bytes(_whoosh_path()),
        "queue_tasks_covered_by_build": covered,
    }


# --- update ------------------------------------------------------------------


def _found(client, word, report):
    """Whether a search for ``word`` lists ``report`` (JSON API first, else the page)."""
    marks = (report.get_absolute_url(), f"/bai/{report.pk}/")
    for path in ("/api/search/", "/tim-kiem/"):
        resp = client.get(path, {"q": word})
        if resp.status_code == 404 and path == "/api/search/":
            continue
        body = resp.content.decode("utf-8", "replace")
        if resp.status_code == 200:
            if any(m in body for m in marks) or f'"id": {report.pk}' in body:
                return True
            if path == "/api/search/" and f'"id":{report.pk}' in body.replace(" ", ""):
                return True
        return False
    return False


def phase_update(manage_py, timeout=60.0):
    """Seconds from saving one report (new word in its title) until search finds it,
    with ``manage.py index_worker`` running as its own process."""
    from archive.models import Report
    from search.models import IndexTask

    log_path = Path(settings.DATA_DIR) / "bench-index-worker.log"
    with open(log_path, "ab") as log:
        worker = subprocess.Popen(
            [sys.executable, str(manage_py), "index_worker"],
            cwd=str(Path(manage_py).parent),
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # Let the worker start (Django set-up) and drain anything left over, so
        # the measurement is one change going through a running worker.
        deadline = time.monotonic() + 60
        time.sleep(1.0)
        while IndexTask.objects.exists() and time.monotonic() < deadline:
            if worker.poll() is not None:
                break
            time.sleep(0.1)
        if worker.poll() is not None:
            err = log_path.read_text("utf-8", "replace")[-800:]
            return {"update_visible_s": None, "error": f"index_worker exited: {err}"}
        report = Report.objects.published().order_by("-id").first()
        if report is None:
            return {"update_visible_s": None, "error": "no published report to update"}
        word = "benchxq" + "".join(random.choice("abcdefghikmnopqrstuvxy") for _ in range(8))
        client = Client()
        # The searching process is a serving worker that already has the index
        # open, as on a live site: what is measured is the change reaching it.
        _found(client, word, report)
        report.title = f"{report.title} {word}"
        start = time.perf_counter()
        report.save()
        polls = 0
        while time.perf_counter() - start < timeout:
            polls += 1
            if _found(client, word, report):
                return {
                    "update_visible_s": round(time.perf_counter() - start, 3),
                    "update_polls": polls,
                }
            time.sleep(0.05)
        return {"update_visible_s": None, "error": f"not searchable after {timeout:.0f} s"}
    finally:
        _stop(worker)


def _stop(proc, grace=10):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- search through the view ---------------------------------------------------


def _api(client, params):
    """(milliseconds, hit count or None, status) of one GET /api/search/."""
    try:
        ms, resp = _timed(client.get, "/api/search/", params)
    except Exception:
        return None, None, "exception"
    if resp.status_code != 200:
        return ms, None, resp.status_code
    return ms, resp.json().get("count"), 200


def _failed(status):
    # A 4xx is the API refusing a request it names the fault of (a filter on a document
    # the archive does not hold): answered, counted under "statuses", not timed.
    return status == "exception" or status >= 500


def phase_search(reports, seed, count, repeat=1):
    """The generated query set through GET /api/search/ (facets included): each query
    once, cold (never seen by this process), then the whole set again, warm; then
    the full /tim-kiem/ page (facets and highlighting) for each, once."""
    client = Client()
    queries = generate_queries(reports, seed, count)
    # Warm the process up (index views, templates) on queries outside the set, so the
    # cold pass measures queries new to the process, not a process new to queries.
    for warm in ("đảng viên", "hoc tap", "11-NQ/TW", '"xây dựng Đảng"'):
        client.get("/tim-kiem/", {"q": warm})
    statuses, errors = Counter(), 0
    cold, hits = [], []
    for q in queries:
        ms, n, status = _api(client, q.params)
        statuses[str(status)] += 1
        errors += _failed(status)
        cold.append(ms if status == 200 else None)
        hits.append(n)
    warm = []
    for _ in range(repeat):
        for q in queries:
            ms, _n, status = _api(client, q.params)
            statuses[str(status)] += 1
            errors += _failed(status)
            warm.append(ms if status == 200 else None)
    page = []
    for q in queries:
        try:
            ms, resp = _timed(client.get, "/tim-kiem/", q.params)
            status = resp.status_code
        except Exception:
            ms, status = None, "exception"
        statuses[f"page {status}"] += 1
        errors += _failed(status)
        page.append(ms if status == 200 else None)

    def ok(values):
        return [v for v in values if v is not None]

    result = {
        "cold": summarize(ok(cold), p99=True),
        "cold_by_kind": by_kind(queries, cold),
        "warm": summarize(ok(warm), p99=True),
        "warm_by_kind": by_kind(queries * repeat, warm),
        "page": summarize(ok(page), p99=True),
        "distinct_queries": len(queries),
        "kinds": dict(Counter(q.kind for q in queries)),
        "statuses": dict(statuses),
        "errors": errors,
        "refused": sum(n for status, n in statuses.items() if str(status)[-3:].startswith("4")),
        "repeat": repeat,
        "queries": [
            {"kind": q.kind, "params": q.params, "hits": n, "cold_ms": t and round(t, 2)}
            for q, n, t in zip(queries, hits, cold, strict=True)
        ],
    }
    out = {"search": result}
    if errors:
        out["error"] = f"{errors} search requests failed (5xx or exception)"
    return out


# --- peers ---------------------------------------------------------------------


def phase_peers(reports, seed, count, repeat=1):
    """The same queries through SQLite FTS5, Tantivy and (a sample) icontains."""
    queries = generate_queries(reports, seed, count)
    return peers.measure(queries, Path(settings.DATA_DIR), repeat)


# --- pages ---------------------------------------------------------------------


def _spread(ids, count):
    """``count`` ids spread evenly over ``ids``."""
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def phase_pages(repeat=2, sample=40, load_sample=400):
    """Report pages and list pages through the browsing views, the first view of each
    page (``*_first_*``: nothing cached) and repeated views; also the report URLs the
    HTTP load generator uses (spread over the whole archive, so most are first views)."""
    from archive.models import Report

    client = Client()
    ids = list(Report.objects.published().order_by("id").values_list("id", flat=True))
    chosen = set(_spread(ids, sample))
    # The load's pages: others than those measured here, so they are not yet cached.
    load_ids = _spread([i for i in ids if i not in chosen] or ids, load_sample)
    urls_by_id = {
        r.pk: r.get_absolute_url() for r in Report.objects.filter(id__in=chosen | set(load_ids))
    }
    report_urls = [urls_by_id[i] for i in sorted(chosen)]
    pages = max(1, min(5, len(ids) // 20))
    list_urls = [f"/bai/?page={p}" for p in range(1, pages + 1)] + ["/bai/?year=2019", "/bai/"]
    out, errors = {}, 0
    for name, urls in (("report", report_urls), ("list", list_urls)):
        first, times = [], []
        for i in range(repeat + 1):
            for url in urls:
                ms, resp = _timed(client.get, url)
                if resp.status_code != 200:
                    errors += 1
                    continue
                (first if i == 0 else times).append(ms)
        s, f = summarize(times), summarize(first)
        out[f"{name}_p50_ms"], out[f"{name}_p95_ms"] = s["p50_ms"], s["p95_ms"]
        out[f"{name}_first_p50_ms"], out[f"{name}_first_p95_ms"] = f["p50_ms"], f["p95_ms"]
    out["errors"] = errors
    result = {"pages": out, "report_urls": [urls_by_id[i] for i in load_ids]}
    if errors:
        result["error"] = f"{errors} page requests did not answer 200"
    return result


PHASES = {
    "import": phase_import,
    "index": phase_index,
    "update": phase_update,
    "search": phase_search,
    "peers": phase_peers,
    "pages": phase_pages,
}
__all__ = ["PHASES", "guard", "dir_bytes"]
