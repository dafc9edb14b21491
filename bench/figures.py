"""What a benchmark reports: named figures, each a ratio (measured side by side) or an absolute value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    bench: str
    name: str
    value: float
    unit: str
    # A ratio is a figure measured against a baseline in the same run (e.g. bot vs echo bot).
    is_ratio: bool = False
    # Optional target, shown next to the value; ``target_max`` means lower is better.
    target_max: float | None = None
    target_min: float | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target_max is not None:
            return "ok" if self.value <= self.target_max else "MISS"
        if self.target_min is not None:
            return "ok" if self.value >= self.target_min else "MISS"
        return ""

    @property
    def target(self) -> str:
        if self.target_max is not None:
            return f"<= {self.target_max:g}"
        if self.target_min is not None:
            return f">= {self.target_min:g}"
        return ""
