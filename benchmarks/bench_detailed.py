"""Benchmark: ``Client.detailed_results`` against a plain fetch + flatten, online and offline.

One job's detailed results: ``--detections`` detections (default 1,000,000) in segments of
40, realistic (meta with person, closest_person, distances, gender, age, speaking;
face, body and object boxes; see ``benchmarks/_payloads.py``), recorded in a page store
as pages of 100 segments. A FakeDeepVA in its own process serves the recorded bytes as
they are (its links spliced in), so the server costs little and the figures measure
the client. Each side runs in a fresh process of its own per round (``--runs``), timed
after its imports and a warm-up; CPU is that process's user + system time for the work:

- online, Client: ``Client(...).detailed_results(job)``: pages fetched concurrently, each
  parsed once by Arrow, which also gives the paging checks, tables built as pages land;
- online, plain: a ``requests`` loop collecting the raw bodies, then
  ``flatten.detailed_results(bodies)`` (what a user who knows the toolkit would write);
- offline, Client: ``Client(offline=True, cache_dir=store).detailed_results(job)``;
- offline, flatten alone: ``flatten.detailed_results(<the entry's folder>)``.

Targets: Client <= 1.15x plain in wall time and in CPU; offline Client <= 1.2x flatten
alone. Printed per figure: min-max over the rounds, and the ratios round by round.

    python benchmarks/bench_detailed.py                      # 1,000,000 detections
    python benchmarks/bench_detailed.py --detections 40000 --runs 1
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:  # run from a source checkout without installing
        sys.path.insert(0, str(path))

from _memory import peak_mib, reset_peak  # noqa: E402
from _payloads import pages, segment  # noqa: E402

KEY = "bench-key"
JOB = "21b61bd9-3d82-41a7-8cab-f154eaf6783c"
PATH = f"/jobs/{JOB}/detailed-results/"
PER_SEGMENT = 40
PAGE = 100
SIDES = ("client", "plain", "offline", "flatten")
TARGETS = {"client/plain": 1.15, "offline/flatten": 1.2}


def make_store(root: Path, detections: int) -> int:
    """The page store of one job's detailed results; returns the number of segments."""
    from deepva_frames.store import PageStore

    n = max(1, detections // PER_SEGMENT)
    PageStore(root, create=True).put_pages(PATH, {}, pages(
        [segment(0, i, PER_SEGMENT) for i in range(n)], PAGE))
    return n


def serve(store: str, latency: float, queue: Any, stop: Any) -> None:
    """Child process: serve ``store`` until ``stop`` is set; report the base URL."""
    from deepva_frames.testing import FakeDeepVA

    with FakeDeepVA(store, key=KEY, latency=latency, max_limit=PAGE) as fake:
        queue.put(fake.url)
        stop.wait()


def _plain(url: str) -> Any:
    """A user's loop: the first page gives the total, then one page after the other."""
    import requests

    from deepva_frames import flatten

    session = requests.Session()
    session.headers["Authorization"] = f"Key {KEY}"

    def get(offset: int) -> requests.Response:
        resp = session.get(f"{url}{PATH}", params={"offset": offset, "limit": PAGE},
                           timeout=(5, 120))
        resp.raise_for_status()
        return resp

    first = get(0)
    bodies = [first.content]
    bodies += [get(offset).content for offset in range(PAGE, first.json()["total"], PAGE)]
    return flatten.detailed_results(bodies, job_id=JOB)


def work(side: str, url: str, store: str) -> Any:
    """One side's work (what is timed)."""
    from deepva_frames import flatten
    from deepva_frames.client import Client
    from deepva_frames.store import PageStore

    if side == "client":
        with Client(KEY, url, progress=False, concurrency=4, page_size=PAGE) as client:
            return client.detailed_results(JOB)
    if side == "plain":
        return _plain(url)
    if side == "offline":
        with Client(cache_dir=store, offline=True, progress=False, page_size=PAGE) as client:
            return client.detailed_results(JOB)
    return flatten.detailed_results(PageStore(store).folder(PATH), job_id=JOB)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_side(side: str, url: str, store: str, queue: Any) -> None:
    """Child process: warm up, then time one side; report wall, CPU, rows and peak RSS."""
    import deepva_frames.client
    import deepva_frames.flatten  # noqa: F401  (imports are not the work)
    from deepva_frames import flatten

    flatten.detailed_results(pages([segment(0, 0, 2)], PAGE), job_id=JOB)
    reset_peak()  # a spawned child starts at its parent's high-water mark
    cpu, started = _cpu(), time.perf_counter()
    result = work(side, url, store)
    queue.put({"wall": time.perf_counter() - started, "cpu": _cpu() - cpu,
               "rows": len(result.detections), "segments": len(result.segments),
               "rss": peak_mib()})


def measure(ctx: Any, side: str, url: str, store: str) -> dict[str, Any]:
    queue = ctx.Queue()
    proc = ctx.Process(target=run_side, args=(side, url, store, queue))
    proc.start()
    info = queue.get(timeout=1800)
    proc.join()
    return info


def _span(values: list[float], unit: str = "") -> str:
    return f"{min(values):.2f}-{max(values):.2f}{unit}"


def report(args: argparse.Namespace, results: dict[str, list[dict[str, Any]]]) -> int:
    rows = {info["rows"] for infos in results.values() for info in infos}
    print(f"detections              {args.detections:,} in {args.detections // PER_SEGMENT:,}"
          f" realistic segments, pages of {PAGE}, {args.latency * 1000:.0f} ms latency, "
          f"{args.runs} runs (min-max)")
    for side in SIDES:
        infos = results[side]
        print(f"{side:<10} wall {_span([i['wall'] for i in infos], ' s'):>14}   cpu "
              f"{_span([i['cpu'] for i in infos], ' s'):>14}   peak RSS "
              f"{_span([i['rss'] for i in infos], ' MiB')}")
    for pair, target in TARGETS.items():
        a, b = pair.split("/")
        for figure in ("wall", "cpu"):
            ratios = [x[figure] / y[figure] for x, y in zip(results[a], results[b], strict=True)]
            print(f"ratio {pair:<16} {figure:<4} {_span(ratios, 'x'):>12}  (target <= {target}x)")
    if len(rows) != 1:
        print(f"MISMATCH: detection rows differ between sides: {sorted(rows)}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detections", type=int, default=1_000_000)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--runs", type=int, default=3, help="rounds of every side")
    args = parser.parse_args(argv)
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store")
        started = time.perf_counter()
        builder = ctx.Process(target=make_store, args=(Path(store), args.detections))
        builder.start()  # in a process of its own: its memory is not the sides' to carry
        builder.join()
        print(f"store built in {time.perf_counter() - started:.1f} s")
        queue, stop = ctx.Queue(), ctx.Event()
        server = ctx.Process(target=serve, daemon=True, args=(store, args.latency, queue, stop))
        server.start()
        try:
            url = queue.get(timeout=60)
            results: dict[str, list[dict[str, Any]]] = {side: [] for side in SIDES}
            for _ in range(args.runs):
                for side in SIDES:
                    results[side].append(measure(ctx, side, url, store))
        finally:
            stop.set()
            server.join(timeout=10)
    return report(args, results)


if __name__ == "__main__":
    raise SystemExit(main())
