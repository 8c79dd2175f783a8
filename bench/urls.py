"""The app's URLs plus the floor views; nforce/urls.py is left as it is."""

from django.urls import path

from nforce.urls import urlpatterns as app_urlpatterns

from . import views

urlpatterns = [
    path("bench/bare", views.bare, name="bench-bare"),
    path("bench/page", views.bare_page, name="bench-page"),
    *app_urlpatterns,
]
