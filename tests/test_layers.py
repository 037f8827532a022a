"""Which module may import which: commands apart from structure (issue 14).

Read from the source with :mod:`ast`, every import counted, also those inside a
function: a rule broken lazily is broken all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "briefings"


def imports(path: Path, root: Path = ROOT) -> set[str]:
    """Every module (and name) ``path`` imports, absolute (``from . import x`` resolved)."""
    module = ".".join(path.relative_to(root).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def modules(folder: str, root: Path = ROOT) -> list[Path]:
    where = root / "briefings" / folder
    return [where] if where.is_file() else sorted(where.rglob("*.py"))


def offenders(folder: str, forbidden: tuple[str, ...], root: Path = ROOT) -> list[str]:
    """``file imports module`` for each import under ``folder`` of a module in ``forbidden``."""
    found = []
    for path in modules(folder, root):
        for name in sorted(imports(path, root)):
            if any(name == bad or name.startswith(bad + ".") for bad in forbidden):
                found.append(f"{path.relative_to(root).as_posix()} imports {name}")
    return found


#: What one part of the package must not import, and why.
RULES = [
    # The cache stores what the translation package defines, given the types by the run.
    ("cache.py", ("briefings.translation", "briefings.site", "briefings.run",
                  "briefings.events", "briefings.commands")),
    # Pure stages: the run does the locking, caching and collecting.
    ("translation", ("briefings.run", "briefings.lock", "briefings.cache",
                     "briefings.collection", "briefings.parallel", "briefings.site",
                     "briefings.commands", "briefings.cli", "briefings.mkdocs")),
    # The site reads catalogs; it never goes through what writes them.
    ("site", ("briefings.run", "briefings.translation.drafting", "briefings.lock",
              "briefings.commands", "briefings.cli")),
    # Commands are called by the command line, never the other way round at import.
    ("commands", ("briefings.cli",)),
    ("events", ("briefings.run", "briefings.translation.drafting", "briefings.site",
                "briefings.commands")),
]


@pytest.mark.parametrize(("folder", "forbidden"), RULES, ids=[rule[0] for rule in RULES])
def test_each_part_imports_only_what_its_layer_allows(
    folder: str, forbidden: tuple[str, ...]
) -> None:
    assert offenders(folder, forbidden) == []


def test_the_cli_and_the_build_both_run_through_the_run_module() -> None:
    for user in (PACKAGE / "commands" / "translation.py", PACKAGE / "mkdocs" / "builds.py"):
        found = imports(user)
        assert "briefings.run.Run" in found, user
        # Nothing of the run's sequence is written out again by its callers (the
        # build holds the lock longer than a run, around its site: that is its own).
        assert not found & {"briefings.run.update_catalogs", "briefings.run.write_templates",
                            "briefings.translation.engines.load_engine",
                            "briefings.translation.pofile.save_catalog"}, user
    assert "briefings.lock" not in imports(PACKAGE / "commands" / "translation.py")
    assert "briefings.run" not in {name for path in modules("translation")
                                   for name in imports(path)}


def test_the_check_sees_imports_where_they_are(tmp_path: Path) -> None:
    # The rules above would pass on a checker that sees nothing.
    assert "briefings.translation.catalogs.CatalogFacts" in imports(PACKAGE / "run.py")
    assert "briefings.errors.one_line" in imports(PACKAGE / "commands" / "translation.py")
    folder = tmp_path / "briefings" / "translation"
    folder.mkdir(parents=True)
    (folder / "probe.py").write_text(
        "from . import drafting\n\ndef later():\n    from briefings.lock import project_lock\n",
        "utf-8")
    assert offenders("translation", ("briefings.lock", "briefings.translation.drafting"),
                     tmp_path) == [
        "briefings/translation/probe.py imports briefings.lock",
        "briefings/translation/probe.py imports briefings.lock.project_lock",
        "briefings/translation/probe.py imports briefings.translation.drafting",
    ]
