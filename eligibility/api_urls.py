from django.urls import path

from . import api

app_name = "eligibility-api"
urlpatterns = [
    path("invalidity", api.InvalidityView.as_view(), name="invalidity"),
    path("survivors", api.SurvivorsView.as_view(), name="survivors"),
    path("employer", api.EmployerView.as_view(), name="employer"),
]
