from django.urls import path

from . import views

app_name = "enforcement"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("office/", views.office, name="office"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/actions/<slug:action>", views.act_on_case, name="act"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice-pdf"),
    path("<int:pk>/compound.pdf", views.compound_pdf, name="compound-pdf"),
    path("report/", views.report_page, name="report"),
    path("report.csv", views.report_csv, name="report-csv"),
    path("report.pdf", views.report_pdf, name="report-pdf"),
]
