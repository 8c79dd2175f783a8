from django.urls import path

from . import api

app_name = "enforcement-api"
urlpatterns = [
    path("cases/mine", api.MyCasesView.as_view(), name="mine"),
    path("cases/<int:pk>", api.CaseView.as_view(), name="case"),
    path("cases/<int:pk>/actions", api.CaseActionsView.as_view(), name="actions"),
    path("cases/<int:pk>/notice.pdf", api.NoticePdfView.as_view(), name="notice-pdf"),
    path("cases/<int:pk>/compound.pdf", api.CompoundPdfView.as_view(), name="compound-pdf"),
    path("enforcement/report", api.ReportView.as_view(), name="report"),
    path("operations/<int:pk>/report", api.OperationReportView.as_view(), name="operation-report"),
]
