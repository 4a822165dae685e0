"""Known leaders: one person whatever title is glued to the name, their
position on a report's date, the fixture's integrity, and the link from a
report's people to the leader's page (with the position as written kept)."""

import datetime
import json
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase

from archive import leaders
from archive.extract import extract
from archive.importing import import_text
from archive.leaders import FIXTURE, holders, match_leader
from archive.models import Appearance, Person, Position
from archive.positions import validate_sources

ROWS = json.loads(FIXTURE.read_text(encoding="utf-8"))["leaders"]
TERMS = {"XI", "XII", "XIII", "XIV"}


def names(found):
    return sorted(leader.name for leader in found)


class MatchLeaderTests(TestCase):
    def test_titles_glued_before_or_after_the_name_give_one_person(self):
        for written in (
            "Thủ tướng Phạm Minh Chính",
            "đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, Thủ tướng Chính phủ",
            "Phạm Minh Chính - Thủ tướng",
            "Ủy viên Bộ Chính trị, Thủ tướng Chính phủ Phạm Minh Chính",
            "Phạm  Minh   Chính",
            "PHẠM MINH CHÍNH",
        ):
            with self.subTest(written):
                match = match_leader(written)
                self.assertIsNotNone(match)
                self.assertEqual(match.name, "Phạm Minh Chính")

    def test_different_leaders_are_told_apart(self):
        self.assertEqual(match_leader("Tổng Bí thư Tô Lâm").name, "Tô Lâm")
        self.assertEqual(match_leader("Chủ tịch nước Nguyễn Xuân Phúc").name, "Nguyễn Xuân Phúc")
        self.assertEqual(match_leader("TBT Nguyễn Phú Trọng").name, "Nguyễn Phú Trọng")
        self.assertEqual(match_leader("bà Trương Thị Mai").name, "Trương Thị Mai")

    def test_someone_else_is_not_a_leader(self):
        for written in (
            "Nguyễn Văn Hùng",
            "Phạm Minh Chính Hải",  # more name than the leader's
            "Tô Lâm Tô Lâm Trần Cẩm Tú",  # two leaders in one string
            "",
            "Bí thư Huyện ủy",
        ):
            with self.subTest(written):
                self.assertIsNone(match_leader(written))

    def test_the_position_held_depends_on_the_date(self):
        phuc = "Chủ tịch nước Nguyễn Xuân Phúc"
        self.assertEqual(match_leader(phuc, "2021-06-01").position.title, "Chủ tịch nước")
        # By 2024 he held none of the fixture's positions: still the same person.
        late = match_leader(phuc, datetime.date(2024, 6, 1))
        self.assertEqual(late.name, "Nguyễn Xuân Phúc")
        self.assertIsNone(late.position)
        self.assertEqual(
            match_leader("Nguyễn Xuân Phúc", "2018-03-01").position.title, "Thủ tướng Chính phủ"
        )
        # Tô Lâm held two titles in August 2024: the one written is the one given.
        self.assertEqual(
            match_leader("Chủ tịch nước Tô Lâm", "2024-09-01").position.title, "Chủ tịch nước"
        )
        self.assertEqual(
            match_leader("Tổng Bí thư Tô Lâm", "2024-09-01").position.title, "Tổng Bí thư"
        )

    def test_who_held_a_title_on_a_date(self):
        self.assertEqual(names(holders("Chủ tịch nước", "2021-06-01")), ["Nguyễn Xuân Phúc"])
        self.assertEqual(names(holders("Chủ tịch nước", "2024-06-01")), ["Tô Lâm"])
        self.assertEqual(names(holders("Chủ tịch nước", "2024-12-01")), ["Lương Cường"])
        self.assertEqual(names(holders("Chủ tịch nước", "2017-06-01")), ["Trần Đại Quang"])
        # Between a resignation and the next election the office had an acting holder.
        self.assertEqual(holders("Chủ tịch nước", "2023-02-01"), [])
        self.assertEqual(names(holders("Thủ tướng", "2020-01-01")), ["Nguyễn Xuân Phúc"])
        self.assertEqual(names(holders("Thủ tướng", "2022-01-01")), ["Phạm Minh Chính"])
        self.assertEqual(names(holders("Tổng Bí thư", "2024-07-01")), ["Nguyễn Phú Trọng"])
        self.assertEqual(names(holders("TBT", "2024-09-01")), ["Tô Lâm"])
        self.assertEqual(names(holders("Thường trực Ban Bí thư", "2023-06-01")), ["Trương Thị Mai"])
        self.assertEqual(
            names(holders("Trưởng Ban Tuyên giáo và Dân vận Trung ương", "2025-06-01")),
            ["Nguyễn Trọng Nghĩa"],
        )

    def test_the_terms_xiv_heads_follow_the_xiii_ones(self):
        ubkt = "Chủ nhiệm Ủy ban Kiểm tra Trung ương"
        self.assertEqual(names(holders(ubkt, "2022-01-01")), ["Trần Cẩm Tú"])
        self.assertEqual(names(holders(ubkt, "2025-06-01")), ["Nguyễn Duy Ngọc"])
        self.assertEqual(names(holders(ubkt, "2025-12-01")), ["Trần Sỹ Thanh"])
        self.assertEqual(names(holders(ubkt, "2026-03-01")), ["Trần Sỹ Thanh"])
        self.assertEqual(
            names(holders("Trưởng Ban Nội chính Trung ương", "2026-03-01")), ["Lê Minh Trí"]
        )
        self.assertEqual(
            names(holders("Trưởng Ban Nội chính Trung ương", "2022-03-01")), ["Phan Đình Trạc"]
        )
        nghi = match_leader("Trưởng Ban Chính sách, chiến lược Trung ương Nguyễn Thanh Nghị")
        self.assertEqual(nghi.name, "Nguyễn Thanh Nghị")
        self.assertEqual(
            match_leader("Nguyễn Thanh Nghị", "2026-02-10").position.title,
            "Trưởng Ban Chính sách, chiến lược Trung ương",
        )

    def test_a_party_post_given_for_one_term_ends_with_that_term(self):
        du = match_leader("Ngô Văn Dụ")
        (post,) = du.leader.positions
        self.assertIsNone(post.end)
        self.assertTrue(post.held_on(datetime.date(2013, 1, 1)))
        self.assertFalse(post.held_on(datetime.date(2019, 1, 1)))


class AnnotateTests(TestCase):
    def test_a_namesake_with_a_local_position_is_not_the_leader(self):
        people = [
            {"name": "Nguyễn Văn Nên", "position": "Bí thư Đảng ủy xã Tân Phú"},
            {"name": "Nguyễn Văn Nên", "position": "Ủy viên Bộ Chính trị, Bí thư Thành ủy"},
            {"name": "Trần Cẩm Tú", "position": None},
        ]
        leaders.annotate(people, "2025-03-01")
        self.assertIsNone(people[0]["known_as"])
        self.assertEqual(people[1]["known_as"], "Nguyễn Văn Nên")
        self.assertEqual(people[2]["known_as"], "Trần Cẩm Tú")
        self.assertEqual(people[2]["known_position"], "Thường trực Ban Bí thư")

    def test_the_extractor_marks_known_leaders_with_their_position_on_the_date(self):
        text = (
            "Hội nghị trực tuyến toàn quốc quán triệt nghị quyết\n\n"
            "Sáng 16/8/2021, Bộ Chính trị, Ban Bí thư tổ chức hội nghị trực tuyến toàn quốc.\n"
            "Dự hội nghị có các đồng chí Ủy viên Bộ Chính trị: Chủ tịch nước Nguyễn Xuân Phúc; "
            "Thủ tướng Chính phủ Phạm Minh Chính; Chủ tịch Quốc hội Vương Đình Huệ.\n"
            "Tổng Bí thư Nguyễn Phú Trọng chủ trì hội nghị. Đồng chí Lê Văn Tám, Bí thư "
            "Huyện ủy, phát biểu tham luận."
        )
        got = extract(text)
        people = {p["name"]: p for p in [*got["speakers"], *got["attendees"]]}
        self.assertEqual(people["Nguyễn Phú Trọng"]["known_position"], "Tổng Bí thư")
        self.assertEqual(people["Nguyễn Xuân Phúc"]["known_position"], "Chủ tịch nước")
        self.assertEqual(people["Vương Đình Huệ"]["known_as"], "Vương Đình Huệ")
        self.assertIn("Thủ tướng Chính phủ", people["Phạm Minh Chính"]["position"])
        self.assertIsNone(people["Lê Văn Tám"]["known_as"])


class FixtureIntegrityTests(TestCase):
    def test_every_fact_has_a_public_source_and_ordered_dates(self):
        seen = set()
        for row in ROWS:
            self.assertNotIn(row["name"], seen)
            seen.add(row["name"])
            self.assertTrue(row["positions"], row["name"])
            for p in row["positions"]:
                with self.subTest(name=row["name"], title=p["title"], term=p["term"]):
                    validate_sources("\n".join(p["sources"]))  # raises if not
                    self.assertIn(p["title"], leaders._TITLE_FORMS)
                    self.assertIn(p["term"], TERMS)
                    start = p["start"] and datetime.date.fromisoformat(p["start"])
                    end = p["end"] and datetime.date.fromisoformat(p["end"])
                    if start and end:
                        self.assertLess(start, end)
                    if start:
                        self.assertGreaterEqual(start, datetime.date(2011, 1, 1))

    def test_one_holder_at_a_time_for_the_single_offices(self):
        # The four State and Party heads never overlap where both dates are known.
        for title in ("Tổng Bí thư", "Chủ tịch nước", "Thủ tướng Chính phủ", "Chủ tịch Quốc hội"):
            spans = sorted(
                (p["start"], p["end"] or "9999-12-31")
                for row in ROWS
                for p in row["positions"]
                if p["title"] == title and p["start"]
            )
            for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
                self.assertLessEqual(end, start, title)

    def test_a_source_that_is_not_an_address_is_refused(self):
        with self.assertRaises(ValidationError):
            validate_sources("báo Nhân Dân")
        with self.assertRaises(ValidationError):
            validate_sources("")


class LoadAndLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_reference", stdout=StringIO())

    def test_loading_adds_every_leader_once_and_keeps_staff_edits(self):
        count = sum(len(row["positions"]) for row in ROWS)
        self.assertEqual(Position.objects.count(), count)
        post = Position.objects.get(person__slug="to-lam", title="Chủ tịch nước")
        post.end_date = datetime.date(2024, 10, 22)  # a staff correction
        post.save()
        out = StringIO()
        call_command("load_reference", stdout=out)
        self.assertIn("0 people and 0 positions added", out.getvalue())
        self.assertEqual(Position.objects.count(), count)
        post.refresh_from_db()
        self.assertEqual(post.end_date, datetime.date(2024, 10, 22))

    def test_a_reports_people_link_to_the_leader_with_the_position_as_written(self):
        text = (
            "Quán triệt Nghị quyết Trung ương 8 khóa XIII\n\n"
            "Sáng 12/5/2022, hội nghị trực tuyến được tổ chức. Thủ tướng Phạm Minh Chính "
            "phát biểu chỉ đạo hội nghị. Tham dự có đồng chí Nguyễn Xuân Phúc, Ủy viên Bộ "
            "Chính trị, Chủ tịch nước."
        )
        outcome = import_text(text)
        self.assertEqual(outcome.status, "imported", outcome.message)
        leader = Person.objects.get(slug="pham-minh-chinh")
        self.assertEqual(Person.objects.filter(name="Phạm Minh Chính").count(), 1)
        appearance = Appearance.objects.get(report=outcome.report, person=leader)
        self.assertEqual(appearance.position, "Thủ tướng")
        phuc = Appearance.objects.get(report=outcome.report, person__slug="nguyen-xuan-phuc")
        self.assertEqual(phuc.position, "Ủy viên Bộ Chính trị, Chủ tịch nước")

        page = self.client.get(leader.get_absolute_url())
        self.assertContains(page, "Chức vụ đã đảm nhiệm")
        self.assertContains(page, "Thủ tướng Chính phủ</strong> khóa XIII")
        self.assertContains(page, "từ 05/04/2021")
        self.assertContains(page, "Trưởng Ban Tổ chức Trung ương")
        self.assertContains(page, 'href="https://daibieunhandan.vn/')

    def test_the_admin_lists_positions_in_vietnamese(self):
        from django.contrib.auth.models import User

        self.client.force_login(User.objects.create_superuser("staff", "s@example.org", "x"))
        page = self.client.get("/quan-tri/archive/position/")
        self.assertContains(page, "chức vụ")
        person = Person.objects.get(slug="tran-cam-tu")
        page = self.client.get(f"/quan-tri/archive/person/{person.pk}/change/")
        self.assertContains(page, "Thường trực Ban Bí thư")
        self.assertContains(page, "Từ ngày")


class YearFromPositionsTests(TestCase):
    def test_a_leaders_title_moves_an_inferred_year_to_when_it_was_held(self):
        text = (
            "Sơ kết thực hiện quy định về kỷ luật đảng\n\n"
            "Chiều 20/9, tại Hà Nội, Ban Bí thư tổ chức hội nghị sơ kết thực hiện Quy định "
            "số 66-QĐ/TW về thủ tục, quy trình xử lý kỷ luật.\n"
            "Đồng chí Trần Quốc Vượng, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư chủ trì "
            "hội nghị."
        )
        got = extract(text)
        self.assertEqual(got["date_precision"], "inferred")
        # Thường trực Ban Bí thư from March 2018: the first 20 September after it.
        self.assertEqual(got["event_date"], "2018-09-20")
        self.assertIn("Trần Quốc Vượng (Thường trực Ban Bí thư)", got["date_basis"])

    def test_a_former_title_or_a_written_year_is_left_alone(self):
        former = (
            "Gặp mặt\n\nSáng 5/12, Thành ủy tổ chức hội nghị sơ kết Quy định số 66-QĐ/TW. Dự "
            "có đồng chí Trương Tấn Sang, nguyên Ủy viên Bộ Chính trị, nguyên Chủ tịch nước."
        )
        got = extract(former)
        self.assertEqual((got["event_date"], got["date_precision"]), ("2017-12-05", "inferred"))
        self.assertNotIn("chức vụ", got["date_basis"] or "")
        exact = (
            "Hội nghị\n\nSáng 16/5/2011, hội nghị được tổ chức. Chủ tịch nước Trần Đại Quang "
            "dự và phát biểu."
        )
        got = extract(exact)
        self.assertEqual((got["event_date"], got["date_precision"]), ("2011-05-16", "exact"))
