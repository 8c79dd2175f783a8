from django.urls import path

from . import api

app_name = "detection-api"
urlpatterns = [
    path("detections", api.detections, name="detections"),
    path("detections/mine", api.my_detections, name="mine"),
    path("operations", api.OperationsView.as_view(), name="operations"),
]
