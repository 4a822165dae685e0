"""The benchmark's query set and its statistics.

The queries are drawn from the benchmark's own corpus (``bench/corpus.py``), seeded, so
that they are many, distinct and new to the serving process (a fixed handful of queries
repeated is answered by per-process caches, not by the engine): windows of the corpus's
sentences, accented and unaccented, quoted phrases, people's names, document codes,
plenums, and words with a facet filter. One query set, used unchanged for our search and
for every peer (``bench/peers.py``), so that the columns compare like with like.
"""

import math
import random
import re
from dataclasses import dataclass, field

from archive import vietnamese

# How many of each kind, in this order (a kind that the corpus cannot fill, at the
# smallest sizes, is filled up with word windows).
PROPORTIONS = {
    "words": 90,
    "unaccented": 60,
    "phrase": 30,
    "name": 45,
    "code": 40,
    "plenum": 25,
    "filtered": 30,
}
DEFAULT_COUNT = sum(PROPORTIONS.values())  # 320
KINDS = sorted(PROPORTIONS)
# Queries are drawn from the first reports of the corpus: the same set for every size
# from this one up, so the rows of the scaling table compare the same queries.
SOURCE_REPORTS = 1000
FILTERS = ("year", "province", "document", "term")


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    extra: dict = field(default_factory=dict)

    @property
    def params(self):
        return {"q": self.q, **self.extra}


# Clauses: a window never crosses punctuation, as what users type does not.
_SENTENCE_SPLIT = re.compile(r"[.,;:!?…()\[\]\"“”–-]+")
_WORD = re.compile(r"[^\W\d_]+")  # letters only: no numbers, no punctuation


def _sentences(text):
    out = []
    for line in text.splitlines()[1:]:  # not the title line
        if len(line.split()) < 8:  # captions, bylines, page junk
            continue
        for sentence in _SENTENCE_SPLIT.split(line):
            words = _WORD.findall(sentence)
            if len(words) >= 4:
                out.append(words)
    return out


def _window(rng, sentences, low, high):
    words = rng.choice(sentences)
    size = min(len(words), rng.randint(low, high))
    start = rng.randrange(len(words) - size + 1)
    return " ".join(words[start : start + size]).lower()


def _plenum_text(rng, plenum):
    n, roman = plenum["number"], plenum["term"]
    term = vietnamese.roman_to_int(roman)
    forms = [
        f"trung ương {n} khóa {roman}",
        f"hội nghị trung ương {n} khoá {roman}",
        f"TW{n} khoa {term}",
        f"hội nghị lần thứ {n} khóa {roman}",
        f"hoi nghi trung uong {n} khoa {roman.lower()}",
    ]
    return rng.choice(forms)


def _draw(kind, rng, report, sentences):
    """One query of ``kind`` from one generated report (None if it has none)."""
    facts = report.facts
    if kind == "words":
        return Query(kind, _window(rng, sentences, 2, 4))
    if kind == "unaccented":
        return Query(kind, vietnamese.fold(_window(rng, sentences, 2, 4)))
    if kind == "phrase":
        return Query(kind, f'"{_window(rng, sentences, 2, 3)}"')
    if kind == "name":
        people = facts["speakers"] + facts["attendees"]
        if not people:
            return None
        name = rng.choice(people)["name"]
        return Query(kind, vietnamese.fold(name).lower() if rng.random() < 0.3 else name)
    if kind == "code":
        if not facts["documents"]:
            return None
        code = rng.choice(facts["documents"])
        return Query(kind, code.lower() if rng.random() < 0.3 else code)
    if kind == "plenum":
        if not facts["plenums"]:
            return None
        return Query(kind, _plenum_text(rng, rng.choice(facts["plenums"])))
    if kind == "filtered":
        words = _window(rng, sentences, 1, 2)
        name = rng.choice(FILTERS)
        if name == "year":
            value = facts["event_date"][:4]
        elif name == "province":
            value = facts.get("province")
        elif name == "document":
            value = facts["documents"][0] if facts["documents"] else None
        else:
            value = facts["plenums"][0]["term"] if facts["plenums"] else None
        return Query(kind, words, {name: value}) if value else None
    raise ValueError(kind)


def generate_queries(reports, seed=1, count=DEFAULT_COUNT, seeds_dir=None):
    """``count`` distinct queries drawn from the first ``min(reports, SOURCE_REPORTS)``
    reports of the corpus ``seed``, in ``PROPORTIONS`` (scaled to ``count``), in a
    seeded shuffled order; deterministic for (reports, seed, count)."""
    from bench.corpus import generate_corpus

    corpus = list(generate_corpus(min(reports, SOURCE_REPORTS), seed, seeds_dir))
    sentences = [_sentences(r.text) for r in corpus]
    usable = [i for i, s in enumerate(sentences) if s]
    rng = random.Random(f"queries:{seed}:{count}")
    total = sum(PROPORTIONS.values())
    quotas = {kind: round(n * count / total) for kind, n in PROPORTIONS.items()}
    quotas["words"] += count - sum(quotas.values())
    seen, out = set(), []

    def add(query):
        if query is None or not query.q.strip():
            return False
        key = (query.q.lower(), tuple(sorted(query.extra.items())))
        if key in seen:
            return False
        seen.add(key)
        out.append(query)
        return True

    for kind, quota in quotas.items():
        got = attempts = 0
        while got < quota and attempts < quota * 50:
            attempts += 1
            i = rng.choice(usable)
            got += add(_draw(kind, rng, corpus[i], sentences[i]))
    attempts = 0
    while len(out) < count and attempts < count * 50:  # a kind the corpus could not fill
        attempts += 1
        i = rng.choice(usable)
        add(_draw("words", rng, corpus[i], sentences[i]))
    rng.shuffle(out)
    return out


def percentile(values, p):
    """Linear-interpolated percentile (0–100) of a non-empty list."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(ms, p99=False):
    """{p50_ms, p95_ms[, p99_ms], n} of a list of milliseconds (None when empty)."""
    keys = (50, 95, 99) if p99 else (50, 95)
    out = {f"p{k}_ms": (round(percentile(ms, k), 2) if ms else None) for k in keys}
    out["n"] = len(ms)
    return out


def by_kind(queries, ms):
    """summarize() per kind of ``ms[i]``, the time of ``queries[i]`` (None: failed)."""
    kinds = {}
    for q, t in zip(queries, ms, strict=True):
        if t is not None:
            kinds.setdefault(q.kind, []).append(t)
    return {kind: summarize(v) for kind, v in sorted(kinds.items())}


_PHRASE_RE = re.compile(r'"([^"]+)"')


def literal_terms(q):
    """The terms a literal engine ANDs: each quoted phrase whole, then each word."""
    phrases = _PHRASE_RE.findall(q)
    rest = _PHRASE_RE.sub(" ", q).split()
    return [p.strip() for p in phrases if p.strip()] + rest


def fts5_expression(q):
    """An FTS5 MATCH expression: quoted phrases and words, ANDed; a document code
    is quoted, so it is matched as the phrase of its tokens (26 nq tw)."""
    parts = []
    for term in literal_terms(q):
        term = term.replace('"', " ").strip()
        if term:
            parts.append(f'"{term}"')
    return " ".join(parts) or '""'
