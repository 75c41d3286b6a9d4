"""The errors a service raises, none of them tied to HTTP; `config.api.exception_handler` answers each once.

- `django.core.exceptions.ValidationError` → 400 with field errors;
- `django.core.exceptions.PermissionDenied` → 403, and `Forbidden` (a PermissionDenied) when the client needs to
  tell one refusal from another by its `code` (e.g. `maker_checker`);
- `Conflict` → 409: the request contradicts the current state of the data (a lock, a status, a stale version);
- `PreconditionFailed` → 412: the row changed since the version the client names in `If-Match`.
"""

from django.core.exceptions import PermissionDenied


class Conflict(Exception):
    """The request contradicts the current state of the data; `code` names which rule (`stage_closed`, …)."""

    default_message = "Permintaan bertentangan dengan keadaan data saat ini."

    def __init__(self, message: str | None = None, code: str = "conflict") -> None:
        self.message = message or self.default_message
        self.code = code
        super().__init__(self.message)


class Forbidden(PermissionDenied):
    """A refusal with a `code` of its own, so that a client can tell it from a plain lack of rights."""

    def __init__(self, message: str, code: str) -> None:
        self.code = code
        super().__init__(message)


class PreconditionFailed(Exception):
    """The row changed since the version the client read (its `If-Match`)."""

    message = "Data telah diubah pengguna lain; muat ulang lalu ulangi."
