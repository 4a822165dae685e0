"""Search quality on a judged query set: nDCG@10 and document-number precision@5.

A judged set (``fixtures/search_judgements.json``) lists queries, each with the
reports relevant to it by file name and a grade (2: about it, 1: mentions it).
The reports are imported from their files into a throwaway data directory
(``manage.py evaluate_search``), every query goes through ``/api/search/``
as a user's would, and the ranked file names are scored here.

- nDCG@10: DCG of the first ten results with gain 2^grade − 1, over the DCG of
  the ideal ranking; a query with nothing relevant among the available files
  is left out.
- precision@5 for document-number queries (kind "code"): the share of the first
  five results (or of all results, when fewer come back) that are relevant; a
  query that returns nothing scores 0. 1.00 means no code query ever shows an
  unrelated report in its first five.
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Judged:
    q: str
    kind: str
    relevant: dict  # file name → grade (1 or 2)
    note: str = ""


@dataclass
class Outcome:
    query: Judged
    ranked: list  # file names, best first
    ndcg: float
    precision: float | None = None  # code queries only
    missing: list = field(default_factory=list)  # relevant files not in the top 10


def load(path, available=None):
    """The judged queries of ``path``; with ``available`` (file names), the
    grades of files not there are dropped, and queries left with none."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    queries = []
    for row in data["queries"]:
        relevant = {
            name: int(grade)
            for name, grade in row["relevant"].items()
            if available is None or name in available
        }
        if relevant:
            queries.append(Judged(row["q"], row["kind"], relevant, row.get("note", "")))
    return queries


def _dcg(grades):
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg(ranked, relevant, k=10):
    ideal = _dcg(sorted(relevant.values(), reverse=True)[:k])
    return _dcg([relevant.get(name, 0) for name in ranked[:k]]) / ideal if ideal else 0.0


def precision(ranked, relevant, k=5):
    top = ranked[:k]
    return sum(1 for name in top if name in relevant) / len(top) if top else 0.0


def score(query, ranked):
    top = ranked[:10]
    return Outcome(
        query=query,
        ranked=ranked,
        ndcg=ndcg(ranked, query.relevant),
        precision=precision(ranked, query.relevant) if query.kind == "code" else None,
        missing=[name for name in query.relevant if name not in top],
    )


def summary(outcomes):
    """Mean nDCG@10 overall and by kind, and mean code precision@5."""
    by_kind = {}
    for o in outcomes:
        by_kind.setdefault(o.query.kind, []).append(o.ndcg)
    codes = [o.precision for o in outcomes if o.precision is not None]
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    return {
        "queries": len(outcomes),
        "ndcg@10": mean([o.ndcg for o in outcomes]),
        "code_precision@5": mean(codes),
        "by_kind": {kind: (len(xs), mean(xs)) for kind, xs in sorted(by_kind.items())},
    }
