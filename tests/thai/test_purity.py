"""prongsai.thai stays pure: it imports no Django and nothing else of ours (only itself)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import prongsai.thai

PACKAGE = Path(prongsai.thai.__file__).parent


def test_importing_it_loads_no_django() -> None:
    code = (
        "import sys, prongsai.thai; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'wagtail'} "
        "or (m.startswith('prongsai.') and not m.startswith('prongsai.thai'))); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_modules_import_no_django_and_nothing_else_of_ours() -> None:
    forbidden = {"django", "wagtail", "prongsai", "config"}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = [node.module.split(".")[0]]
            else:
                continue
            for root in roots:
                assert root not in forbidden, f"{path.name} imports {root}"
