from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


def spa(request: HttpRequest) -> FileResponse:
    """The built SPA's index.html for every client-side route; its assets are served by WhiteNoise."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        raise Http404("Frontend belum dibangun: jalankan `make run` atau `npm run build` di frontend/.")
    return FileResponse(index.open("rb"), content_type="text/html")


def api_not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    """A URL no route matches (e.g. `/api/renja/abc/`) answers in the API's error shape, not an HTML page."""
    return JsonResponse({"detail": "Tidak ditemukan.", "code": "not_found"}, status=404)


def api_server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": "Kesalahan server.", "code": "server_error"}, status=500)


handler404 = api_not_found
handler500 = api_server_error

api = [
    path("", include("organisation.urls")),
    path("", include("reference.urls")),
    path("", include("planning.urls")),
    path("", include("budgeting.urls")),
    path("", include("reporting.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
]

urlpatterns = [
    path("api/", include(api)),
    re_path(r"^(?!api/|static/).*$", spa, name="spa"),
]
