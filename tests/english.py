"""Finds English UI words in what a page shows a reader.

A Vietnamese syllable has a known shape: an optional onset (b, ch, d, đ, g, gh,
gi, h, k, kh, l, m, n, ng, ngh, nh, p, ph, q(u), r, s, t, th, tr, v, x), a
vowel nucleus of one to three vowels, and an optional coda (c, ch, m, n, ng,
nh, p, t, or a glide i/o/u/y). Words written with Vietnamese diacritics are
Vietnamese; an ASCII word that cannot be a syllable ("Show", "counts",
"Created", "PLENUM", "Slug") is foreign. Document codes and abbreviations
(NQ, TW, UBND), numbers, web addresses and names the page got from data are
left out by the caller's ``allowed`` set or by shape (no vowel, part of a code).
"""

import re

_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"[aeiouy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?",
)
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# Tokens inside codes ("26-NQ/TW"), addresses (baomoi.com, /van-ban/) and e-mail.
_TECHNICAL_RE = re.compile(r"\S*[/@.:]\S*[A-Za-z]\S*|\S*[A-Za-z]\S*[/@]\S*|\S*\d\S*")


def is_vietnamese_syllable(word):
    return bool(_SYLLABLE_RE.fullmatch(word.lower()))


def english_words(text, allowed=()):
    """The foreign-looking ASCII words of ``text`` (in order, unique), ignoring
    technical tokens, vowel-less abbreviations and ``allowed`` (lower case)."""
    allowed = {a.lower() for a in allowed}
    text = _TECHNICAL_RE.sub(" ", text)
    found = []
    for word in _WORD_RE.findall(text):
        low = word.lower()
        if low in allowed or not re.search("[aeiouy]", low):
            continue
        if word.isupper() and len(word) <= 5:
            continue  # an abbreviation: UBND, HĐND (Đ is not ASCII), BCH
        if not is_vietnamese_syllable(low) and low not in found:
            found.append(low)
    return found
