"""The package's layers, as the tree shows them: no import cycles, no layer reaching up.

- the core: the modules directly in ``src/aon/`` (what a student kernel loads);
- ``aon.lessons``: one module per notebook; imports the core and ``aon.lessons.common``, never another lesson;
- ``aon.grading``: the grader; imports the core and itself;
- ``aon.authoring``: instructor tools; may import everything below.

Every import counts, the ones inside functions too (they once hid three cycles). An import inside a
function is allowed where it is deliberately lazy, and then its line (or the line above) says why in a
comment. ``aon.lessons.LESSONS`` names the lesson modules that ``aon.lessons`` imports on demand; those
are edges too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "aon"
LAYERS = ("lessons", "grading", "authoring")
ALLOWED = {"core": {"core"}, "lessons": {"core", "lessons"}, "grading": {"core", "grading"},
           "authoring": {"core", "lessons", "grading", "authoring"}}
#: Inside aon.grading, lower layers first, as aon/grading/__init__.py lists them: a module imports only
#: modules before it, and none imports the command line (cli).
GRADING_ORDER = ["spec", "values", "guard", "release", "checking", "exercise_data", "student", "submissions", "sandbox",
                 "worker", "final", "report", "grader", "cli"]
#: The documented exceptions: (importer, imported) and why.
EXCEPTIONS = {
    ("aon.checks", "aon.lessons"): "Checker.for_lesson, kept for notebooks released before 2.1 (until 3.0)",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else "core"


def _known(name: str) -> str | None:
    """An aon module by its name, an old name (aon.compat) read as the module it now is; None if it is none."""
    from aon.compat import OLD_NAMES

    name = OLD_NAMES.get(name, name)
    return name if name in MODULES else None


def _resolve(node: ast.ImportFrom, importer: str) -> list[str]:
    """The aon modules an ``from ... import ...`` statement loads (a name may be a submodule)."""
    is_package = MODULES[importer].name == "__init__.py"
    package = importer if is_package else importer.rsplit(".", 1)[0]
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    if not base.startswith("aon"):
        return []
    found = [_known(base)] if _known(base) else []
    found += [_known(f"{base}.{alias.name}") for alias in node.names if _known(f"{base}.{alias.name}")]
    return found


def _dynamic(node: ast.Call) -> list[str]:
    """``importlib.import_module("aon.x")`` or ``__import__("aon.x")`` with the name written out: an import too."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in ("import_module", "__import__") or not node.args:
        return []
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and _known(first.value):
        return [_known(first.value)]
    return []


def _old_names(module: str) -> list[str]:
    """The old module names (aon.compat) that ``module`` writes in an import: the course itself uses the new ones."""
    from aon.compat import OLD_NAMES

    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    written = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    written += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    written += [n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args
                and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str) and _dynamic(n)]
    return [name for name in written if name in OLD_NAMES]


def imports_of(module: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function?) for every import of an aon module in ``module``,
    ``import_module("aon....")`` calls with the name written out included."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function.update(id(child) for child in ast.walk(node) if child is not node)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            targets = _resolve(node, module)
        elif isinstance(node, ast.Import):
            targets = [_known(alias.name) for alias in node.names if _known(alias.name)]
        elif isinstance(node, ast.Call):
            targets = _dynamic(node)
        else:
            continue
        found += [(target, node.lineno, id(node) in in_function) for target in targets]
    return found


def allowed(module: str, target: str, inside_function: bool) -> bool:
    """Whether ``module`` may import ``target``: its layer allows it, or it is a documented lazy exception."""
    return layer(target) in ALLOWED[layer(module)] or ((module, target) in EXCEPTIONS and inside_function)


def graph() -> dict[str, set[str]]:
    """Every aon module and the aon modules it imports (the lessons table's modules included)."""
    from aon.lessons import LESSONS

    edges = {module: {target for target, _, _ in imports_of(module) if target != module} for module in MODULES}
    edges["aon.lessons"] |= {f"aon.lessons.{name}" for name in LESSONS.values()}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_tree_is_the_core_plus_three_layers():
    top = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__"))
    assert top == sorted(LAYERS)
    assert all((PACKAGE / name / "__init__.py").is_file() for name in LAYERS)


def test_there_is_no_import_cycle():
    edges = graph()
    for importer, imported in EXCEPTIONS:
        edges[importer].discard(imported)
    assert cycles(edges) == []


def test_a_cycle_would_be_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_it(module):
    wrong = [f"{target} (line {line})" for target, line, inside in imports_of(module) if not allowed(module, target, inside)]
    assert not wrong, f"{module} ({layer(module)}) imports a layer above it: {', '.join(wrong)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("aon.lessons.")))
def test_a_lesson_imports_no_other_lesson(module):
    """Each module of aon.lessons (a lesson, the readings' module, the shared helpers) imports the core and
    aon.lessons.common only; the package itself (its LESSONS table) is the one that knows them all."""
    others = [t for t, _, _ in imports_of(module) if layer(t) == "lessons" and t not in ("aon.lessons.common", module)]
    assert not others, f"{module} imports {others}: move what they share to the core or to aon.lessons.common"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "aon.compat"))
def test_the_course_uses_no_old_module_name(module):
    assert not _old_names(module), f"{module} imports {_old_names(module)}: old names (aon.compat) are for released notebooks"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_an_import_inside_a_function_says_why(module):
    """Imports belong at the top of a module; one left inside a function carries a comment saying why."""
    lines = MODULES[module].read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    unexplained = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                here = lines[node.lineno - 1 : node.end_lineno]
                above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""  # the comment block right above
                if not any("#" in line for line in here) and not above.startswith("#"):
                    unexplained.append(f"line {node.lineno}: {lines[node.lineno - 1].strip()}")
    assert not unexplained, (f"{module}: imports inside functions without a comment saying why they are lazy "
                             f"(move them to the top, or say why): {unexplained}")


def test_the_lessons_table_names_real_modules():
    from aon.lessons import LESSONS

    for lesson, name in LESSONS.items():
        assert f"aon.lessons.{name}" in MODULES, lesson
        assert "def questions()" in MODULES[f"aon.lessons.{name}"].read_text(encoding="utf-8"), name


def test_every_old_module_name_still_imports():
    """Notebooks released before 2.1 import aon.timeline, aon.compare, ...: aliases until 3.0 (aon.compat)."""
    import importlib

    from aon.checks import Checker
    from aon.compat import OLD_NAMES

    for old, new in OLD_NAMES.items():
        assert importlib.import_module(old).__doc__.startswith(f"Old name of {new}")
    # show_full_text moved to the core: it is still found under its old module name
    from aon.compare import show_full_text
    from aon.questions import vocabulary
    from aon.timeline import knowable

    assert show_full_text.__module__ == "aon.evidence" and vocabulary.__module__ == "aon.data" and callable(knowable)
    # a released 2.0 lesson's Setup cell: Checker.for_lesson(...)
    assert [q.qid for q in Checker.for_lesson("timeline").questions.values()][:1] == ["q1"]


def test_python_dash_m_aon_cli_still_runs():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "aon.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "SUBCOMMAND" in result.stdout, result.stderr[-500:]


def test_the_old_names_go_in_version_3():
    """aon.compat promises the old names until 3.0: from then on it must be gone (and this test with it)."""
    import tomllib

    version = tomllib.loads((SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    if int(version.split(".")[0]) >= 3:
        assert not (PACKAGE / "compat.py").exists(), "version 3 removes aon.compat (its docstring promised it)"


def test_each_grading_module_imports_only_the_grading_modules_below_it():
    grading = sorted(m for m in MODULES if m.startswith("aon.grading."))
    assert sorted(m.rsplit(".", 1)[1] for m in grading) == sorted(GRADING_ORDER), (
        "a grading module is missing from GRADING_ORDER: add it where it belongs, here and in aon/grading/__init__.py")
    package = [f"{module} imports the package aon.grading" for module in grading
               if any(target == "aon.grading" for target, _, _ in imports_of(module))]
    assert not package, "; ".join(package)
    upward = [f"{module} imports {target}" for module in grading for target, _, _ in imports_of(module)
              if target.startswith("aon.grading.")
              and GRADING_ORDER.index(target.rsplit(".", 1)[1]) >= GRADING_ORDER.index(module.rsplit(".", 1)[1])]
    assert not upward, "imports of a higher grading layer (move what is needed down): " + "; ".join(upward)


def test_test_only_code_lives_in_tests():
    assert not (PACKAGE / "grading" / "synthetic.py").exists(), "synthetic submissions are for tests: tests/synthetic_submissions.py"
