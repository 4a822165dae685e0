"""Queries close to one that found nothing, and that do find something."""

from django.utils.translation import gettext as _

from search.request import SearchRequest
from search.results import Suggestion

MAX_TRIED = 6
MAX_SHOWN = 3


def candidates(parsed, req):
    """``(SearchRequest, label)`` pairs to try, most promising first; a label
    of None shows the query itself."""
    out = []
    if req.filters:
        out.append((SearchRequest(q=req.q), _("bỏ các bộ lọc")))
    words = parsed.words
    if len(words) > 1:
        for i in range(len(words)):
            rest = " ".join(words[:i] + words[i + 1 :])
            out.append((SearchRequest(q=rest, filters=req.filters), None))
    for ref in parsed.plenums:
        if ref.term:
            out.append((SearchRequest(q=f"trung ương {ref.number}", filters=req.filters), None))
    return out[:MAX_TRIED]


def suggestions(parsed, req, count):
    """Up to ``MAX_SHOWN`` suggestions; ``count(SearchRequest)`` is how many
    reports a request finds."""
    out = []
    for candidate, label in candidates(parsed, req):
        total = count(candidate)
        if total:
            out.append(Suggestion(candidate.q, label or candidate.q, total, candidate.url()))
        if len(out) >= MAX_SHOWN:
            break
    return out
