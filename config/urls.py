from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Kho lưu trữ tin hội nghị quán triệt nghị quyết"
admin.site.site_title = "Quản trị kho lưu trữ"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("", include("search.urls")),
    path("", include("archive.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
