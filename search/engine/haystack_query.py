"""haystack's ``SearchQuerySet`` over our engine: ``SQ`` trees → clauses.

haystack's own Whoosh query builds a query *string* for Whoosh's parser and
searches with Whoosh's searcher, which knows neither our schema's facet
column nor its syllable fields. Here the ``SQ`` tree of a ``SearchQuerySet``
is compiled straight into the clauses of search/engine/execution.py, so
``filter``, ``exclude``, ``auto_query``, ``facet``, ``order_by``,
``narrow``, ``models`` and ``more_like_this`` run on the same arrays as the
site's own search. Anything the engine cannot express raises
``SearchBackendError`` instead of being silently dropped.
"""

import datetime
import re

from haystack.backends import BaseSearchQuery
from haystack.constants import DJANGO_ID
from haystack.exceptions import SearchBackendError
from haystack.inputs import AutoQuery, BaseInput, Exact, Raw
from haystack.inputs import Not as NotInput

from archive import vietnamese
from search import analysis
from search.clauses import (
    AllOf,
    AnyOf,
    DateRange,
    FacetIn,
    Keyword,
    Not,
    Phrase,
    Reports,
    Word,
)
from search.engine.schema import FACET_FIELDS

CONTENT_FIELDS = ("content", "text")
KEYWORD_FIELDS = ("codes", "plenum_keys")
# One narrow() expression: field:value or field:"value".
NARROW_RE = re.compile(r'^\s*(\w+):(?:"([^"]*)"|(\S+))\s*$')
PHRASE_RE = re.compile(r'"([^"]*)"')


def _syllables(text):
    return analysis.TOKEN_RE.findall(vietnamese.normalize(str(text)))


def words(text):
    """Word clauses for the syllables of ``text``."""
    return [Word.of(raw) for raw in _syllables(text)]


def phrase(text):
    raws = _syllables(text)
    return Phrase.of(raws) if raws else None


def auto_query(text):
    """What ``AutoQuery`` means: quoted phrases, ``-word`` excluded, every
    other word required."""
    clauses = []
    for i, part in enumerate(PHRASE_RE.split(text)):
        if i % 2:
            clauses.append(phrase(part))
            continue
        for token in part.split():
            if token.startswith("-") and len(token) > 1:
                clauses += [Not(c) for c in words(token[1:])]
            else:
                clauses += words(token)
    return [c for c in clauses if c is not None]


def _ordinal(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.toordinal()


def leaf(field, filter_type, value):
    """One ``field__filter_type=value`` of an ``SQ`` → one clause."""
    if isinstance(value, Raw):
        raise SearchBackendError("raw query strings are not supported by this engine")
    exact = isinstance(value, Exact) or filter_type == "exact"
    negate = isinstance(value, NotInput)
    auto = isinstance(value, AutoQuery)
    if isinstance(value, BaseInput):
        value = value.query_string
    if field in CONTENT_FIELDS or field == "title":
        if filter_type not in ("content", "contains", "exact"):
            raise SearchBackendError(f"{field}__{filter_type} is not supported by this engine")
        if auto:
            clauses = auto_query(str(value))
        elif exact:
            clauses = [phrase(value)]
        else:
            clauses = words(value)
        clauses = [c for c in clauses if c is not None]
        if field == "title":
            clauses = [_title(c) for c in clauses]
        clause = AllOf(tuple(clauses))
    elif field in FACET_FIELDS or field in KEYWORD_FIELDS:
        if filter_type == "in":
            values = [str(v) for v in value]
        elif filter_type in ("content", "contains", "exact"):
            values = [str(value)]
        else:
            raise SearchBackendError(f"{field}__{filter_type} is not supported by this engine")
        if field in FACET_FIELDS:
            clause = FacetIn(field, tuple(values))
        else:
            clause = AnyOf(tuple(Keyword(field, v) for v in values))
    elif field == "event_date":
        bounds = {
            "gte": (value, None),
            "gt": (value, None),
            "lte": (None, value),
            "lt": (None, value),
            "exact": (value, value),
            "content": (value, value),
            "range": tuple(value) if filter_type == "range" else None,
        }.get(filter_type)
        if bounds is None:
            raise SearchBackendError(f"event_date__{filter_type} is not supported by this engine")
        first, last = (None if v is None else _ordinal(v) for v in bounds)
        if filter_type == "gt":
            first += 1
        if filter_type == "lt":
            last -= 1
        clause = DateRange(first, last)
    elif field in (DJANGO_ID, "pk"):
        values = value if filter_type == "in" else [value]
        clause = Reports(tuple(int(v) for v in values))
    else:
        raise SearchBackendError(f"the index has no searchable field {field!r}")
    return Not(clause) if negate else clause


def _title(clause):
    """A content clause on the (folded) title instead."""
    if isinstance(clause, Word):
        return Keyword("titlef", clause.folded)
    if isinstance(clause, Phrase):
        return AllOf(tuple(Keyword("titlef", w.folded) for w in clause.words))
    if isinstance(clause, Not):
        return Not(_title(clause.clause))
    return type(clause)(tuple(_title(c) for c in clause.clauses))


def compile_node(node):
    """An ``SQ``/``SearchNode`` tree → one clause."""
    parts = []
    for child in node.children:
        if isinstance(child, tuple):
            expression, value = child
            parts.append(leaf(*node.split_expression(expression), value))
        else:
            parts.append(compile_node(child))
    clause = (AnyOf if node.connector == "OR" else AllOf)(tuple(parts))
    return Not(clause) if node.negated else clause


def narrow(expression):
    """``SearchQuerySet.narrow("year:2018")`` → a facet or keyword clause."""
    m = NARROW_RE.match(expression)
    if not m:
        raise SearchBackendError(f"narrow() takes field:value, not {expression!r}")
    field, value = m.group(1), m.group(2) if m.group(2) is not None else m.group(3)
    if field.endswith("_exact"):
        field = field[: -len("_exact")]
    return leaf(field, "exact", value)


class VietnameseSearchQuery(BaseSearchQuery):
    """The query class of our haystack engine: ``build_query`` returns a
    clause (search/engine/execution.py), not a query string."""

    def build_query(self):
        return compile_node(self.query_filter)

    def build_query_fragment(self, field, filter_type, value):
        # Only narrow(SQ(...)) asks for string fragments; say it the way
        # narrow() reads it.
        if isinstance(value, BaseInput):
            value = value.query_string
        return f'{field}:"{value}"'

    def clean(self, query_fragment):
        return query_fragment
