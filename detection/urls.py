from django.urls import path

from . import operation_views, views

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
    path("operations/", operation_views.operations, name="operations"),
    path("operations/new", operation_views.operation_new, name="operation-new"),
    path("operations/<int:pk>/", operation_views.operation_edit, name="operation-edit"),
    path("operations/running", operation_views.running_operation, name="running-operation"),
]
