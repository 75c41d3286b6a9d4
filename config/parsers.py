"""Request body parsers: JSON with a nesting limit, so a deeply nested body is a 400, never a RecursionError."""

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Deeper than any body the API takes (a budget line with its koefisien is about 4 levels).
MAX_JSON_DEPTH = 32


def _too_deep(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON terlalu dalam bersarang.", code="json_too_deep") from error
        if _too_deep(data, MAX_JSON_DEPTH):
            raise ParseError(f"JSON bersarang lebih dari {MAX_JSON_DEPTH} tingkat.", code="json_too_deep")
        return data
