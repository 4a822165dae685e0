"""The rules the models own: QuerySet methods, place lookup, person keys."""

from django.test import SimpleTestCase, TestCase

from archive import caches, vietnamese
from archive.models import Place
from tests.factories import make_place


class PlaceLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.quang_ninh = make_place("Quảng Ninh")
        cls.mong_cai = make_place("Móng Cái", kind=Place.Kind.DISTRICT, parent=cls.quang_ninh)
        cls.tuyen_quang = make_place("Tuyên Quang")
        cls.ha_giang = make_place(
            "Hà Giang", parent=cls.tuyen_quang, current=False, historical_names="Hà Tuyên"
        )
        cls.bac_me = make_place("Bắc Mê", kind=Place.Kind.DISTRICT, parent=cls.ha_giang)
        cls.hcm = make_place(
            "Thành phố Hồ Chí Minh", kind=Place.Kind.CITY, historical_names="TP.HCM\nSài Gòn"
        )

    def test_a_slug_or_any_written_name_finds_the_place(self):
        for written, place in [
            ("quang-ninh", self.quang_ninh),
            ("Quảng Ninh", self.quang_ninh),
            ("quang ninh", self.quang_ninh),
            ("tỉnh Quảng Ninh", self.quang_ninh),
            ("Tỉnh ủy Quảng Ninh", self.quang_ninh),
            ("UBND huyện Bắc Mê", self.bac_me),
            ("Hà Tuyên", self.ha_giang),
            ("Hồ Chí Minh", self.hcm),
            ("TP. Hồ Chí Minh", self.hcm),
            ("Sài Gòn", self.hcm),
            ("tp.hcm", self.hcm),
        ]:
            with self.subTest(written):
                self.assertEqual(Place.objects.lookup(written), place)

    def test_unknown_or_empty_names_find_nothing(self):
        for written in ["", "   ", None, "Hà Nội", "tỉnh", "quang-ninh-2", "x" * 5000]:
            with self.subTest(written):
                self.assertIsNone(Place.objects.lookup(written))

    def test_name_index_holds_every_alias_once(self):
        index = Place.objects.name_index()
        self.assertEqual(index["ha tuyen"], self.ha_giang.pk)
        self.assertEqual(index["ho chi minh"], self.hcm.pk)
        self.assertEqual(index["thanh pho ho chi minh"], self.hcm.pk)
        self.assertEqual(Place.objects.lookup_id("Huyện ủy Móng Cái", index), self.mong_cai.pk)

    def test_within_is_the_place_and_everything_under_it(self):
        self.assertEqual(
            set(Place.objects.within(self.tuyen_quang)),
            {self.tuyen_quang, self.ha_giang, self.bac_me},
        )
        self.assertEqual(set(Place.objects.within(self.bac_me)), {self.bac_me})

    def test_the_importers_place_names_follow_admin_edits_at_once(self):
        self.assertNotIn("ha long", caches.place_names())
        make_place("Hạ Long", kind=Place.Kind.DISTRICT, parent=self.quang_ninh)
        self.assertIn("ha long", caches.place_names())
        self.quang_ninh.historical_names = "Hồng Quảng"
        self.quang_ninh.save()
        self.assertEqual(caches.place_names()["hong quang"], self.quang_ninh.pk)


class PlaceNameTests(SimpleTestCase):
    def test_place_key_removes_stacked_administrative_words(self):
        self.assertEqual(vietnamese.place_key("Đảng ủy huyện Mai Sơn"), "mai son")
        self.assertEqual(vietnamese.place_key("UBND huyện Mai Sơn"), "mai son")
        self.assertEqual(vietnamese.place_key("Thành ủy TP. Huế"), "hue")

    def test_aliases_are_distinct_keys(self):
        self.assertEqual(
            vietnamese.place_aliases("Thành phố Huế", "Thừa Thiên Huế\n\nthành phố huế"),
            ["thanh pho hue", "thua thien hue", "hue"],
        )
