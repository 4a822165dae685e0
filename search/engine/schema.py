"""The index schema: which fields a report becomes, and how each is indexed.

Nothing text-like is stored (the text lives in the database). The document
text becomes three frequency-only fields from ``analysis.index_terms``:
accented syllables (``text``), folded syllables (``textf``) and folded
syllable pairs for phrases (``pairs``), plus the folded title (``titlef``);
document codes and plenums are keyword fields with repeats counted (a
document the report is about is listed more than once); facet values, date
and pk are one JSON value per document in the ``meta`` column, read once per
segment by search/engine/view.py.
"""

import json
from collections import Counter

from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from whoosh import columns, formats
from whoosh.analysis import Composable, Token
from whoosh.fields import COLUMN, FieldType, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.system import pack_uint

from archive import vietnamese
from search import analysis

META_FIELD = "meta"
# haystack fields whose values go into the per-document column for facets.
FACET_FIELDS = ("year", "document", "doctype", "plenum", "term", "province", "speaker", "format")


class VietnameseAnalyzer(Composable):
    """A Whoosh analyzer with the same tokens as ``analysis.index_terms``: one
    token per position (accented form, or folded with ``folded=True``), for
    Whoosh's own query parser and highlighter.

    Holds no cache of its own (analysis caches per syllable), so pickling it
    into the index's TOC stays small and stable.
    """

    def __init__(self, folded=False):
        self.folded = folded

    def __eq__(self, other):
        return isinstance(other, VietnameseAnalyzer) and other.folded == self.folded

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        index = 1 if self.folded else 0
        for pos, m in enumerate(analysis.TOKEN_RE.finditer(vietnamese.normalize(value))):
            t.text = analysis.syllable_forms(m.group())[index]
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = m.group()
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t


class CountedField(FieldType):
    """A frequency-only field indexed from term counts (no positions:
    phrases use the ``pairs`` field). Subclasses say where counts come from."""

    scorable = True
    stored = False
    unique = False
    vector = None
    column_type = None

    def __init__(self, field_boost=1.0):
        self.format = formats.Frequency(field_boost=field_boost)
        self.analyzer = None

    def counts(self, value):
        raise NotImplementedError

    def index(self, value, **kwargs):
        for word, freq in self.counts(value).items():
            yield word.encode("utf-8"), freq, float(freq), pack_uint(freq)


class SyllableField(CountedField):
    """One of the three views of a text from ``analysis.index_terms``:
    0 accented syllables, 1 folded syllables, 2 folded syllable pairs."""

    def __init__(self, view, field_boost=1.0):
        super().__init__(field_boost)
        self.view = view
        self.analyzer = VietnameseAnalyzer(folded=view != 0)

    def counts(self, value):
        return _index_terms_once(value)[self.view]

    def process_text(self, qstring, mode="", **kwargs):
        if self.view == 2:
            return iter(analysis.query_pairs(analysis.TOKEN_RE.findall(qstring)))
        index = 0 if self.view == 0 else 1
        return (analysis.syllable_forms(w)[index] for w in analysis.TOKEN_RE.findall(qstring))


class CountedKeywordField(CountedField):
    """Exact keywords from a list, with repeats counted as frequency."""

    def counts(self, value):
        return Counter(value)

    def process_text(self, qstring, mode="", **kwargs):
        return iter([qstring])


_last_analysed = (None, None)


def _index_terms_once(text):
    """``index_terms`` for the text just indexed: the three text fields of a
    document receive the same string, so it is analysed once."""
    global _last_analysed
    if _last_analysed[0] is not text:
        _last_analysed = (text, analysis.index_terms(text))
    return _last_analysed[1]


def build_schema():
    return Schema(
        **{
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
            "text": SyllableField(0),
            "textf": SyllableField(1),
            "pairs": SyllableField(2),
            "titlef": SyllableField(1),
            "codes": CountedKeywordField(),
            "plenum_keys": CountedKeywordField(),
            META_FIELD: COLUMN(columns.CompressedBytesColumn()),
        }
    )


def to_document(prepared):
    """haystack's prepared dict (``SearchIndex.full_prepare``) → the fields
    our schema indexes."""
    text = prepared.get("text") or ""
    meta = {name: prepared.get(name) for name in FACET_FIELDS}
    meta["pk"] = int(prepared[DJANGO_ID])
    date = prepared.get("event_date")
    meta["date"] = date.toordinal() if date else 0
    return {
        ID: prepared[ID],
        DJANGO_CT: prepared[DJANGO_CT],
        DJANGO_ID: str(prepared[DJANGO_ID]),
        "text": text,
        "textf": text,
        "pairs": text,
        "titlef": prepared.get("title") or "",
        "codes": list(prepared.get("codes") or []),
        "plenum_keys": list(prepared.get("plenum_keys") or []),
        META_FIELD: json.dumps(meta, ensure_ascii=False, default=str).encode("utf-8"),
    }
