"""Atom feeds of the archive's pages (Django's syndication framework): the
newest published reports of a topic (archive/topics.py), with their documents
as categories. Drafts never appear: topics list published reports only."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import topics

FEED_ITEMS = 50
SUMMARY_WORDS = 60
SITE_NAME = gettext_lazy("Kho lưu trữ tin quán triệt nghị quyết")


class ReportFeed(Feed):
    """Reports as Atom entries; subclasses say which topic (``get_object``)."""

    feed_type = Atom1Feed
    author_name = SITE_NAME

    def __call__(self, request, *args, **kwargs):
        # The feed says the language it is written in (its chrome; reports stay as written).
        self.language = translation.get_language() or "vi"
        return super().__call__(request, *args, **kwargs)

    def title(self, topic):
        return f"{topic.title} · {SITE_NAME}"

    def subtitle(self, topic):
        return _("Các bài mới nhất: %(title)s") % {"title": topic.title}

    def link(self, topic):
        return topic.page_url

    def feed_url(self, topic):
        return topic.feed_url

    def items(self, topic):
        return topic.newest(FEED_ITEMS)

    def item_title(self, report):
        return report.title

    def item_description(self, report):
        return Truncator(" ".join(report.body.split())).words(SUMMARY_WORDS)

    def item_link(self, report):
        return report.get_absolute_url()

    def item_guid(self, report):
        # The short address never changes, even if staff correct the slug.
        return self.request.build_absolute_uri(
            reverse("archive:report-detail-short", args=[report.pk])
        )

    item_guid_is_permalink = True

    def item_pubdate(self, report):
        return report.published_at

    def item_updateddate(self, report):
        return report.updated_at

    def item_author_name(self, report):
        return report.source_outlet or report.author or None

    def item_categories(self, report):
        return sorted({doc.code for doc in report.cited_documents})

    @classmethod
    def view(cls):
        """A view making one feed object per request, so that the request
        can be kept on it (the item ids need the host)."""

        def feed_view(request, *args, **kwargs):
            feed = cls()
            feed.request = request
            return feed(request, *args, **kwargs)

        return feed_view


def _found(topic):
    if topic is None:
        raise Http404("Không có mục này")
    return topic


class LatestFeed(ReportFeed):
    def get_object(self, request):
        return topics.everything()


class DocumentFeed(ReportFeed):
    def get_object(self, request, slug):
        return _found(topics.find("document", slug))


class PlenumFeed(ReportFeed):
    def get_object(self, request, roman, number):
        plenum = topics.find_plenum(roman, number)
        return _found(plenum and topics.for_plenum(plenum))


class PlaceFeed(ReportFeed):
    def get_object(self, request, slug):
        return _found(topics.find("place", slug))


class PersonFeed(ReportFeed):
    def get_object(self, request, slug):
        return _found(topics.find("person", slug))
