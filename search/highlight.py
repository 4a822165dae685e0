"""Snippets with highlighted matches, safe to render.

Matching runs on ``vietnamese.fold_lower(text)``, which has one character
per character of the text, so folded matches ("dien hong" → "Diên Hồng") are
found by one regex and marked at the right offsets in the original. Every
piece of text is escaped first; only our own ``<mark>`` tags are inserted.
"""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive import codes, vietnamese
from search import analysis

WIDTH = 260  # characters of text in a snippet
LEAD = 60  # characters shown before the first match of the chosen passage


@lru_cache(maxsize=512)
def _pattern(targets):
    if not targets:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def snippet(text, words, doc_codes=(), width=WIDTH):
    """The passage of ``text`` with the most distinct query words, as safe
    HTML with ``<mark>`` around matches. ``words`` are query syllables;
    ``doc_codes`` are canonical codes to mark wherever they are written."""
    text = text or ""
    targets = frozenset(analysis.folded(w) for w in words if w)
    marks = []
    pattern = _pattern(targets)
    if pattern is not None:
        folded = vietnamese.fold_lower(text)
        marks = [(m.start(), m.end(), m.group()) for m in pattern.finditer(folded)]
    if doc_codes:
        wanted = set(doc_codes)
        marks += [(s, e, code.code) for code, s, e in codes.find_codes(text) if code.code in wanted]
        marks.sort()
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
    if best_first is None:
        start = 0
    else:
        start = max(0, best_first - LEAD)
        if start:
            space = text.find(" ", start, best_first)
            start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end
