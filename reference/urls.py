from rest_framework.routers import SimpleRouter

from reference import views

router = SimpleRouter()
router.register("reference-versions", views.ReferenceVersionViewSet, basename="reference-version")
router.register("nomenklatur", views.NomenklaturViewSet, basename="nomenklatur")
router.register("akun", views.AkunViewSet, basename="akun")
router.register("sumber-dana", views.SumberDanaViewSet, basename="sumber-dana")
router.register("code-mappings", views.CodeMappingViewSet, basename="code-mapping")

urlpatterns = router.urls
