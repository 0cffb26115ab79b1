"""The example notebooks: committed without outputs, and each runs top to bottom offline.

Every notebook is executed with nbclient on a kernel of *this* interpreter: a kernel spec
is written into a temporary folder (``ipykernel.kernelspec.install(prefix=...)``, whose
argv is ``sys.executable -m ipykernel_launcher``) and handed to nbclient through its own
``KernelSpecManager``. So whichever ``python3`` kernels are installed on the machine (or
none), the notebooks run against the installed deepva_frames of the test run, including a
fresh venv with a non-editable install. The kernel's working folder is a temporary one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
kernelspec = pytest.importorskip("ipykernel.kernelspec")
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = ["01-quickstart.ipynb", "02-diversity-report.ipynb", "03-check-detections.ipynb",
             "04-knowledge-graph.ipynb"]
KERNEL = "deepva-frames-tests"
CELL_TIMEOUT = 120
LIVE_LINE = "client = dvf.sample_client()  # live: client = dvf.Client()"


def read(name: str):
    return nbformat.read(NOTEBOOKS_DIR / name, as_version=4)


@pytest.fixture(scope="module")
def kernel_dirs(tmp_path_factory) -> list[str]:
    """A kernel spec running this very interpreter, in a private folder."""
    prefix = tmp_path_factory.mktemp("jupyter")
    path = kernelspec.install(kernel_name=KERNEL, prefix=str(prefix),
                              display_name="deepva-frames tests")
    spec = KernelSpecManager(kernel_dirs=[str(Path(path).parent)]).get_kernel_spec(KERNEL)
    assert spec.argv[0] == sys.executable
    return [str(Path(path).parent)]


def test_every_notebook_is_there():
    assert sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_without_outputs(name):
    book = read(name)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code), name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_live_switch_is_one_documented_line(name):
    book = read(name)
    sources = [c.source for c in book.cells]
    assert sum(LIVE_LINE in s for s in sources) == 1, name
    assert "DEEPVA_API_KEY" in book.cells[0].source, name
    assert "dvf.Client()" in book.cells[0].source, name


def execute(book, kernel_dirs: list[str], cwd: Path) -> None:
    """Run ``book`` in place on the private kernel; raises CellExecutionError on an error."""
    km = KernelManager(kernel_name=KERNEL,
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=kernel_dirs))
    env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    client = nbclient.NotebookClient(book, km=km, timeout=CELL_TIMEOUT,
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute(env=env)
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors, errors


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_offline(name, kernel_dirs, tmp_path):
    book = read(name)
    before = sorted(p.name for p in NOTEBOOKS_DIR.iterdir())
    execute(book, kernel_dirs, tmp_path)
    images = [o for c in book.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert images, f"{name} shows no chart or image"
    assert sorted(p.name for p in NOTEBOOKS_DIR.iterdir()) == before   # nothing written here
    assert list(tmp_path.iterdir()) == []                                # nor in its folder


def test_check_detections_runs_without_a_video(kernel_dirs, tmp_path):
    """Notebook 03 as on a live account: another job, no video file (blank frames)."""
    book = read("03-check-detections.ipynb")
    for cell in book.cells:
        cell.source = cell.source.replace('SAMPLE_JOB = "59f723cb', 'SAMPLE_JOB = "not-a-job')
    execute(book, kernel_dirs, tmp_path)
    text = "".join(o.get("text", "") for c in book.cells for o in c.get("outputs", []))
    assert "no video: set video" in text
