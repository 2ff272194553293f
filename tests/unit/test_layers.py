"""The package's imports form no circle, type hints included: the layers contract (make lint,
pyproject.toml) lets the domain's modules import each other, so a circle among them is found
here."""

from __future__ import annotations

import grimp


def _cycle(graph: grimp.ImportGraph) -> list[str] | None:
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    for start in sorted(imports):
        if start in state:
            continue
        path, todo = [start], [iter(imports[start])]
        state[start] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            elif nxt not in state and nxt in imports:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(imports[nxt]))
    return None


def test_the_package_imports_in_no_circle() -> None:
    assert _cycle(grimp.build_graph("scorebook", cache_dir=None)) is None


def test_a_circle_is_found() -> None:
    graph = grimp.ImportGraph()
    for a, b in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a")):
        graph.add_import(importer=a, imported=b)
    assert _cycle(graph) == ["p.a", "p.b", "p.c", "p.a"]
