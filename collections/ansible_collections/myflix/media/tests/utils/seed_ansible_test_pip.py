"""Seed ansible-test's pip bootstrap cache so `ansible-test sanity --venv` works without ci-files access.

ansible-test creates its sanity venv without pip and downloads a `get-pip.py` from
ci-files.testing.ansible.com to bootstrap it. Build machines that may only reach the Python package
index cannot fetch that file, so this writes a stand-in at the path ansible-test looks at first
(``~/.ansible/test/cache/get_pip_<version>.py``). The stand-in installs the pip bundled with Python
(``ensurepip``) and then lets that pip install the exact packages ansible-test asked for, from the
package index, with the same options. An existing cache file (a real get-pip.py) is left alone.

Usage: python seed_ansible_test_pip.py   (prints the path it wrote or found)
"""

from __future__ import annotations

import sys
from pathlib import Path

STAND_IN = '''"""ansible-test pip bootstrap stand-in (myflix.media tests/utils/seed_ansible_test_pip.py)."""
import ensurepip
import subprocess
import sys

ensurepip.bootstrap(upgrade=True)
ARGS = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", *ARGS]))
'''


def pip_version() -> str:
    """The pip version ansible-test bootstraps (read from ansible-test itself)."""
    from ansible_test._internal.python_requirements import get_venv_packages  # noqa: PLC0415

    class _Python:  # the function only reads .version
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"

    return get_venv_packages(_Python())["pip"]  # type: ignore[arg-type]


def main() -> int:
    """Write the stand-in unless a bootstrap script is already cached."""
    cache = Path.home() / ".ansible" / "test" / "cache" / f"get_pip_{pip_version().replace('.', '_')}.py"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(STAND_IN)
    print(cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
