from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("person", views.person, name="person"),
    path("employer", views.employer, name="employer"),
]
