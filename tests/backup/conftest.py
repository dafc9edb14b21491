"""Fixtures of the backup tests (helpers in backup_host.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backup_host import Host, build_host


@pytest.fixture
def host(tmp_path: Path) -> Host:
    return build_host(tmp_path)
