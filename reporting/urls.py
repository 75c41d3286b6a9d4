from django.urls import path
from rest_framework.routers import SimpleRouter

from reporting import views

router = SimpleRouter()
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = [
    *router.urls,
    # one object, not a list: routed by hand so that the schema does not call it a list
    path("dashboard/", views.DashboardViewSet.as_view({"get": "retrieve"}), name="dashboard"),
]
