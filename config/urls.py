from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive import media

admin.site.site_header = "Kho lưu trữ tin hội nghị quán triệt nghị quyết"
admin.site.site_title = "Quản trị kho lưu trữ"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    # Photos are served by Django (also with DEBUG off): see archive/media.py.
    path("media/photos/<int:report_id>/<str:name>", media.photo, name="media-photo"),
    path("", include("search.urls")),
    path("", include("archive.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
