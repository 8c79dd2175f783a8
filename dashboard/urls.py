"""Dashboard pages under /dashboard/ (namespace "dashboard"). The page itself ("dashboard") and
the API summary ("dashboard-summary") are routed in nforce/urls.py: their names carry no
namespace (the navigation and the API name them so)."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("records/<slug:kind>/", views.records_list, name="records"),
    path("records/<slug:kind>/export.<slug:fmt>", views.export_records, name="records-export"),
    path("export/<slug:table>.<slug:fmt>", views.export_table, name="export"),
    path("map.geojson", views.map_data, name="map"),
]
