from collections import defaultdict
from typing import Any

from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import APIView

from config.tabular import alias_table
from organisation import selectors, services
from organisation.filters import AuditEventFilterSet, PemdaFilterSet, PerangkatDaerahFilterSet, UserFilterSet
from organisation.importers import OPD_COLUMNS, perangkat_daerah_import
from organisation.models import AuditEvent, AuthToken, Pemda, User
from organisation.scoping import scope_queryset
from organisation.serializers import (
    AuditEventSerializer,
    AuthTokenSerializer,
    ImportJobSerializer,
    ImportRejectedSerializer,
    LoginSerializer,
    MeSerializer,
    PemdaSerializer,
    PerangkatDaerahImportResultSerializer,
    PerangkatDaerahImportSerializer,
    PerangkatDaerahSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserSerializer,
)
from organisation.throttling import SharedRateThrottle
from organisation.viewsets import ScopedViewSetMixin


class PemdaViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    resource = "pemda"
    queryset = selectors.pemda_list()
    serializer_class = PemdaSerializer
    filterset_class = PemdaFilterSet
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    create_service = services.pemda_create

    def perform_update(self, serializer: PemdaSerializer) -> None:
        pemda: Pemda = serializer.instance
        self.check_version(pemda)
        serializer.instance = services.pemda_update(
            pemda=pemda, nama=serializer.validated_data.get("nama", pemda.nama), version=pemda.version + 1
        )


OPD_IMPORT_DESCRIPTION = f"""The pemda's OPD list (.xlsx/.csv) as pemda keep it: `KODE, ORGANISASI, KETERANGAN`. Codes are
matched after restoring their zero padding (`1.2.0.0.0.0.1.0` is `1.02.0.00.0.00.01.0000`); a code ending in
`.0000` is an OPD, any other a sub unit of the OPD sharing its first seven parts (in the file or already in the
pemda). A unit already there by code is updated (name, keterangan), never duplicated. A bad file imports nothing
and lists every bad row.

{alias_table(OPD_COLUMNS)}
"""


class PerangkatDaerahViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    resource = "perangkat-daerah"
    queryset = selectors.perangkat_daerah_list()
    serializer_class = PerangkatDaerahSerializer
    filterset_class = PerangkatDaerahFilterSet

    create_service = update_service = services.perangkat_daerah_save

    @extend_schema(
        description=OPD_IMPORT_DESCRIPTION,
        request={"multipart/form-data": PerangkatDaerahImportSerializer},
        responses={201: PerangkatDaerahImportResultSerializer, 400: ImportRejectedSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_file(self, request: Request) -> Response:
        """Import the OPD list (.xlsx/.csv); a bad file imports nothing and lists every bad row."""
        body = PerangkatDaerahImportSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        pemda = body.validated_data.get("pemda") or user.pemda
        if pemda is None:
            raise serializers.ValidationError({"pemda": "Pilih pemda tujuan impor."})
        upload = body.validated_data["file"]
        result = perangkat_daerah_import(user=user, pemda=pemda, file=upload, filename=upload.name)
        return Response(PerangkatDaerahImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


class UserViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    resource = "user"
    queryset = selectors.user_list()
    serializer_class = UserSerializer
    filterset_class = UserFilterSet

    create_service = services.user_create
    update_service = services.user_update
    delete_service = services.user_deactivate

    @extend_schema(
        request=None,
        responses=inline_serializer("UserUnlockResult", {"unlocked": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: str) -> Response:
        """Lift the sign-in locks on this user's username from every address; recorded in the audit trail."""
        return Response({"unlocked": services.user_unlock(user=self.get_object())})


class AuditEventViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The audit trail: who changed what, when, from which request (before/after per field)."""

    resource = "audit"
    queryset = selectors.audit_entry_list()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    lookup_field = "pgh_slug"
    lookup_value_regex = r"[\w.]+:\d+"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet:
        # The list is filtered, counted and paged in the index (`queryset`); one event is read from its own table.
        if self.action == "retrieve":
            return scope_queryset(selectors.audit_event_list(), self.request.user)  # type: ignore[arg-type]
        return super().get_queryset()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset if self.action == "retrieve" else super().filter_queryset(queryset)

    def get_object(self) -> AuditEvent:
        # By its table and id rather than by the slug, which no index holds.
        model, _, pk = self.kwargs["pgh_slug"].rpartition(":")
        return get_object_or_404(self.get_queryset(), pgh_model=model, pgh_id=int(pk))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Page through the index, then load only the page's events: computing `pgh_data` and `pgh_diff` (a lookup
        # of each event's predecessor) over the union of every event table would take seconds.
        keys = self.paginate_queryset(
            self.filter_queryset(self.get_queryset()).values_list("event_model", "event_id")
        )
        by_model: dict[str, list[int]] = defaultdict(list)
        for model, pk in keys:
            by_model[model].append(pk)
        wanted = Q(pk__in=[])
        for model, pks in by_model.items():
            wanted |= Q(pgh_model=model, pgh_id__in=pks)
        events = {(e.pgh_model, e.pgh_id): e for e in AuditEvent.objects.filter(wanted)} if keys else {}
        page = [events[key] for key in keys]
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ImportJobViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Background imports of the caller's pemda (an OPD user's: their OPD's), newest first; poll one until its
    `status` is done, rejected or failed."""

    resource = "job"
    queryset = selectors.import_job_list()
    serializer_class = ImportJobSerializer
    filterset_fields = ["status", "kind"]


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfView(APIView):
    """Sets the `csrftoken` cookie the SPA sends back as `X-CSRFToken`."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={204: None})
    def get(self, request: Request) -> Response:
        return Response(status=status.HTTP_204_NO_CONTENT)


class CredentialsView(APIView):
    """Checks a username and password outside the request transaction, so that a failed attempt still counts.

    Errors are answered here rather than raised: a raised error would roll back the failure count.
    """

    permission_classes = [permissions.AllowAny]
    throttle_classes = [SharedRateThrottle]

    @classmethod
    def as_view(cls, **initkwargs: Any):  # type: ignore[no-untyped-def]
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def check_credentials(self, request: Request, serializer: LoginSerializer) -> User | Response:
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        credentials = {k: serializer.validated_data[k] for k in ("username", "password")}
        try:
            return services.user_login(request=request._request, **credentials)
        except DjangoValidationError as error:
            return Response(as_serializer_error(error), status=status.HTTP_400_BAD_REQUEST)
        except services.LoginLocked as locked:
            return Response(
                {"detail": str(locked), "code": "login_locked"},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(locked.retry_after)},
            )


@method_decorator(csrf_protect, name="post")
class LoginView(CredentialsView):
    """Session login for the SPA; CSRF-protected (fetch /api/auth/csrf/ first) against login CSRF."""

    @extend_schema(request=LoginSerializer, responses=MeSerializer)
    def post(self, request: Request) -> Response:
        user = self.check_credentials(request, LoginSerializer(data=request.data))
        if isinstance(user, Response):
            return user
        login(request._request, user)
        return Response(MeSerializer(user).data)


class TokenView(CredentialsView):
    """A new token for one API client (`name` says which), valid for `AUTH_TOKEN_TTL_SECONDS`: send it as
    `Authorization: Token <key>`. Every call issues a new token; list and revoke them at /api/auth/tokens/."""

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenSerializer})
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        user = self.check_credentials(request, serializer)
        if isinstance(user, Response):
            return user
        token, key = services.auth_token_create(user=user, name=serializer.validated_data.get("name", ""))
        body = {"token": key, "id": token.pk, "name": token.name, "expires_at": token.expires_at}
        return Response(TokenSerializer(body).data, status=status.HTTP_201_CREATED)


class LogoutView(APIView):
    """Ends this session, or revokes the token this request was made with."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            services.auth_token_revoke(token=request.auth)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """Revokes every token of the caller and ends this session (other sessions end at their next password
    change, or when they expire)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        services.auth_token_revoke_all(user=request.user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(APIView):
    """The caller's own live tokens (never their keys)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=AuthTokenSerializer(many=True))
    def get(self, request: Request) -> Response:
        tokens = selectors.auth_token_list(user=request.user)
        return Response(AuthTokenSerializer(tokens, many=True, context={"request": request}).data)


class TokenDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """Revoke one of the caller's own tokens; another user's token is a 404."""
        services.auth_token_revoke(
            token=get_object_or_404(selectors.auth_token_list(user=request.user), pk=pk)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request, *args: Any) -> Response:
        return Response(MeSerializer(request.user).data)
