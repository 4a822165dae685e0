from django.urls import path

from search import feeds, views

app_name = "search"
urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
    path("tim-kiem/feed/", feeds.SearchFeed.view(), name="feed"),
    path("api/search/", views.api_search, name="api-search"),
    path("api/reports/<int:pk>/", views.api_report, name="api-report"),
]
