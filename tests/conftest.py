import os
from pathlib import Path

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from organisation.models import Role, User
from tests.factories import PemdaFactory, PerangkatDaerahFactory, UserFactory

# beside the project, or where PAGU_SHARED_DATA points (a checkout in another folder)
SHARED_DATA = Path(
    os.environ.get("PAGU_SHARED_DATA") or Path(__file__).resolve().parent.parent.parent / "shared" / "data"
)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Test users hash their password with a fast hasher: production's PBKDF2 was most of the suite's time."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def shared_data() -> Path:
    """The official reference files beside the project; tests using them skip where the folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"official reference files not present at ../shared/data ({SHARED_DATA.name} missing)")
    return SHARED_DATA


@pytest.fixture
def pemda():
    return PemdaFactory(kode="76.01", nama="Kabupaten Uji")


@pytest.fixture
def other_pemda():
    return PemdaFactory(kode="76.02", nama="Kabupaten Lain")


@pytest.fixture
def opd(pemda):
    return PerangkatDaerahFactory(pemda=pemda, kode="1.02.0.00.0.00.01.0000", nama="Dinas Kesehatan")


@pytest.fixture
def other_opd(pemda):
    return PerangkatDaerahFactory(pemda=pemda, kode="1.01.0.00.0.00.01.0000", nama="Dinas Pendidikan")


@pytest.fixture
def make_user(pemda, opd):
    """make_user(role, pemda=..., perangkat_daerah=...) → a saved user with the test password."""

    def make(role: str = Role.BAPPEDA, **kwargs) -> User:
        kwargs.setdefault("pemda", pemda)
        if role in (Role.OPD_PLANNER, Role.OPD_FINANCE):
            kwargs.setdefault("perangkat_daerah", opd)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def client_for():
    """client_for(user) → an APIClient authenticated as that user."""

    def make(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make
