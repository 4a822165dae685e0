"""The query planner's statistics (archive/dbstats.py): refreshed by a folder
import and a full build, so SQLite answers "does a published report cite this
document?" from the document's citations, not by walking every published report."""

import io
import tempfile
import unittest
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from search import indexing
from tests.factories import make_report


def stat_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


@unittest.skipUnless(connection.vendor == "sqlite", "PostgreSQL keeps its own statistics")
class PlannerStatisticsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for i in range(30):
            make_report(f"Hội nghị số {i}", documents=["26-NQ/TW"] if i % 10 == 0 else [])

    def drop_stats(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")

    def test_a_folder_import_refreshes_them(self):
        self.drop_stats()
        folder = self.enterContext(tempfile.TemporaryDirectory())
        with open(f"{folder}/a.txt", "w", encoding="utf-8") as fh:
            fh.write("Hội nghị quán triệt Nghị quyết 26-NQ/TW\n\nSáng 5/6/2018, hội nghị diễn ra.")
        call_command("import_reports", folder, stdout=io.StringIO())
        self.assertIn("archive_reportdocument", stat_tables())

    def test_a_full_build_refreshes_them(self):
        # (Which plan they lead to depends on the archive's size: at 200,000
        # reports the benchmark measured the citation check 30 ms → 0.06 ms.)
        self.drop_stats()
        indexing.rebuild()
        self.assertTrue({"archive_reportdocument", "archive_report"} <= stat_tables())

    def test_the_index_worker_refreshes_them_while_reports_change(self):
        self.drop_stats()
        make_report("Bài mới cho hàng đợi")  # a queued change for the worker
        loops = iter(range(3))
        with mock.patch("archive.dbstats.EVERY_SECONDS", 0):
            indexing.run_worker(poll_interval=0, stop=lambda: next(loops, None) is None)
        self.assertIn("archive_reportdocument", stat_tables())
