"""`import deepva_frames` is cheap and side-effect free; submodules load on first use."""

from __future__ import annotations

import json
import subprocess
import sys

import deepva_frames as dvf

PROBE = """
import json, socket, sys
opened = []
real_connect = socket.socket.connect
def spy(self, *a, **k):
    opened.append(a)
    return real_connect(self, *a, **k)
socket.socket.connect = spy
before = set(sys.modules)
import deepva_frames
heavy = [m for m in ("cv2", "matplotlib", "ipywidgets", "requests", "pandas", "pyarrow")
         if m in sys.modules]
print(json.dumps({"heavy": heavy, "sockets": len(opened)}))
"""


def run_probe(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_loads_no_heavy_module_and_opens_no_socket():
    result = run_probe(PROBE)
    assert result["sockets"] == 0
    assert not set(result["heavy"]) & {"cv2", "matplotlib", "ipywidgets"}, result["heavy"]


def test_submodule_attribute_is_imported_on_first_use():
    code = PROBE + """
import deepva_frames as dvf
_ = dvf.store
_ = dvf.replay
print(json.dumps({"heavy": [m for m in ("deepva_frames.store.replay",) if m in sys.modules],
                  "sockets": len(opened)}))
"""
    assert run_probe(code)["heavy"] == ["deepva_frames.store.replay"]


def test_unknown_attribute_raises_attribute_error():
    try:
        dvf.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_public_names_and_version():
    assert dvf.__version__.count(".") == 2
    for name in dvf.__all__:
        assert hasattr(dvf, name), name
    assert {"Client", "sample_client", "plot", "overlay"} <= set(dir(dvf))
