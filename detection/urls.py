from django.urls import path

from . import views

app_name = "detection"
urlpatterns = [
    path("record/", views.record, name="record"),
    path("mine/", views.mine, name="mine"),
    path("premises/<int:pk>/", views.premises_detail, name="premises"),
    path("offline/", views.offline, name="offline"),
    path("quality/", views.quality, name="quality"),
    path("quality/<int:pk>/", views.quality_decision, name="quality-decision"),
    path("detections/<int:pk>/", views.detection_detail, name="detection"),
    path("detections/<int:pk>/operation", views.detection_move, name="detection-move"),
    path("operations/", views.operations, name="operations"),
    path("operations/new", views.operation_new, name="operation-new"),
    path("operations/<int:pk>/", views.operation_edit, name="operation-edit"),
    path("operations/running", views.running_operation, name="running-operation"),
]
