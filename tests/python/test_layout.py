"""The layout a newcomer reads (issue 25, item 4): the README's layout table matches the tree,
and no two modules of the crate import each other (no import circle).

A module's imports are its `crate::…` and `super::…` paths outside comments and its tests;
each is resolved to the longest module path it names. A circle of two is two modules that
name each other; a longer one is a cycle in that graph."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def module_of(path: Path) -> tuple[str, ...]:
    parts = path.relative_to(SRC).with_suffix("").parts
    return parts[:-1] if parts[-1] in ("mod", "lib") else parts


def imports() -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    files = {module_of(p): p for p in SRC.rglob("*.rs")}
    graph: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for module, path in files.items():
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"#\[cfg\(test\)\]\s*mod tests\b.*", "", text, flags=re.S)
        text = re.sub(r"//.*", "", text)
        names = set()
        for root, rest in re.findall(r"\b(crate|super)((?:::\w+)+)", text):
            base = [] if root == "crate" else list(module[:-1])
            full = base + rest.split("::")[1:]
            for n in range(len(full), 0, -1):
                target = tuple(full[:n])
                if target in files:
                    # A module's own ancestors are its context, not an import.
                    if target != module[: len(target)]:
                        names.add(target)
                    break
        graph[module] = names
    return graph


def test_the_crate_has_no_import_circle() -> None:
    graph = imports()
    assert len(graph) > 60
    # Depth-first search for a back edge; the path to it is the circle.
    state: dict[tuple[str, ...], int] = {}
    circles = []

    def visit(m: tuple[str, ...], path: list[tuple[str, ...]]) -> None:
        state[m] = 1
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                circles.append(" → ".join("/".join(p) for p in [*path[path.index(n) :], n]))
            elif n not in state:
                visit(n, [*path, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert circles == []


def test_the_layout_table_matches_the_tree() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            listed.update(re.findall(r"`([^`]+)`", first))
    for path in listed:
        assert (ROOT / path.rstrip("/")).exists() or "*" in path, path
    # Every module at the top of the crate is in the table, as a file or as a folder.
    for p in sorted(SRC.iterdir()):
        if p.name in ("lib.rs", "bin"):
            continue
        name = f"src/{p.name}" + ("/" if p.is_dir() else "")
        assert name in listed, name


def test_the_vocabulary_imports_no_computation() -> None:
    vocabulary = {("channels",), ("metrics",), ("calendar",), ("schema",), ("status",), ("lang",)}
    allowed = vocabulary | {("error",)}
    graph = imports()
    for module in sorted(vocabulary):
        assert graph[module] <= allowed, (module, graph[module] - allowed)
