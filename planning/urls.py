from django.urls import path
from rest_framework.routers import SimpleRouter

from planning import views

router = SimpleRouter()
router.register("rpjmd", views.RpjmdViewSet, basename="rpjmd")
router.register("misi", views.MisiViewSet, basename="misi")
router.register("tujuan", views.TujuanViewSet, basename="tujuan")
router.register("sasaran", views.SasaranViewSet, basename="sasaran")
router.register("strategi", views.StrategiViewSet, basename="strategi")
router.register("arah-kebijakan", views.ArahKebijakanViewSet, basename="arah-kebijakan")
router.register("program-rpjmd", views.ProgramRpjmdViewSet, basename="program-rpjmd")
router.register("renstra", views.RenstraViewSet, basename="renstra")
router.register("renstra-tujuan", views.RenstraTujuanViewSet, basename="renstra-tujuan")
router.register("renstra-sasaran", views.RenstraSasaranViewSet, basename="renstra-sasaran")
router.register("renstra-program", views.RenstraProgramViewSet, basename="renstra-program")
router.register("renstra-kegiatan", views.RenstraKegiatanViewSet, basename="renstra-kegiatan")
router.register("renstra-sub-kegiatan", views.RenstraSubKegiatanViewSet, basename="renstra-sub-kegiatan")
router.register("rkpd", views.RkpdViewSet, basename="rkpd")
router.register("renja", views.RenjaViewSet, basename="renja")
router.register("renja-program", views.RenjaProgramViewSet, basename="renja-program")
router.register("renja-kegiatan", views.RenjaKegiatanViewSet, basename="renja-kegiatan")
router.register("renja-sub-kegiatan", views.RenjaSubKegiatanViewSet, basename="renja-sub-kegiatan")
router.register("indikator", views.IndikatorViewSet, basename="indikator")
router.register("usulan", views.UsulanViewSet, basename="usulan")

urlpatterns = [
    path("cascade/", views.CascadeView.as_view(), name="cascade"),
    path("planning-checks/", views.PlanCheckView.as_view(), name="planning-checks"),
    *router.urls,
]
