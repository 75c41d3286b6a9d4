"""The permission matrix, generated: every API endpoint × every role × own OPD / other OPD / other pemda.

The demo pemda is loaded once; a second pemda with a user for every role stands outside it. Expectations come
from `organisation.permissions.MATRIX` and the models' `tenant_scope`, so a new endpoint is covered by
registering it.
"""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient
from rest_framework.viewsets import ViewSetMixin

from organisation.models import OPD_ROLES, Pemda, PemdaLevel, PerangkatDaerah, Role, User
from organisation.permissions import NATIONAL_RESOURCES, ROLES, allowed
from reference.models import ReferenceVersion
from tests.factories import PASSWORD

DEMO_PEMDA = "99.01"


@dataclass(frozen=True)
class Endpoint:
    name: str  # URL name of the list route, e.g. "perangkat-daerah-list"
    viewset: type

    @property
    def model(self):
        return self.viewset.queryset.model

    @property
    def basename(self) -> str:
        return self.name.removesuffix("-list")

    def __str__(self) -> str:
        return self.basename


def list_endpoints() -> list[Endpoint]:
    found: dict[str, Endpoint] = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                cls = getattr(pattern.callback, "cls", None)
                actions = getattr(pattern.callback, "actions", {}) or {}
                if cls and issubclass(cls, ViewSetMixin) and actions.get("get") == "list":
                    found[pattern.name] = Endpoint(pattern.name, cls)

    walk(get_resolver().url_patterns)
    return sorted(found.values(), key=str)


ENDPOINTS = list_endpoints()


def tenant_rows(endpoint: Endpoint, pemda: Pemda):
    scope = endpoint.model.tenant_scope
    if scope.pemda is None:
        return None
    return endpoint.viewset.queryset.model.objects.filter(**{scope.pemda or "pk": pemda.pk})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo pemda, and a second pemda with one OPD and a user for every role."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        demo = Pemda.objects.get(kode=DEMO_PEMDA)
        other = Pemda.objects.create(kode="99.02", nama="Kabupaten Seberang", level=PemdaLevel.KABKOTA)
        other_opd = PerangkatDaerah.objects.create(
            pemda=other, kode="1.02.0.00.0.00.01.0000", nama="Dinkes Seberang"
        )
        outsiders = {
            role: User.objects.create(
                username=f"luar-{role}",
                pemda=other,
                role=role,
                perangkat_daerah=other_opd if role in OPD_ROLES else None,
            )
            for role in ROLES
        }
        insiders = {role: User.objects.filter(pemda=demo, role=role).first() for role in ROLES}
        # fire the deferred foreign-key checks now, once: left pending, every test's savepoint would redo them
        connection.check_constraints()
        yield {"demo": demo, "other": other, "insiders": insiders, "outsiders": outsiders}
        transaction.set_rollback(True)


def client(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def fetch_all_ids(api: APIClient, url: str) -> set:
    response = api.get(url, {"page_size": 1000})
    assert response.status_code == 200, (url, response.status_code)
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    key = "id" if rows and "id" in rows[0] else next(iter(rows[0])) if rows else "id"
    return {row[key] for row in rows}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_list_is_allowed_exactly_as_the_matrix_says(db, world, endpoint, role):
    # given
    api = client(world["insiders"][role])
    # when
    response = api.get(reverse(endpoint.name))
    # then
    expected = 200 if allowed(role, endpoint.viewset.resource, "r") else 403
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_create_is_refused_to_roles_without_write(db, world, endpoint, role):
    if "post" not in {m.lower() for m in endpoint.viewset.http_method_names} or allowed(
        role, endpoint.viewset.resource, "w"
    ):
        pytest.skip("role may write here; covered by the endpoint's own tests")
    # given
    api = client(world["insiders"][role])
    before = endpoint.model.objects.count()
    # when
    response = api.post(reverse(endpoint.name), {}, format="json")
    # then
    assert response.status_code in (403, 405)
    assert endpoint.model.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_another_pemda_sees_none_of_the_demo_rows(db, world, endpoint, role):
    demo_rows = tenant_rows(endpoint, world["demo"])
    if demo_rows is None or not allowed(role, endpoint.viewset.resource, "r"):
        pytest.skip("national data, or the role cannot list it")
    # given
    api = client(world["outsiders"][role])
    demo_ids = set(demo_rows.values_list("pk", flat=True))
    # when
    visible = fetch_all_ids(api, reverse(endpoint.name))
    # then
    assert not visible & demo_ids


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_another_pemda_gets_404_on_a_demo_row(db, world, endpoint):
    demo_rows = tenant_rows(endpoint, world["demo"])
    if demo_rows is None or not demo_rows.exists():
        pytest.skip("national data, or no demo row of this kind")
    # given
    api = client(world["outsiders"][Role.ADMIN])
    row = demo_rows.first()
    lookup = getattr(row, endpoint.viewset.lookup_field if endpoint.viewset.lookup_field != "pk" else "pk")
    url = reverse(f"{endpoint.basename}-detail", args=[lookup])
    # when / then
    assert api.get(url).status_code == 404
    if {"patch", "delete"} & set(endpoint.viewset.http_method_names):
        assert api.patch(url, {}, format="json").status_code in (404, 405)
        assert api.delete(url).status_code in (404, 405)
    assert demo_rows.filter(pk=row.pk).exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_an_opd_user_sees_only_its_own_opd_rows(db, world, endpoint):
    scope = endpoint.model.tenant_scope
    if scope.pemda is None or scope.opd is None:
        pytest.skip("not scoped by OPD")
    # given
    user = world["insiders"][Role.OPD_PLANNER]
    if not allowed(Role.OPD_PLANNER, endpoint.viewset.resource, "r"):
        pytest.skip("OPD planners cannot list it")
    own_opd = user.perangkat_daerah
    path = scope.opd or "pk"
    foreign = endpoint.model.objects.filter(**{scope.pemda or "pk": world["demo"].pk}).exclude(
        **{path: own_opd.pk}
    )
    foreign = foreign.exclude(**{f"{scope.opd}__induk" if scope.opd else "induk": own_opd.pk})
    # when
    visible = fetch_all_ids(client(user), reverse(endpoint.name))
    # then
    assert not visible & set(foreign.values_list("pk", flat=True))


NATIONAL_ENDPOINTS = [e for e in ENDPOINTS if e.model.tenant_scope.pemda is None]
WRITABLE_NATIONAL = [e for e in NATIONAL_ENDPOINTS if hasattr(e.viewset, "create")]


def operator() -> User:
    return User.objects.create(username="operator-platform", is_superuser=True, pemda=None, role=Role.ADMIN)


def test_the_national_lists_are_all_in_a_national_resource():
    assert {e.viewset.resource for e in NATIONAL_ENDPOINTS} <= NATIONAL_RESOURCES
    assert WRITABLE_NATIONAL, "code mappings are written through the API"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", WRITABLE_NATIONAL, ids=str)
def test_no_pemda_role_writes_a_national_list(db, world, endpoint, role):
    # given: any pemda user, the pemda admin and a superuser tied to a pemda included
    users = [world["insiders"][role]]
    if role == Role.ADMIN:
        users.append(User.objects.create(username="super-pemda", is_superuser=True, pemda=world["demo"]))
    before = endpoint.model.objects.count()
    for user in users:
        # when
        response = client(user).post(reverse(endpoint.name), {}, format="json")
        # then
        assert response.status_code == 403
    assert endpoint.model.objects.count() == before


@pytest.mark.parametrize("endpoint", WRITABLE_NATIONAL, ids=str)
def test_the_platform_operator_writes_a_national_list(db, world, endpoint):
    # when: an empty body passes the permission check and fails validation
    response = client(operator()).post(reverse(endpoint.name), {}, format="json")
    # then
    assert response.status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_only_the_platform_operator_may_import_a_reference_list(db, world, role):
    # given: a file that would be parsed if the request got that far
    upload = SimpleUploadedFile("nomenklatur.csv", b"kode,nama\n1,URUSAN\n", content_type="text/csv")
    body = {
        "kind": "nomenklatur",
        "file": upload,
        "legal_basis": "x",
        "tahun_mulai": 2024,
        "tahun_selesai": 2024,
    }
    # when
    refused = client(world["insiders"][role]).post(
        "/api/reference-versions/import/", body, format="multipart"
    )
    # then
    assert refused.status_code == 403
    assert not ReferenceVersion.objects.filter(legal_basis="x").exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_token_works_as_the_matrix_says_until_logout(db, world, role):
    # given: a token issued to the role's demo user
    user = world["insiders"][role]
    user.set_password(PASSWORD)
    user.save()
    issued = APIClient().post(
        "/api/auth/token/", {"username": user.username, "password": PASSWORD, "name": role}
    )
    assert issued.status_code == 201
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    # when / then: it carries the role's rights, then stops working at logout
    expected = 200 if allowed(role, "user", "r") else 403
    assert api.get(reverse("user-list")).status_code == expected
    assert [t["name"] for t in api.get("/api/auth/tokens/").json()] == [role]
    assert api.post("/api/auth/logout/").status_code == 204
    assert api.get(reverse("user-list")).status_code == 401
