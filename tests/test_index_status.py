"""What a crashed index worker leaves behind is cleared when it restarts, and
the search page and API say honestly when the index is behind the database."""

import datetime
import os
from pathlib import Path

from django.test import TestCase, override_settings
from django.utils import timezone

from archive.models import Report
from search import engine, indexing
from search.models import IndexTask
from tests.factories import make_report


class CrashLeftoversTests(TestCase):
    def test_files_of_a_commit_killed_midway_are_removed_and_the_index_still_reads(self):
        make_report("Hội nghị chuyển đổi số", status="published")
        indexing.drain()
        eng = engine.get()
        current = Path(os.path.realpath(Path(eng.root) / "current"))
        (current / "MAIN.tmp").mkdir()
        (current / "MAIN.tmp" / "pool-1.run").write_bytes(b"\0" * 100)
        (current / "_MAIN_99.toc.1700000000.5").write_bytes(b"half")
        (current / "MAIN_deadsegment00001.trm").write_bytes(b"orphan")
        (Path(eng.root) / ".current-abc").symlink_to(current.name)
        kept = {p.name for p in current.iterdir()} - {
            "MAIN.tmp",
            "_MAIN_99.toc.1700000000.5",
            "MAIN_deadsegment00001.trm",
        }

        removed = eng.clear_leftovers()

        assert {"MAIN.tmp", "_MAIN_99.toc.1700000000.5", "MAIN_deadsegment00001.trm"} <= set(
            removed
        )
        assert ".current-abc" in removed
        assert {p.name for p in current.iterdir()} == kept
        assert eng.doc_count() == 1
        # And the next write works on the cleared directory.
        make_report("Hội nghị thứ hai", status="published")
        indexing.drain()
        engine.reset()
        assert eng.doc_count() == 2


@override_settings(ARCHIVE_INDEX_LAG_SECONDS=30)
class CatchingUpTests(TestCase):
    def setUp(self):
        make_report("Hội nghị chuyển đổi số", status="published")
        indexing.drain()

    def age_queue(self, seconds):
        report = make_report("Hội nghị mới chưa vào chỉ mục", status="published")
        IndexTask.objects.filter(report_id=report.pk).update(
            created_at=timezone.now() - datetime.timedelta(seconds=seconds)
        )

    def test_a_fresh_queue_is_not_news(self):
        self.age_queue(2)
        data = self.client.get("/api/search/", {"q": "hội nghị"}).json()
        assert data["index"]["catching_up"] is False
        assert data["index"]["queued"] >= 1
        page = self.client.get("/tim-kiem/", {"q": "hội nghị"}).content.decode()
        assert "đang cập nhật" not in page

    def test_an_old_queue_is_shown_on_the_search_page_and_in_the_api(self):
        self.age_queue(300)
        data = self.client.get("/api/search/", {"q": "hội nghị"}).json()
        assert data["index"]["catching_up"] is True
        assert data["index"]["behind_seconds"] >= 300
        page = self.client.get("/tim-kiem/", {"q": "hội nghị"}).content.decode()
        assert "Chỉ mục tìm kiếm đang cập nhật" in page
        # Once the worker has applied the queue, the notice goes.
        indexing.drain()
        data = self.client.get("/api/search/", {"q": "hội nghị"}).json()
        assert data["index"] == {"catching_up": False, "queued": 0, "behind_seconds": 0}
        assert data["count"] == Report.objects.published().count()
