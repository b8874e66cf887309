"""The two requirement lists and environment.yml agree, and the students' list is enough for the course.

requirements.txt is what students need (course.py lab, environment.yml, Binder, a hub image);
requirements-dev.txt adds what only the tests and the site need (course.py test and site).
"""
from __future__ import annotations

import ast
import json
import re
import sys
from importlib.metadata import (
    PackageNotFoundError,
    distribution,
    packages_distributions,
    version,
)
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)$")
#: Packages only the tests or the site use: a student never needs them, so they stay out of requirements.txt.
DEV_ONLY = {"pytest", "nbval", "scikit-learn", "playwright", "jupyter-book", "jupyterhub"}


def canonical(name: str) -> str:
    """A distribution name as pip compares them: lower case, runs of -_. as one dash."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins_in(lines: list[str], include: str | None = None) -> dict[str, str]:
    """``{package: version}`` from requirement lines; ``-r FILE`` is allowed only where ``include`` names FILE."""
    pins = {}
    for raw in lines:
        line = raw.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r"):
            assert include and line.split(None, 1)[-1] == include, f"only '-r {include}' may be included: {line!r}"
            continue
        match = PIN.match(line)
        assert match, f"not pinned with ==: {line!r}"
        pins[canonical(match.group(1))] = match.group(2)
    return pins


def requirements_pins() -> dict[str, str]:
    """The students' list."""
    return pins_in((ROOT / "requirements.txt").read_text().splitlines())


def dev_pins() -> dict[str, str]:
    """Only what requirements-dev.txt adds to the students' list."""
    return pins_in((ROOT / "requirements-dev.txt").read_text().splitlines(), include="requirements.txt")


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


def test_dev_list_builds_on_the_students_list():
    text = (ROOT / "requirements-dev.txt").read_text()
    assert re.search(r"^-r requirements\.txt$", text, re.M), "requirements-dev.txt must start from '-r requirements.txt'"
    both = sorted(set(dev_pins()) & set(requirements_pins()))
    assert not both, f"pinned in both lists (keep each package in one): {both}"


def test_tools_of_tests_and_site_stay_out_of_the_students_list():
    leaked = sorted(DEV_ONLY & set(requirements_pins()))
    assert not leaked, f"{leaked} are for the tests or the site only: move them to requirements-dev.txt"
    missing = sorted(DEV_ONLY - set(dev_pins()))
    assert not missing, f"{missing} must be pinned in requirements-dev.txt"


def test_core_packages_are_pinned():
    for name in ("jupyterlab", "ipykernel", "pandas", "matplotlib", "nbgitpuller"):
        assert name in requirements_pins(), f"{name} must be pinned in requirements.txt"
    for name in ("pytest", "nbval"):
        assert name in dev_pins(), f"{name} must be pinned in requirements-dev.txt"


def test_environment_python_matches_supported_version():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"- python=3\.11\b", text)
    assert sys.version_info >= (3, 11)


def test_installed_versions_match_the_pins():
    wrong = {}
    for name, pinned in {**requirements_pins(), **dev_pins()}.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong[name] = (pinned, "not installed")
            continue
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert not wrong, f"installed packages differ from the requirement lists (pinned, installed): {wrong}; run python3 course.py test again to reinstall"


# --- the students' list is enough: everything the course's own code imports comes with it --------------------

def closure(names: set[str]) -> set[str]:
    """The installed distributions ``names`` need, with everything they need in turn (no extras)."""
    seen, todo = set(), list(names)
    while todo:
        name = canonical(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for requirement in requires:
            if "extra ==" in requirement:
                continue
            marker_ok = True
            if ";" in requirement:
                from packaging.markers import Marker

                marker_ok = Marker(requirement.split(";", 1)[1]).evaluate()
            if marker_ok:
                todo.append(re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0])
    return seen


def imported_modules(code: str) -> set[str]:
    """Top-level module names imported by a piece of Python (IPython magics and shell lines are skipped)."""
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


#: Modules of src/aon that only the site or the tests use (the site is built by `course.py site`, which installs both lists).
SITE_ONLY_MODULES = {"site.py"}


def student_code() -> dict[str, set[str]]:
    """{file: modules it imports} for the helper package, every lesson's and exercise's code cells, and the exercises' checks."""
    found = {}
    for path in sorted((ROOT / "src" / "aon").rglob("*.py")):
        if path.name not in SITE_ONLY_MODULES:
            found[str(path.relative_to(ROOT))] = imported_modules(path.read_text(encoding="utf-8"))
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises").rglob("*.ipynb"))
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        found[str(path.relative_to(ROOT))] = imported_modules(code)
    for path in sorted((ROOT / "exercises").rglob("*.py")):
        found[str(path.relative_to(ROOT))] = imported_modules(path.read_text(encoding="utf-8"))
    return found


def test_students_list_provides_every_import_of_the_course():
    """An import in a lesson, an exercise or the helper package that only requirements-dev.txt provides would break
    for a student who ran `python3 course.py lab`, on Binder, or on a hub: it must not exist."""
    provided = closure(set(requirements_pins()))
    if not provided - set(requirements_pins()):
        pytest.skip("the packages of requirements.txt are not installed here")
    providers = packages_distributions()
    problems = []
    for where, modules in student_code().items():
        for module in sorted(modules - set(sys.stdlib_module_names) - {"aon", "checks", "tests", "__future__"}):
            dists = {canonical(d) for d in providers.get(module, [])}
            if not dists:
                problems.append(f"{where}: imports {module}, which no installed package provides")
            elif not dists & provided:
                problems.append(f"{where}: imports {module}, from {sorted(dists)}, which is not in requirements.txt "
                                "(nor needed by a package there)")
    assert not problems, "\n".join(problems)


def test_the_import_check_sees_a_dev_only_import():
    """The check above must catch a lesson importing scikit-learn (a package of the tests only)."""
    provided = closure(set(requirements_pins()))
    providers = packages_distributions()
    if "sklearn" not in providers:
        pytest.skip("scikit-learn is not installed here")
    modules = imported_modules("import numpy as np\nfrom sklearn.metrics import cohen_kappa_score\n%matplotlib inline\n")
    assert modules == {"numpy", "sklearn"}
    assert {canonical(d) for d in providers["numpy"]} & provided
    assert not {canonical(d) for d in providers["sklearn"]} & provided
