"""Reading the JSON the services answer, whose fields may be missing, null or of another type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def object_field(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    """``data[key]`` when it is a JSON object, else an empty one (missing, null or another type)."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}
