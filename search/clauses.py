"""A parsed query compiled into what the engine runs: typed clauses.

Every clause is required (the engine may relax word clauses when nothing has
them all, see ``Clause.relaxable``); ``Compiled.bonus_pairs`` only raise the
score of reports where adjacent query words are adjacent too, and
``Compiled.tiers`` rank whole groups of matches above the rest: a person's or
province's reports (facets), reports tagged with the plenum asked for above
those whose text names it, a document's citations above the reports of the
plenum that passed it.
"""

from dataclasses import dataclass

from archive import vietnamese
from search import analysis


@dataclass(frozen=True)
class Word:
    """One syllable, matched folded (accents count extra when typed)."""

    raw: str
    folded: str
    accented: str

    relaxable = True

    @classmethod
    def of(cls, raw):
        accented, folded = analysis.syllable_forms(raw)
        return cls(raw, folded, accented)


@dataclass(frozen=True)
class Phrase:
    """Syllables in sequence: every adjacent pair (folded) must be indexed."""

    pairs: tuple[str, ...]
    words: tuple[Word, ...]

    relaxable = False

    @classmethod
    def of(cls, words):
        return cls(tuple(analysis.query_pairs(words)), tuple(Word.of(w) for w in words))


@dataclass(frozen=True)
class Keyword:
    """An exact term of a keyword field (document codes, plenum keys)."""

    field: str
    term: str

    relaxable = False


@dataclass(frozen=True)
class AnyOf:
    """At least one of the clauses (an abbreviation or its expansion; a
    plenum's tag or its name in the text, which is not relaxable)."""

    clauses: tuple
    relaxable: bool = True


# What haystack's SearchQuerySet can also ask for (search/engine/haystack_query.py).


@dataclass(frozen=True)
class AllOf:
    """Every one of the clauses."""

    clauses: tuple

    relaxable = False


@dataclass(frozen=True)
class Not:
    """Reports without the clause (it adds nothing to the scores)."""

    clause: object

    relaxable = False


@dataclass(frozen=True)
class FacetIn:
    """A facet value among ``values`` (OR)."""

    name: str
    values: tuple[str, ...]

    relaxable = False


@dataclass(frozen=True)
class DateRange:
    """Event date ordinals from ``first`` to ``last``; either may be None."""

    first: int | None
    last: int | None

    relaxable = False


@dataclass(frozen=True)
class Reports:
    """These reports (primary keys)."""

    pks: tuple[int, ...]

    relaxable = False


MATCHING = (Word, Phrase, Keyword, AnyOf, AllOf)


def mentioned(key):
    """The keyword indexed for a plenum ("XII-7", "P7") or a short document
    reference ("18-NQ") that a report's text names, tags aside."""
    return f"~{key}"


def about(key):
    """The keyword indexed for a plenum ("XII-7") a report is about (its
    subject), beside the tag every report citing it has."""
    return f"@{key}"


@dataclass(frozen=True)
class Ranking:
    """What the archive knows a query is about (search/resolve.py), for
    ranking: a person's slug, a province's slug, and for a query that is one
    document, the plenums that passed it ("XII-6"; one per edition of a number
    used in several terms: 27-NQ/TW → XII-7 and XIII-6) and whether any
    published report cites it."""

    speaker: str | None = None
    province: str | None = None
    document_plenums: tuple[str, ...] = ()
    document_cited: bool = True


@dataclass(frozen=True)
class Compiled:
    clauses: tuple = ()
    bonus_pairs: tuple[str, ...] = ()
    # (name, clause), most important first: reports matching a tier's clause
    # rank above all that match only later ones (execution.Scorer.tiers).
    tiers: tuple = ()


def compile_query(parsed, ranking=None):
    """The engine clauses for a ``search.query.ParsedQuery`` and what the
    archive knows of it (``Ranking``; none: the query as written)."""
    ranking = ranking or Ranking()
    clauses = []
    tiers = []
    for ref in parsed.documents:
        cited = Keyword("codes", ref.code or ref.key)
        if ref != parsed.single_document or (
            ranking.document_cited and not ranking.document_plenums
        ):
            clauses.append(cited)
            continue
        # Citations first, then the text's short references to an uncited
        # number, then the reports about the plenum that passed it.
        either = [cited]
        tiers.append(("cited", cited))
        if not ranking.document_cited:
            named = Keyword("codes", mentioned(ref.key))
            either.append(named)
            tiers.append(("named", named))
        if ranking.document_plenums:
            # Reports about those plenums, not every one that names one in passing.
            about_each = tuple(Keyword("plenum_keys", about(k)) for k in ranking.document_plenums)
            plenum = about_each[0] if len(about_each) == 1 else AnyOf(about_each)
            either.append(plenum)
            tiers.append(("plenum", plenum))
        clauses.append(AnyOf(tuple(either), relaxable=False))
    for ref in parsed.plenums:
        # Tagged with the plenum, or naming it in any written form, tagged first.
        tagged = Keyword("plenum_keys", ref.key)
        clauses.append(AnyOf((tagged, Keyword("plenum_keys", mentioned(ref.key))), relaxable=False))
        tiers.append(("tagged", tagged))
    for term in parsed.terms:
        clauses.append(Keyword("plenum_keys", vietnamese.int_to_roman(term)))
    for word in parsed.words:
        clauses.append(Word.of(word))
    for phrase in parsed.phrases:
        clauses.append(Phrase.of(phrase))
    for abbr, expansion in parsed.alternatives:
        clauses.append(AnyOf((Word.of(abbr), Phrase.of(expansion))))
    bonus = analysis.query_pairs(parsed.words) if len(parsed.words) > 1 else []
    if ranking.speaker:
        tiers.insert(0, ("speaker", FacetIn("speaker", (ranking.speaker,))))
    if ranking.province:
        tiers.insert(0, ("province", FacetIn("province", (ranking.province,))))
    return Compiled(tuple(clauses), tuple(bonus), tuple(tiers))
