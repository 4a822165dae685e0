from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from archive import media
from archive import views as archive_views
from archive.sitemaps import SITEMAPS

admin.site.site_header = "Kho lưu trữ tin hội nghị quán triệt nghị quyết"
admin.site.site_title = "Quản trị kho lưu trữ"
admin.site.index_title = "Quản trị"
# The model sidebar takes a quarter of the screen the review page needs; the
# index and breadcrumbs already lead everywhere.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page links.
    path("favicon.ico", archive_views.favicon),
    # Photos are served by Django (also with DEBUG off): see archive/media.py.
    path("media/photos/<int:report_id>/<str:name>", media.photo, name="media-photo"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
# The public site in Vietnamese at / and in English under /en/, with the same
# (Vietnamese) paths: /en/van-ban/26-nq-tw/. The admin stays Vietnamese only.
urlpatterns += i18n_patterns(
    path("", include("alerts.urls")),
    path("", include("opendata.urls")),
    path("", include("search.urls")),
    path("", include("archive.urls")),
    prefix_default_language=False,
)

# A limit passed says which; under /api/ every error answer becomes JSON
# (archive.errors.ApiJsonErrorsMiddleware).
handler400 = "archive.errors.bad_request"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
