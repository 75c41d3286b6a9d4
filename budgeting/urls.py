from rest_framework.routers import SimpleRouter

from budgeting import views

router = SimpleRouter()
router.register("standar-harga", views.StandarHargaViewSet, basename="standar-harga")
router.register("anggaran", views.AnggaranViewSet, basename="anggaran")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
router.register("plafon", views.PlafonViewSet, basename="plafon")
router.register("pergeseran", views.PergeseranViewSet, basename="pergeseran")
router.register("anggaran-kas", views.AnggaranKasViewSet, basename="anggaran-kas")
router.register("realisasi", views.RealisasiViewSet, basename="realisasi")
router.register("realisasi-ringkasan", views.RealisasiRingkasanViewSet, basename="realisasi-ringkasan")
router.register("realisasi-fisik", views.RealisasiFisikViewSet, basename="realisasi-fisik")
router.register("realisasi-fisik-foto", views.RealisasiFisikFotoViewSet, basename="realisasi-fisik-foto")
router.register("realisasi-indikator", views.RealisasiIndikatorViewSet, basename="realisasi-indikator")
router.register("realisasi-pengaturan", views.RealisasiPengaturanViewSet, basename="realisasi-pengaturan")
router.register("realisasi-periode", views.RealisasiPeriodeViewSet, basename="realisasi-periode")

urlpatterns = router.urls
