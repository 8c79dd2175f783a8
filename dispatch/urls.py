from django.urls import path

from . import views

app_name = "dispatch"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("list", views.mine_list, name="mine-list"),
    path("kept", views.kept, name="kept"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/outcome", views.outcome, name="outcome"),
    path("queue/", views.queue, name="queue"),
    path("reassign/", views.reassign, name="reassign"),
]
