"""OpenAPI generation: every operation documents the error answers it can give, in the one error shape."""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """401, 403, 404, 409, 412 (and 429): a message and a stable code."""

    detail = serializers.CharField()
    code = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """400: messages per field (`non_field_errors` for the whole request)."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the last read; a stale value gets 412 and changes nothing.",
)


class AutoSchema(BaseAutoSchema):
    def get_override_parameters(self):  # type: ignore[no-untyped-def]
        parameters = super().get_override_parameters()
        if self.method in ("PUT", "PATCH", "DELETE") and "{" in self.path:
            parameters = [*parameters, IF_MATCH]
        return parameters

    def _get_response_bodies(self, direction="response"):  # type: ignore[no-untyped-def]
        responses = super()._get_response_bodies(direction)
        # Any operation may meet bad input (400: a body, a filter, a page number) or a missing row or page (404).
        errors: dict[str, serializers.Serializer] = {
            "400": ValidationErrorSerializer(),
            "401": ErrorSerializer(),
            "403": ErrorSerializer(),
            "404": ErrorSerializer(),
        }
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors["409"] = ErrorSerializer()
        if self.method in ("PUT", "PATCH", "DELETE") and "{" in self.path:
            errors["412"] = ErrorSerializer()
        for code, serializer in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code, direction=direction)
        return responses
