"""The app's URLs plus the floor view; nforce/urls.py is left as it is."""

from django.urls import path

from nforce.urls import urlpatterns as app_urlpatterns

from . import views

urlpatterns = [path("bench/bare", views.bare, name="bench-bare"), *app_urlpatterns]
