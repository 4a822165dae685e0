"""Vietnamese analysis for indexing, querying and highlighting.

One syllable = one token (``\\w+``), lower-cased, tone placement unified
(``archive.vietnamese.fix_tones``), with its folded form (``fold``: no
diacritics, đ → d). No stemming, no stop words, one-letter syllables kept.

Three views of a text are indexed (see ``index_terms``):
- ``text``: accented syllables, so an exact-diacritic query can rank higher;
- ``textf``: folded syllables, so unaccented queries match;
- ``pairs``: folded syllable pairs within a clause, so a phrase like
  "chính sách tiền lương" is an AND of three pair terms instead of a slow
  positional phrase query (vietnamese-search.md measured 600 → 23 ms).

Per-syllable work is cached: the vocabulary of a Vietnamese corpus is small
(a few thousand syllables), so each syllable is normalised once per process.
"""

import re
from collections import Counter

from archive import vietnamese

TOKEN_RE = re.compile(r"\w+")
# Pairs do not cross punctuation: "… cán bộ. Tiền lương" has no "bộ tiền".
CLAUSE_SPLIT_RE = re.compile(r"[^\w\s]+")
_TOKEN_OR_CLAUSE_END_RE = re.compile(r"\w+|[^\w\s]+")

# Memos of a pure function (never stale, so never reset, only emptied when
# they pass _CACHE_LIMIT): the vocabulary of a Vietnamese corpus is a few
# thousand syllables. Raw syllable → accented form, and → folded form: two
# dicts, so a text maps all its syllables through C-level ``map``. A run of
# punctuation maps to _CLAUSE_END in both (never a syllable's form: \\w has
# no NUL), which is how ``index_terms`` keeps pairs inside clauses.
_CACHE_LIMIT = 200_000
_accented = {}
_folded = {}
_CLAUSE_END = "\0"


def _learn(raws):
    """Put the forms of every raw syllable or punctuation run in ``raws``
    (as ``_TOKEN_OR_CLAUSE_END_RE`` finds them) in the memos."""
    new = [raw for raw in raws if raw not in _accented]
    if not new:
        return
    if len(_accented) + len(new) > _CACHE_LIMIT:
        _accented.clear()
        _folded.clear()
        new = list(raws)
    for raw in new:
        if TOKEN_RE.fullmatch(raw):
            low = vietnamese.fix_tones(raw.lower())
            _accented[raw] = low
            _folded[raw] = vietnamese.fold(low)
        else:
            _accented[raw] = _folded[raw] = _CLAUSE_END


def syllable_forms(raw):
    """(accented, folded) forms of one raw syllable as it appears in text."""
    accented = _accented.get(raw)
    if accented is None and TOKEN_RE.fullmatch(raw):
        _learn((raw,))
        accented = _accented[raw]
    elif accented is None or accented == _CLAUSE_END:
        low = vietnamese.fix_tones(raw.lower())  # not one syllable: not memoised
        return low, vietnamese.fold(low)
    return accented, _folded[raw]


def folded(raw):
    return syllable_forms(raw)[1]


def index_terms(text):
    """Term frequencies of an NFC text for the three indexed views.

    Returns ``(accented_counts, folded_counts, pair_counts, length)`` where
    ``length`` is the number of syllables.
    """
    # Syllables and punctuation in order, each only through C-level work
    # (regex, map, Counter); Python work only for syllables new to the memos
    # and for the pairs across punctuation, which are dropped.
    parts = _TOKEN_OR_CLAUSE_END_RE.findall(text)
    try:
        accented = list(map(_accented.__getitem__, parts))
    except KeyError:
        _learn(set(parts))
        accented = list(map(_accented.__getitem__, parts))
    folded = list(map(_folded.__getitem__, parts))
    acc_counts = Counter(accented)
    ends = acc_counts.pop(_CLAUSE_END, 0)
    fol_counts = Counter(folded)
    fol_counts.pop(_CLAUSE_END, None)
    pair_counts = Counter(map(" ".join, zip(folded, folded[1:], strict=False)))
    for pair in [pair for pair in pair_counts if _CLAUSE_END in pair]:
        dict.__delitem__(pair_counts, pair)
    return acc_counts, fol_counts, pair_counts, len(parts) - ends


def query_pairs(words):
    """Folded pair terms for a sequence of query syllables."""
    seq = [folded(w) for w in words]
    return [" ".join(p) for p in zip(seq, seq[1:], strict=False)]
