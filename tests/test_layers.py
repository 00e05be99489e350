"""The package's imports flow one way: no module imports one in a layer above it.

Layers, bottom to top: plain records and settings; ingest; store; retrieval; answering; the LLM
path; the backends and the engine that wires them; the public API and its LangChain face; the
front ends (CLI, web UI). Imports under `if TYPE_CHECKING:` are for annotations only and are not
counted. The product never imports its eval harness or developer tools; evals use only the public
API (`from assistant import ...`).
"""

from __future__ import annotations

import ast
from pathlib import Path

from assistant.config import PROJECT_ROOT

LAYERS = [
    {"assistant.config", "assistant.errors", "assistant.types", "assistant.text", "assistant.prompts",
     "assistant.deadline"},
    {"assistant.ingest"},
    {"assistant.store"},
    {"assistant.retrieval"},
    {"assistant.answering"},
    {"assistant.llm"},
    {"assistant.backends", "assistant.engine"},
    {"assistant.api", "assistant.chain"},
    {"assistant.cli", "assistant.ui", "assistant", "assistant.__main__"},
]


def _layer(module: str) -> int:
    """The layer of a module: that of the longest layer entry it is, or is inside."""
    best, rank = -1, -1
    for i, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, rank = len(name), i
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS"
    return rank


def _module_of(path: Path) -> str:
    rel = path.relative_to(PROJECT_ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every run-time import in a file (not those under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                typing_only.update(id(n) for n in ast.walk(sub))
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            if node.module == "assistant":  # "from assistant import api" names a module
                out += [(node.lineno, f"assistant.{a.name}") for a in node.names
                        if (PROJECT_ROOT / "assistant" / f"{a.name}.py").exists()]
    return out


def test_no_module_imports_one_above_it() -> None:
    wrong = []
    for path in sorted((PROJECT_ROOT / "assistant").rglob("*.py")):
        me = _module_of(path)
        for line, mod in _imports(path):
            if mod.split(".")[0] in ("evals", "tools", "tests"):
                wrong.append(f"{me}:{line} imports {mod} (the product never imports its harness)")
            elif mod.split(".")[0] == "assistant" and _layer(mod) > _layer(me):
                wrong.append(f"{me}:{line} imports {mod}, a layer above it")
    assert not wrong, "\n".join(wrong)


def test_evals_use_only_the_public_api() -> None:
    wrong = [f"{_module_of(path)}:{line} imports {mod}"
             for path in sorted((PROJECT_ROOT / "evals").rglob("*.py"))
             for line, mod in _imports(path) if mod.startswith("assistant.")]
    assert not wrong, "evals import internals; use `from assistant import ...`:\n" + "\n".join(wrong)


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The checks above can fail: an import from a higher layer is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("from assistant.api import Assistant\nif TYPE_CHECKING:\n    import assistant.ui\n",
                   encoding="utf-8")
    assert [m for _, m in _imports(bad)] == ["assistant.api"]
    assert _layer("assistant.api") > _layer("assistant.ingest.corpus")


def test_no_two_modules_import_each_other() -> None:
    # Within a layer too, and inside functions as well: a pair that imports each other is one module
    # split in two (or a helper in the wrong home), however late the import.
    graph: dict[str, set[str]] = {}
    for path in sorted((PROJECT_ROOT / "assistant").rglob("*.py")):
        me = _module_of(path)
        graph[me] = {mod for _line, mod in _imports(path) if mod.startswith("assistant.") and mod != me}
    pairs = sorted({tuple(sorted((a, b))) for a, deps in graph.items() for b in deps if a in graph.get(b, ())})
    assert not pairs, f"modules that import each other: {pairs}"
