"""Query execution: compiled clauses → counts, top-k, facets, over a View.

A query is a few vectorised operations over the arrays of the current view
(search/engine/view.py): BM25 over every match, exact counts, a bounded
top-k (``argpartition``), and facet counts as ``bincount``s.

Clauses are the typed ones of search/clauses.py: what ``clauses.compile_query``
makes of a parsed query (Word, Phrase, Keyword, AnyOf) and what
search/engine/haystack_query.py makes of haystack's ``SQ`` trees (also AllOf,
Not, FacetIn, DateRange, Reports).
"""

from dataclasses import dataclass, field

import numpy as np

from search.clauses import (
    MATCHING,
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
from search.engine.view import B

# How much more a pair of query syllables adjacent in a report counts than
# one syllable, among reports with as many such pairs (Scorer.proximity).
PROXIMITY_WEIGHT = 3.0

# Every year is worth showing; other facets show their most frequent values.
FACET_LIMITS = {"year": 60, "format": 5, "term": 10}


@dataclass
class Outcome:
    total: int = 0  # matching reports
    pks: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    relaxed: bool = False
    scores: list = field(default_factory=list)
    # With ``groups``: how many entries the matches make once each
    # conference's reports are one entry (what pages count), and for each
    # shown pk that stands for its conference, the other matching reports of
    # it in rank order.
    entries: int | None = None
    folded: dict = field(default_factory=dict)
    # Per pk, the name of the first of the query's tiers it matched ("" if none).
    tiers: list = field(default_factory=list)

    @property
    def entry_count(self):
        return self.total if self.entries is None else self.entries


class Scorer:
    def __init__(self, view):
        self.view = view
        self.score = np.zeros(view.n, np.float32)

    def add(self, fieldname, term, weight=1.0, b=B):
        """Add BM25 of ``term`` to the scores; return its match mask."""
        view = self.view
        ids, weights, dense_mask = view.contributions(fieldname, term, b)
        if dense_mask is not None:
            self.score += weight * weights
            return dense_mask.copy()
        mask = np.zeros(view.n, bool)
        if len(ids):
            mask[ids] = True
            self.score[ids] += weight * weights
        return mask

    def word(self, word, folded, accented):
        mask = self.add("textf", folded)
        mask |= self.add("titlef", folded, weight=1.5, b=0.0)
        if accented != folded:
            self.add("text", accented, weight=0.5)
        return mask

    def proximity(self, pairs):
        """Adjacent query syllables adjacent in a report count far above the
        same syllables scattered: a report with more of the query's adjacent
        pairs ranks above any with fewer, whatever their word scores (one
        "Phạm Minh Chính" names him; "Phạm Minh Tấn … chính sách" does not),
        and among equals each pair adds ``PROXIMITY_WEIGHT`` times its BM25,
        without length normalisation."""
        if not pairs:
            return
        tier = float(self.score.max(initial=0.0)) + 1.0
        matched = np.zeros(self.view.n, np.float32)
        for term in pairs:
            matched += self.add("pairs", term, weight=PROXIMITY_WEIGHT, b=0.0)
        self.score += tier * matched

    def tiers(self, tiers):
        """Raise each tier's matches above everything matching only later
        tiers or none: ``tiers`` is ``((name, clause), …)``, most important
        first. Returns the masks, in the same order."""
        masks = [clause_mask(Scorer(self.view), clause) for _name, clause in tiers]
        for mask in reversed(masks):
            if mask.any():
                self.score += (float(self.score.max(initial=0.0)) + 1.0) * mask
        return masks

    def phrase(self, pair_terms, words):
        if not pair_terms:
            if not words:
                return np.zeros(self.view.n, bool)
            return self.word(words[0].raw, words[0].folded, words[0].accented)
        mask = np.ones(self.view.n, bool)
        for term in pair_terms:
            mask &= self.add("pairs", term, weight=1.5)
        for word in words:
            if word.accented != word.folded:
                self.add("text", word.accented, weight=0.2)
        return mask


def run(
    view,
    *,
    clauses,
    filters=None,
    sort="relevance",
    offset=0,
    limit=10,
    facets=FACET_FIELDS,
    facet_limit=12,
    bonus_pairs=(),
    groups=None,
    tiers=(),
):
    """Run compiled ``clauses`` on ``view``.

    All clauses are required; if that finds nothing and there are several
    word clauses, any of them may match (``relaxed``). ``filters`` maps facet
    name → values (OR within a facet, AND across facets); facet counts for a
    facet ignore its own filter. ``facets`` names the facets to count;
    ``bonus_pairs`` are pair terms that only add to the score
    (``Scorer.proximity``). ``groups`` (archive.caches.ConferenceGroups)
    collapses the matches: each conference's best-ranked matching report
    stands for it, its other matches are left out of the ranking and listed
    in ``Outcome.folded``; ``total`` and the facets still count reports.
    ``tiers`` rank groups of matches above the rest (``Scorer.tiers``).
    """
    scorer = Scorer(view)
    masks = [clause_mask(scorer, clause) for clause in clauses]
    scorer.proximity(bonus_pairs)
    tier_masks = scorer.tiers(tiers)
    base = view.live.copy()
    for mask in masks:
        base &= mask
    relaxed = False
    word_masks = [m for m, c in zip(masks, clauses, strict=True) if c.relaxable]
    if not base.any() and len(word_masks) >= 2:
        base = view.live.copy()
        for mask, clause in zip(masks, clauses, strict=True):
            if not clause.relaxable:
                base &= mask
        base &= np.logical_or.reduce(word_masks)
        relaxed = bool(base.any())
    filters = {k: v for k, v in (filters or {}).items() if v and k in view.facets}
    filter_masks = {name: view.facet_mask(name, values) for name, values in filters.items()}
    final = base.copy()
    for mask in filter_masks.values():
        final &= mask
    outcome = Outcome(total=int(final.sum()), relaxed=relaxed)
    has_query = any(isinstance(c, MATCHING) for c in clauses)
    ranked, members = final, None
    if groups:
        ranked, members = _collapse(view, scorer.score, final, groups, sort, has_query)
        outcome.entries = int(ranked.sum())
    order = _top(view, scorer.score, ranked, sort, offset, limit, has_query)
    outcome.pks = [int(p) for p in view.pk[order]]
    if members is not None:
        outcome.folded = _folded(view, order, members)
    outcome.scores = [float(s) for s in scorer.score[order]]
    outcome.tiers = [
        next((name for (name, _c), m in zip(tiers, tier_masks, strict=True) if m[doc]), "")
        for doc in order
    ]
    for name in facets:
        mask = base.copy()
        for other, fmask in filter_masks.items():
            if other != name:
                mask &= fmask
        shown = FACET_LIMITS.get(name, facet_limit)
        outcome.facets[name] = _facet_counts(view, name, mask, filters.get(name, ()), shown)
    return outcome


def clause_mask(scorer, clause):
    view = scorer.view
    if isinstance(clause, Word):
        return scorer.word(clause.raw, clause.folded, clause.accented)
    if isinstance(clause, Phrase):
        return scorer.phrase(clause.pairs, clause.words)
    if isinstance(clause, Keyword):
        mask = scorer.add(clause.field, clause.term, weight=2.0, b=0.0)
        if clause.field == "codes":
            # A report about a document usually names its number in the title.
            scorer.add("titlef", clause.term.split("-", 1)[0], weight=1.0, b=0.0)
        return mask
    if isinstance(clause, AnyOf):
        mask = np.zeros(view.n, bool)
        for sub in clause.clauses:
            mask |= clause_mask(scorer, sub)
        return mask
    if isinstance(clause, AllOf):
        mask = np.ones(view.n, bool)
        for sub in clause.clauses:
            mask &= clause_mask(scorer, sub)
        return mask
    if isinstance(clause, Not):
        # What is excluded adds nothing to the scores of what is kept.
        return ~clause_mask(Scorer(view), clause.clause)
    if isinstance(clause, FacetIn):
        if clause.name not in view.facets:
            raise ValueError(f"unknown facet {clause.name!r}")
        return view.facet_mask(clause.name, clause.values)
    if isinstance(clause, DateRange):
        mask = view.date > 0
        if clause.first is not None:
            mask &= view.date >= clause.first
        if clause.last is not None:
            mask &= view.date <= clause.last
        return mask
    if isinstance(clause, Reports):
        return np.isin(view.pk, np.asarray(clause.pks, np.int64))
    raise TypeError(f"unknown clause {clause!r}")


def _rank_keys(view, score, idx, sort, has_query):
    """(primary, secondary) sort keys of docnums ``idx``: lower ranks first."""
    date = view.date[idx].astype(np.int64)
    pk = view.pk[idx]
    if sort == "relevance" and has_query:
        # Score first, newer first among equals.
        return -score[idx].astype(np.float64), -(date * (1 << 31) + pk)
    if sort == "oldest":
        primary = np.where(date > 0, date, np.iinfo(np.int32).max).astype(np.float64)
        return primary, pk
    return -(date * (1 << 31) + pk).astype(np.float64), -pk


def _group_of(view, groups):
    """Conference id per docnum (-1: none), kept on the view per version of
    ``groups``."""
    kept = view._group_of
    if kept is not None and kept[0] == groups.version:
        return kept[1]
    where = np.searchsorted(groups.pks, view.pk)
    where = np.minimum(where, max(len(groups.pks) - 1, 0))
    group_of = np.full(view.n, -1, np.int64)
    if len(groups.pks):
        found = groups.pks[where] == view.pk
        group_of[found] = groups.conference_ids[where[found]]
    view._group_of = (groups.version, group_of)
    return group_of


def _collapse(view, score, final, groups, sort, has_query):
    """``final`` without every conference's matches but its best one, and
    the matches of conferences as (docnums by conference then rank, their
    conference ids, whether each is its conference's best)."""
    group_of = _group_of(view, groups)
    idx = np.flatnonzero(final & (group_of >= 0))
    if not len(idx):
        return final, None
    primary, secondary = _rank_keys(view, score, idx, sort, has_query)
    order = idx[np.lexsort((secondary, primary, group_of[idx]))]
    conference = group_of[order]
    best = np.ones(len(order), bool)
    best[1:] = conference[1:] != conference[:-1]
    ranked = final.copy()
    ranked[order[~best]] = False
    return ranked, (order, conference, best)


def _folded(view, shown, members):
    """{pk shown: [pks of its conference's other matches, in rank order]}."""
    order, _conference, best = members
    leads = np.flatnonzero(best)
    ends = np.append(leads[1:], len(order))
    folded = {}
    for i in np.flatnonzero(np.isin(order[leads], shown)).tolist():
        start, end = int(leads[i]), int(ends[i])
        if end - start > 1:
            folded[int(view.pk[order[start]])] = view.pk[order[start + 1 : end]].tolist()
    return folded


def _top(view, score, mask, sort, offset, limit, has_query):
    """Docnums of the ``offset``… ``offset + limit`` best matches in order."""
    idx = np.flatnonzero(mask)
    if limit <= 0 or not len(idx) or offset >= len(idx):
        return np.zeros(0, np.int64)
    k = min(len(idx), offset + limit)
    primary, secondary = _rank_keys(view, score, idx, sort, has_query)
    if k < len(idx):
        part = np.argpartition(primary, k - 1)[:k]
        # argpartition splits ties at the boundary arbitrarily: keep every tie.
        cutoff = primary[part].max()
        part = np.flatnonzero(primary <= cutoff)
    else:
        part = np.arange(len(idx))
    order = part[np.lexsort((secondary[part], primary[part]))]
    return idx[order[offset:k]]


def _facet_counts(view, name, mask, selected, limit):
    docs, codes, labels, vocab = view.facets[name]
    if not len(docs):
        return []
    counts = np.bincount(codes[mask[docs]], minlength=len(labels))
    if len(counts) > limit:
        top = np.argpartition(-counts, limit - 1)[:limit]
        top = top[np.lexsort((top, -counts[top]))]
    else:
        top = np.lexsort((np.arange(len(counts)), -counts))
    result = [(labels[i], int(counts[i])) for i in top if counts[i] > 0]
    shown = {v for v, _ in result}
    for value in selected:
        if value not in shown:
            result.append((value, int(counts[vocab[value]]) if value in vocab else 0))
    return result


def related(view, pk, documents, plenums, limit=6):
    """The report page's "related reports", the one definition of them:
    published reports sharing the most of ``documents`` (codes) with report
    ``pk``, then those sharing one of ``plenums`` (``"XII-7"``), newest first
    among equals. Returns ``(pks, how many share anything)``.

    From the index: the counts are a few array sums over cached posting lists,
    where SQL needs a GROUP BY over every link row of those documents."""
    counts = {}
    for key, fieldname, values in (
        ("document", "codes", documents),
        ("plenum", "plenum_keys", plenums),
    ):
        count = counts[key] = np.zeros(view.n, np.int32)
        for value in dict.fromkeys(values):
            ids, _tf = view.postings(fieldname, value)
            count[ids] += 1
    # Sharing documents ranks by how many; sharing only a plenum comes after.
    shared = np.where(counts["document"] > 0, counts["document"] + 1, counts["plenum"] > 0)
    shared[view.pk == pk] = 0
    candidates = np.flatnonzero(shared)
    if not len(candidates):
        return [], 0
    date = view.date[candidates].astype(np.int64)
    order = np.lexsort((-view.pk[candidates], -date, -shared[candidates]))[:limit]
    return [int(p) for p in view.pk[candidates[order]]], len(candidates)
