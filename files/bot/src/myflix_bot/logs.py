"""Logging setup: one stderr handler with the redacting formatter; chatty libraries turned down."""

from __future__ import annotations

import logging
import sys

from myflix_bot.secrets import RedactingFormatter


def setup_logging(
    level: str = "INFO",
    *,
    frugal: bool = False,
    ring_lines: int = 2000,
    file: str | None = None,
    max_bytes: int = 256 * 1024,
    stderr_level: str = "WARNING",
) -> None:
    """``frugal``: DEBUG/INFO only in a RAM ring buffer (``/logs``), WARNING+ to ``file`` with repeats
    folded and a size cap, and stderr (the journal, on disk too) only from ``stderr_level``."""
    fmt = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(fmt)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if frugal:
        from myflix_bot import frugal_log  # noqa: PLC0415

        handler.setLevel(stderr_level)
        frugal_log.RING = frugal_log.RingBufferHandler(ring_lines)
        frugal_log.RING.setFormatter(fmt)
        root.addHandler(frugal_log.RING)
        if file:
            disk = frugal_log.FoldingFileHandler(file, max_bytes)
            disk.setFormatter(fmt)
            root.addHandler(disk)
    # httpx logs every request URL at INFO, and the Bot API URL contains the token: keep it quiet
    # (the formatter would still mask it).
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
