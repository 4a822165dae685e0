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

# A memo of a pure function (never stale, so never reset): the vocabulary of a
# Vietnamese corpus is a few thousand syllables.
_syllable_cache = {}


def syllable_forms(raw):
    """(accented, folded) forms of one raw syllable as it appears in text."""
    forms = _syllable_cache.get(raw)
    if forms is None:
        low = vietnamese.fix_tones(raw.lower())
        forms = (low, vietnamese.fold(low))
        if len(_syllable_cache) < 200_000:
            _syllable_cache[raw] = forms
    return forms


def folded(raw):
    return syllable_forms(raw)[1]


def index_terms(text):
    """Term frequencies of an NFC text for the three indexed views.

    Returns ``(accented_counts, folded_counts, pair_counts, length)`` where
    ``length`` is the number of syllables.
    """
    raw_counts = Counter(TOKEN_RE.findall(text))
    acc_counts = Counter()
    fol_counts = Counter()
    for raw, n in raw_counts.items():
        acc, fol = syllable_forms(raw)
        acc_counts[acc] += n
        fol_counts[fol] += n
    pair_counts = Counter()
    for clause in CLAUSE_SPLIT_RE.split(text):
        seq = [syllable_forms(raw)[1] for raw in TOKEN_RE.findall(clause)]
        if len(seq) > 1:
            pair_counts.update(map(" ".join, zip(seq, seq[1:], strict=False)))
    return acc_counts, fol_counts, pair_counts, sum(raw_counts.values())


def query_pairs(words):
    """Folded pair terms for a sequence of query syllables."""
    seq = [folded(w) for w in words]
    return [" ".join(p) for p in zip(seq, seq[1:], strict=False)]
