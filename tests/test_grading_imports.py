"""The grading package's imports: no cycles, only the core from the parent package, lazy imports explained.

Read from the source with ``ast`` (nothing is imported), so a cycle hidden by an import inside a function
counts as much as one at the top of a module.
"""
from __future__ import annotations

import ast
from pathlib import Path

from aon.paths import project_root

GRADING = project_root() / "src" / "aon" / "grading"
# The modules of src/aon/ that stay at its top level; grading may import these and nothing else of the parent package.
CORE = {"paths", "errors", "data", "checks", "evidence", "codebook", "argument", "ach", "plots", "palette", "locate",
        "documents", "coverage", "excerpts", "csvlines", "nbio"}

# Lower layers first, as aon/grading/__init__.py lists them: a module may import only modules before it.
LAYERS = ["spec", "values", "guard", "release", "checking", "exercise_data", "student", "submissions", "sandbox",
          "worker", "final", "report", "grader", "cli"]


def _imports(path: Path) -> list[tuple[str, ast.stmt, bool]]:
    """(module imported, the statement, whether it is inside a function) for each import of aon's modules in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["aon", "grading"]
    found: list[tuple[str, ast.stmt, bool]] = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            lazy = inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.module != "__future__":
                base = package[: len(package) - child.level + 1] if child.level else []
                module = ".".join(base + ([child.module] if child.module else []))
                if module.startswith("aon"):
                    for alias in child.names:   # `from . import x` imports the module x
                        found.append((f"{module}.{alias.name}" if not child.module else module, child, inside))
            elif isinstance(child, ast.Import):
                found.extend((alias.name, child, inside) for alias in child.names if alias.name.split(".")[0] == "aon")
            visit(child, lazy)
    visit(tree, False)
    return found


def _graph() -> dict[str, set[str]]:
    """Which modules of aon.grading each module of aon.grading imports (at the top or inside a function)."""
    modules = {f"aon.grading.{p.stem}" for p in GRADING.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for path in GRADING.glob("*.py"):
        name = "aon.grading" if path.stem == "__init__" else f"aon.grading.{path.stem}"
        graph[name] = {m for m, _, _ in _imports(path) if m in modules and m != name}
    return graph


def test_the_grading_modules_import_each_other_without_a_cycle():
    graph = _graph()
    done: set[str] = set()

    def walk(node: str, trail: list[str]) -> None:
        if node in trail:
            raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(node):] + [node]))
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            walk(nxt, trail + [node])
        done.add(node)

    for module in sorted(graph):
        walk(module, [])


def test_each_grading_module_imports_only_lower_layers():
    graph = _graph()
    unlisted = sorted(m.rsplit(".", 1)[1] for m in graph if m != "aon.grading" and m.rsplit(".", 1)[1] not in LAYERS)
    assert not unlisted, f"modules not in LAYERS (add each where it belongs, here and in aon/grading/__init__.py): {unlisted}"
    upward = [f"{module} imports {imported}" for module, targets in sorted(graph.items()) if module != "aon.grading"
              for imported in sorted(targets)
              if LAYERS.index(imported.rsplit(".", 1)[1]) >= LAYERS.index(module.rsplit(".", 1)[1])]
    assert not upward, "imports of a higher layer (move what is needed down): " + "; ".join(upward)


def test_nothing_imports_the_command_line_and_grading_uses_only_the_core():
    importers = sorted(m for m, imported in _graph().items() if "aon.grading.cli" in imported)
    assert not importers, f"{importers} import aon.grading.cli: move what they need into a lower module"
    outside = sorted({f"{path.name}: {module}" for path in GRADING.glob("*.py") for module, _, _ in _imports(path)
                      if not module.startswith("aon.grading") and module != "aon"
                      and module.split(".")[1] not in CORE})
    assert not outside, f"grading imports modules of aon that are not its core: {outside}"


def test_a_test_only_module_is_not_in_the_package():
    assert not (GRADING / "synthetic.py").exists(), "synthetic submissions are for tests: tests/synthetic_submissions.py"


def test_every_import_inside_a_function_says_why_it_is_lazy():
    """An import inside a function needs a comment (on its line, or above it in the function) saying why."""
    unexplained = []
    for path in sorted(GRADING.glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                if not isinstance(node, (ast.Import, ast.ImportFrom)):
                    continue
                before = lines[function.lineno - 1: node.lineno]
                if not any(line.split("#", 1)[0].strip() == "" and "#" in line for line in before) \
                        and "#" not in lines[node.lineno - 1]:
                    unexplained.append(f"{path.name}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert not unexplained, "imports inside functions without a comment saying why: " + "; ".join(unexplained)
