"""Open data: the downloads stream every published report (as the API
gives it) and the documents with counts, in bounded memory, and are kept."""

import csv
import io
import json
import shutil
import tracemalloc

from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from archive.models import Report, ReportDocument
from tests.factories import make_document, make_report


def read(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


class OpenDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_document("26-NQ/TW", subject="về cán bộ")
        make_document("27-NQ/TW")
        cls.report = make_report(
            "Quán triệt Nghị quyết 26",
            event_date="2018-06-29",
            subject_documents=["26-NQ/TW"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư")],
            connection_points=[("điểm cầu Hà Giang", "Hà Giang")],
        )
        make_report("Nhắc đến 26 và 27", documents=["26-NQ/TW", "27-NQ/TW"])
        cls.draft = make_report("Bản nháp", documents=["27-NQ/TW"], status="draft")

    def test_page_explains_the_data_and_its_licence(self):
        page = self.client.get("/du-lieu/")
        self.assertContains(page, "CC BY 4.0")
        self.assertContains(page, 'href="/du-lieu/bai.jsonl"')
        self.assertContains(page, 'href="/du-lieu/van-ban.csv"')

    def test_reports_download_has_each_published_report_as_the_api_gives_it(self):
        response = self.client.get("/du-lieu/bai.jsonl")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/x-ndjson"))
        lines = read(response).decode("utf-8").splitlines()
        rows = [json.loads(line) for line in lines]
        self.assertEqual(
            [r["title"] for r in rows], ["Quán triệt Nghị quyết 26", "Nhắc đến 26 và 27"]
        )
        api = self.client.get(f"/api/reports/{self.report.pk}/").json()
        api.pop("api_version", None)
        self.assertEqual(rows[0], api)
        self.assertEqual(rows[0]["speakers"][0]["name"], "Trần Quốc Vượng")

    def test_documents_download_counts_published_reports(self):
        text = read(self.client.get("/du-lieu/van-ban.csv")).decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
        by_code = {r["code"]: r for r in rows}
        self.assertEqual(by_code["26-NQ/TW"]["reports"], "2")
        self.assertEqual(by_code["26-NQ/TW"]["reports_studying"], "1")
        self.assertEqual(by_code["26-NQ/TW"]["subject"], "về cán bộ")
        self.assertEqual(by_code["27-NQ/TW"]["reports"], "1", "the draft is not counted")
        self.assertEqual(by_code["26-NQ/TW"]["url"], "http://testserver/van-ban/26-nq-tw/")

    def test_downloads_are_kept_until_the_archive_changes(self):
        first = self.client.get("/du-lieu/bai.jsonl")
        self.assertTrue(first.streaming)
        body = read(first)
        again = self.client.get("/du-lieu/bai.jsonl")
        self.assertEqual(again.__class__.__name__, "FileResponse")
        self.assertEqual(read(again), body)
        self.assertEqual(again["ETag"], first["ETag"])
        unchanged = self.client.get("/du-lieu/bai.jsonl", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(unchanged.status_code, 304)
        self.draft.status = Report.Status.PUBLISHED
        self.draft.save()
        changed = self.client.get("/du-lieu/bai.jsonl")
        self.assertNotEqual(changed["ETag"], first["ETag"])
        self.assertIn("Bản nháp", read(changed).decode())


class ClientLeavingTests(TransactionTestCase):
    # Closing a streamed response fires request_finished, which closes the
    # database connection: inside TestCase's transaction that breaks the test
    # on PostgreSQL, so this one runs outside a transaction, on its own rows
    # (TransactionTestCase empties the tables after it).
    def setUp(self):
        from opendata import dumps

        # Downloads kept by other tests in this process would hide what this one leaves.
        shutil.rmtree(dumps.cache_dir(), ignore_errors=True)
        make_document("26-NQ/TW")
        make_report("Quán triệt Nghị quyết 26", documents=["26-NQ/TW"])

    def test_a_client_leaving_half_way_leaves_no_kept_file(self):
        from opendata import dumps

        response = self.client.get("/du-lieu/van-ban.csv")
        first = next(iter(response.streaming_content))
        self.assertIn("26-NQ/TW", first.decode("utf-8"))
        self.assertTrue(list(dumps.cache_dir().glob(".*van-ban.csv*")), "a partial file is written")
        response.close()
        self.assertEqual([p.name for p in dumps.cache_dir().glob("*van-ban.csv*")], [])
        self.assertEqual([p.name for p in dumps.cache_dir().glob(".*van-ban.csv*")], [])
        complete = self.client.get("/du-lieu/van-ban.csv")
        self.assertTrue(complete.streaming, "nothing was kept, so it streams again")
        self.assertIn("26-NQ/TW", read(complete).decode("utf-8"))
        kept = [p.name for p in dumps.cache_dir().glob("*van-ban.csv")]
        self.assertEqual(len(kept), 1, "a complete download is kept")


class LargeDownloadTests(TestCase):
    REPORTS = 5000

    @classmethod
    def setUpTestData(cls):
        doc = make_document("26-NQ/TW")
        now = timezone.now()
        paragraph = "Hội nghị quán triệt, triển khai thực hiện nghị quyết của Đảng. " * 40
        reports = [
            Report(
                title=f"Hội nghị số {i}",
                slug=f"hoi-nghi-so-{i}",
                body=f"{paragraph}\nBài số {i}.",
                original_text=f"bài {i}",
                content_hash=f"{i:064d}",
                status=Report.Status.PUBLISHED,
                published_at=now,
            )
            for i in range(cls.REPORTS)
        ]
        Report.objects.bulk_create(reports, batch_size=500)
        ReportDocument.objects.bulk_create(
            [ReportDocument(report=r, document=doc) for r in Report.objects.all()[::10]]
        )

    def test_jsonl_of_5000_reports_streams_in_bounded_memory(self):
        response = self.client.get("/du-lieu/bai.jsonl")
        self.assertTrue(response.streaming)
        lines = total = 0
        tracemalloc.start()
        try:
            for chunk in response.streaming_content:
                lines += chunk.count(b"\n")
                total += len(chunk)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertEqual(lines, self.REPORTS)
        self.assertGreater(total, 12_000_000)
        # The whole download is over 12 MB; streaming holds about a hundred rows at a time
        # (2.9 MB measured).
        self.assertLess(peak, 5_000_000, f"peak {peak} bytes for {total} bytes streamed")
