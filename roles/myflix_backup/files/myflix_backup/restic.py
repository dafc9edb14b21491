"""The one restic client: every restic call goes through ``Restic.run`` (password by file, never argv).

restic 0.14 (Debian) exits 1 for every error, so errors are classified by their message: a wrong password
is reported as such and never leads to ``init``; only a repository that does not exist is initialised.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ResticError(RuntimeError):
    """A restic call failed; the message is one line a person can act on (never a secret)."""


class WrongPassword(ResticError):
    pass


class NoRepository(ResticError):
    pass


WRONG_PASSWORD_HINTS = ("wrong password", "no key found")
NO_REPOSITORY_HINTS = ("unable to open config file", "does not exist", "is there a repository at")


def read_env_file(path: str) -> dict[str, str]:
    """KEY=VALUE lines (comments and blanks ignored): the offsite backend's credentials."""
    env: dict[str, str] = {}
    if not path:
        return env
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip()
    return env


@dataclass(frozen=True)
class Restic:
    repository: str
    password_file: str
    binary: str = "restic"
    extra_env: tuple[tuple[str, str], ...] = ()

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RESTIC_")}
        env.update(dict(self.extra_env))
        env["RESTIC_REPOSITORY"] = self.repository
        env["RESTIC_PASSWORD_FILE"] = self.password_file
        env.setdefault("RESTIC_CACHE_DIR", str(Path(self.password_file).parent / "cache"))
        return env

    def run(self, *args: str, cwd: str | None = None) -> str:
        if not Path(self.password_file).is_file():
            raise ResticError(f"restic password file {self.password_file} is missing")
        proc = subprocess.run(
            [self.binary, *args],
            env=self._env(),
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise classify(proc.stderr, args[0], self.repository)
        return proc.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json") or "null")

    @property
    def local_path(self) -> Path | None:
        """The directory of a local repository (no backend prefix), else None."""
        if ":" in self.repository.split("/", 1)[0] and not self.repository.startswith("local:"):
            return None
        return Path(self.repository.removeprefix("local:"))

    def exists(self) -> bool:
        """True when the repository exists; False when there is none; raises on a wrong password or any
        other error (so nothing is initialised over a repository we cannot read). A local repository is
        recognised by its ``config`` file without running restic."""
        local = self.local_path
        if local is not None:
            return (local / "config").is_file()
        try:
            self.run("cat", "config")
        except NoRepository:
            return False
        return True

    def ensure_initialised(self) -> bool:
        if self.exists():
            return False
        self.run("init")
        return True

    def size(self) -> int:
        """Bytes the repository takes: summed on disk for a local one, ``restic stats`` otherwise."""
        local = self.local_path
        if local is not None:
            return sum(p.stat().st_size for p in local.rglob("*") if p.is_file())
        return int((self.json("stats", "--mode", "raw-data") or {}).get("total_size", 0))

    def snapshots(self, tag: str) -> list[dict[str, Any]]:
        found = self.json("snapshots", "--tag", tag)
        return sorted(found or [], key=lambda s: s["time"])


def classify(stderr: str, command: str, repository: str) -> ResticError:
    text = stderr.strip()
    lower = text.lower()
    last = text.splitlines()[-1] if text else "no message"
    if any(hint in lower for hint in WRONG_PASSWORD_HINTS):
        return WrongPassword(
            f"restic: wrong password for the repository {repository} (check vault_restic_password); "
            "nothing was changed"
        )
    if any(hint in lower for hint in NO_REPOSITORY_HINTS):
        return NoRepository(f"restic: no repository at {repository}")
    return ResticError(f"restic {command} failed: {last}")
