"""The repository is self-contained: no script, test, Makefile, image recipe or molecule file refers to a path
above the repository root (a clone has no ``../shared``), and nothing on the normal test path reads
``MYFLIX_SPECS_DIR`` (only ``make contract-drift`` does)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SELF = Path(__file__).resolve().relative_to(ROOT).as_posix()

# the only files that may name the upstream specs variable: the drift tool, its tests, the Makefile target
SPECS_VARIABLE_ALLOWED = {
    "tests/myflix_testkit/contract_drift.py",
    "tests/fakes/test_contract_drift.py",
    "Makefile",
    SELF,
}
SUFFIXES = {".py", ".sh", ".yml", ".yaml", ".j2", ".cfg", ".toml", ".ini", ".mk"}
NAMES = {"Makefile", "Dockerfile", "run"}

# ``..`` chains, also after ``$(dirname "$0")/`` and ``{{ playbook_dir }}/`` (both the file's own folder)
RELATIVE = re.compile(r"""(?:^|(?<=[\s"'=:(,\[])|(?<=[})]/))((?:\.\./)*\.\.)(?=/|["'\s)\],]|$)""")
ROOT_PARENT_SHELL = re.compile(r"""\$\{?(?:ROOT|REPO|PWD|REPO_ROOT|TOP)\}?/\.\.(?:/|["'\s]|$)""")
ROOT_PARENT_PY = re.compile(r"""\b(?:ROOT|REPO|REPO_ROOT|repo_root|root|repo)\.parent\b""")
FILE_PARENTS = re.compile(r"""__file__.*?\.parents\[(\d+)\]((?:\.parent\b)*)""")
ABSOLUTE_OUTSIDE = re.compile(r"""(?:^|[\s"'=:(])/work/|/shared/specs\b""")


def scanned_files() -> list[str]:
    """Scripts, tests, Makefile, Dockerfiles, molecule files and CI entry points tracked by git."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    out = []
    for rel in listed:
        path = Path(rel)
        top = path.parts[0]
        wanted_place = (
            top in {"scripts", "molecule", ".ci", "tests", "bench"}
            or "/tests/" in f"/{rel}"
            or path.name in {"Makefile", "Dockerfile"}
        )
        if wanted_place and (path.suffix in SUFFIXES or path.name in NAMES) and (ROOT / rel).is_file():
            out.append(rel)
    return out


def escapes(rel: str, text: str) -> list[str]:
    """Every reference in ``text`` (the content of repository file ``rel``) to a path above the root."""
    found: list[str] = []
    here = (ROOT / rel).parent
    depth = len(Path(rel).parts) - 1
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{rel}:{number}: {line.strip()[:100]}"
        for match in RELATIVE.finditer(line):
            target = Path(os.path.normpath(here / match.group(1)))
            if target != ROOT and ROOT not in target.parents:
                found.append(where)
        if ROOT_PARENT_SHELL.search(line) or ROOT_PARENT_PY.search(line) or ABSOLUTE_OUTSIDE.search(line):
            found.append(where)
        for match in FILE_PARENTS.finditer(line):
            if int(match.group(1)) + match.group(2).count(".parent") > depth:
                found.append(where)
    return found


def test_no_file_refers_to_a_path_above_the_repository_root() -> None:
    files = scanned_files()
    assert len(files) > 100, "the scan found too few files: the selection is broken"
    offenders = [
        hit for rel in files if rel != SELF for hit in escapes(rel, (ROOT / rel).read_text(errors="replace"))
    ]
    assert offenders == [], "paths outside the repository:\n" + "\n".join(offenders)


def test_only_the_drift_tool_reads_the_upstream_specs_variable() -> None:
    offenders = [
        rel
        for rel in scanned_files()
        if rel not in SPECS_VARIABLE_ALLOWED
        and "MYFLIX_SPECS_DIR" in (ROOT / rel).read_text(errors="replace")
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("rel", "line"),
    [
        ("scripts/build.sh", "SPECS=${MYFLIX_SPECS_DIR:-$ROOT/../shared/specs}"),
        ("scripts/build.sh", 'cp "$ROOT/.." x'),
        ("scripts/build.sh", "cp ../../shared/specs/x.json ."),
        ("molecule/docker/verify.yml", "src: '{{ playbook_dir }}/../../../shared/x'"),
        ("tests/myflix_testkit/fakes/x.py", 'Path(__file__).resolve().parents[3].parent / "shared"'),
        ("tests/myflix_testkit/fakes/x.py", "Path(__file__).resolve().parents[4]"),
        ("tests/x.py", 'REPO_ROOT.parent / "shared" / "specs"'),
        ("tests/x.py", 'SPECS = "/work/shared/specs"'),
    ],
)
def test_the_detector_catches_escapes(rel: str, line: str) -> None:
    assert escapes(rel, line), line


@pytest.mark.parametrize(
    ("rel", "line"),
    [
        ("molecule/storage/converge.yml", "    - ../resources/storage/ids.yml"),
        ("molecule/docker/verify.yml", 'src: "{{ playbook_dir }}/../../roles/myflix_docker/templates/x.j2"'),
        ("scripts/test.sh", 'cd "$(dirname "$0")/.."'),
        ("tests/myflix_testkit/fakes/x.py", 'Path(__file__).resolve().parents[2] / "contracts"'),
        ("tests/myflix_testkit/fakes/x.py", "Path(__file__).resolve().parents[2].parent"),
        ("tests/x.py", "version = '1.2..3'"),
    ],
)
def test_the_detector_lets_paths_inside_the_repository_pass(rel: str, line: str) -> None:
    assert escapes(rel, line) == [], line
