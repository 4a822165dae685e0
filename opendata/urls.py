from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("api/", views.api_docs, name="api"),
    path("du-lieu/", views.index, name="index"),
    path("du-lieu/bai.jsonl", views.reports_jsonl, name="reports"),
    path("du-lieu/van-ban.csv", views.documents_csv, name="documents"),
]
