"""Import: seed files to reports with their relations, duplicates, bad files,
encodings, reuse of documents/people/places, and the two commands."""

import codecs
import io
import json
import shutil
import tempfile
import unicodedata
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings

from archive import importing
from archive.extract import extract
from archive.models import (
    Appearance,
    ConnectionPoint,
    Document,
    Person,
    Place,
    Plenum,
    Report,
    ReportDocument,
    ReportPlenum,
    Term,
)

GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted(GOLDEN.glob("*.txt"))

SHORT = """Hội nghị quán triệt Nghị quyết Trung ương 7 khóa XII
Ngày 29/6/2018, Ban Thường vụ Thành ủy Móng Cái tổ chức hội nghị trực tuyến quán triệt Nghị quyết số 26-NQ/TW.
Đồng chí Vũ Thị Thúy, Bí thư Thành ủy chủ trì hội nghị tại điểm cầu Thành ủy Móng Cái.
Lê Hương
"""


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Report,
            Document,
            Person,
            Appearance,
            ConnectionPoint,
            ReportDocument,
            ReportPlenum,
            Plenum,
            Place,
        )
    }


class ReferenceMixin:
    @classmethod
    def setUpTestData(cls):
        call_command("loaddata", "reference", verbosity=0)


class TestImportSeeds(ReferenceMixin, TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="seeds-"))
        self.addCleanup(shutil.rmtree, self.folder)
        for path in SEEDS:
            shutil.copy(path, self.folder / path.name)

    def test_seed_folder_imports_every_report_with_its_relations(self):
        output = run("import_reports", str(self.folder))
        self.assertEqual(output.count("imported as report"), 5)
        self.assertIn("5 imported, 0 duplicates, 0 errors.", output)
        report = Report.objects.get(original_filename=SEEDS[0].name)
        self.assertEqual(report.status, Report.Status.PUBLISHED)
        self.assertEqual(str(report.event_date), "2018-06-29")
        self.assertEqual(report.format, "online")
        self.assertEqual(report.author, "Thu Hằng")
        self.assertEqual(report.organiser_place.name, "Móng Cái")
        self.assertEqual(report.organiser_place.province.name, "Quảng Ninh")
        self.assertEqual(
            sorted(report.documents.values_list("code", flat=True)),
            ["26-NQ/TW", "27-NQ/TW", "28-NQ/TW"],
        )
        subject = report.plenum_links.get(is_subject=True).plenum
        self.assertEqual((subject.term.roman, subject.number), ("XII", 7))
        speaker = report.appearances.get(person__name="Trần Quốc Vượng")
        self.assertEqual((speaker.role, speaker.position), ("speaker", "Thường trực Ban Bí thư"))
        self.assertEqual(
            report.appearances.get(person__name="Phạm Hồng Cẩm").role, Appearance.Role.ATTENDEE
        )
        central = report.connection_points.get(is_central=True)
        self.assertEqual(central.place.name, "Hà Nội")

    def test_original_text_is_verbatim_and_body_is_clean(self):
        run("import_reports", str(self.folder))
        for path in SEEDS:
            report = Report.objects.get(original_filename=path.name)
            self.assertEqual(report.original_text, path.read_text(encoding="utf-8"))
            self.assertNotIn("Loading...", report.body)
            self.assertNotIn("BÌNH LUẬN", report.body)

    def test_second_run_imports_nothing(self):
        run("import_reports", str(self.folder))
        before = counts()
        output = run("import_reports", str(self.folder))
        self.assertEqual(counts(), before)
        self.assertEqual(output.count("(same content; nothing created)"), 5)
        self.assertIn("0 imported, 5 duplicates, 0 errors.", output)

    def test_people_and_documents_are_shared_between_reports(self):
        run("import_reports", str(self.folder))
        chinh = Person.objects.get(name="Phạm Minh Chính")
        positions = set(chinh.appearances.values_list("position", flat=True))
        # One person, the position as written in each report.
        self.assertIn("Ủy viên Bộ Chính trị, Thủ tướng Chính phủ", positions)
        self.assertIn("Ủy viên Bộ Chính trị, Trưởng Ban Tổ chức Trung ương", positions)
        self.assertEqual(Person.objects.filter(name="Phạm Minh Chính").count(), 1)
        # Reference documents are reused, not duplicated, and keep their plenum:
        # the seeds (2018) cite the 26-NQ/TW of 2018, not that of 2008.
        editions = Document.objects.filter(code="26-NQ/TW")
        self.assertEqual(sorted(editions.values_list("year", flat=True)), [2008, 2018])
        doc = editions.get(year=2018)
        self.assertEqual((doc.plenum.term.roman, doc.plenum.number), ("XII", 7))
        self.assertTrue(doc.report_links.cited().exists())
        self.assertFalse(editions.get(year=2008).report_links.exists())

    def test_old_province_links_to_todays_province(self):
        run("import_reports", str(self.folder))
        report = Report.objects.get(original_filename__startswith="004")
        place = report.connection_points.get().place
        self.assertEqual(place.name, "Hà Giang")
        self.assertFalse(place.current)
        self.assertEqual(place.province.name, "Tuyên Quang")


class TestBadFiles(ReferenceMixin, TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="bad-"))
        self.addCleanup(shutil.rmtree, self.folder)

    def write(self, name, data):
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def test_bad_files_are_reported_and_the_rest_imported(self):
        self.write("a_empty.txt", b"")
        self.write("b_binary.txt", b"\x00\x01\x02\x03garbage" * 50)
        self.write("c_image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64))
        self.write("d_undecodable.txt", bytes([0xC3, 0x28, 0xA9, 0xFE, 0x8F, 0xD0, 0x41]) * 50)
        self.write(".hidden.txt", SHORT.encode("utf-8"))
        self.write("e_good.txt", SHORT.encode("utf-8"))
        self.write("sub/f_good.txt", SEEDS[1].read_bytes())
        output = run("import_reports", str(self.folder))
        lines = output.strip().splitlines()
        self.assertEqual(len(lines), 7)  # six files (hidden one skipped) and the summary
        self.assertIn("a_empty.txt: error: Tệp rỗng", lines[0])
        self.assertIn("b_binary.txt: error:", lines[1])
        self.assertIn("c_image.txt: error:", lines[2])
        self.assertIn("d_undecodable.txt: error:", lines[3])
        self.assertIn("e_good.txt: imported as report", lines[4])
        self.assertIn("f_good.txt: imported as report", lines[5])
        self.assertEqual(lines[6], "2 imported, 0 duplicates, 4 errors.")
        self.assertEqual(Report.objects.count(), 2)

    def test_fail_on_error_exits_with_an_error(self):
        self.write("empty.txt", b"")
        with self.assertRaises(CommandError):
            run("import_reports", "--fail-on-error", str(self.folder))

    def test_missing_path_is_an_error_not_a_crash(self):
        output = run("import_reports", str(self.folder / "nope.txt"))
        self.assertIn("nope.txt: error:", output)

    def test_utf16_and_bom_files_import_as_the_same_text(self):
        text = SEEDS[3].read_text(encoding="utf-8")
        variants = {
            "utf16le.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
            "utf16be_nobom.txt": text.encode("utf-16-be"),
            "utf8bom.txt": codecs.BOM_UTF8 + text.encode("utf-8"),
        }
        for name, data in variants.items():
            self.write(name, data)
        output = run("import_reports", str(self.folder))
        # The same text three times: one report, two duplicates.
        self.assertIn("1 imported, 2 duplicates, 0 errors.", output)
        self.assertEqual(Report.objects.get().original_text, text)


class TestImportText(ReferenceMixin, TestCase):
    def test_same_content_respaced_is_a_duplicate(self):
        first = importing.import_text(SHORT)
        again = importing.import_text("  " + SHORT.replace(" ", "  ").upper() + "\n\n")
        self.assertEqual(first.status, "imported")
        self.assertEqual(again.status, "duplicate")
        self.assertEqual(again.duplicate_of, first.report)
        self.assertIn(f"#{first.report.pk}", again.message)
        self.assertEqual(Report.objects.count(), 1)

    def test_same_title_and_date_is_flagged_as_possible_duplicate(self):
        first = importing.import_text(SHORT)
        second = importing.import_text(SHORT + "\nMột đoạn viết thêm.\n")
        self.assertEqual(second.status, "imported")
        self.assertEqual(second.possible_duplicates, [first.report])

    def test_empty_text_is_an_error(self):
        outcome = importing.import_text(" \n ")
        self.assertEqual(outcome.status, "error")
        self.assertIn("rỗng", outcome.message)

    @override_settings(ARCHIVE_MAX_TEXT_BYTES=200)
    def test_too_long_text_is_an_error(self):
        outcome = importing.import_text(SHORT * 3)
        self.assertEqual(outcome.status, "error")
        self.assertIn("quá dài", outcome.message)
        self.assertEqual(Report.objects.count(), 0)

    def test_draft_import(self):
        outcome = importing.import_text(SHORT, publish=False, source_url="https://example.vn/a")
        self.assertEqual(outcome.report.status, Report.Status.DRAFT)
        self.assertEqual(outcome.report.source_url, "https://example.vn/a")

    def test_the_outlet_named_in_the_text_is_the_report_s_source(self):
        text = SHORT.replace("Ngày 29/6/2018,", "(Baomongcai.vn) - Ngày 29/6/2018,")
        self.assertEqual(importing.import_text(text).report.source_outlet, "Baomongcai.vn")
        # Named nowhere: left empty (the page says "nguồn chưa rõ").
        self.assertEqual(importing.import_text(SHORT).report.source_outlet, "")

    def test_an_inferred_date_keeps_what_it_was_inferred_from(self):
        text = (
            "Huyện ủy quán triệt Chỉ thị\nNgày 7-2, Huyện ủy tổ chức hội nghị quán triệt "
            "Chỉ thị số 12-CT/TW ngày 3/11/2023 của Ban Bí thư."
        )
        report = importing.import_text(text).report
        self.assertEqual(str(report.event_date), "2024-02-07")
        self.assertEqual(report.date_precision, Report.DatePrecision.INFERRED)
        self.assertEqual(report.date_basis, "sau 12-CT/TW (03/11/2023)")

    def test_person_matched_by_folded_name(self):
        importing.import_text(SHORT)
        nfd_new_style = unicodedata.normalize("NFD", SHORT.replace("Thúy", "Thuý")).replace(
            "29/6/2018", "30/6/2018"
        )
        importing.import_text(nfd_new_style)
        self.assertEqual(Report.objects.count(), 2)
        self.assertEqual(Person.objects.filter(slug="vu-thi-thuy").count(), 1)
        self.assertEqual(Appearance.objects.filter(person__slug="vu-thi-thuy").count(), 2)

    def test_unknown_plenum_of_a_known_term_is_created(self):
        text = "Quán triệt Nghị quyết Hội nghị Trung ương 3 khóa XIV\nNgày 5/5/2026, Tỉnh ủy tổ chức hội nghị."
        report = importing.import_text(text).report
        plenum = report.plenums.get()
        self.assertEqual((plenum.term.roman, plenum.number), ("XIV", 3))

    def test_new_document_gets_its_subject_and_date(self):
        text = (
            "Hội nghị\nNgày 2/3/2021, Tỉnh ủy tổ chức hội nghị triển khai Kết luận số 999-KL/TW "
            "ngày 1/2/2021 của Bộ Chính trị về công tác thử nghiệm."
        )
        report = importing.import_text(text).report
        doc = Document.objects.get(code="999-KL/TW")
        self.assertEqual(doc.subject, "Công tác thử nghiệm")
        self.assertEqual(str(doc.issue_date), "2021-02-01")
        self.assertTrue(report.document_links.get().is_subject)


class TestApplyExtraction(ReferenceMixin, TestCase):
    def test_running_twice_adds_nothing_and_replace_replaces(self):
        report = importing.import_text(SEEDS[0].read_text(encoding="utf-8")).report
        data = extract(report.original_text)
        before = counts()
        importing.apply_extraction(report, data)
        self.assertEqual(counts(), before)
        # Replace with an extraction that has fewer relations.
        fewer = {**data, "speakers": data["speakers"][:1], "attendees": [], "documents": []}
        importing.apply_extraction(report, fewer, replace=True)
        self.assertEqual(report.appearances.count(), 1)
        # No citation left; the documents of the plenums it names stay, as implied.
        self.assertEqual(report.document_links.cited().count(), 0)
        implied = Document.objects.filter(plenum__in=report.plenums.all())
        self.assertEqual(
            set(report.document_links.values_list("document_id", flat=True)),
            set(implied.values_list("pk", flat=True)),
        )
        self.assertEqual(report.plenum_links.count(), 2)

    def test_point_matches_a_place_added_in_the_admin(self):
        quang = Place.objects.get(name="Tuyên Quang")
        Place.objects.create(name="Xín Mần", kind=Place.Kind.DISTRICT, parent=quang)
        text = "Hội nghị\nNgày 1/3/2020, Huyện ủy tổ chức hội nghị tại điểm cầu Huyện ủy Xín Mần."
        report = importing.import_text(text).report
        self.assertEqual(report.connection_points.get().place.name, "Xín Mần")


class TestReferenceFixture(TestCase):
    def test_loading_twice_changes_nothing(self):
        call_command("loaddata", "reference", verbosity=0)
        first = counts()
        snapshot = list(Place.objects.values().order_by("pk"))
        call_command("loaddata", "reference", verbosity=0)
        self.assertEqual(counts(), first)
        self.assertEqual(list(Place.objects.values().order_by("pk")), snapshot)

    def test_reference_facts(self):
        call_command("loaddata", "reference", verbosity=0)
        self.assertEqual(
            list(Term.objects.order_by("number").values_list("roman", flat=True)),
            ["VIII", "IX", "X", "XI", "XII", "XIII", "XIV"],
        )
        self.assertEqual(Place.objects.filter(current=True).count(), 34)
        self.assertEqual(Place.objects.exclude(kind=Place.Kind.DISTRICT).count(), 63)
        plenum = Plenum.objects.get(term__roman="XIII", number=8)
        self.assertEqual(
            sorted(plenum.documents.values_list("code", flat=True)),
            ["42-NQ/TW", "43-NQ/TW", "44-NQ/TW", "45-NQ/TW"],
        )
        self.assertEqual(Place.objects.get(name="Hà Giang").parent.name, "Tuyên Quang")
        self.assertEqual(Place.objects.get(name="Móng Cái").province.name, "Quảng Ninh")
        for document in Document.objects.all():
            self.assertEqual(document.slug, document.slug.lower())


class TestExtractReportCommand(TestCase):
    def test_one_json_object_per_file_in_order(self):
        output = run("extract_report", *map(str, SEEDS))
        rows = [json.loads(line) for line in output.splitlines()]
        self.assertEqual(len(rows), 5)
        for row, path in zip(rows, SEEDS, strict=True):
            expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            self.assertEqual(row["title"], expected["title"])
            for key in ("event_date", "date_precision", "documents", "plenums", "speakers"):
                self.assertEqual(row[key], expected[key])
            self.assertIn("body", row)
        self.assertIn("Móng Cái", output)  # not \u-escaped

    def test_bad_file_gives_an_error_object_and_a_failing_exit(self):
        folder = Path(tempfile.mkdtemp(prefix="x-"))
        self.addCleanup(shutil.rmtree, folder)
        (folder / "empty.txt").write_bytes(b"")
        out = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("extract_report", str(folder / "empty.txt"), str(SEEDS[2]), stdout=out)
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        self.assertIn("error", rows[0])
        self.assertEqual(rows[1]["event_date"], "2018-05-24")


class TestDocumentPlenum(ReferenceMixin, TestCase):
    def test_new_document_is_linked_to_the_plenum_named_after_it(self):
        text = (
            "Hội nghị\nNgày 2/3/2024, Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết số "
            "998-NQ/TW, ngày 24/11/2023 của Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng "
            "khóa XIII."
        )
        importing.import_text(text)
        plenum = Document.objects.get(code="998-NQ/TW").plenum
        self.assertEqual((plenum.term.roman, plenum.number), ("XIII", 8))


class PlainInsertTests(TestCase):
    """``importing._insert``, the plain-SQL writer of import's link rows: rows
    past SQLite's parameter limit go in several statements, conflicts are
    skipped only when asked, and values go through the fields' own conversion."""

    def test_many_rows_are_all_written_and_conflicts_skipped_when_asked(self):
        rows = [(f"Người số {i}", f"nguoi-so-{i}") for i in range(1200)]  # 2,400 parameters
        importing._insert(Person, ("name", "slug"), rows)
        self.assertEqual(Person.objects.filter(slug__startswith="nguoi-so-").count(), 1200)
        again = rows[:10] + [("Người mới", "nguoi-moi")]
        importing._insert(Person, ("name", "slug"), again, ignore_conflicts=True)
        self.assertEqual(Person.objects.filter(slug__startswith="nguoi-").count(), 1201)
        with self.assertRaises(IntegrityError), transaction.atomic():
            importing._insert(Person, ("name", "slug"), rows[:1])

    def test_a_report_with_hundreds_of_people_keeps_them_all_in_order(self):
        # 300 distinct names: 1,800 parameters of appearances.
        names = [
            f"{family} {middle} {given}"
            for family in ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng")
            for middle in ("Văn", "Thị", "Minh", "Quốc", "Thanh")
            for given in (
                "An",
                "Bình",
                "Cường",
                "Dũng",
                "Hà",
                "Hải",
                "Hùng",
                "Lan",
                "Long",
                "Mai",
                "Nam",
                "Sơn",
            )
        ]
        text = (
            "Hội nghị quán triệt Nghị quyết 26-NQ/TW\n\nSáng 5/6/2018, Tỉnh ủy tổ chức hội nghị. "
            + "Dự hội nghị có các đồng chí: "
            + "; ".join(f"đồng chí {n}, Bí thư Chi bộ" for n in names)
            + ".\n"
        )
        outcome = importing.import_text(text)
        self.assertEqual(outcome.status, "imported")
        found = list(outcome.report.appearances.order_by("order").values_list("order", flat=True))
        self.assertEqual(found, sorted(found))
        self.assertEqual(len(found), len(set(found)))
        self.assertGreaterEqual(len(found), 250, "the extractor should list most of them")
        self.assertEqual(len(found), len(outcome.data["speakers"]) + len(outcome.data["attendees"]))
