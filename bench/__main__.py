"""Run every ``bench/bench_*.py`` module (each has ``run() -> list[Figure]``) and print one table,
ratios first.

    python -m bench              # all benchmarks
    python -m bench NAME ...     # only bench_NAME modules
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

from bench.figures import Figure


def discover(selected: list[str]) -> list[str]:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if selected:
        wanted = {f"bench_{s.removeprefix('bench_')}" for s in selected}
        unknown = wanted - set(names)
        if unknown:
            raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; have: {', '.join(names)}")
        names = [n for n in names if n in wanted]
    return names


def fmt(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def render(figures: list[Figure]) -> str:
    rows = sorted(figures, key=lambda f: (not f.is_ratio, f.bench, f.name))
    header = ("bench", "figure", "value", "unit", "target", "")
    table = [header] + [
        (
            f.bench,
            f.name,
            f"{f.value:.3g}" if abs(f.value) < 1000 else f"{f.value:,.0f}",
            f.unit,
            f.target,
            f.verdict,
        )
        for f in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    names = discover(argv)
    if not names:
        print("no benchmarks in bench/ yet (bench_*.py modules with run() -> list[Figure])")
        return 0
    figures: list[Figure] = []
    failed: list[str] = []
    for name in names:
        t0 = time.perf_counter()
        print(f"[bench] {name} ...", flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            figures.extend(module.run())
        except Exception as exc:  # a broken benchmark is reported, the others still run
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
        print(f"[bench] {name} done in {time.perf_counter() - t0:.1f}s", flush=True)
    print()
    print(render(figures))
    for f in failed:
        print(f"FAILED {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
