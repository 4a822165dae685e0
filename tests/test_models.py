"""The rules the models own: QuerySet methods, place lookup, person keys."""

import unicodedata

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from archive import caches, vietnamese
from archive.models import Appearance, Document, Person, Place, Plenum, Report
from tests.factories import make_document, make_person, make_place, make_plenum, make_report


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


class PublishedOnlyTests(TestCase):
    """What readers see is what published reports say: a draft's documents,
    people and places count for nothing until staff publish it."""

    @classmethod
    def setUpTestData(cls):
        cls.plenum = make_plenum("XII", 7)
        cls.doc = make_document("26-NQ/TW", plenum=cls.plenum)
        cls.quang_ninh = make_place("Quảng Ninh")
        cls.mong_cai = make_place("Móng Cái", kind=Place.Kind.DISTRICT, parent=cls.quang_ninh)
        cls.old = make_report(
            "Cũ",
            event_date="2018-06-01",
            documents=["26-NQ/TW"],
            speakers=[("Trần Quốc Vượng", "Thường trực Ban Bí thư")],
            attendees=[("Phạm Minh Tấn", "")],
            connection_points=[("điểm cầu thành phố Móng Cái", cls.mong_cai)],
        )
        cls.new = make_report(
            "Mới", event_date="2019-01-01", plenums=["XII-7"], place=cls.quang_ninh
        )
        cls.undated = make_report("Không rõ ngày", attendees=[("Trần Quốc Vượng", "")])
        cls.draft = make_report(
            "Nháp",
            event_date="2020-01-01",
            status=Report.Status.DRAFT,
            documents=["26-NQ/TW"],
            speakers=[("Người Chỉ Trong Nháp", ""), ("Trần Quốc Vượng", "")],
            place=cls.quang_ninh,
        )

    def test_published_reports_leave_drafts_out(self):
        self.assertEqual(set(Report.objects.published()), {self.old, self.new, self.undated})

    def test_newest_first_puts_unknown_dates_last(self):
        self.assertEqual(
            list(Report.objects.published().newest_first()), [self.new, self.old, self.undated]
        )

    def test_document_counts_only_published_reports(self):
        counted = Document.objects.with_report_counts().get(pk=self.doc.pk)
        self.assertEqual(counted.report_count, 1)
        self.assertEqual([link.report for link in self.doc.report_links.published()], [self.old])
        self.assertEqual(set(Report.objects.mentioning(self.doc)), {self.old, self.draft})

    def test_people_only_named_in_drafts_are_not_public(self):
        public = set(Person.objects.public().values_list("name", flat=True))
        self.assertEqual(public, {"Trần Quốc Vượng", "Phạm Minh Tấn"})
        counts = dict(
            Person.objects.with_published_reports().values_list("name", "appearance_count")
        )
        self.assertEqual(counts["Trần Quốc Vượng"], 2)  # spoke once, attended once
        self.assertEqual(counts["Người Chỉ Trong Nháp"], 0)

    def test_person_pages_show_published_appearances_only(self):
        hidden = Person.objects.get(name="Người Chỉ Trong Nháp")
        self.assertEqual(self.client.get(hidden.get_absolute_url()).status_code, 404)
        listing = self.client.get(reverse("archive:person-list")).content.decode()
        self.assertIn("Trần Quốc Vượng", listing)
        self.assertNotIn("Người Chỉ Trong Nháp", listing)
        vuong = Person.objects.get(name="Trần Quốc Vượng")
        page = self.client.get(vuong.get_absolute_url()).content.decode()
        self.assertIn("Cũ", page)
        self.assertNotIn("Nháp", page)

    def test_reports_in_a_place_include_its_districts_connection_points(self):
        in_province = Report.objects.published().in_places(Place.objects.within(self.quang_ninh))
        self.assertEqual(set(in_province), {self.old, self.new})
        in_district = Report.objects.in_places(Place.objects.within(self.mong_cai))
        self.assertEqual(set(in_district), {self.old})

    def test_reports_about_a_plenum_include_those_citing_its_documents(self):
        about = Report.objects.about_plenums(Plenum.objects.filter(pk=self.plenum.pk))
        self.assertEqual(set(about), {self.old, self.new, self.draft})
        self.assertEqual(set(about.published()), {self.old, self.new})

    def test_speaking_means_spoke_or_chaired_never_attended(self):
        vuong = Person.objects.get(name="Trần Quốc Vượng")
        self.assertEqual(set(Report.objects.published().spoken_at_by(vuong)), {self.old})
        roles = {(a.report_id, a.is_speaking) for a in vuong.appearances.published()}
        self.assertEqual(roles, {(self.old.pk, True), (self.undated.pk, False)})
        self.assertEqual(vuong.appearances.speaking().count(), 2)  # the draft's too
        self.assertEqual(vuong.appearances.attending().count(), 1)


class PersonKeyTests(TestCase):
    def test_one_key_for_every_spelling_of_a_name_and_its_slug(self):
        person = make_person("Nguyễn Thị Thúy")
        for written in [
            "Nguyễn Thị Thúy",
            "Nguyễn Thị Thuý",
            unicodedata.normalize("NFD", "Nguyễn  Thị Thúy "),
            "nguyen thi thuy",
            person.slug,
        ]:
            with self.subTest(written):
                self.assertEqual(Person.objects.lookup(written), person)
        self.assertIsNone(Person.objects.lookup(""))
        self.assertIsNone(Person.objects.lookup("Nguyễn Thị"))

    def test_namesakes_staff_tell_apart_keep_their_own_slugs(self):
        first = make_person("Lê Văn Hiến")
        second = Person.objects.create(name="Lê Văn Hiến")
        self.assertEqual((first.slug, second.slug), ("le-van-hien", "le-van-hien-2"))
        self.assertEqual(Person.objects.lookup("le-van-hien-2"), second)

    def test_extracted_speaker_roles_map_to_one_role_list(self):
        self.assertEqual(Appearance.Role.of_speaker("chair"), Appearance.Role.CHAIR)
        for extracted in ("speaker", None, "unexpected"):
            self.assertEqual(Appearance.Role.of_speaker(extracted), Appearance.Role.SPEAKER)
        self.assertEqual(
            set(Appearance.SPEAKING_ROLES), {Appearance.Role.SPEAKER, Appearance.Role.CHAIR}
        )


class PersonPublicLookupTests(TestCase):
    """``Person.objects.public_lookup`` finds what ``public().lookup`` finds."""

    def test_only_a_published_report_makes_a_person_findable(self):
        make_report(
            "Bản nháp", speakers=[("Trần Văn Nháp", "Bí thư", "")], status=Report.Status.DRAFT
        )
        make_report("Đã đăng", speakers=[("Lê Thị Đăng", "Chủ tịch", "")])
        for name in ("Trần Văn Nháp", "Lê Thị Đăng", "le thi dang", "Không Có Ai"):
            self.assertEqual(
                Person.objects.public_lookup(name), Person.objects.public().lookup(name), name
            )
        self.assertIsNone(Person.objects.public_lookup("Trần Văn Nháp"))
        self.assertEqual(Person.objects.public_lookup("le thi dang").name, "Lê Thị Đăng")
        self.assertIsNone(Person.objects.public_lookup(""))


class DocumentPublicFewTests(TestCase):
    """``public_few`` (each row checked by its key) keeps what ``public()``
    keeps, and the look-ups readers reach use it: a document only a draft
    cites stays out of filters, search cards and its own page."""

    @classmethod
    def setUpTestData(cls):
        from archive.models import ReportDocument

        cls.reference = make_document("5-NQ/TW")  # no report: reference data
        cls.published = make_document("26-NQ/TW")
        cls.private = make_document("99-NQ/TW")
        cls.implied = make_document("18-NQ/TW")
        make_report("Đã đăng", documents=["26-NQ/TW"])
        draft = make_report("Nháp", documents=["99-NQ/TW"], status=Report.Status.DRAFT)
        ReportDocument.objects.create(report=draft, document=cls.implied, is_implied=True)

    def test_public_few_agrees_with_public(self):
        everything = Document.objects.all()
        self.assertEqual(
            {d.pk for d in everything.public_few()},
            set(everything.public().values_list("pk", flat=True)),
        )
        self.assertEqual(
            {d.code for d in everything.public_few()}, {"5-NQ/TW", "26-NQ/TW", "18-NQ/TW"}
        )
        for doc in (self.reference, self.published, self.private, self.implied):
            one = Document.objects.filter(pk=doc.pk)
            self.assertEqual(one.public_few(), list(one.public()), doc.code)

    def test_a_draft_only_document_stays_unreachable(self):
        from archive import filters
        from search import cards
        from search.query import parse

        self.assertIsNone(filters.find_document("99-NQ/TW"))
        self.assertIsNone(filters.find_document(self.private.slug))
        self.assertEqual(filters.find_document("26-nq-tw"), self.published)
        self.assertEqual(self.client.get(self.private.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(self.published.get_absolute_url()).status_code, 200)
        for code, expected in (("99-NQ/TW", None), ("26-NQ/TW", self.published)):
            ref = parse(code).documents[0]
            self.assertEqual(cards.find_document(ref), expected, code)
