"""A parsed query compiled into what the engine runs: typed clauses.

Every clause is required (the engine may relax word clauses when nothing has
them all, see ``Clause.relaxable``); ``Compiled.bonus_pairs`` only raise the
score of reports where adjacent query words are adjacent too.
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
    """At least one of the clauses (an abbreviation or its expansion)."""

    clauses: tuple

    relaxable = True


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


@dataclass(frozen=True)
class Compiled:
    clauses: tuple = ()
    bonus_pairs: tuple[str, ...] = ()


def compile_query(parsed):
    """The engine clauses for a ``search.query.ParsedQuery``."""
    clauses = []
    for ref in parsed.documents:
        clauses.append(Keyword("codes", ref.code or ref.key))
    for ref in parsed.plenums:
        clauses.append(Keyword("plenum_keys", ref.key))
    for term in parsed.terms:
        clauses.append(Keyword("plenum_keys", vietnamese.int_to_roman(term)))
    for word in parsed.words:
        clauses.append(Word.of(word))
    for phrase in parsed.phrases:
        clauses.append(Phrase.of(phrase))
    for abbr, expansion in parsed.alternatives:
        clauses.append(AnyOf((Word.of(abbr), Phrase.of(expansion))))
    bonus = analysis.query_pairs(parsed.words) if len(parsed.words) > 1 else []
    return Compiled(tuple(clauses), tuple(bonus))
