"""Document editions (code + issue year), the resolution of a citation to one
of them, implied documents, the addresses before editions, and the year of a
date inferred from the reference base. Texts are written for these tests."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import TestCase

from archive import citations, identity, importing, vietnamese
from archive.extract import extract
from archive.models import Document, Plenum, Report, ReportDocument

D = datetime.date


def edition(year=None, issue_date=None, plenum_id=None, name=""):
    return SimpleNamespace(year=year, issue_date=issue_date, plenum_id=plenum_id, name=name)


# --- The rule, on plain objects ------------------------------------------------

WAGES = edition(2018, D(2018, 5, 21), plenum_id=1207, name="2018")
RULE_OF_LAW = edition(2022, D(2022, 11, 9), plenum_id=1306, name="2022")


@pytest.mark.parametrize(
    "cue, expected",
    [
        ({"on": D(2019, 3, 1)}, "2018"),  # the latest issued before the report
        ({"on": D(2023, 3, 1)}, "2022"),
        ({"on": "2022-11-09"}, "2022"),  # issued that day: may be cited that day
        ({"on": D(2023, 3, 1), "year": 2018}, "2018"),  # the date written with it wins
        ({"on": D(2019, 3, 1), "plenum_id": 1306}, "2022"),  # so does the plenum named
        ({}, "2022"),  # nothing to go by: the latest
    ],
)
def test_a_citation_is_resolved_by_its_date_plenum_or_the_report_s_date(cue, expected):
    assert identity.choose([WAGES, RULE_OF_LAW], **cue).name == expected


def test_an_edition_not_known_yet_is_new():
    # Cited in 2015: neither edition existed, so it is a third one.
    assert identity.choose([WAGES, RULE_OF_LAW], on=D(2015, 6, 1)) is identity.NEW
    assert identity.choose([WAGES], year=2008) is identity.NEW
    assert identity.choose([WAGES, RULE_OF_LAW], plenum_id=1007) is identity.NEW
    # An edition known by its code only is the one the dated citation completes.
    undated = edition(name="undated")
    assert identity.choose([WAGES, undated], year=2008).name == "undated"
    assert identity.choose([WAGES, undated], on=D(2015, 6, 1)).name == "undated"
    assert identity.choose([], on=D(2015, 6, 1)) is identity.NEW


# --- Extraction: the type word and the code's letters --------------------------------


def codes_in(text):
    return [c.code for _, _, c in citations.find_mentions(text, vietnamese.fold_lower(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("theo Thông báo kết luận số 14-TB/TU của Ban Thường vụ Tỉnh ủy", "14-TB/TU"),
        ("Thông báo kết luận 7 - TB/TU ngày 2/3", "7-TB/TU"),
        ("THÔNG BÁO KẾT LUẬN SỐ 203-TB/TW của Bộ Chính trị", "203-TB/TW"),
        ("Báo cáo kết luận số 3-BC/HU", "3-BC/HU"),
        # A type word alone still names the type when the letters were mistyped.
        ("thực hiện Kết luận số 01-CT/TW của Bộ Chính trị", "1-KL/TW"),
        ("Quy định số 08-QĐi/TW về trách nhiệm nêu gương", "8-QĐI/TW"),
    ],
)
def test_the_code_s_own_letters_win_when_a_type_word_names_them(text, expected):
    assert codes_in(text) == [expected]


# --- Year of a date written without one ----------------------------------------------


def test_year_inferred_from_the_plenum_named():
    text = (
        "Quán triệt Nghị quyết Trung ương 6 khóa XII\n"
        "Sáng 29/11, Ban Thường vụ Huyện ủy tổ chức hội nghị học tập, quán triệt các "
        "nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII."
    )
    data = extract(text)
    assert data["event_date"] == "2017-11-29"
    assert data["date_precision"] == "inferred"
    assert "Hội nghị Trung ương 6 khóa XII" in data["date_basis"]


def test_year_inferred_from_the_reference_date_of_a_cited_document():
    # "5 năm thực hiện Chỉ thị 03-CT/TW": the reference dates it 14/5/2011.
    text = (
        "Tổng kết 5 năm thực hiện Chỉ thị 03 của Bộ Chính trị\n"
        "Sáng 17-5, Ban Bí thư tổ chức hội nghị trực tuyến toàn quốc tổng kết 5 năm "
        "thực hiện Chỉ thị 03-CT/TW của Bộ Chính trị về việc học tập và làm theo tấm "
        "gương đạo đức Hồ Chí Minh."
    )
    data = extract(text)
    assert data["event_date"] == "2016-05-17"
    assert data["date_precision"] == "inferred"
    assert "3-CT/TW" in data["date_basis"]


def test_of_a_number_used_in_two_terms_the_plenum_named_picks_the_date():
    # 18-NQ/TW is a resolution of TW6 khóa XII (2017) and of TW5 khóa XIII (2022).
    text = (
        "Học tập nghị quyết về đất đai\n"
        "Ngày 8/8, Đảng ủy xã tổ chức hội nghị quán triệt Nghị quyết số 18-NQ/TW của "
        "Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII về đất đai."
    )
    assert extract(text)["event_date"] == "2022-08-08"


# --- In the database --------------------------------------------------------------------


def report_text(date_line, body):
    return f"Hội nghị quán triệt văn bản của Đảng\n{date_line}, Huyện ủy tổ chức hội nghị {body}"


class EditionsInTheArchive(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_reference", verbosity=0, stdout=open("/dev/null", "w"))
        # Two editions of one number, both in the reference: 2018's, dated here by staff,
        # and 2022's (Trung ương 6 khóa XIII, issued 9/11/2022).
        cls.wages = Document.objects.get(code="27-NQ/TW", year=2018)
        cls.wages.issue_date = D(2018, 5, 21)
        cls.wages.save()
        cls.rule_of_law = Document.objects.get(code="27-NQ/TW", year=2022)
        assert cls.rule_of_law.issue_date == D(2022, 11, 9)
        assert cls.rule_of_law.plenum == Plenum.objects.get(term__roman="XIII", number=6)

    def imported(self, text):
        outcome = importing.import_text(text)
        self.assertEqual(outcome.status, "imported", outcome.message)
        return outcome.report

    def cited(self, report):
        return [link.document for link in report.document_links.cited()]

    def test_each_edition_has_its_own_address(self):
        self.assertEqual(self.wages.slug, "27-nq-tw-2018")
        self.assertEqual(self.rule_of_law.slug, "27-nq-tw-2022")
        self.assertEqual(self.rule_of_law.code, "27-NQ/TW")
        for doc in (self.wages, self.rule_of_law):
            response = self.client.get(doc.get_absolute_url())
            self.assertContains(response, "27-NQ/TW")
        page = self.client.get(self.wages.get_absolute_url()).content.decode()
        self.assertIn(self.rule_of_law.get_absolute_url(), page)  # "văn bản khác cùng số hiệu"

    def test_the_citation_goes_to_the_edition_of_the_report_s_time(self):
        later = self.imported(report_text("Sáng 5/12/2022", "quán triệt Nghị quyết số 27-NQ/TW."))
        earlier = self.imported(report_text("Sáng 5/12/2019", "thực hiện Nghị quyết 27-NQ/TW."))
        self.assertEqual(self.cited(later), [self.rule_of_law])
        self.assertEqual(self.cited(earlier), [self.wages])

    def test_the_date_written_with_the_citation_wins_over_the_report_s(self):
        report = self.imported(
            report_text(
                "Sáng 5/3/2024", "sơ kết Nghị quyết số 27-NQ/TW ngày 21/5/2018 về tiền lương."
            )
        )
        self.assertEqual(self.cited(report), [self.wages])

    def test_a_citation_before_every_known_edition_is_a_new_edition(self):
        report = self.imported(report_text("Sáng 5/3/2007", "thực hiện Nghị quyết số 27-NQ/TW."))
        (doc,) = self.cited(report)
        self.assertNotIn(doc.pk, (self.wages.pk, self.rule_of_law.pk))
        self.assertEqual((doc.code, doc.year, doc.slug), ("27-NQ/TW", None, "27-nq-tw"))

    def test_the_plenum_named_with_it_picks_the_edition(self):
        report = self.imported(
            "Học tập nghị quyết về đất đai\nHuyện ủy tổ chức quán triệt Nghị quyết số "
            "18-NQ/TW của Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa XIII."
        )
        (doc,) = self.cited(report)
        self.assertEqual((doc.year, doc.plenum.term.roman, doc.plenum.number), (2022, "XIII", 5))

    def test_search_s_code_lookup_uses_the_same_rule(self):
        self.assertEqual(identity.resolve_document("27-nq/tw", on=D(2020, 1, 1)), self.wages)
        self.assertEqual(identity.resolve_document("27 - NQ/TW"), self.rule_of_law)
        self.assertIsNone(identity.resolve_document("999-NQ/TW"))

    def test_the_address_before_editions_offers_the_choice(self):
        response = self.client.get("/van-ban/27-nq-tw/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.wages.get_absolute_url())
        self.assertContains(response, self.rule_of_law.get_absolute_url())
        self.assertContains(response, "09/11/2022")
        # Another spelling of the code leads to the same choice.
        self.assertEqual(self.client.get("/van-ban/27-NQ-TW/").status_code, 200)

    def test_the_address_of_a_code_with_one_edition_redirects_to_it(self):
        one = Document.objects.get(code="144-QĐ/TW")
        self.assertEqual(one.slug, "144-qd-tw-2024")
        for old in ("/van-ban/144-qd-tw/", "/van-ban/144-QD-TW/"):
            self.assertRedirects(self.client.get(old), "/van-ban/144-qd-tw-2024/", status_code=301)
        self.assertRedirects(
            self.client.get("/van-ban/144-qd-tw/lan-toa/"),
            "/van-ban/144-qd-tw-2024/lan-toa/",
            status_code=301,
        )
        self.assertEqual(self.client.get("/van-ban/144-qd-tw/feed/").status_code, 200)
        self.assertEqual(self.client.get("/van-ban/144-qd-tw-1999/").status_code, 404)

    def test_a_plenum_named_implies_the_documents_it_passed(self):
        report = self.imported(
            "Quán triệt Nghị quyết Trung ương 6 khóa XII\nSáng 29/11/2017, Huyện ủy tổ chức "
            "hội nghị học tập, quán triệt Nghị quyết Trung ương 6 khóa XII và Nghị quyết "
            "số 21-NQ/TW về công tác dân số."
        )
        links = {link.document.code: link for link in report.document_links.all()}
        passed = set(
            Document.objects.filter(plenum__term__roman="XII", plenum__number=6).values_list(
                "code", flat=True
            )
        )
        self.assertEqual(set(links), passed)
        self.assertGreaterEqual(passed, {"18-NQ/TW", "19-NQ/TW", "20-NQ/TW", "21-NQ/TW"})
        self.assertFalse(links["21-NQ/TW"].is_implied)  # cited, so a citation
        self.assertTrue(all(links[c].is_implied for c in passed - {"21-NQ/TW"}))
        self.assertEqual([d.code for d in report.cited_documents], ["21-NQ/TW"])
        # Shown apart on the report page, and not counted as a citation.
        page = self.client.get(report.get_absolute_url()).content.decode()
        self.assertIn("ngụ ý qua Hội nghị Trung ương 6 khóa XII", page)
        implied = links["18-NQ/TW"].document
        counts = dict(Document.objects.with_report_counts().values_list("pk", "report_count"))
        self.assertEqual(counts[implied.pk], 0)
        self.assertEqual(counts[links["21-NQ/TW"].document.pk], 1)
        self.assertFalse(Report.objects.mentioning(implied).exists())
        # The document's page lists the report, marked as implied.
        doc_page = self.client.get(implied.get_absolute_url()).content.decode()
        self.assertIn(report.title, doc_page)
        self.assertIn("ngụ ý qua", doc_page)

    def test_a_document_implied_then_cited_becomes_a_citation(self):
        report = self.imported(
            "Học tập Nghị quyết Trung ương 8 khóa XIII\nSáng 4/12/2023, Đảng ủy tổ chức "
            "hội nghị học tập Nghị quyết Trung ương 8 khóa XIII."
        )
        link = report.document_links.get(document__code="44-NQ/TW")
        self.assertTrue(link.is_implied)
        importing.apply_extraction(
            report,
            {"documents": [{"code": "44-NQ/TW"}], "subject_documents": ["44-NQ/TW"]},
        )
        link.refresh_from_db()
        self.assertFalse(link.is_implied)
        self.assertEqual(ReportDocument.objects.filter(report=report).count(), 4)
