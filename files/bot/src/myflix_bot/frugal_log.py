"""Frugal logging for an SD card / NVMe: chatter stays in RAM, only problems reach the disk.

- :class:`RingBufferHandler` keeps the last N formatted lines of every level in memory (the admin
  ``/logs`` command shows its tail).
- :class:`FoldingFileHandler` writes WARNING and above to one file, folding repeats: a message equal
  to the previous one (same level, logger and text) is only counted, and written once as
  ``… (×N)`` when a different one arrives or on :meth:`flush_repeats`/close. When the file would
  pass ``max_bytes`` it is renamed to ``<file>.1`` (replacing the old one): at most 2 × max_bytes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from pathlib import Path


class RingBufferHandler(logging.Handler):
    def __init__(self, capacity: int = 2000, level: int = logging.DEBUG) -> None:
        super().__init__(level)
        self.lines: deque[tuple[int, str]] = deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append((record.levelno, self.format(record)))
        except Exception:
            self.handleError(record)

    def tail(self, n: int = 30, min_level: int = logging.NOTSET) -> list[str]:
        """The last ``n`` lines of at least ``min_level``."""
        return [line for level, line in self.lines if level >= min_level][-n:]


class FoldingFileHandler(logging.Handler):
    def __init__(self, path: str | Path, max_bytes: int = 256 * 1024, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.path = Path(path)
        self.max_bytes = max_bytes
        self._last_key: tuple[int, str, str] | None = None
        self._repeats = 0
        self._io = threading.Lock()
        self.bytes_written = 0

    def _write(self, text: str) -> None:
        data = (text + "\n").encode("utf-8", "replace")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            size = self.path.stat().st_size if self.path.exists() else 0
            if size + len(data) > self.max_bytes and size > 0:
                os.replace(self.path, self.path.with_name(self.path.name + ".1"))
            with self.path.open("ab") as stream:
                stream.write(data)
            self.bytes_written += len(data)
        except OSError:
            pass  # a full or read-only disk must not take the bot down

    def _flush_repeats_locked(self) -> None:
        if self._repeats and self._last_key is not None:
            self._write(f"… previous message repeated (×{self._repeats})")
        self._repeats = 0

    def flush_repeats(self) -> None:
        with self._io:
            self._flush_repeats_locked()
            self._last_key = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            key = (record.levelno, record.name, record.getMessage())
            with self._io:
                if key == self._last_key:
                    self._repeats += 1
                    return
                self._flush_repeats_locked()
                self._last_key = key
                self._write(self.format(record))
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self.flush_repeats()
        super().close()


RING: RingBufferHandler | None = None  # the process's ring buffer once setup_logging installed it


def ring() -> RingBufferHandler | None:
    return RING
