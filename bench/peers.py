"""The peers of ``manage.py bench``, on the same corpus and query set as our search, in
the same run: a throwaway SQLite FTS5 table (``unicode61 remove_diacritics 2``), a
Tantivy index (the Rust engine through its Python bindings, over folded text), and a
Django ``icontains`` scan on a sample (what a site without a search engine does).

Each returns the hit count and the top ten, as our /api/search/ does (without facets,
snippets or our query understanding: they match the query's words literally). Each query
is run once ("first", never seen by the process), then the whole set again ("warm").
"""

import re
import shutil
import sqlite3
import time

from archive import vietnamese
from bench.queries import by_kind, fts5_expression, literal_terms, summarize

ICONTAINS_SAMPLE = 20  # a full scan per query: a sample is enough to make the point
CHUNK = 500


def timed(fn, *args, **kwargs):
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def dir_bytes(path):
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _province_of_places():
    """Place id → slug of the province it is in today (districts and merged provinces
    included), as the search facet counts it."""
    from archive.models import Place

    return {
        place.pk: place.province.slug for place in Place.objects.select_related("parent__parent")
    }


def resolve_filters(queries):
    """The queries' parameters with a province written by name turned into today's
    province slug (the peers store that; our search resolves names itself)."""
    from archive.models import Place

    index = Place.objects.name_index()
    out = []
    for q in queries:
        params = dict(q.params)
        if "province" in params:
            place = Place.objects.lookup(params["province"], index)
            params["province"] = place.province.slug if place is not None else params["province"]
        out.append(params)
    return out


def run_passes(queries, params, run, repeat=1):
    """First run of each query ("cold": never seen by the process), then ``repeat`` warm
    passes over the whole set."""
    cold, warm, hits = [], [], []
    for p in params:
        ms, (count, _top) = timed(run, p)
        cold.append(ms)
        hits.append(count)
    for _ in range(repeat):
        for p in params:
            warm.append(timed(run, p)[0])
    return {
        "cold": summarize(cold, p99=True),
        "cold_by_kind": by_kind(queries, cold),
        "warm": summarize(warm, p99=True),
        "warm_by_kind": by_kind(queries * repeat, warm),
        "queries": [{"kind": q.kind, "hits": h} for q, h in zip(queries, hits, strict=True)],
    }


# --- the corpus, read once for both engines -------------------------------------------------


def _rows():
    """(id, title, body, year, province slug, [document codes], [term romans]) of every
    published report, in chunks."""
    from archive.models import Report, ReportDocument, ReportPlenum

    provinces = _province_of_places()
    docs, terms = {}, {}
    for rid, code in ReportDocument.objects.values_list("report_id", "document__code").iterator():
        docs.setdefault(rid, []).append(code)
    for rid, roman in ReportPlenum.objects.values_list("report_id", "plenum__term__roman"):
        terms.setdefault(rid, []).append(roman)
    rows = Report.objects.published().values_list(
        "id", "title", "body", "event_date", "organiser_place_id"
    )
    chunk = []
    for rid, title, body, date, place in rows.iterator(chunk_size=CHUNK):
        chunk.append(
            (
                rid,
                title,
                body,
                date.year if date else None,
                provinces.get(place),
                docs.get(rid, []),
                sorted(set(terms.get(rid, []))),
            )
        )
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- SQLite FTS5 ------------------------------------------------------------------------


def _fold_d(text):
    # unicode61 folds tones but not đ (it has no decomposition): fold it on both sides
    # so that the baseline answers unaccented queries as a user would expect.
    return text.replace("đ", "d").replace("Đ", "D")


class FTS5:
    name = "fts5"

    def __init__(self, work_dir):
        self.path = work_dir / "bench-fts5.sqlite3"
        self.path.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(title, body, "
            'tokenize="unicode61 remove_diacritics 2")'
        )
        self.db.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, year INT, province TEXT)")
        self.db.execute("CREATE TABLE docs (id INT, code TEXT)")
        self.db.execute("CREATE TABLE terms (id INT, term TEXT)")

    def add(self, chunk):
        db = self.db
        db.executemany(
            "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
            [(r[0], _fold_d(r[1]), _fold_d(r[2])) for r in chunk],
        )
        db.executemany("INSERT INTO meta VALUES (?, ?, ?)", [(r[0], r[3], r[4]) for r in chunk])
        db.executemany("INSERT INTO docs VALUES (?, ?)", [(r[0], c) for r in chunk for c in r[5]])
        db.executemany("INSERT INTO terms VALUES (?, ?)", [(r[0], t) for r in chunk for t in r[6]])
        db.commit()

    def finish(self):
        self.db.execute("CREATE INDEX docs_code ON docs(code)")
        self.db.execute("CREATE INDEX terms_term ON terms(term)")
        self.db.commit()

    def size(self):
        return self.path.stat().st_size

    def run(self, p):
        where, args = ["fts MATCH ?"], [_fold_d(fts5_expression(p["q"]))]
        for key, sql in (
            ("year", "+rowid IN (SELECT id FROM meta WHERE year = ?)"),
            ("province", "+rowid IN (SELECT id FROM meta WHERE province = ?)"),
            ("document", "+rowid IN (SELECT id FROM docs WHERE code = ?)"),
            ("term", "+rowid IN (SELECT id FROM terms WHERE term = ?)"),
        ):
            # "+rowid": let MATCH drive and the filter check each hit; a bare rowid IN (…)
            # makes FTS5 look up every filtered id on its own (60× slower).
            if key in p:
                where.append(sql)
                args.append(int(p[key]) if key == "year" else p[key])
        sql = " AND ".join(where)
        n = self.db.execute(f"SELECT count(*) FROM fts WHERE {sql}", args).fetchone()[0]
        offset = (int(p.get("page", 1)) - 1) * 10
        top = self.db.execute(
            f"SELECT rowid FROM fts WHERE {sql} ORDER BY bm25(fts) LIMIT 10 OFFSET ?",
            [*args, offset],
        ).fetchall()
        return n, [r[0] for r in top]

    def close(self):
        self.db.close()


# --- Tantivy ------------------------------------------------------------------------------


_TOKEN = re.compile(r"[^\W_]+")  # as Tantivy's default tokenizer splits (non-alphanumerics)


def _folded(text):
    return vietnamese.fold(text).lower()


class Tantivy:
    name = "tantivy"

    def __init__(self, work_dir):
        import tantivy

        self.t = tantivy
        self.path = work_dir / "bench-tantivy"
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir()
        b = tantivy.SchemaBuilder()
        b.add_integer_field("id", stored=True, indexed=False)
        b.add_text_field("title")
        b.add_text_field("body")
        b.add_integer_field("year", indexed=True)
        for raw in ("province", "document", "term"):
            b.add_text_field(raw, tokenizer_name="raw", index_option="basic")
        self.schema = b.build()
        self.index = tantivy.Index(self.schema, path=str(self.path))
        self.writer = self.index.writer(heap_size=256_000_000, num_threads=2)

    def add(self, chunk):
        for rid, title, body, year, province, docs, terms in chunk:
            doc = self.t.Document(id=rid, title=_folded(title), body=_folded(body))
            if year:
                doc.add_integer("year", year)
            if province:
                doc.add_text("province", province)
            for code in docs:
                doc.add_text("document", code)
            for roman in terms:
                doc.add_text("term", roman)
            self.writer.add_document(doc)

    def finish(self):
        self.writer.commit()
        self.writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def size(self):
        return dir_bytes(self.path)

    def query(self, p):
        Q, Occur, schema = self.t.Query, self.t.Occur, self.schema
        must = []
        for term in literal_terms(p["q"]):
            tokens = _TOKEN.findall(_folded(term))
            if not tokens:
                continue
            fields = [
                Q.term_query(schema, f, tokens[0])
                if len(tokens) == 1
                else Q.phrase_query(schema, f, tokens)
                for f in ("title", "body")
            ]
            must.append((Occur.Must, Q.boolean_query([(Occur.Should, q) for q in fields])))
        if not must:
            return Q.empty_query()
        if "year" in p:
            must.append((Occur.Must, Q.term_query(schema, "year", int(p["year"]))))
        for key in ("province", "document", "term"):
            if key in p:
                must.append((Occur.Must, Q.term_query(schema, key, p[key])))
        return Q.boolean_query(must)

    def run(self, p):
        offset = (int(p.get("page", 1)) - 1) * 10
        result = self.searcher.search(self.query(p), 10, count=True, offset=offset)
        top = [self.searcher.doc(addr)["id"][0] for _score, addr in result.hits]
        return result.count, top

    def close(self):
        pass


# --- the phase ------------------------------------------------------------------------------


def build(peers):
    """Feed every published report to each peer; seconds each spent (its own calls)."""
    spent = {peer.name: 0.0 for peer in peers}
    count = 0
    for chunk in _rows():
        count += len(chunk)
        for peer in peers:
            spent[peer.name] += timed(peer.add, chunk)[0] / 1000
    for peer in peers:
        spent[peer.name] += timed(peer.finish)[0] / 1000
    return count, spent


def measure(queries, work_dir, repeat=1):
    """{"fts5": …, "tantivy": …, "icontains": …} on the queries (see the module)."""
    params = resolve_filters(queries)
    peers = [FTS5(work_dir), Tantivy(work_dir)]
    count, spent = build(peers)
    out = {}
    for peer in peers:
        result = run_passes(queries, params, peer.run, repeat)
        result["build_s"] = round(spent[peer.name], 2)
        result["build_per_s"] = round(count / spent[peer.name], 1) if spent[peer.name] else None
        result["size_bytes"] = peer.size()
        out[peer.name] = result
        peer.close()
    sample = list(range(min(ICONTAINS_SAMPLE, len(queries))))
    out["icontains"] = icontains([queries[i] for i in sample], [params[i] for i in sample])
    return out


def icontains(queries, params):
    """A Django ``icontains`` scan, one run of each query (a full scan is never cached)."""
    from django.db.models import Q

    from archive.models import Report

    provinces = _province_of_places()

    def run(p):
        qs = Report.objects.published()
        for term in literal_terms(p["q"]):
            qs = qs.filter(Q(body__icontains=term) | Q(title__icontains=term))
        if "year" in p:
            qs = qs.filter(event_date__year=int(p["year"]))
        if "province" in p:
            qs = qs.filter(
                organiser_place__in=[k for k, v in provinces.items() if v == p["province"]]
            )
        if "document" in p:
            qs = qs.filter(documents__code=p["document"])
        if "term" in p:
            qs = qs.filter(plenums__term__roman=p["term"])
        qs = qs.distinct()
        count = qs.count()
        top = list(qs.order_by("-event_date", "-id").values_list("id", flat=True)[:10])
        return count, top

    times, hits = [], []
    for p in params:
        ms, (count, _top) = timed(run, p)
        times.append(ms)
        hits.append(count)
    result = summarize(times)
    result["queries"] = [{"kind": q.kind, "hits": h} for q, h in zip(queries, hits, strict=True)]
    return result
