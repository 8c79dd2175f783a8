from django.urls import path

from . import api

app_name = "registry-api"
urlpatterns = [
    path("employers/search", api.employer_search, name="employer-search"),
    path("persons/check", api.person_check, name="person-check"),
    path("employers/pack", api.area_pack_view, name="employer-pack"),
]
