from django.urls import path
from rest_framework.routers import SimpleRouter

from organisation import views

router = SimpleRouter()
router.register("pemda", views.PemdaViewSet, basename="pemda")
router.register("perangkat-daerah", views.PerangkatDaerahViewSet, basename="perangkat-daerah")
router.register("users", views.UserViewSet, basename="user")
router.register("audit-events", views.AuditEventViewSet, basename="audit-event")
router.register("jobs", views.ImportJobViewSet, basename="import-job")

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all/", views.LogoutAllView.as_view(), name="auth-logout-all"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("auth/tokens/", views.TokenListView.as_view(), name="auth-token-list"),
    path("auth/tokens/<int:pk>/", views.TokenDetailView.as_view(), name="auth-token-detail"),
    path("auth/me/", views.MeView.as_view(), name="auth-me"),
    *router.urls,
]
