"""Benchmark: the jobs listing with the Client against a one-page-at-a-time ``requests`` loop.

A FakeDeepVA runs in its own process (multiprocessing, spawn) over a temporary page store
of ``--records`` realistic jobs (full job objects as the reference shows them: sources,
modules with their state, result.summary with info and a dozen items; see
``benchmarks/_payloads.py``), served in pages of ``--max-limit`` (the server's cap) with
``--latency`` seconds per request. The store's pages are served as recorded (links
spliced in), so the figures measure the client, not the fake.

Compared in one run, ``--runs`` rounds, side by side:

- ``Client(concurrency=8).jobs()``: plans the offsets, fetches concurrently, parses each
  page once and builds the table while later pages are on the way;
- a plain loop: ``requests.Session`` one page after the other, ``resp.json()``, records
  collected (no table), and the same loop followed by ``flatten.jobs`` of the records.

Printed: seconds (min/max over the rounds), the Client against the latency bound
``(1 + ceil((pages - 1) / concurrency)) x latency`` (target <= 1.3x) and the speed-up over
the loop (target >= 6.5x), and peak RSS.

    python benchmarks/bench_fetch.py                  # 10,000 jobs, 200 pages of 50, 50 ms
    python benchmarks/bench_fetch.py --records 2000 --runs 1
"""

from __future__ import annotations

import argparse
import math
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

import requests  # noqa: E402
from _payloads import job, pages  # noqa: E402

KEY = "bench-key"
TARGET_BOUND = 1.3
TARGET_SPEEDUP = 6.5


def serve(store: str, latency: float, max_limit: int, queue: Any, stop: Any) -> None:
    """Child process: serve ``store`` until ``stop`` is set; report the base URL."""
    from deepva_frames.testing import FakeDeepVA

    with FakeDeepVA(store, key=KEY, latency=latency, max_limit=max_limit) as fake:
        queue.put(fake.url)
        stop.wait()


def make_store(root: Path, records: int, page: int) -> Path:
    """A page store with ``records`` realistic jobs at /jobs/, recorded in pages of ``page``."""
    from deepva_frames.store import PageStore

    PageStore(root, create=True).put_pages("/jobs/", {}, pages([job(i) for i in range(records)],
                                                                page))
    return root


def loop(url: str, page_size: int) -> tuple[list[Any], int]:
    """What a user would write: one page after the other with a requests.Session."""
    session = requests.Session()
    session.headers["Authorization"] = f"Key {KEY}"
    records: list[Any] = []
    count = 0
    while True:
        resp = session.get(f"{url}/jobs/", params={"offset": len(records), "limit": page_size},
                           timeout=(5, 60))
        resp.raise_for_status()
        page = resp.json()
        count += 1
        records.extend(page["data"])
        if not page["data"] or len(records) >= page["total"]:
            return records, count


def loop_and_flatten(url: str, page_size: int) -> Any:
    """The loop, then the toolkit's flatten of the records it collected."""
    from deepva_frames import flatten

    return flatten.jobs(loop(url, page_size)[0])


def with_client(url: str, concurrency: int, page_size: int) -> Any:
    """The Client's way: plan offsets from the first page, fetch concurrently (a table)."""
    from deepva_frames.client import Client

    client = Client(KEY, url, concurrency=concurrency, page_size=page_size, progress=False)
    try:
        return client.jobs()
    finally:
        client.close()


def warm_up(url: str) -> None:
    """Load the toolkit's modules (pandas, pyarrow) before timing: imports are not fetching."""
    from deepva_frames import flatten
    from deepva_frames.client import Client

    flatten.jobs([job(0)])
    with Client(KEY, url, progress=False) as client:  # every module of the client path
        client.jobs(limit=3)
    requests.get(f"{url}/jobs/", params={"limit": 1}, headers={"Authorization": f"Key {KEY}"},
                 timeout=(5, 60)).json()


def timed(fn: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def _span(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}"


def rounds(url: str, args: argparse.Namespace) -> tuple[dict[str, list[float]], Any, Any]:
    """``--runs`` rounds of the three ways, in turn; seconds per way and the last results."""
    seconds: dict[str, list[float]] = {"client": [], "loop": [], "loop+flatten": []}
    fetched = plain = None
    for _ in range(args.runs):
        fetched, took = timed(with_client, url, args.concurrency, args.page_size)
        seconds["client"].append(took)
        plain, took = timed(loop, url, args.page_size)
        seconds["loop"].append(took)
        _, took = timed(loop_and_flatten, url, args.page_size)
        seconds["loop+flatten"].append(took)
    return seconds, fetched, plain


def report(args: argparse.Namespace, seconds: dict[str, list[float]], n_pages: int) -> None:
    bound = (1 + math.ceil((n_pages - 1) / args.concurrency)) * args.latency
    client = seconds["client"]
    to_bound = [c / bound for c in client]
    speedup = [p / c for p, c in zip(seconds["loop"], client, strict=True)]
    with_flatten = [p / c for p, c in zip(seconds["loop+flatten"], client, strict=True)]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records                 {args.records} realistic jobs (sources, modules, "
          f"result.summary with info and items)")
    print(f"pages                   {n_pages} (server cap {args.max_limit}, "
          f"{args.latency * 1000:.0f} ms latency), {args.runs} runs, min-max")
    print(f"Client concurrency={args.concurrency:<4} {_span(client)} s")
    print(f"requests loop           {_span(seconds['loop'])} s")
    print(f"loop + flatten.jobs     {_span(seconds['loop+flatten'])} s")
    print(f"latency bound           {bound:.2f} s  (1 + ceil({n_pages - 1}/{args.concurrency})) "
          f"x {args.latency * 1000:.0f} ms")
    print(f"Client / bound          {_span(to_bound)}x  (target <= {TARGET_BOUND}x)")
    print(f"speed-up vs loop        {_span(speedup)}x  (target >= {TARGET_SPEEDUP}x)")
    print(f"speed-up vs loop+flat.  {_span(with_flatten)}x")
    print(f"peak RSS of this process {rss:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="jobs in the listing")
    parser.add_argument("--max-limit", type=int, default=50, help="server page-size cap")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=8, help="Client concurrency")
    parser.add_argument("--page-size", type=int, default=100, help="page size asked for")
    parser.add_argument("--runs", type=int, default=3, help="rounds of each way")
    args = parser.parse_args(argv)

    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        store = make_store(Path(tmp) / "store", args.records, args.max_limit)
        queue, stop = ctx.Queue(), ctx.Event()
        server = ctx.Process(target=serve, daemon=True,
                             args=(str(store), args.latency, args.max_limit, queue, stop))
        server.start()
        try:
            url = queue.get(timeout=60)
            warm_up(url)
            seconds, fetched, (plain, n_pages) = rounds(url, args)
        finally:
            stop.set()
            server.join(timeout=10)
    fetched_ids, plain_ids = fetched["job_id"].tolist(), [str(r["id"]) for r in plain]
    if fetched_ids != plain_ids or len(fetched) != args.records:
        print(f"MISMATCH: client {len(fetched)} records, loop {len(plain)}", file=sys.stderr)
        return 1
    report(args, seconds, n_pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
