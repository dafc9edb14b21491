"""Run one real service in the foreground, print how to reach it, and stop it on Ctrl-C.

    python -m myflix_testkit.services qbittorrent [--username U] [--password P] [--state-dir DIR]
    python -m myflix_testkit.services prometheus [--target JOB=HOST:PORT ...] [--with-node-exporter]
    python -m myflix_testkit.services node-exporter
    python -m myflix_testkit.services dockerd

Without ``--state-dir`` the state lives in a temporary directory removed on exit. The qBittorrent
password is printed because this is a throwaway local instance you asked for.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType

from myflix_testkit.services.docker_engine import acquire_docker_engine
from myflix_testkit.services.node_exporter import start_node_exporter
from myflix_testkit.services.prometheus import start_prometheus
from myflix_testkit.services.qbittorrent import DEFAULT_USERNAME, start_qbittorrent


def _parse_target(text: str) -> tuple[str, str]:
    job, sep, target = text.partition("=")
    if not sep or not job or ":" not in target:
        raise argparse.ArgumentTypeError(f"expected JOB=HOST:PORT, got {text!r}")
    return job, target


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m myflix_testkit.services", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="service", required=True, metavar="NAME")
    qbt = sub.add_parser("qbittorrent", help="qbittorrent-nox with a private profile")
    qbt.add_argument("--username", default=DEFAULT_USERNAME)
    qbt.add_argument("--password", default=None, help="default: a random one, printed")
    prom = sub.add_parser("prometheus", help="Prometheus with a temporary TSDB")
    prom.add_argument("--target", action="append", type=_parse_target, default=[], metavar="JOB=HOST:PORT")
    prom.add_argument(
        "--with-node-exporter", action="store_true", help="also run node-exporter as job 'node'"
    )
    prom.add_argument("--scrape-interval", default="1s")
    sub.add_parser("node-exporter", help="prometheus-node-exporter")
    sub.add_parser("dockerd", help="use the engine that answers, else start a private dockerd (root)")
    for sp in (qbt, prom, sub.choices["node-exporter"], sub.choices["dockerd"]):
        sp.add_argument("--state-dir", type=Path, default=None, help="keep state and logs here")
    return parser


@contextmanager
def _run(args: argparse.Namespace) -> Iterator[list[tuple[str, object]]]:
    """Start what ``args`` asks for; yield the lines to print."""
    with ExitStack() as stack:
        if args.service == "qbittorrent":
            qbt = stack.enter_context(
                start_qbittorrent(state_dir=args.state_dir, username=args.username, password=args.password)
            )
            yield [
                ("url", qbt.url),
                ("username", qbt.username),
                ("password", qbt.password),
                ("pid", qbt.pid),
                ("listen port", qbt.listen_port),
                ("profile", qbt.profile_dir),
                ("downloads", qbt.download_dir),
                ("log", qbt.log_path),
            ]
        elif args.service == "prometheus":
            targets: dict[str, list[str]] = {}
            lines: list[tuple[str, object]] = []
            if args.with_node_exporter:
                node = stack.enter_context(start_node_exporter())
                targets["node"] = [node.target]
                lines += [("node-exporter", node.url), ("node-exporter pid", node.pid)]
            for job, target in args.target:
                targets.setdefault(job, []).append(target)
            prom = stack.enter_context(
                start_prometheus(targets, scrape_interval=args.scrape_interval, state_dir=args.state_dir)
            )
            yield [
                ("url", prom.url),
                ("pid", prom.pid),
                ("config", prom.config_path),
                ("log", prom.log_path),
                *lines,
            ]
        elif args.service == "node-exporter":
            node = stack.enter_context(start_node_exporter(state_dir=args.state_dir))
            yield [("url", node.metrics_url), ("pid", node.pid), ("log", node.log_path)]
        else:
            engine = stack.enter_context(acquire_docker_engine())
            started = "started here" if engine.started_here else "already running, not ours"
            yield [("DOCKER_HOST", engine.base_url), ("pid", engine.pid or started), ("engine", started)]


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with _run(args) as lines:
        width = max(len(name) for name, _ in lines)
        for name, value in lines:
            print(f"{name:<{width}}  {value}", flush=True)
        print("running; Ctrl-C stops it", flush=True)
        stop.wait()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
