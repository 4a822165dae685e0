"""Search evaluation: the measures, the judged set's shape, and the command end to end."""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from search import evaluation

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def test_ndcg_is_one_for_the_ideal_order_and_less_otherwise():
    relevant = {"a": 2, "b": 1}
    assert evaluation.ndcg(["a", "b", "x"], relevant) == pytest.approx(1.0)
    swapped = evaluation.ndcg(["b", "a"], relevant)
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert swapped == pytest.approx(expected)
    assert evaluation.ndcg(["x", "y"], relevant) == 0.0
    # Only the first ten count.
    assert evaluation.ndcg([f"x{i}" for i in range(10)] + ["a", "b"], relevant) == 0.0


def test_precision_counts_unrelated_results_in_the_first_five():
    assert evaluation.precision(["a"], {"a": 2}) == 1.0
    assert evaluation.precision(["a", "x", "b", "y"], {"a": 2, "b": 1}) == 0.5
    assert evaluation.precision([], {"a": 2}) == 0.0


def test_summary_by_kind_and_code_precision_only_for_codes():
    outcomes = [
        evaluation.score(evaluation.Judged("26-NQ/TW", "code", {"a": 2}), ["a", "x"]),
        evaluation.score(evaluation.Judged("dien hong", "topic", {"b": 2}), ["x", "b"]),
    ]
    result = evaluation.summary(outcomes)
    assert result["code_precision@5"] == 0.5
    assert result["by_kind"]["code"] == (1, pytest.approx(1.0))
    assert outcomes[1].precision is None and outcomes[1].ndcg < 1


def test_unavailable_files_are_dropped_from_the_judgements(tmp_path):
    path = tmp_path / "j.json"
    path.write_text(
        json.dumps(
            {
                "queries": [
                    {"q": "a", "kind": "code", "relevant": {"f1": 2, "f2": 1}},
                    {"q": "b", "kind": "topic", "relevant": {"f3": 2}},
                ]
            }
        ),
        encoding="utf-8",
    )
    queries = evaluation.load(path, available={"f1", "f3x"})
    assert [(q.q, q.relevant) for q in queries] == [("a", {"f1": 2})]


def test_the_project_judged_set_has_forty_queries_of_every_kind():
    queries = evaluation.load(ROOT / "fixtures" / "search_judgements.json")
    assert len(queries) >= 40
    kinds = {q.kind for q in queries}
    assert {"code", "plenum", "person", "place", "topic", "filter"} <= kinds
    assert all(set(q.relevant.values()) <= {1, 2} for q in queries)
    assert len({q.q for q in queries}) == len(queries)


@pytest.mark.slow
@pytest.mark.xdist_group("evaluate")
def test_command_imports_into_a_throwaway_directory_and_scores(tmp_path):
    judged = tmp_path / "judged.json"
    judged.write_text(
        json.dumps(
            {
                "queries": [
                    # 002 is about Trung ương 7 khóa XII, which passed 26-NQ/TW.
                    {
                        "q": "26-NQ/TW",
                        "kind": "code",
                        "relevant": {"000_9345fe1ab8f08101.txt": 2, "002_61d8a7ccd9ab4792.txt": 1},
                    },
                    {
                        "q": "trung uong 8 khoa 13",
                        "kind": "plenum",
                        "relevant": {"001_420b06cee1bf990f.txt": 2},
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    run = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "evaluate_search",
            str(judged),
            "--texts",
            str(SEEDS),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "2 judged queries on 5 reports" in run.stdout
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["summary"]["code_precision@5"] == 1.0
    assert result["queries"][0]["ranked"][0] == "000_9345fe1ab8f08101.txt"
