from organisation.models import PerangkatDaerah, Role, User
from organisation.scoping import scope_queryset
from reference.models import ReferenceVersion
from tests.factories import PerangkatDaerahFactory, ReferenceVersionFactory, UserFactory


def test_pemda_user_sees_only_own_pemda_rows(db, pemda, other_pemda, opd):
    # given
    foreign = PerangkatDaerahFactory(pemda=other_pemda)
    user = UserFactory(pemda=pemda, role=Role.BAPPEDA)
    # when
    visible = set(scope_queryset(PerangkatDaerah.objects.all(), user))
    # then
    assert opd in visible
    assert foreign not in visible


def test_opd_user_sees_own_opd_and_its_sub_units_only(db, pemda, opd, other_opd):
    # given
    sub_unit = PerangkatDaerahFactory(pemda=pemda, kode=opd.kode[:-4] + "0001", induk=opd)
    user = UserFactory(pemda=pemda, role=Role.OPD_PLANNER, perangkat_daerah=opd)
    # when
    visible = set(scope_queryset(PerangkatDaerah.objects.all(), user))
    # then
    assert visible == {opd, sub_unit}


def test_national_reference_data_is_visible_to_every_signed_in_user(db, pemda, opd):
    # given
    version = ReferenceVersionFactory()
    user = UserFactory(pemda=pemda, role=Role.OPD_FINANCE, perangkat_daerah=opd)
    # then
    assert list(scope_queryset(ReferenceVersion.objects.all(), user)) == [version]


def test_platform_operator_sees_every_pemda(db, pemda, other_pemda):
    # given
    PerangkatDaerahFactory(pemda=pemda)
    PerangkatDaerahFactory(pemda=other_pemda)
    operator = User.objects.create_superuser("operator", password="x")
    # then
    assert scope_queryset(PerangkatDaerah.objects.all(), operator).count() == 2


def test_users_are_scoped_to_their_pemda(db, pemda, other_pemda):
    # given
    mine = UserFactory(pemda=pemda, role=Role.ADMIN)
    theirs = UserFactory(pemda=other_pemda)
    # then
    visible = set(scope_queryset(User.objects.all(), mine))
    assert mine in visible
    assert theirs not in visible
