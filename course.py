#!/usr/bin/env python3
"""Set up and run the course "Alliance or Necessity?" with nothing but python3.

    python3 course.py lab     create the environment if missing, open JupyterLab at the start-here notebook
    python3 course.py test    create the environment if missing, then run the whole test suite
    python3 course.py site    build the course website into _build/html (offline)

The environment is a virtual environment in .venv/ built from the pinned lists
plus this folder's helper package in editable mode: `lab` installs what students
need (requirements.txt); `test` and `site` add the tools of the tests and the
site (requirements-dev.txt). It is brought up to date when a list or
pyproject.toml changes. Extra arguments after `test` go to pytest, e.g.
`python3 course.py test -k evidence`.
"""
from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-installed"
START = "notebooks/00_start_here.ipynb"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


STUDENT_LIST, DEV_LIST = "requirements.txt", "requirements-dev.txt"


def requirements_fingerprint(names: tuple[str, ...]) -> str:
    """A hash of the given requirement lists and pyproject.toml: it changes when a pin does."""
    digest = hashlib.sha256()
    for name in (*names, "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def installed_fingerprints() -> list[str]:
    """What .venv was last brought up to date with: the students' fingerprint, then the developers' if installed."""
    if not (STAMP.is_file() and PYTHON.exists()):
        return []
    return STAMP.read_text().split()


def ensure_environment(dev: bool = False) -> None:
    """Create .venv and install the pinned students' list (and, with ``dev``, the tests' and site's), unless up to date."""
    if sys.version_info < (3, 11):
        sys.exit(f"[course] Python 3.11 or newer is needed; this is {platform.python_version()}. Install a newer python3 and run again.")
    wanted = [requirements_fingerprint((STUDENT_LIST,))]
    if dev:
        wanted.append(requirements_fingerprint((STUDENT_LIST, DEV_LIST)))
    if installed_fingerprints()[:len(wanted)] != wanted:
        install_environment(wanted, DEV_LIST if dev else STUDENT_LIST)
    compile_course_package()


def install_environment(wanted: list[str], requirements: str) -> None:
    """Create .venv if needed and install a pinned list (requirements-dev.txt includes the students') and the helper package."""
    started = time.monotonic()
    if not PYTHON.exists():
        say(f"creating the environment in {VENV.name}/ (once; a few minutes) ...")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    say(f"installing the pinned packages from {requirements} ...")
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    subprocess.run(pip + ["-r", str(ROOT / requirements)], check=True)
    subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text("\n".join(wanted) + "\n")
    say(f"environment ready ({time.monotonic() - started:.0f} s).")


def compile_course_package() -> None:
    """Write the bytecode of the helper package (src/), as a regular install would.

    The package is installed in editable mode, so pip compiles none of it; and where
    PYTHONDONTWRITEBYTECODE is set (CI images, some hubs) Python never caches it either,
    so every kernel would compile the package again (about 30 ms per lesson). Files
    already up to date are skipped, so this is quick after the first time.
    """
    import compileall

    compileall.compile_dir(ROOT / "src", quiet=1)


def isolated_jupyter_env() -> dict[str, str]:
    """Environment variables that keep Jupyter's settings inside .venv, not the user's home."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    return env


def ensure_browser() -> None:
    """Install Debian's Chromium for the browser tests where we can (Linux, root, apt); else they skip."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if platform.system() != "Linux" or not shutil.which("apt-get") or os.geteuid() != 0:
        say("no Chromium found and cannot install it here: the browser tests will be skipped.")
        return
    say("installing Chromium for the browser tests (apt-get, once) ...")
    quiet = {"stdout": subprocess.DEVNULL}
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], check=True, env=env, **quiet)


AXE_CORE = "axe-core@4.14.1"  # Deque's WCAG checker, for tests/test_accessibility_axe.py (npm; offline after install)
AXE_DIR = VENV / "axe"


def ensure_axe() -> None:
    """Install axe-core from npm into .venv/axe/ once (npm from apt-get if root on Debian); else its test skips."""
    if (AXE_DIR / "node_modules" / "axe-core" / "axe.min.js").is_file():
        return
    if not shutil.which("npm") and platform.system() == "Linux" and shutil.which("apt-get") and os.geteuid() == 0:
        say("installing npm for the accessibility test (apt-get, once) ...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "npm"]):
            subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL)
    if not shutil.which("npm"):
        say("no npm found: the axe-core accessibility test will be skipped.")
        return
    say(f"installing {AXE_CORE} for the accessibility test (npm, once) ...")
    subprocess.run(["npm", "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--silent", AXE_CORE], check=False)


def ensure_bubblewrap() -> None:
    """Install Debian's bubblewrap (the sandbox `aon grade` runs student code in) where we can (Linux, root, apt)."""
    if shutil.which("bwrap"):
        return
    if platform.system() != "Linux" or not shutil.which("apt-get") or os.geteuid() != 0:
        say("bubblewrap (bwrap) is not installed and cannot be installed here: `aon grade` will refuse to grade and the "
            "sandbox tests will be skipped. Install it with your package manager (e.g. apt-get install bubblewrap).")
        return
    say("installing bubblewrap, the grader's sandbox (apt-get, once) ...")
    quiet = {"stdout": subprocess.DEVNULL}
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", "bubblewrap"], check=True, env=env, **quiet)


def lab(args: list[str]) -> int:
    ensure_environment()
    say(f"opening JupyterLab at {START} (stop it with Ctrl+C) ...")
    command = [str(PYTHON), "-m", "jupyterlab", f"--ServerApp.root_dir={ROOT}", START, *args]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers often run as root; Jupyter refuses without this
        command.insert(3, "--allow-root")
    return subprocess.call(command, cwd=ROOT, env=isolated_jupyter_env())


def test(args: list[str]) -> int:
    ensure_environment(dev=True)
    ensure_browser()
    ensure_axe()
    ensure_bubblewrap()
    say("checking the code with ruff (rules in pyproject.toml) ...")
    linted = subprocess.call([str(PYTHON), "-m", "ruff", "check", "--quiet", "."], cwd=ROOT)
    if linted:
        say("ruff found the problems above; `.venv/bin/ruff check --fix .` fixes most of them. Running the tests anyway ...")
    say("running the test suite ...")
    tested = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=isolated_jupyter_env())
    return tested or linted


def site(args: list[str]) -> int:
    ensure_environment(dev=True)
    return subprocess.call([str(PYTHON), "-m", "aon.authoring.cli", "build-site", *args], cwd=ROOT, env=isolated_jupyter_env())


COMMANDS = {"lab": lab, "test": test, "site": site}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
