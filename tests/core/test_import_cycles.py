"""No import cycles: neither between our modules nor between our apps.

The import graph comes from grimp, the engine of import-linter: it reads the source without
running it and sees every import, also the ones inside functions. Those count. An import moved
into a function to dodge a cycle still ties the two modules together at run time (and only
fails later, on first use); the fix is to move the shared piece to the layer below or to invert
the call (a plug-in found by `core.plugins.app_plugins`, a signal, a dependency passed in).
A literal `import_module("fellesloft.…")` is an import as well and is added to the graph.
Plug-in discovery, which builds the module name from an app's name, is not: that is the
sanctioned way for a shared part to reach into the apps without knowing them.

The app graph collapses every module into its app (`fellesloft.<app>`). Nothing is left out
of it: the project's root modules (settings, urls, asgi, wsgi) are nodes that no app imports,
so they cannot close a cycle, and the API root finds each app's router through `app_plugins`,
so it imports no app.
"""

import ast
from importlib import import_module
from pathlib import Path

import grimp
import networkx as nx

PACKAGE = "fellesloft"

# Known cycles still to be fixed elsewhere, each the exact set of modules in it. A cycle that
# grows beyond its entry fails, and so does an entry whose cycle is gone.
ALLOWED_MODULE_CYCLES: list[frozenset[str]] = []


def _module_name(path: Path, source_root: Path) -> str:
    parts = list(path.relative_to(source_root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _add_literal_import_modules(graph: grimp.ImportGraph, package: str) -> None:
    """Adds `import_module("<package>.x")` calls with a literal name as imports."""
    package_dir = Path(import_module(package).__file__).parent
    for path in package_dir.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        importer = _module_name(path, package_dir.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            target = node.args[0]
            if (
                name == "import_module"
                and isinstance(target, ast.Constant)
                and isinstance(target.value, str)
                and target.value.startswith(f"{package}.")
            ):
                graph.add_import(
                    importer=importer,
                    imported=target.value,
                    line_number=node.lineno,
                    line_contents=ast.unparse(node),
                )


def build_graph(package: str = PACKAGE) -> grimp.ImportGraph:
    # cache_dir=None: grimp would otherwise write a cache into the working directory.
    graph = grimp.build_graph(package, cache_dir=None)
    _add_literal_import_modules(graph, package)
    return graph


def module_edges(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    return {
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
    }


def app_of(module: str) -> str:
    """`fellesloft.<app>.x.y` -> `fellesloft.<app>`; the root modules and the plain libraries
    under `fellesloft` (settings, urls, opinion, …) are nodes of their own the same way."""
    return ".".join(module.split(".")[:2])


def cycles(edges: set[tuple[str, str]]) -> list[set[str]]:
    """The strongly connected components with more than one node: each holds a cycle."""
    directed = nx.DiGraph()
    directed.add_edges_from((a, b) for a, b in edges if a != b)
    return [
        set(component)
        for component in nx.strongly_connected_components(directed)
        if len(component) > 1
    ]


def describe_module_cycle(component: set[str], graph: grimp.ImportGraph) -> str:
    directed = nx.DiGraph(
        (a, b) for a, b in module_edges(graph) if a in component and b in component
    )
    lines = [" <-> ".join(sorted(component))]
    for importer, imported in sorted(directed.edges):
        for detail in graph.get_import_details(importer=importer, imported=imported):
            lines.append(f"    {importer}:{detail['line_number']} {detail['line_contents']}")
    return "\n".join(lines)


def describe_app_cycle(component: set[str], graph: grimp.ImportGraph) -> str:
    lines = [" <-> ".join(sorted(component))]
    for importer, imported in sorted(module_edges(graph)):
        source, target = app_of(importer), app_of(imported)
        if source != target and source in component and target in component:
            lines.append(f"    {source} -> {target}: {importer} imports {imported}")
    return "\n".join(lines)


def app_edges(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    return {(app_of(a), app_of(b)) for a, b in module_edges(graph)}


def test_no_module_imports_another_that_imports_it_back():
    graph = build_graph()
    found = cycles(module_edges(graph))
    unexpected = [component for component in found if component not in ALLOWED_MODULE_CYCLES]
    assert not unexpected, "Import cycles between modules:\n" + "\n".join(
        describe_module_cycle(component, graph) for component in unexpected
    )


def test_every_allowed_module_cycle_still_exists():
    """An entry whose cycle is gone is deleted, so that the cycle cannot come back unseen."""
    found = cycles(module_edges(build_graph()))
    stale = [sorted(entry) for entry in ALLOWED_MODULE_CYCLES if entry not in found]
    assert not stale, f"Delete these entries from ALLOWED_MODULE_CYCLES: {stale}"


def test_no_app_imports_another_that_imports_it_back():
    graph = build_graph()
    found = cycles(app_edges(graph))
    assert not found, "Import cycles between apps:\n" + "\n".join(
        describe_app_cycle(component, graph) for component in found
    )


def test_the_checks_see_cycles_through_function_level_and_literal_imports(tmp_path, monkeypatch):
    """The detector itself: a cycle made by an import inside a function, and one made by
    `import_module("…")`, are both found, and collapse into an app cycle."""
    package = tmp_path / "fellesloft_probe"
    for folder in ("alpha", "beta", "gamma"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "alpha" / "one.py").write_text(
        "from fellesloft_probe.beta import two\nfrom fellesloft_probe.gamma import three\n"
    )
    (package / "beta" / "two.py").write_text(
        "def later():\n    from fellesloft_probe.alpha import one\n"
    )
    (package / "gamma" / "three.py").write_text(
        "from importlib import import_module\n\n"
        "def later():\n    return import_module('fellesloft_probe.alpha.one')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = build_graph("fellesloft_probe")
    assert cycles(module_edges(graph)) == [
        {"fellesloft_probe.alpha.one", "fellesloft_probe.beta.two", "fellesloft_probe.gamma.three"}
    ]
    apps = {"fellesloft_probe.alpha", "fellesloft_probe.beta", "fellesloft_probe.gamma"}
    assert cycles(app_edges(graph)) == [apps]

    graph.remove_import(importer="fellesloft_probe.beta.two", imported="fellesloft_probe.alpha.one")
    assert cycles(module_edges(graph)) == [
        {"fellesloft_probe.alpha.one", "fellesloft_probe.gamma.three"}
    ]
    graph.remove_import(
        importer="fellesloft_probe.gamma.three", imported="fellesloft_probe.alpha.one"
    )
    assert cycles(module_edges(graph)) == []
    assert cycles(app_edges(graph)) == []
