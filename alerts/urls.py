from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("theo-doi/", views.subscribe, name="subscribe"),
    path("theo-doi/da-gui/", views.sent, name="sent"),
    path("theo-doi/xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("theo-doi/huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
