"""The two baselines of ``manage.py bench``, on the same corpus and query set as our
search: a Django ``icontains`` scan (what a site without a search engine does) and a
throwaway SQLite FTS5 table with ``unicode61 remove_diacritics 2``.
Both return the hit count and one page of ten, like the search page."""

import sqlite3
import time

from bench.queries import fts5_expression, icontains_terms, summarize


def timed(fn, *args, **kwargs):
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def _province_of_places():
    """Place id → slug of the province it is in today (districts and merged provinces
    included), as the search facet counts it."""
    from archive.models import Place

    places = Place.objects.select_related("parent__parent")
    return {place.pk: place.province.slug for place in places}


def _filtered(qs, params, provinces):
    if "year" in params:
        qs = qs.filter(event_date__year=int(params["year"]))
    if "province" in params:
        ids = [pk for pk, slug in provinces.items() if slug == params["province"]]
        qs = qs.filter(organiser_place__in=ids)
    if "document" in params:
        qs = qs.filter(documents__code=params["document"])
    if "term" in params:
        qs = qs.filter(plenums__term__roman=params["term"])
    return qs


def icontains(queries, repeat):
    from django.db.models import Q

    from archive.models import Report

    provinces = _province_of_places()

    def run(q):
        qs = Report.objects.published()
        for term in icontains_terms(q.params["q"]):
            qs = qs.filter(Q(body__icontains=term) | Q(title__icontains=term))
        qs = _filtered(qs, q.params, provinces).distinct()
        page = int(q.params.get("page", 1))
        count = qs.count()
        top = list(
            qs.order_by("-event_date", "-id").values_list("id", "title")[(page - 1) * 10 :][:10]
        )
        return count, top

    return _run_baseline(queries, repeat, run)


def _run_baseline(queries, repeat, run):
    times, per_query = [], []
    for q in queries:
        hits = run(q)[0]  # warm-up, and the hit count
        mine = [timed(run, q)[0] for _ in range(repeat)]
        times += mine
        per_query.append({"kind": q.kind, "hits": hits, **summarize(mine)})
    result = summarize(times, p99=True)
    result["queries"] = per_query
    return result


def _fold_d(text):
    # unicode61 folds tones but not đ (it has no decomposition): fold it on both sides
    # so that the baseline answers unaccented queries as a user would expect.
    return text.replace("đ", "d").replace("Đ", "D")


def fts5(queries, repeat, work_dir):
    from archive.models import Report, ReportDocument, ReportPlenum

    provinces = _province_of_places()
    path = work_dir / "bench-fts5.sqlite3"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute(
        'CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize="unicode61 remove_diacritics 2")'
    )
    db.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, year INT, province TEXT)")
    db.execute("CREATE TABLE docs (id INT, code TEXT)")
    db.execute("CREATE TABLE terms (id INT, term TEXT)")
    build_s, count = 0.0, 0
    rows = Report.objects.published().values_list(
        "id", "title", "body", "event_date", "organiser_place_id"
    )
    batch = []
    for row in rows.iterator(chunk_size=500):
        batch.append(row)
        if len(batch) == 500:
            build_s += _fts5_insert(db, batch, provinces)
            count += len(batch)
            batch = []
    if batch:
        build_s += _fts5_insert(db, batch, provinces)
        count += len(batch)
    db.executemany(
        "INSERT INTO docs VALUES (?, ?)",
        ReportDocument.objects.values_list("report_id", "document__code").iterator(),
    )
    db.executemany(
        "INSERT INTO terms VALUES (?, ?)",
        ReportPlenum.objects.values_list("report_id", "plenum__term__roman").iterator(),
    )
    db.execute("CREATE INDEX docs_code ON docs(code)")
    db.execute("CREATE INDEX terms_term ON terms(term)")
    db.commit()

    def run(q):
        where, args = ["fts MATCH ?"], [_fold_d(fts5_expression(q.params["q"]))]
        p = q.params
        if "year" in p:
            where.append("+rowid IN (SELECT id FROM meta WHERE year = ?)")
            args.append(int(p["year"]))
        if "province" in p:
            where.append("+rowid IN (SELECT id FROM meta WHERE province = ?)")
            args.append(p["province"])
        if "document" in p:
            where.append("+rowid IN (SELECT id FROM docs WHERE code = ?)")
            args.append(p["document"])
        if "term" in p:
            where.append("+rowid IN (SELECT id FROM terms WHERE term = ?)")
            args.append(p["term"])
        # "+rowid": let MATCH drive and the filter check each hit; a bare rowid IN (…)
        # makes FTS5 look up every filtered id on its own (60× slower).
        sql = " AND ".join(where)
        n = db.execute(f"SELECT count(*) FROM fts WHERE {sql}", args).fetchone()[0]
        offset = (int(p.get("page", 1)) - 1) * 10
        top = db.execute(
            f"SELECT rowid FROM fts WHERE {sql} ORDER BY bm25(fts) LIMIT 10 OFFSET ?",
            [*args, offset],
        ).fetchall()
        return n, top

    result = _run_baseline(queries, repeat, run)
    result["build_per_s"] = round(count / build_s, 1) if build_s else None
    result["size_bytes"] = path.stat().st_size
    db.close()
    return result


def _fts5_insert(db, batch, provinces):
    start = time.perf_counter()
    db.executemany(
        "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
        [(r[0], _fold_d(r[1]), _fold_d(r[2])) for r in batch],
    )
    db.executemany(
        "INSERT INTO meta VALUES (?, ?, ?)",
        [(r[0], r[3].year if r[3] else None, provinces.get(r[4])) for r in batch],
    )
    db.commit()
    return time.perf_counter() - start
