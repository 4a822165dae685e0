"""The benchmark's fixed query set and its statistics.

One query set, used unchanged for our search view, the ``icontains`` scan and the
FTS5 baseline, so that the three columns of the benchmark compare like with like.
Kinds follow issue 5: document code, unaccented words, accented words, phrase,
plenum, filtered by a facet, deep page.
"""

import math
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    extra: dict = field(default_factory=dict)

    @property
    def params(self):
        return {"q": self.q, **self.extra}


# "{province}" is replaced by the slug of the province with the most reports.
QUERIES = [
    Query("code", "26-NQ/TW"),
    Query("code", "205-QĐ/TW"),
    Query("code", "21-HD/BTCTW"),
    Query("code", "35-CT/TW"),
    Query("code", "27-nq/tw"),
    Query("unaccented", "nghi quyet can bo"),
    Query("unaccented", "chinh sach tien luong"),
    Query("unaccented", "kiem soat quyen luc"),
    Query("unaccented", "hoi nghi truc tuyen"),
    Query("unaccented", "bao hiem xa hoi"),
    Query("accented", "cán bộ chiến lược"),
    Query("accented", "bảo hiểm xã hội"),
    Query("accented", "kinh tế tư nhân"),
    Query("accented", "đại đoàn kết toàn dân tộc"),
    Query("accented", "chuyển đổi số"),
    Query("phrase", '"chính sách tiền lương"'),
    Query("phrase", '"chạy chức, chạy quyền"'),
    Query("phrase", '"học tập, quán triệt"'),
    Query("phrase", '"kinh tế biển"'),
    Query("plenum", "trung ương 7 khóa XII"),
    Query("plenum", "TW8 khoa 13"),
    Query("plenum", "hội nghị lần thứ tám khóa XIII"),
    Query("plenum", "HNTW 6 khoa XII"),
    Query("filtered", "cán bộ", {"year": "2019"}),
    Query("filtered", "nghi quyet", {"province": "{province}"}),
    Query("filtered", "quán triệt", {"document": "26-NQ/TW"}),
    Query("filtered", "kiểm tra giám sát", {"term": "XII"}),
    Query("deep_page", "hội nghị", {"page": "20"}),
    Query("deep_page", "nghi quyet", {"page": "25"}),
    Query("deep_page", "cán bộ", {"page": "30"}),
]
KINDS = sorted({q.kind for q in QUERIES})


def resolve_queries(province_slug):
    return [
        Query(q.kind, q.q, {k: v.replace("{province}", province_slug) for k, v in q.extra.items()})
        for q in QUERIES
    ]


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


_PHRASE_RE = re.compile(r'"([^"]+)"')


def icontains_terms(q):
    """The substrings a LIKE scan ANDs: each quoted phrase whole, then each word."""
    phrases = _PHRASE_RE.findall(q)
    rest = _PHRASE_RE.sub(" ", q).split()
    return [p.strip() for p in phrases if p.strip()] + rest


def fts5_expression(q):
    """An FTS5 MATCH expression: quoted phrases and words, ANDed; a document code
    is quoted, so it is matched as the phrase of its tokens (26 nq tw)."""
    parts = []
    for term in icontains_terms(q):
        term = term.replace('"', " ").strip()
        if term:
            parts.append(f'"{term}"')
    return " ".join(parts) or '""'
