"""Dashboard pages under /dashboard/ (namespace "dashboard"); the page itself is the root name
"dashboard", declared in nforce/urls.py because the navigation names it without a namespace."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("records/<slug:kind>/", views.records_list, name="records"),
    path("records/<slug:kind>/export.<slug:fmt>", views.export_records, name="records-export"),
    path("export/<slug:table>.<slug:fmt>", views.export_table, name="export"),
    path("map.geojson", views.map_data, name="map"),
]
