"""Run one fake standalone, for manual runs, demos and benchmarks.

    python -m myflix_testkit.fakes radarr --port 7878 --catalog catalog.json
    python -m myflix_testkit.fakes NAME --help

Each fake module in ``FAKES`` defines ``add_arguments(parser)`` and ``app_from_args(args)``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from myflix_testkit.fakes.server import FakeServer

# name -> module that implements it (imported only when chosen)
FAKES: dict[str, str] = {
    "radarr": "myflix_testkit.fakes.radarr",
    "sonarr": "myflix_testkit.fakes.sonarr",
    "prowlarr": "myflix_testkit.fakes.prowlarr",
    "gluetun": "myflix_testkit.fakes.gluetun",
    "telegram": "myflix_testkit.fakes.telegram",
    "gemini": "myflix_testkit.fakes.gemini",
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m myflix_testkit.fakes", description="Run one fake.")
    sub = parser.add_subparsers(dest="fake", required=True, metavar="NAME")
    for name, module_name in FAKES.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a fake not written yet must not break the others
            if exc.name != module_name:
                raise
            continue
        sp = sub.add_parser(name, help=f"fake {name}")
        sp.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = pick a free one)")
        sp.set_defaults(_module=module_name)
        module.add_arguments(sp)
    args = parser.parse_args(argv)
    module = importlib.import_module(args._module)
    app = module.app_from_args(args)
    FakeServer(app, port=args.port).serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
