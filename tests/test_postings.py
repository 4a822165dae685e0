"""Posting arrays beside each segment (search/engine/postings.py) hold exactly
Whoosh's postings, for segments from full builds, from the worker's
incremental writes and from Whoosh's merges, and deletions stay masked."""

import os
from unittest import mock

from django.test import TestCase

from search import engine, indexing
from search.engine import postings, storage
from search.engine.view import read_postings
from tests.factories import make_report

TEXTS = [
    "Hội nghị quán triệt Nghị quyết 26-NQ/TW về cán bộ. Chính sách tiền lương, bảo hiểm.",
    "Khoá XII, hội nghị Trung ương 7; hoà bình, thuỷ lợi. Diên Hồng, Nhà Quốc hội.",
    "Quy định 205-QĐ/TW kiểm soát quyền lực; chạy chức, chạy quyền. " * 60,
    "Ủy ban nhân dân tỉnh Hà Giang; đồng chí Thào Hồng Sơn phát biểu.",
]


def live_index():
    return storage.open_index(storage.current_dir(engine.get().root))


def assert_arrays_equal_whoosh(test, index):
    """Every term of every field: the arrays' postings are Whoosh's."""
    folder = index.storage.folder
    checked = 0
    with index.reader() as reader:
        for segreader, _offset in reader.leaf_readers():
            arrays = postings.open_segment(folder, segreader.segment().segment_id())
            test.assertIsNotNone(arrays, "a live segment has no posting arrays")
            for fieldname in postings.FIELDS:
                for tbytes in segreader.lexicon(fieldname):
                    term = tbytes.decode("utf-8")
                    ids, tfs = arrays.get(fieldname, term)
                    w_ids, w_tfs = read_postings(segreader, fieldname, term)
                    test.assertEqual(ids.tolist(), w_ids.tolist(), (fieldname, term))
                    test.assertEqual(tfs.tolist(), w_tfs.tolist(), (fieldname, term))
                    checked += 1
            test.assertEqual(len(arrays.get("textf", "khongcotu")[0]), 0)
    return checked


class PostingArraysTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reports = [
            make_report(
                f"Báo cáo số {i}: {TEXTS[i % len(TEXTS)][:40]}",
                body=TEXTS[i % len(TEXTS)] + f" Lần thứ {i}.",
                event_date=f"20{10 + i}-0{1 + i % 9}-1{i % 9}",
                subject_documents=["26-NQ/TW"] if i % 2 else [],
                documents=["205-QĐ/TW"] if i % 3 == 0 else [],
                plenums=["XII-7"] if i % 4 == 0 else [],
            )
            for i in range(12)
        ]

    def setUp(self):
        engine.reset()

    def test_full_build_arrays_equal_whoosh_postings(self):
        indexing.rebuild()
        self.assertGreater(assert_arrays_equal_whoosh(self, live_index()), 100)

    def test_incremental_writes_and_merges_get_equal_arrays(self):
        indexing.rebuild()
        for i in range(3):
            make_report(f"Bài mới {i}", body=f"Chuyển đổi số lần {i}. " + TEXTS[i])
            indexing.drain()
        self.reports[0].delete()
        indexing.drain()
        index = live_index()
        self.assertGreater(len(index.reader().leaf_readers()), 1)
        assert_arrays_equal_whoosh(self, index)
        # Whoosh's merge retires segments: their arrays go with their files.
        before = {n for n in os.listdir(index.storage.folder) if ".vn" in n}
        index.optimize()
        index = index.refresh()
        storage.write_missing_arrays(index)
        assert_arrays_equal_whoosh(self, index)
        (segment,) = [s.segment_id() for s in index._read_toc().segments]
        left = {n for n in os.listdir(index.storage.folder) if ".vn" in n}
        self.assertTrue(left and all(n.startswith(segment + ".") for n in left))
        self.assertTrue(before - left)

    def test_search_through_arrays_skips_deleted_reports(self):
        indexing.rebuild()
        data = self.client.get("/api/search/", {"q": "tien luong"}).json()
        found = {r["id"] for r in data["results"]}
        self.assertIn(self.reports[0].pk, found)
        self.reports[0].delete()
        indexing.drain()
        data = self.client.get("/api/search/", {"q": "tien luong"}).json()
        self.assertNotIn(self.reports[0].pk, {r["id"] for r in data["results"]})
        self.assertEqual(data["count"], len(found) - 1)


class UpdateMergePolicyTests(TestCase):
    """An update's commit never rewrites a segment a full build wrote (Whoosh's
    own policy merged 22 of 25 build segments on one update at 200,000 reports);
    the worker's small segments are merged a size tier at a time."""

    @classmethod
    def setUpTestData(cls):
        for i in range(12):
            make_report(f"Báo cáo {i}", body=TEXTS[i % len(TEXTS)] + f" Lần thứ {i}.")

    def setUp(self):
        engine.reset()

    def segments(self):
        return {s.segment_id(): s.doc_count_all() for s in live_index()._read_toc().segments}

    def test_updates_keep_build_segments_and_merge_small_ones_by_tier(self):
        with (
            mock.patch.object(storage, "SMALL_SEGMENT_DOCS", 5),
            mock.patch.object(storage, "MERGE_FACTOR", 3),
        ):
            indexing.rebuild()
            (built,) = self.segments()
            history = []
            for i in range(7):
                make_report(f"Bài mới {i}", body=f"Chuyển đổi số lần {i}. " + TEXTS[i % 4])
                indexing.drain()
                segments = self.segments()
                self.assertEqual(segments.get(built), 12, "an update rewrote the build's segment")
                history.append(sorted(n for sid, n in segments.items() if sid != built))
            # A commit that finds three segments of one tier (1–9 documents) merges
            # them with its own report.
            self.assertEqual(history, [[1], [1, 1], [1, 1, 1], [4], [1, 4], [1, 1, 4], [7]])
            assert_arrays_equal_whoosh(self, live_index())
        data = self.client.get("/api/search/", {"q": "chuyen doi so"}).json()
        self.assertEqual(data["count"], 7)

    def test_a_segment_emptied_by_deletions_is_dropped(self):
        with mock.patch.object(storage, "SMALL_SEGMENT_DOCS", 5):
            indexing.rebuild()
            report = make_report("Bài sẽ xoá", body="Chuyển đổi số. " + TEXTS[0])
            indexing.drain()
            self.assertEqual(len(self.segments()), 2)
            report.delete()
            indexing.drain()  # this commit marks the deletion
            make_report("Bài khác", body="Kinh tế tư nhân. " + TEXTS[1])
            indexing.drain()  # this one finds the emptied segment
            self.assertEqual(sorted(self.segments().values()), [1, 12])
