"""Ranking by proximity: adjacent query syllables that are adjacent in a
report count far above the same syllables scattered through it, so a name
ranks the reports that write it above those that merely contain its syllables."""

from django.test import TestCase

from search import engine, indexing
from tests.factories import make_report

FILLER = "Hội nghị quán triệt nghị quyết được tổ chức trực tuyến tới các điểm cầu. "


class ProximityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Scattered: every syllable of the name, many times, never in sequence.
        cls.scattered = make_report(
            "Phạm Minh Tấn dự hội nghị về chính sách",
            body=(
                "Đồng chí Phạm Minh Tấn phát biểu về chính sách tiền lương, chính sách "
                "xã hội và chính sách cán bộ; chính quyền các cấp minh bạch. " * 3
            )
            + FILLER * 5,
        )
        cls.named = make_report(
            "Hội nghị cán bộ toàn tỉnh",
            body=FILLER * 12 + "Thủ tướng Phạm Minh Chính dự và chỉ đạo hội nghị. " + FILLER * 12,
        )
        cls.named_unaccented = make_report(
            "Hoi nghi can bo",
            body=FILLER * 12 + "Thu tuong Pham Minh Chinh du hoi nghi. " + FILLER * 12,
        )
        cls.place_scattered = make_report(
            "Hội nghị ở Hà Nội",
            body=("Hải quan thành phố Hà Nội và Phòng Văn hóa tỉnh Hà Nam. " * 4) + FILLER * 4,
        )
        cls.place_named = make_report(
            "Hội nghị cán bộ chủ chốt",
            body=FILLER * 12 + "Tại điểm cầu thành phố Hải Phòng. " + FILLER * 12,
        )

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def ids(self, q):
        data = self.client.get("/api/search/", {"q": q}).json()
        return [r["id"] for r in data["results"]]

    def test_a_name_ranks_reports_that_write_it_above_scattered_syllables(self):
        for q in ("Phạm Minh Chính", "pham minh chinh"):
            with self.subTest(q=q):
                ids = self.ids(q)
                self.assertEqual(set(ids[:2]), {self.named.pk, self.named_unaccented.pk}, (q, ids))
                self.assertIn(self.scattered.pk, ids[2:])

    def test_accents_typed_rank_the_accented_writing_first(self):
        self.assertEqual(self.ids("Phạm Minh Chính")[0], self.named.pk)

    def test_a_place_name_ranks_reports_that_write_it_first(self):
        ids = self.ids("hai phong")
        self.assertEqual(ids[0], self.place_named.pk, ids)
