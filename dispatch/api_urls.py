from django.urls import path

from . import api

app_name = "dispatch-api"
urlpatterns = [
    path("assignments/mine", api.MyAssignmentsView.as_view(), name="mine"),
    path("assignments/<int:pk>/outcome", api.AssignmentOutcomeView.as_view(), name="outcome"),
]
