"""Snippets that mark exactly what matched, safe to render.

Matching runs on ``vietnamese.fold_lower(text)``, which has one character
per character of the text, so folded matches ("dien hong" → "Diên Hồng") are
found by one regex and marked at the right offsets in the original. What is
marked:

- a quoted phrase only where its syllables stand in sequence;
- of unquoted words, runs of two or more that stand in sequence in the text
  (a name, "chính sách tiền lương"); single words only in a text that has no
  such run, so "Trần Quốc Vượng" does not also mark "Quốc" in "Quốc hội";
- where the query had accents, the syllables written with those accents
  ("tiền lương" marks no "lượng"), unless the text has none that way (the
  engine matched it folded, so the folded match is what matched);
- a plenum asked for, as the text writes it ("Hội nghị lần thứ X Ban Chấp
  hành Trung ương khóa XI", "HNTW 10"), whole; a document number asked for,
  in full or short ("Nghị quyết 18").

Every piece of text is escaped first; only our own ``<mark>`` tags are
inserted. Snippets start and end on word boundaries.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive import citations, codes, vietnamese
from search import analysis

WIDTH = 260  # characters of text in a snippet
LEAD = 60  # characters shown before the first match of the chosen passage
MAX_RUN = 6  # longest run of unquoted words looked for in sequence


@dataclass(frozen=True)
class Terms:
    """What to mark, from a parsed query."""

    sequences: tuple = ()  # tuples of syllables marked only in sequence
    runs: tuple = ()  # tuples of unquoted words in sequence (see above)
    words: tuple = ()  # unquoted words, marked alone when no run is in the text
    always: tuple = ()  # single words marked wherever they are (abbreviations)
    plenums: frozenset = frozenset()  # plenum keys: "XI-10", or "P10" for any term
    documents: tuple = ()  # (type, number) of documents asked for, marked short too

    @classmethod
    def of(cls, parsed, plenum_keys=()):
        words = tuple(parsed.words)
        runs = tuple(
            words[i : i + n]
            for n in range(min(MAX_RUN, len(words)), 1, -1)
            for i in range(len(words) - n + 1)
        )
        sequences = [tuple(p) for p in parsed.phrases]
        sequences += [tuple(expansion) for _abbr, expansion in parsed.alternatives]
        always = tuple(abbr for abbr, _expansion in parsed.alternatives)
        plenums = frozenset([ref.key for ref in parsed.plenums] + list(plenum_keys))
        documents = tuple((ref.type, ref.number) for ref in parsed.documents)
        return cls(tuple(sequences), runs, words, always, plenums, documents)


def _forms(words):
    return tuple(analysis.syllable_forms(w) for w in words)


@lru_cache(maxsize=512)
def _pattern(sequences):
    """One regex over folded text for folded syllable sequences, longest first."""
    if not sequences:
        return None
    alternatives = sorted(
        {r"\s+".join(re.escape(s) for s in seq) for seq in sequences},
        key=lambda alt: (-alt.count(r"\s+"), -len(alt)),
    )
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def _find(text, folded, groups):
    """Marks ``(start, end, key)`` for each syllable of each match of the word
    sequences in ``groups``, accents respected per sequence as described above."""
    by_key = {}
    for words in groups:
        forms = _forms(words)
        by_key.setdefault(" ".join(f for _a, f in forms), []).append(forms)
    pattern = _pattern(tuple(tuple(key.split()) for key in by_key))
    if pattern is None:
        return []
    exact, loose = {}, {}
    for m in pattern.finditer(folded):
        key = " ".join(m.group().split())
        syllables = [
            (m.start() + t.start(), m.start() + t.end())
            for t in analysis.TOKEN_RE.finditer(m.group())
        ]
        written = [analysis.syllable_forms(text[s:e])[0] for s, e in syllables]
        spans = [(s, e, key) for s, e in syllables]
        if any(_accents_match(forms, written) for forms in by_key.get(key, ())):
            exact.setdefault(key, []).extend(spans)
        else:
            loose.setdefault(key, []).extend(spans)
    marks = []
    for key in by_key:
        marks += exact.get(key) or loose.get(key) or []
    return marks


def _accents_match(forms, written):
    """Whether each syllable the query wrote with accents is written so."""
    return all(acc == w for (acc, fol), w in zip(forms, written, strict=False) if acc != fol)


def marks_for(text, terms):
    folded = vietnamese.fold_lower(text)
    marks = _find(text, folded, terms.sequences + terms.runs)
    if not any(key.count(" ") and key in _keys(terms.runs) for _s, _e, key in marks):
        marks += _find(text, folded, [(w,) for w in terms.words])
    marks += _find(text, folded, [(w,) for w in terms.always])
    return marks


@lru_cache(maxsize=512)
def _keys(runs):
    return frozenset(" ".join(analysis.folded(w) for w in run) for run in runs)


def snippet(text, terms, doc_codes=(), width=WIDTH):
    """The passage of ``text`` with the most distinct matches, as safe HTML
    with ``<mark>`` around them. ``terms`` is a ``Terms``; ``doc_codes`` are
    canonical codes to mark wherever they are written."""
    text = text or ""
    marks = marks_for(text, terms)
    if doc_codes:
        wanted = set(doc_codes)
        marks += [(s, e, code.code) for code, s, e in codes.find_codes(text) if code.code in wanted]
    if terms.documents:
        marks += [
            (s, e, f"{type_} {number}")
            for type_, number, s, e in codes.find_short_refs(text)
            if (type_, number) in terms.documents
        ]
    if terms.plenums:
        marks += [
            (s, e, f"P{number}")
            for s, e, number, roman in citations.plenum_mentions(text)
            if f"P{number}" in terms.plenums or f"{roman}-{number}" in terms.plenums
        ]
    marks = _without_overlaps(marks)
    start, end = _best_window(text, marks, width)
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e, _key in marks:
        if s < pos or e > end:
            continue
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return mark_safe(" ".join("".join(out).split()))


def _without_overlaps(marks):
    out = []
    # The longest of marks starting at one place: a plenum's whole name over
    # its first word.
    for mark in sorted(marks, key=lambda m: (m[0], -m[1])):
        if out and mark[0] < out[-1][1]:
            continue
        out.append(mark)
    return out


_SPACE_RE = re.compile(r"\s")


def _best_window(text, marks, width):
    """(start, end) of the passage holding the most distinct matched strings
    (ties: the earliest), cut at word boundaries."""
    best_first, best_score = None, 0
    j = 0
    for i, (s, _e, _key) in enumerate(marks[:400]):
        j = max(j, i)
        while j + 1 < len(marks) and marks[j + 1][1] <= s + width - LEAD:
            j += 1
        distinct = len({key for _s, _e, key in marks[i : j + 1]})
        if distinct > best_score:
            best_first, best_score = s, distinct
    start = 0
    if best_first is not None:
        start = max(0, best_first - LEAD)
        if start and text[start - 1].isalnum() and text[start].isalnum():
            # The first whitespace before the match: never start mid-word.
            space = _SPACE_RE.search(text, start, best_first)
            start = space.end() if space else best_first
    end = min(len(text), start + width)
    if end < len(text):
        spaces = [m.start() for m in _SPACE_RE.finditer(text, start, end)]
        end = spaces[-1] if spaces and spaces[-1] > start else end
        while end < len(text) and end > start and text[end - 1].isalnum() and text[end].isalnum():
            end += 1  # a word longer than the window: keep it whole
    return start, end
