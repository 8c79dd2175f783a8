from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("check", views.check, name="check"),
    path("check/results", views.check_results, name="check-results"),
    path("check/person", views.person_result, name="person-result"),
]
