"""Filters typed in the query (``năm:2018``, ``tỉnh:"Hải Phòng"``,
``hội-nghị:trung ương 7 khóa 12``) → facet filters of the request, resolved
against the archive like the URL parameters (archive/filters.py)."""

import dataclasses

from archive import filters
from search import query
from search.request import index_value


def _as_url_value(key, value):
    # A plenum is typed as words ("trung ương 7 khóa XII"); URLs say "XII-7".
    if key == "plenum" and not filters.parse_plenum(value):
        parsed = query.parse(value)
        if parsed.plenums and parsed.plenums[0].term:
            return parsed.plenums[0].key
    return value


def with_typed_filters(req, parsed, notes):
    """``req`` with the filters typed in ``parsed`` added; what cannot be
    understood is said in ``notes`` and left out."""
    chosen = {param: list(values) for param, values in req.filters.items()}
    for key, values in parsed.filters.items():
        found, messages = filters.read_many(key, [_as_url_value(key, v) for v in values])
        notes.extend(messages)
        for f in found:
            value = index_value(f)
            chosen.setdefault(key, [])
            if value not in chosen[key]:
                chosen[key].append(value)
    return dataclasses.replace(req, filters=chosen)
