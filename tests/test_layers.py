"""The package's imports flow one way: no module imports one in a layer above it.

Layers, bottom to top: plain records and settings; ingest; store; retrieval; answering; the LLM
path; the backends and the engine that wires them; the public API and its LangChain face; the
front ends (CLI, web UI). Imports under `if TYPE_CHECKING:` are for annotations only and are not
counted. The product never imports its eval harness or developer tools; evals use only the public
API (`from assistant import ...`).
"""

from __future__ import annotations

import ast
import re
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


# ---- the answering code: small functions, nothing of one post -----------------------------------
ANSWERING = PROJECT_ROOT / "assistant" / "answering"
MAX_FUNCTION_LINES = 50
POSTS = [PROJECT_ROOT / "corpus", PROJECT_ROOT / "evals" / "second_post", PROJECT_ROOT / "evals" / "third_post"]


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.end_lineno is not None]


def test_no_answering_function_is_over_fifty_lines() -> None:
    long = [(p.name, name, n) for p in sorted(ANSWERING.glob("*.py")) for name, n in _functions(p)
            if n > MAX_FUNCTION_LINES]
    assert not long, f"split these (at most {MAX_FUNCTION_LINES} lines each): {long}"


def _strings(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings (comments are not literals)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def _post_words() -> set[str]:
    """Every named person's name part (longer than 3 letters), session title and post title of every post
    ("UNICEF Representative" is a role, not a name)."""
    from assistant.ingest.corpus import load_corpus
    from assistant.ingest.post import is_named_person

    out: set[str] = set()
    for folder in POSTS:
        posts, _errors = load_corpus(folder, root=PROJECT_ROOT)
        assert posts, f"no post in {folder}"
        for post in posts:
            out.add(post.title.lower())
            for s in post.sessions:
                if s.day:  # overview headings ("Summary", "Action points") are the shape, not one post
                    out.add(s.title.lower())
                out |= {w.lower() for name in s.speakers if is_named_person(name)
                        for w in name.split() if len(w) > 3 and w[0].isupper()}
    return out


def test_no_answering_code_names_anything_of_one_post() -> None:
    words = _post_words()
    found = []
    for path in sorted(ANSWERING.glob("*.py")):
        for text in _strings(path):
            low = text.lower()
            tokens = set(re.findall(r"[\w’'-]+", low))
            hits = [w for w in words if (w in low if " " in w else w in tokens)]
            found += [(path.name, w) for w in hits]
    assert not found, f"post-specific strings in answering code: {found}"
