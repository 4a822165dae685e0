"""Searching reports, one step per module:

request.py  URL parameters → ``SearchRequest`` (filters via archive/filters.py)
query.py    what the user typed → ``ParsedQuery``
resolve.py  filters typed in the query → request filters
clauses.py  ``ParsedQuery`` → typed engine clauses
(engine)    clauses + filters → ids, counts, facet counts (this module's
            ``_engine_*`` functions are the only calls into it)
results.py  ids → hits with snippets (a conference's reports folded under
            its best-ranked one); counts → facets
cards.py    the document, plenum or person the query is exactly about
suggest.py  other queries when nothing is found
"""

from django.utils.translation import gettext as _

from archive import caches
from search import cards, clauses, engine, query, resolve, results, suggest
from search.request import PER_PAGE


def run_search(req, per_page=PER_PAGE):
    """Run a ``SearchRequest`` and return ``results.Results`` ready to render."""
    parsed = query.parse(req.q, known_word=_engine_known_word())
    out = results.Results(request=req, parsed=parsed, notes=list(parsed.notes))
    req = out.request = resolve.with_typed_filters(req, parsed, out.notes)
    if _nothing_to_look_for(parsed, req):
        out.notes.append(_("Câu tìm kiếm không có từ nào để tìm; hãy gõ số văn bản hoặc từ khóa."))
        return out
    if parsed.single_document:
        ref = parsed.single_document
        out.document = cards.find_document(ref)
        if out.document is None:
            out.unknown_document = str(ref)
    out.plenum = cards.find_plenum(parsed)
    out.person, out.person_positions = cards.find_person(parsed)
    groups = caches.conference_groups()
    # Read once: the ranking and the hits' "qua Hội nghị …" marks both need them.
    editions = cards.document_editions(out.document) if out.document else []
    ranking = resolve.ranking(parsed, person=out.person, document=out.document, editions=editions)
    out.document_uncited = parsed.single_document is not None and not ranking.document_cited
    outcome = _engine_search(
        parsed,
        req,
        ranking=ranking,
        offset=(req.page - 1) * per_page,
        limit=per_page,
        sort=req.sort,
        groups=groups if req.group else None,
    )
    out.total = outcome.total
    out.entries = outcome.entry_count
    out.relaxed = outcome.relaxed
    through_plenum = [
        pk for pk, tier in zip(outcome.pks, outcome.tiers, strict=False) if tier == "plenum"
    ]
    out.hits = results.load_hits(
        outcome.pks,
        parsed,
        via=results.via_labels(through_plenum, editions),
        plenum_keys=list(ranking.document_plenums),
    )
    # Ungrouped (``group=0``), each hit still names its conference.
    results.attach_conferences(out.hits, groups, outcome.folded)
    out.facets = results.facets(outcome.facets, req)
    if not out.total and not out.unknown_document:
        out.suggestions = suggest.suggestions(parsed, req, _count)
    return out


def matching_ids(req, limit=100_000):
    """Ids of the reports a ``SearchRequest`` matches, newest first: what a
    feed or an e-mail alert on a search follows (search/feeds.py). Only
    reports matching the whole query: a follower of "A B" is not sent every
    report with just "A", as the page's relaxed fallback would show."""
    parsed = query.parse(req.q, known_word=_engine_known_word())
    req = resolve.with_typed_filters(req, parsed, [])
    if _nothing_to_look_for(parsed, req):
        return []
    outcome = _engine_search(parsed, req, sort="newest", limit=limit)
    return [] if outcome.relaxed else outcome.pks


def _nothing_to_look_for(parsed, req):
    # Only punctuation, operators or over-long tokens were typed.
    return parsed.is_empty and bool(req.q.strip())


def _count(req):
    return _engine_search(query.parse(req.q), req, limit=0).total


# The engine ---------------------------------------------------------------


def _engine_known_word():
    """folded syllable → whether the index has it (for Telex decoding), or
    None when the engine cannot say."""
    return engine.get().known_words()


def _engine_search(
    parsed, req, *, ranking=None, sort="relevance", offset=0, limit=PER_PAGE, groups=None
):
    """``Outcome`` (total, pks, facets, relaxed, tiers; with ``groups``, entries
    and folded) of a parsed query under a request's filters, from our engine or
    any other haystack engine (search/engine/). ``ranking`` (``resolve.ranking``)
    is what the archive knows the query is about; without it, the query is
    matched as written."""
    if ranking is None:
        ranking = resolve.ranking(parsed, document=_document_of(parsed))
    compiled = clauses.compile_query(parsed, ranking)
    return engine.get().search(
        parsed,
        clauses=compiled.clauses,
        filters=req.engine_filters,
        sort=sort,
        offset=offset,
        limit=limit,
        bonus_pairs=compiled.bonus_pairs,
        groups=groups,
        tiers=compiled.tiers,
    )


def _document_of(parsed):
    ref = parsed.single_document
    return cards.find_document(ref) if ref is not None else None
