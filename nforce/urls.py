from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from dashboard import api as dashboard_api
from dashboard import views as dashboard_views
from detection import pwa
from detection import views as detection_views

from . import views, volumes

api_v1: list[URLPattern | URLResolver] = [
    path("registry/", include("registry.api_urls")),
    path("eligibility/", include("eligibility.api_urls")),
    path("", include("detection.api_urls")),
    path("", include("dispatch.api_urls")),
    path("", include("enforcement.api_urls")),
    path("dashboard/summary", dashboard_api.DashboardSummaryView.as_view(), name="dashboard-summary"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", pwa.service_worker, name="pwa-sw"),
    path("maps/base.geojson", views.map_base_layer, name="map-base-layer"),
    path("manifest.webmanifest", pwa.manifest, name="pwa-manifest"),
    path("audit/", views.audit_log, name="audit-log"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/", include("dashboard.urls")),
    path("audit/volumes/", volumes.lookup_volumes_page, name="lookup-volumes"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("registry/", include("registry.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("detection/", include("detection.urls")),
    path("dispatch/", include("dispatch.urls")),
    path("cases/", include("enforcement.urls")),
]

# Uploads are signboard photos only: served by detection, which knows whose they are.
urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", detection_views.photo, name="media"))
