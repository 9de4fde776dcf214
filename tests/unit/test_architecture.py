"""The house rules the build enforces (issue 15): the import contracts of pyproject.toml hold, the
import diagram of docs/architecture.md is current, and the rules of the developers' guide that an
import contract cannot say are checked on the syntax tree of every production module."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("bot", "handlers", "knowledge", "tdkt")
# Letters that only Vietnamese text has (a word with diacritics, not an ASCII id).
VIETNAMESE = re.compile(
    "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for package in PRODUCTION:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in name:
                yield name, ast.parse(path.read_text("utf-8"), name)


def _imports(tree: ast.Module) -> Iterator[str]:
    """Every imported module, function-local imports included."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _import_graph() -> ModuleType:
    path = ROOT / "tools" / "import_graph.py"
    spec = importlib.util.spec_from_file_location("import_graph", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def test_the_import_diagram_of_docs_architecture_is_current() -> None:
    graph = _import_graph()
    assert graph.committed() == graph.render(), (
        "docs/architecture.md is stale: run .venv/bin/python tools/import_graph.py --write")


def test_no_module_imports_itself_through_others() -> None:
    """No import cycle between modules, counting what the `acyclic_siblings` contract does not
    see: imports inside functions and under `TYPE_CHECKING`, and a package's `__init__` that
    imports one of its own modules which imports the package back."""
    graph = _import_graph()
    found = graph.cycles(graph.module_graph())
    assert found == [], "import cycles (break each, e.g. move the shared type down): " + "; ".join(
        " <-> ".join(group) for group in found)


def test_no_vietnamese_words_in_production_code() -> None:
    found = []
    for name, tree in _modules():
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings and len(node.value) > 1  # đ → d folds
                    and VIETNAMESE.search(node.value)):
                found.append(f"{name}:{node.lineno} {node.value[:40]!r}")
    assert not found, "user-facing words belong in bot/templates/: " + "; ".join(found)


def test_telegram_only_in_the_composition_root_and_handlers() -> None:
    found = [name for name, tree in _modules()
             if any(m.split(".")[0] == "telegram" for m in _imports(tree))
             and name != "bot/app.py" and not name.startswith("handlers/")]
    assert not found


def test_the_core_never_imports_the_front_doors() -> None:
    """`tdkt` (CLI, runner, terminal chat, seed) sits above the composition root: no module of
    `bot`, `handlers` or `knowledge` imports it, not even inside a function."""
    found = [f"{name}: {m}" for name, tree in _modules() if not name.startswith("tdkt/")
             for m in _imports(tree) if m.split(".")[0] == "tdkt"]
    assert not found


def test_handlers_hold_no_sql() -> None:
    found = [f"{name}: {m}" for name, tree in _modules() if name.startswith("handlers/")
             for m in _imports(tree)
             if m.split(".")[0] in ("sqlalchemy", "alembic") or m == "bot.db.models"]
    assert not found


def test_one_jinja_environment() -> None:
    found = [f"{name}:{node.lineno}" for name, tree in _modules() for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                 node.func, "attr", None)) == "Environment"]
    assert found == [next(f for f in found if f.startswith("bot/render.py:"))]
