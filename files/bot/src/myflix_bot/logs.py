"""Logging setup: one stderr handler with the redacting formatter; chatty libraries turned down."""

from __future__ import annotations

import logging
import sys

from myflix_bot.secrets import RedactingFormatter


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the Bot API URL contains the token: keep it quiet
    # (the formatter would still mask it).
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
