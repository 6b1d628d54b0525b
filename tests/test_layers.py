"""The house's floor plan (README "Developing"): each floor imports only from the floors
below it, and no module reaches itself through its imports. Read from the source with
``ast``, so local and ``TYPE_CHECKING`` imports count as much as those at the top."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

# Wings that make builds and ``serve`` fast and correct: nothing that reads, parses, renders
# or takes comments may depend on them.
SPEED_WINGS = ("generator.build", "generator.serve")
BELOW_THE_WINGS = ("generator.content", "generator.provisions", "generator.render",
                   "generator.intake", "generator.providers", "generator.model",
                   "generator.problems", "generator.fingerprints", "generator.inputfiles",
                   "generator.i18n", "generator.periods", "generator.theme", "generator.redline")
# What generator/ itself holds: commands, the model and small shared modules.
TOP_LEVEL = {"__init__", "__main__", "cli", "model", "problems", "i18n", "periods", "theme", "memory",
             "redline", "scaffold", "fingerprints", "inputfiles", "plaintext"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every ``generator`` module ``path`` imports, anywhere in it (``from pkg import mod``
    counts as importing ``pkg.mod`` when that is a module)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("generator"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if module_path(sub) is not None else target)
    return found - {name}


def module_path(name: str) -> Path | None:
    base = PACKAGE.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_nothing_below_the_build_and_serve_wings_imports_them():
    upward = sorted(f"{m} imports {d}" for m, deps in graph().items()
                    if within(m, BELOW_THE_WINGS) for d in deps if within(d, SPEED_WINGS))
    assert upward == []


def test_the_build_wing_does_not_import_the_serve_wing():
    upward = sorted(f"{m} imports {d}" for m, deps in graph().items()
                    if within(m, ("generator.build",)) for d in deps
                    if within(d, ("generator.serve",)))
    assert upward == []


def test_no_module_reaches_itself_through_its_imports():
    edges = graph()
    # Importing a package runs its __init__, not its submodules: a submodule importing
    # its own package's __init__ is no circle unless that __init__ imports it back.
    circles: set[tuple[str, ...]] = set()

    def visit(node: str, path: list[str], on_path: set[str], done: set[str]) -> None:
        for dep in sorted(edges.get(node, ())):
            if dep in on_path:
                cycle = path[path.index(dep):]
                start = cycle.index(min(cycle))
                circles.add(tuple(cycle[start:] + cycle[:start]))
            elif dep not in done:
                on_path.add(dep)
                visit(dep, [*path, dep], on_path, done)
                on_path.discard(dep)
        done.add(node)

    done: set[str] = set()
    for start in sorted(edges):
        if start not in done:
            visit(start, [start], {start}, done)
    assert sorted(" -> ".join(c) for c in circles) == []


def test_generator_top_level_holds_commands_the_model_and_small_shared_modules():
    loose = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in TOP_LEVEL)
    assert loose == []
