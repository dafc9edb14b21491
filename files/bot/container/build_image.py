"""Build the bot's container image from a small, assembled build context.

    python files/bot/container/build_image.py [--base-image IMAGE] [--repo NAME] [--extras docker]

The context holds only what the image needs (a few MB, never the repository):

    Dockerfile      files/bot/Dockerfile
    lib/ansible_collections/myflix/media/plugins/module_utils/*.py
                    the collection's shared code, as namespace packages (no __init__.py)
    wheels/*.whl    the bot's wheel, its dependencies at the versions of requirements/controller.lock, and pip

The wheels are fetched here, with this machine's pip and its configuration, for the Python version and CPU
architecture of the base image (probed by running it once). The build itself never contacts a package
index: it installs with ``--no-index`` from the wheelhouse, so the image is reproducible and builds behind
a proxy the containers do not trust. A base without python3 (plain Debian) gets it from apt in the build.

The image is tagged ``REPO:<hash>``; the hash covers every input (the bot's sources, module_utils, the
lock, the Dockerfile, this script, the base image's id and the extras), so an unchanged tree reuses the
image at once. Older ``REPO:<hash>`` tags are removed after a successful build.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docker
import docker.errors

ROOT = Path(__file__).resolve().parents[3]
BOT_DIR = ROOT / "files" / "bot"
DOCKERFILE = BOT_DIR / "Dockerfile"
MODULE_UTILS_DIR = (
    ROOT / "collections" / "ansible_collections" / "myflix" / "media" / "plugins" / "module_utils"
)
MODULE_UTILS_DEST = "lib/ansible_collections/myflix/media/plugins/module_utils"
LOCK_FILE = ROOT / "requirements" / "controller.lock"

DEFAULT_BASE_IMAGE = "python:3.13-slim-trixie"
DEFAULT_REPO = "myflix-bot"
DEFAULT_EXTRAS = "docker"  # as roles/myflix_bot (myflix_bot_extras): auto-heal and the container view
PIP_VERSION = "26.3"  # runs once in the build stage to install the wheels; not left in the image
FALLBACK_PYTHON = "3.13"  # the python3 that Debian trixie's apt installs into a base that has none
HASH_LENGTH = 12
BUILD_LOG_TAIL = 30

_SKIP_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "build", "dist"}
_HASH_TAG = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")
_PROBE = (
    "if command -v python3 >/dev/null 2>&1; then "
    "python3 -c 'import platform, sys; "
    'print("%d.%d" % sys.version_info[:2], platform.machine(), platform.libc_ver()[1])\'; '
    'else echo "none $(uname -m) $(getconf GNU_LIBC_VERSION | cut -d" " -f2)"; fi'
)


class ImageBuildError(RuntimeError):
    """The image cannot be built here; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """The interpreter and platform the wheels must fit: the base image's."""

    python: str  # "3.13"
    machine: str  # "x86_64", "aarch64"
    glibc: tuple[int, int]  # (2, 41)

    def pip_download_args(self) -> list[str]:
        major, minor = self.python.split(".")
        args = [
            "--only-binary=:all:",
            f"--python-version={self.python}",
            "--implementation=cp",
            f"--abi=cp{major}{minor}",
            "--abi=abi3",
            "--abi=none",
        ]
        return args + [f"--platform={tag}" for tag in self.platform_tags()]

    def platform_tags(self) -> list[str]:
        """Every manylinux tag this glibc accepts (PEP 600, and the legacy aliases of PEP 599)."""
        low = 5 if self.machine in {"x86_64", "i686"} else 17
        tags = [f"manylinux_2_{minor}_{self.machine}" for minor in range(self.glibc[1], low - 1, -1)]
        legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
        tags += [f"{name}_{self.machine}" for minor, name in legacy.items() if low <= minor <= self.glibc[1]]
        return tags


# --- inputs -----------------------------------------------------------------------------------------------


def _files(top: Path) -> Iterator[Path]:
    for path in sorted(top.rglob("*")):
        parts = set(path.relative_to(top).parts)
        skipped = parts & _SKIP_PARTS or any(part.endswith(".egg-info") for part in parts)
        if path.is_file() and not skipped and not path.name.endswith((".pyc", ".pyo")):
            yield path


def bot_source_files() -> list[Path]:
    """What goes into the bot's wheel: pyproject.toml, README.md and src/ (no tests, no build leftovers)."""
    return [BOT_DIR / "pyproject.toml", BOT_DIR / "README.md", *_files(BOT_DIR / "src")]


def module_utils_files() -> list[Path]:
    return sorted(p for p in MODULE_UTILS_DIR.glob("*.py") if p.is_file())


def inputs_hash(base_image_id: str, extras: str) -> str:
    """The image's cache key: every file that shapes it (path and content), the base image and the extras."""
    digest = hashlib.sha256()
    for text in (base_image_id, extras, PIP_VERSION):
        digest.update(text.encode() + b"\0")
    files = [DOCKERFILE, LOCK_FILE, Path(__file__).resolve(), *bot_source_files(), *module_utils_files()]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:HASH_LENGTH]


# --- the engine side --------------------------------------------------------------------------------------


def base_image_id(client: docker.DockerClient, base_image: str) -> str:
    try:
        return str(client.images.get(base_image).id)
    except docker.errors.ImageNotFound:
        hint = (
            "build it with `scripts/build-test-images.sh trixie` (as root)"
            if base_image.startswith("myflix-test/")
            else f"pull it first (`docker pull {base_image}`); the build never pulls"
        )
        raise ImageBuildError(f"base image {base_image} is not on this Docker engine: {hint}") from None


def probe_target(client: docker.DockerClient, base_image: str) -> Target:
    """Run the base image once (no network) and read its Python version, CPU and glibc."""
    try:
        out = client.containers.run(
            base_image, [_PROBE], entrypoint=["/bin/sh", "-c"], remove=True, network_disabled=True, user="0"
        )
    except docker.errors.DockerException as exc:
        raise ImageBuildError(f"cannot run the base image {base_image} to probe it: {exc}") from None
    fields = out.decode().split()
    match = re.fullmatch(r"(\d+)\.(\d+)", fields[2]) if len(fields) == 3 else None
    if match is None:
        raise ImageBuildError(f"base image {base_image}: unexpected probe output {out!r} (need glibc Linux)")
    python = FALLBACK_PYTHON if fields[0] == "none" else fields[0]
    if tuple(int(n) for n in python.split(".")) < (3, 12):
        raise ImageBuildError(f"base image {base_image} has Python {python}; the bot needs 3.12 or newer")
    return Target(python=python, machine=fields[1], glibc=(int(match[1]), int(match[2])))


# --- the context ------------------------------------------------------------------------------------------


def _pip(args: list[str], what: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise ImageBuildError(
            f"{what} failed (pip exit {proc.returncode}); this machine's pip must reach a package index "
            f"(PyPI or the one in its pip configuration):\n{tail}"
        )


def assemble_context(dest: Path, target: Target, extras: str) -> None:
    """Write the build context into the empty directory ``dest``."""
    shutil.copy2(DOCKERFILE, dest / "Dockerfile")
    lib = dest / MODULE_UTILS_DEST
    lib.mkdir(parents=True)
    for path in module_utils_files():
        shutil.copy2(path, lib / path.name)
    wheels = dest / "wheels"
    wheels.mkdir()
    with tempfile.TemporaryDirectory(prefix="myflix-bot-src-") as tmp:
        # Build the wheel from a copy: setuptools writes build/ and egg-info next to the sources.
        src = Path(tmp)
        for path in bot_source_files():
            copy = src / path.relative_to(BOT_DIR)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        _pip(
            ["wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(src)],
            "building the bot's wheel",
        )
    (bot_wheel,) = wheels.glob("myflix_bot-*.whl")
    spec = f"{bot_wheel}[{extras}]" if extras else str(bot_wheel)
    _pip(
        [
            "download",
            "--quiet",
            "--dest",
            str(wheels),
            "--constraint",
            str(LOCK_FILE),
            *target.pip_download_args(),
            spec,
            f"pip=={PIP_VERSION}",
        ],
        f"downloading the pinned wheels for Python {target.python} on {target.machine}",
    )


def _build(client: docker.DockerClient, context: Path, tag: str, base_image: str, extras: str) -> None:
    try:
        client.images.build(
            path=str(context),
            tag=tag,
            buildargs={"BASE_IMAGE": base_image, "EXTRAS": extras},
            pull=False,
            rm=True,
            forcerm=True,
        )
    except docker.errors.BuildError as exc:
        lines = [str(c.get("stream") or c.get("error") or "").rstrip() for c in exc.build_log]
        tail = "\n".join(line for line in lines if line)
        tail = "\n".join(tail.splitlines()[-BUILD_LOG_TAIL:])
        raise ImageBuildError(f"docker build of {tag} failed; the end of its log:\n{tail}") from None
    except docker.errors.APIError as exc:
        raise ImageBuildError(f"docker build of {tag} failed: {exc}") from None


def _remove_older_tags(client: docker.DockerClient, repo: str, keep: str) -> None:
    """Drop ``repo:<hash>`` tags of earlier inputs (only ours, only by tag; an image in use stays)."""
    for image in client.images.list(name=repo):
        for tag in image.tags:
            name, _, version = tag.rpartition(":")
            if name == repo and tag != keep and _HASH_TAG.match(version):
                with contextlib.suppress(docker.errors.APIError):
                    client.images.remove(tag, noprune=False)


def ensure_image(
    client: docker.DockerClient,
    *,
    base_image: str = DEFAULT_BASE_IMAGE,
    repo: str = DEFAULT_REPO,
    extras: str = DEFAULT_EXTRAS,
    log: Callable[[str], None] = lambda _msg: None,
) -> str:
    """The tag of the image of the current tree on ``base_image``: reused when it exists, else built."""
    tag = f"{repo}:{inputs_hash(base_image_id(client, base_image), extras)}"
    try:
        client.images.get(tag)
    except docker.errors.ImageNotFound:
        pass
    else:
        log(f"{tag}: up to date")
        return tag
    target = probe_target(client, base_image)
    log(f"{tag}: building on {base_image} (Python {target.python}, {target.machine})")
    with tempfile.TemporaryDirectory(prefix="myflix-bot-context-") as tmp:
        context = Path(tmp)
        assemble_context(context, target, extras)
        _build(client, context, tag, base_image, extras)
    _remove_older_tags(client, repo, tag)
    log(f"{tag}: built")
    return tag


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-image", default=DEFAULT_BASE_IMAGE, help=f"default {DEFAULT_BASE_IMAGE}")
    parser.add_argument(
        "--repo", default=DEFAULT_REPO, help=f"image name, tagged :<hash> (default {DEFAULT_REPO})"
    )
    parser.add_argument(
        "--extras", default=DEFAULT_EXTRAS, help="the bot's extras, comma separated ('' for none)"
    )
    args = parser.parse_args(argv)
    try:
        client = docker.from_env()
        client.ping()
    except docker.errors.DockerException as exc:
        print(f"no Docker engine answers: {exc}", file=sys.stderr)
        return 2
    try:
        tag = ensure_image(
            client,
            base_image=args.base_image,
            repo=args.repo,
            extras=args.extras,
            log=lambda msg: print(msg, file=sys.stderr),
        )
    except ImageBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(tag)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
