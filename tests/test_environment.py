"""requirements.txt (pip) and environment.yml (conda, Binder) must name the same pinned packages."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)$")


def pins_in(lines: list[str]) -> dict[str, str]:
    pins = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"not pinned with ==: {line!r}"
        pins[match.group(1).lower()] = match.group(2)
    return pins


def requirements_pins() -> dict[str, str]:
    return pins_in((ROOT / "requirements.txt").read_text().splitlines())


def environment_pins() -> dict[str, str]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    pip_lines = []
    for line in lines[start + 1:]:
        if not line.startswith("      - "):
            break
        pip_lines.append(line.strip()[2:])
    return pins_in(pip_lines)


def test_requirements_and_environment_agree():
    req, env = requirements_pins(), environment_pins()
    assert req == env, (
        "requirements.txt and environment.yml disagree: "
        f"only in requirements.txt {sorted(set(req.items()) - set(env.items()))}, "
        f"only in environment.yml {sorted(set(env.items()) - set(req.items()))}"
    )


def test_core_packages_are_pinned():
    for name in ("jupyterlab", "pandas", "matplotlib", "nbval", "pytest"):
        assert name in requirements_pins(), f"{name} must be pinned in requirements.txt"


def test_environment_python_matches_supported_version():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"- python=3\.11\b", text)
    assert sys.version_info >= (3, 11)


def test_installed_versions_match_the_pins():
    from importlib.metadata import PackageNotFoundError, version

    wrong = {}
    for name, pinned in requirements_pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong[name] = (pinned, "not installed")
            continue
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert not wrong, f"installed packages differ from requirements.txt (pinned, installed): {wrong}; run python3 course.py test again to reinstall"
