"""The analyzer's golden files (input text → expected tokens), like the
extractor's: the five seed reports (tests/golden/*.txt) and texts written to
vary what reports vary: tone placement, NFD, capitals, đ, punctuation between
syllables, document codes, look-alike letters and invisible characters.

Regenerate after a deliberate change with ``UPDATE_GOLDEN=1 pytest
tests/test_analysis.py`` and review the diff: every changed token changes
what the index holds and what queries match."""

import json
import os
import unicodedata
from pathlib import Path

import pytest

from archive import vietnamese
from search import analysis
from search.engine.schema import VietnameseAnalyzer

GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted(GOLDEN.glob("*.txt"))
WRITTEN = GOLDEN / "analysis" / "written.json"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def views(text):
    """What the index holds of ``text`` (search_indexes gives it normalised)."""
    accented, folded, pairs, length = analysis.index_terms(vietnamese.normalize(text))
    return {
        "length": length,
        "text": dict(sorted(accented.items())),
        "textf": dict(sorted(folded.items())),
        "pairs": dict(sorted(pairs.items())),
    }


def tokens(text):
    return {
        "accented": [t.text for t in VietnameseAnalyzer()(text)],
        "folded": [t.text for t in VietnameseAnalyzer(folded=True)(text)],
        # Indexed pairs never cross punctuation: "Cán bộ. Tiền" has no "bo tien".
        "pairs": dict(analysis.index_terms(vietnamese.normalize(text))[2]),
    }


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_analysis_matches_its_golden_file(path):
    golden = GOLDEN / "analysis" / f"{path.stem}.json"
    got = views(path.read_text(encoding="utf-8"))
    if UPDATE:
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_written_texts_match_their_golden_tokens():
    cases = json.loads(WRITTEN.read_text(encoding="utf-8"))
    if UPDATE:
        for case in cases:
            case.update(tokens(case["input"]))
        WRITTEN.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for case in cases:
        got = tokens(case["input"])
        for key in ("accented", "folded", "pairs"):
            assert got[key] == case[key], (case["input"], key)


def test_analyzer_and_index_terms_agree_on_the_seeds():
    # Whoosh's parser/highlighter tokens (the analyzer) are the indexed terms.
    for path in SEEDS:
        text = vietnamese.normalize(path.read_text(encoding="utf-8"))
        accented, folded, _pairs, length = analysis.index_terms(text)
        acc_tokens = [t.text for t in VietnameseAnalyzer()(text)]
        fol_tokens = [t.text for t in VietnameseAnalyzer(folded=True)(text)]
        assert len(acc_tokens) == len(fol_tokens) == length
        assert set(acc_tokens) == set(accented) and set(fol_tokens) == set(folded)


def test_spelling_variants_index_the_same_terms():
    # The same words in old and new tone placement, NFD, capitals: one set of terms.
    forms = [
        "Hòa bình, thủy lợi; khóa XII",
        "Hoà bình, thuỷ lợi; khoá XII",
        unicodedata.normalize("NFD", "HOÀ BÌNH, THUỶ LỢI; KHOÁ XII"),
    ]
    assert len({json.dumps(views(f)) for f in forms}) == 1
    assert views("Đảng ủy")["textf"] == views("dang uy")["textf"]
