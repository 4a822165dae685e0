from django.urls import path

from archive import feeds, views

app_name = "archive"
urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", feeds.LatestFeed.view(), name="feed"),
    path("bai/", views.report_list, name="report-list"),
    path("bai/<int:pk>/", views.report_detail, name="report-detail-short"),
    path("bai/<int:pk>/<slug:slug>/", views.report_detail, name="report-detail"),
    path("van-ban/", views.document_list, name="document-list"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document-detail"),
    path(
        "van-ban/<slug:slug>/lan-toa/", views.document_dissemination, name="document-dissemination"
    ),
    path("van-ban/<slug:slug>/feed/", feeds.DocumentFeed.view(), name="document-feed"),
    path("nguoi/", views.person_list, name="person-list"),
    path("nguoi/<slug:slug>/", views.person_detail, name="person-detail"),
    path("nguoi/<slug:slug>/feed/", feeds.PersonFeed.view(), name="person-feed"),
    path("dia-phuong/", views.place_list, name="place-list"),
    path("dia-phuong/<slug:slug>/", views.place_detail, name="place-detail"),
    path("dia-phuong/<slug:slug>/feed/", feeds.PlaceFeed.view(), name="place-feed"),
    path("hoi-nghi/<int:pk>/", views.conference_detail, name="conference-detail-short"),
    path("hoi-nghi/<int:pk>/<slug:slug>/", views.conference_detail, name="conference-detail"),
    path("khoa/", views.term_list, name="term-list"),
    path("khoa/<str:roman>/", views.term_detail, name="term-detail"),
    path("khoa/<str:roman>/hoi-nghi-<int:number>/", views.plenum_detail, name="plenum-detail"),
    path(
        "khoa/<str:roman>/hoi-nghi-<int:number>/lan-toa/",
        views.plenum_dissemination,
        name="plenum-dissemination",
    ),
    path(
        "khoa/<str:roman>/hoi-nghi-<int:number>/feed/",
        feeds.PlenumFeed.view(),
        name="plenum-feed",
    ),
]
