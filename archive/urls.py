from django.urls import path

from archive import views

app_name = "archive"
urlpatterns = [
    path("", views.home, name="home"),
    path("bai/", views.report_list, name="report-list"),
    path("bai/<int:pk>/", views.report_detail, name="report-detail-short"),
    path("bai/<int:pk>/<slug:slug>/", views.report_detail, name="report-detail"),
    path("van-ban/", views.document_list, name="document-list"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document-detail"),
    path("nguoi/", views.person_list, name="person-list"),
    path("nguoi/<slug:slug>/", views.person_detail, name="person-detail"),
    path("dia-phuong/", views.place_list, name="place-list"),
    path("dia-phuong/<slug:slug>/", views.place_detail, name="place-detail"),
    path("khoa/", views.term_list, name="term-list"),
    path("khoa/<str:roman>/", views.term_detail, name="term-detail"),
    path("khoa/<str:roman>/hoi-nghi-<int:number>/", views.plenum_detail, name="plenum-detail"),
]
