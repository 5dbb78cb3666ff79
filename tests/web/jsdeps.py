"""The npm packages the browser tests load into pages (tests/web/js/package.json), installed
from the npm registry by package name the first time a test needs them."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

JS = Path(__file__).resolve().parent / "js"
MODULES = JS / "node_modules"
_LOCK = threading.Lock()


def node_modules() -> Path:
    """tests/web/js/node_modules, after ``npm install`` when a package is missing."""
    wanted = [MODULES / "axe-core" / "axe.min.js", MODULES / "@triply" / "yasgui" / "build"]
    with _LOCK:
        if not all(path.exists() for path in wanted):
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError("the browser tests need npm (Debian: apt-get install npm)")
            subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=JS,
                check=True,
                timeout=600,
            )
    return MODULES
