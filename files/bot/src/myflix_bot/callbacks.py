"""``callback_data`` for inline buttons: short ASCII strings, at most 64 bytes, parsed defensively.

Format: ``<view>`` or ``<view>:<arg>:<arg>...``. A view name is 1-3 lowercase letters; arguments
are ASCII without ``:``. :func:`parse` never raises: anything malformed becomes ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
_VIEW = re.compile(r"^[a-z]{1,3}$")
_ARG = re.compile(r"^[A-Za-z0-9_.\-]{0,24}$")


@dataclass(frozen=True, slots=True)
class Callback:
    view: str
    args: tuple[str, ...] = ()

    def arg(self, index: int, default: str = "") -> str:
        return self.args[index] if index < len(self.args) else default

    def int_arg(self, index: int, default: int = 0, *, low: int = 0, high: int = 1_000_000) -> int:
        value = self.arg(index)
        if not value.isdigit() or len(value) > 7:
            return default
        return min(high, max(low, int(value)))


def encode(view: str, *args: object) -> str:
    if not _VIEW.match(view):
        raise ValueError(f"bad view name {view!r}")
    parts = [str(a) for a in args]
    for part in parts:
        if not _ARG.match(part):
            raise ValueError(f"bad callback argument {part!r}")
    data = ":".join([view, *parts])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback_data over {MAX_BYTES} bytes: {data!r}")
    return data


def parse(data: object) -> Callback | None:
    if not isinstance(data, str) or not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    view, *args = data.split(":")
    if not _VIEW.match(view) or len(args) > 6 or not all(_ARG.match(a) for a in args):
        return None
    return Callback(view, tuple(args))
