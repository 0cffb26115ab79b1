"""The documentation site: it builds in strict mode, documents every public name once, and
its guides run top to bottom on the sample account (so the site cannot drift from the code).
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GUIDES = sorted((DOCS / "guides").glob("*.md"))
sys.path.insert(0, str(DOCS / "_ext"))

import api_pages  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q",
                          "-b", "html", str(DOCS), str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    return out


def test_site_builds_in_strict_mode(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "tables.html").read_text().count("<table") >= 20


def test_every_public_module_has_a_page(site: Path) -> None:
    for name in api_pages.public_modules():
        assert (site / "_api" / f"{name}.html").is_file(), name


def test_every_public_name_is_documented_exactly_once(site: Path) -> None:
    pages = "\n".join(p.read_text() for p in (DOCS / "_api").glob("*.rst"))
    documented = re.findall(r"^\.\. auto(?:class|function|data):: (\S+)$", pages, re.M)
    assert len(documented) == len(set(documented))
    for name in api_pages.public_modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if attr.startswith("_") or isinstance(obj, type(sys)):
                continue
            owner = api_pages.owners()[(id(obj), attr)]
            assert f"{owner}.{attr}" in documented or any(
                d.startswith(owner + ".") and d.endswith("." + attr) for d in documented), \
                f"{name}.{attr}"


def test_schema_tables_come_from_the_code(site: Path) -> None:
    from deepva_frames import schemas

    html = (site / "tables.html").read_text()
    for table in schemas.TABLES:
        for column in schemas.describe(table)["column"]:
            assert f"<span class=\"pre\">{column}</span>" in html, (table, column)


def python_blocks(text: str) -> list[str]:
    """The ```python code blocks of a Markdown text, in order.

    >>> python_blocks("a\\n```python\\nx = 1\\n```\\n```bash\\nls\\n```\\n")
    ['x = 1\\n']
    """
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


@pytest.mark.parametrize("guide", GUIDES, ids=[g.stem for g in GUIDES])
def test_guide_runs_top_to_bottom(guide: Path, tmp_path: Path) -> None:
    blocks = python_blocks(guide.read_text())
    assert blocks, f"{guide.name} has no python code"
    script = tmp_path / "guide.py"
    script.write_text("import matplotlib\nmatplotlib.use('Agg')\n" + "\n".join(blocks))
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
