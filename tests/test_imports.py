"""The house rules of docs/contributing.md, checked on the source: no import circle (imports
inside functions and under TYPE_CHECKING count too), no job importing another job, the
wings import downward only, and no module grows past the size a reader takes in at once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "projtrack"
# Job modules: every module of jobs/ but the shared plumbing below (a new job is covered
# without touching this test).
PLUMBING = {
    "__init__",
    "context",
    "ranked",
    "stored",
    "cron",
    "finite",
    "inbox",
    "lookback",
    "reconciled",
}
JOBS = {p.stem for p in (SRC / "projtrack" / "jobs").glob("*.py")} - PLUMBING
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """projtrack modules a module imports, anywhere in it (functions and TYPE_CHECKING too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    # A package's __init__ is not an edge target for its own sub-modules' imports.
    return {name: imports_of(path, known) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    edges = graph()
    # The package's own __init__ (the lazy public API) may name anything below it.
    for name in edges:
        edges[name].discard("projtrack")
    assert cycles(edges) == []


def test_no_job_imports_another_job() -> None:
    edges = graph()
    jobs = {f"projtrack.jobs.{j}" for j in JOBS}
    offending = sorted((a, b) for a in jobs for b in edges.get(a, ()) if b in jobs)
    assert offending == []


@pytest.mark.parametrize(
    ("wing", "forbidden"),
    [
        # The library never imports the CLI.
        ("projtrack.", ("projtrack.cli",)),
        # Figures compute on frames: no files, no options, no rendering, no jobs.
        ("projtrack.figures", ("projtrack.read.load", "projtrack.read.sources",
                               "projtrack.read.workbook", "projtrack.store", "projtrack.outputs",
                               "projtrack.render", "projtrack.jobs", "projtrack.cli")),
        # Reading knows nothing of figures, jobs or rendering.
        ("projtrack.read", ("projtrack.figures", "projtrack.jobs", "projtrack.render",
                            "projtrack.store", "projtrack.config")),
        # Renderers format: they never load, store, write or compute figures of their own.
        ("projtrack.render", ("projtrack.read.load", "projtrack.read.sources", "projtrack.store",
                              "projtrack.outputs", "projtrack.config", "projtrack.cli",
                              "projtrack.printing")),
        # Plain data below every wing.
        ("projtrack.config", ("projtrack.read", "projtrack.figures", "projtrack.jobs",
                              "projtrack.render", "projtrack.store")),
        ("projtrack.vocab", ("projtrack.",)),
    ],
)  # fmt: skip
def test_wings_import_downward(wing: str, forbidden: tuple[str, ...]) -> None:
    edges = graph()
    bad = sorted(
        (a, b)
        for a, targets in edges.items()
        if a.startswith(wing) and not a.startswith("projtrack.cli")
        if a != "projtrack.__main__"  # the entry point of python -m projtrack
        for b in targets
        if b.startswith(forbidden)
    )
    assert bad == []


def test_no_module_is_too_long() -> None:
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_finding_code_is_in_the_catalogue() -> None:
    """Codes are written as string literals next to ``Finding(``; each is catalogued."""
    from projtrack.vocab import FINDING_CODES

    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Finding":
                if len(node.args) >= 4 and isinstance(node.args[3], ast.Constant):
                    used.add(node.args[3].value)
            if isinstance(node, ast.Tuple) and len(node.elts) == 4:
                # check_projects' rule table: (mask, field, code, "{name}: message")
                code, template = node.elts[2], node.elts[3]
                text = ast.unparse(template)
                if isinstance(code, ast.Constant) and "{name}" in text:
                    used.add(code.value)
    used.discard("_sheet")
    assert used and used <= set(FINDING_CODES), sorted(used - set(FINDING_CODES))
