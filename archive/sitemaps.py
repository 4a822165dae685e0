"""Sitemaps (django.contrib.sitemaps) of the public pages: published reports,
and the documents, plenums, places and people readers can browse. Names that
only drafts mention stay out, as they stay off the public lists."""

from django.contrib.sitemaps import Sitemap

from archive.models import Document, Person, Place, Plenum, Report, ReportDocument

# Search engines accept 50,000 addresses a file; smaller files are cheaper to build.
PER_FILE = 10_000


class ReportSitemap(Sitemap):
    limit = PER_FILE
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Report.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, report):
        return report.updated_at


class DocumentSitemap(Sitemap):
    limit = PER_FILE
    changefreq = "weekly"

    def items(self):
        cited = ReportDocument.objects.published().values("document_id")
        return Document.objects.filter(pk__in=cited).only("slug").order_by("code")


class PlenumSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Plenum.objects.select_related("term").order_by("term__number", "number")


class PlaceSitemap(Sitemap):
    limit = PER_FILE
    changefreq = "weekly"

    def items(self):
        return Place.objects.only("slug").order_by("slug")


class PersonSitemap(Sitemap):
    limit = PER_FILE
    changefreq = "weekly"

    def items(self):
        return Person.objects.public().only("slug").order_by("slug")


SITEMAPS = {
    "bai": ReportSitemap,
    "van-ban": DocumentSitemap,
    "hoi-nghi": PlenumSitemap,
    "dia-phuong": PlaceSitemap,
    "nguoi": PersonSitemap,
}
