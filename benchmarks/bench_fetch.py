"""Benchmark: fetching a long listing with the Client against a one-page-at-a-time loop.

A FakeDeepVA runs in its own process (multiprocessing, spawn) over a temporary page store
holding ``--records`` jobs, with a server-side page cap of ``--max-limit`` and
``--latency`` seconds per request. Printed: the number of pages, the seconds of each way,
the speed-up (target >= 6x), the Client's time against the bound
``pages / concurrency x latency`` (target <= 1.3x), and peak memory.

    python benchmarks/bench_fetch.py                  # 2000 records, 200 pages, 50 ms
    python benchmarks/bench_fetch.py --records 5000 --concurrency 16
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

KEY = "bench-key"


def serve(store: str, latency: float, max_limit: int, queue: Any, stop: Any) -> None:
    """Child process: serve ``store`` until ``stop`` is set; report the base URL."""
    from deepva_frames.testing import FakeDeepVA

    with FakeDeepVA(store, key=KEY, latency=latency, max_limit=max_limit) as fake:
        queue.put(fake.url)
        stop.wait()


def make_store(root: Path, records: int, page: int) -> Path:
    """A page store with ``records`` small jobs at /jobs/."""
    from deepva_frames.testing import build_store

    jobs = [{"id": f"job-{i:06d}", "tag": "bench", "state": "completed", "progress": 1.0}
            for i in range(records)]
    build_store(root, {"jobs/": jobs}, page_size=page)
    return root


def baseline(url: str, page_size: int) -> tuple[list[Any], int]:
    """What a user would write: one page after the other with a requests.Session."""
    session = requests.Session()
    session.headers["Authorization"] = f"Key {KEY}"
    records: list[Any] = []
    pages = 0
    while True:
        resp = session.get(f"{url}/jobs/", params={"offset": len(records), "limit": page_size},
                           timeout=(5, 60))
        resp.raise_for_status()
        page = resp.json()
        pages += 1
        records.extend(page["data"])
        if not page["data"] or len(records) >= page["total"]:
            return records, pages


def with_client(url: str, concurrency: int, page_size: int) -> Any:
    """The Client's way: plan offsets from the first page, fetch concurrently (a table)."""
    from deepva_frames.client import Client

    client = Client(KEY, url, concurrency=concurrency, page_size=page_size, progress=False)
    try:
        return client.jobs()
    finally:
        client.close()


def warm_up() -> None:
    """Load the toolkit's modules (pandas, pyarrow) before timing: imports are not fetching."""
    from deepva_frames import client, flatten

    flatten.jobs([{"id": "warm-up"}])
    assert client.Client


def timed(fn: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def peak_memory(url: str, concurrency: int, page_size: int) -> float:
    """Peak Python allocations (MiB) of one Client fetch, measured with tracemalloc."""
    tracemalloc.start()
    with_client(url, concurrency, page_size)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000, help="jobs in the listing")
    parser.add_argument("--max-limit", type=int, default=10, help="server page-size cap")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=8, help="Client concurrency")
    parser.add_argument("--page-size", type=int, default=100, help="page size asked for")
    args = parser.parse_args(argv)

    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        store = make_store(Path(tmp) / "store", args.records, args.max_limit)
        queue, stop = ctx.Queue(), ctx.Event()
        server = ctx.Process(target=serve, daemon=True,
                             args=(str(store), args.latency, args.max_limit, queue, stop))
        server.start()
        try:
            url = queue.get(timeout=30)
            warm_up()
            (plain, pages), plain_s = timed(baseline, url, args.page_size)
            fetched, client_s = timed(with_client, url, args.concurrency, args.page_size)
            peak_mib = peak_memory(url, args.concurrency, args.page_size)
        finally:
            stop.set()
            server.join(timeout=10)
    fetched_ids, plain_ids = fetched["job_id"].tolist(), [str(r["id"]) for r in plain]
    if fetched_ids != plain_ids or len(fetched) != args.records:
        print(f"MISMATCH: client {len(fetched)} records, loop {len(plain)}", file=sys.stderr)
        return 1
    bound = pages / args.concurrency * args.latency
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records                 {args.records}")
    print(f"pages                   {pages} (server cap {args.max_limit}, "
          f"{args.latency * 1000:.0f} ms latency)")
    print(f"one page at a time      {plain_s:.2f} s")
    print(f"Client concurrency={args.concurrency:<4} {client_s:.2f} s")
    print(f"speed-up                {plain_s / client_s:.1f}x   (target >= 6x)")
    print(f"bound pages/conc*lat    {bound:.2f} s")
    print(f"Client / bound          {client_s / bound:.2f}x  (target <= 1.3x)")
    print(f"peak traced memory      {peak_mib:.1f} MiB (Client fetch, tracemalloc)")
    print(f"peak RSS of this process {rss_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
