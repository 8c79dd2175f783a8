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
]
