"""Snippets with highlighted matches, safe to render.

The text is cut into syllables with the same analysis as the index
(search/analysis.py), so folded matches ("dien hong" → "Diên Hồng") are
marked too. Every piece of text is escaped first; only our own ``<mark>``
tags are inserted around escaped pieces.
"""

import bisect

from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive import codes
from search import analysis

WINDOW = 36


def snippet(text, words, doc_codes=(), window=WINDOW):
    """The passage of ``text`` with the most distinct query words, as safe
    HTML with ``<mark>`` around matches. ``words`` are query syllables;
    ``doc_codes`` are canonical codes to mark wherever they are written."""
    text = text or ""
    targets = {analysis.folded(w) for w in words if w}
    tokens = list(analysis.spans(text))
    marks = [(s, e) for s, e, _a, f in tokens if f in targets]
    if doc_codes:
        wanted = set(doc_codes)
        marks += [(s, e) for code, s, e in codes.find_codes(text) if code.code in wanted]
        marks.sort()
    if not tokens:
        return mark_safe(escape(text[:300]))
    start_tok = _best_window(text, tokens, marks, window)
    end_tok = min(len(tokens), start_tok + window)
    start = 0 if start_tok == 0 else tokens[start_tok][0]
    end = len(text) if end_tok == len(tokens) else tokens[end_tok - 1][1]
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in marks:
        if s < pos or e > end:
            continue
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out).replace("\n", " "))


def _best_window(text, tokens, marks, window):
    """Index of the first syllable of the window holding the most distinct
    matched strings (ties: the earliest)."""
    if not marks:
        return 0
    starts = [s for s, _e, _a, _f in tokens]
    keys = [analysis.folded(text[s:e].lower()) for s, e in marks]
    best, best_score = 0, -1
    for i, (s, _e) in enumerate(marks[:300]):
        first = max(0, bisect.bisect_left(starts, s) - 4)
        hi = tokens[min(len(tokens) - 1, first + window - 1)][1]
        distinct = set()
        for j in range(i, len(marks)):
            if marks[j][1] > hi:
                break
            distinct.add(keys[j])
        if len(distinct) > best_score:
            best, best_score = first, len(distinct)
    return best
