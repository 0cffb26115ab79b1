"""JSON readers alone on the flatten payload: the floor under flatten's time.

``bench_flatten.py`` compares whole flattens. This script asks what the JSON reader
underneath can give at most: each reader parses the same raw page bodies (the payload of
``bench_flatten.py``, same seed) with the page schema (explicit columns, no unnesting, no
segment ids, no tables of segments and detections), in its own subprocess, round by round.
``json.loads`` + ``pd.json_normalize`` and ``flatten.detailed_results`` run in the same
rounds. For each reader it prints ``json_normalize's time / the reader's time``: the ratio
a flatten built on that reader could reach if everything after the parse were free.

- arrow:        pyarrow.json.read_json, the toolkit's parse (4 MB blocks, types declared,
                unknown keys inferred); C++, on every core, the GIL released
- arrow_lean:   the same with Arrow's cheapest options (no newlines in values, unknown
                keys ignored, so not lossless)
- arro3:        arro3.io.read_json (Rust arrow-json); unknown keys ignored, holds the GIL
- duckdb:       read_json with the same explicit columns, to Arrow, no unnest
- polars:       read_ndjson with the same schema, no explode
- msgspec:      msgspec.json.decode of every page to Python objects, the garbage
                collector paused; no table at all

    python benchmarks/bench_readers.py                          # 1M detections, 3 rounds
    python benchmarks/bench_readers.py --detections 40000 --runs 1
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import bench_flatten as flat

READERS = ("arrow", "arrow_lean", "arro3", "duckdb", "polars", "msgspec")
WHOLE = ("toolkit_pandas", "normalize")


def _page_schema() -> Any:
    from deepva_frames.flatten.detailed_fast import PAGE

    return PAGE


def arrow(pages: list[bytes], input_file: str) -> tuple[Any]:
    """The toolkit's own parse step, block by block (what ``read_pages`` hands on)."""
    from deepva_frames.flatten import detailed_fast as fast

    return ([fast._parse(block) for block in fast._blocks(pages, fast.BLOCK_BYTES)],)


def arrow_lean(pages: list[bytes], input_file: str) -> tuple[Any]:
    import pyarrow as pa
    import pyarrow.json as pj

    from deepva_frames.flatten.detailed_fast import BLOCK_BYTES, _blocks

    options = pj.ParseOptions(explicit_schema=_page_schema(), newlines_in_values=False,
                              unexpected_field_behavior="ignore")
    return ([pj.read_json(pa.BufferReader(b"\n".join(block)), parse_options=options,
                          read_options=pj.ReadOptions(block_size=max(1 << 20, max(
                              map(len, block)) + 2)))
             for block in _blocks(pages, BLOCK_BYTES)],)


def arro3(pages: list[bytes], input_file: str) -> tuple[Any]:
    import arro3.io
    import pyarrow as pa

    return ([pa.table(arro3.io.read_json(input_file, _page_schema()).read_all())],)


def duckdb_reader(pages: list[bytes], input_file: str) -> tuple[Any]:
    import duckdb

    columns = f"{{data: 'STRUCT({flat._SEGMENT})[]', \"offset\": 'BIGINT', total: 'BIGINT'}}"
    return ([duckdb.connect().sql(
        f"SELECT data, \"offset\", total FROM read_json('{input_file}', "
        f"format='newline_delimited', maximum_object_size=1073741824, columns={columns})"
    ).to_arrow_table()],)


def polars_reader(pages: list[bytes], input_file: str) -> tuple[Any]:
    import polars as pl

    schema = pl.from_arrow(_page_schema().empty_table()).schema
    return ([pl.read_ndjson(input_file, schema=schema).to_arrow()],)


def msgspec_reader(pages: list[bytes], input_file: str) -> tuple[Any]:
    import gc

    import msgspec

    decode = msgspec.json.Decoder().decode
    gc.disable()  # with the collector on, it takes 3x as long (the objects are not garbage)
    try:
        return ([decode(page) for page in pages],)
    finally:
        gc.enable()


RUN = {"arrow": arrow, "arrow_lean": arrow_lean, "arro3": arro3, "duckdb": duckdb_reader,
       "polars": polars_reader, "msgspec": msgspec_reader,
       "toolkit_pandas": flat.toolkit_pandas, "normalize": flat.normalize}


def _counts(*result: Any) -> dict[str, int]:
    """Segments and detections in what a side gave: parsed pages, or the two tables."""
    import pyarrow.compute as pc

    if len(result) == 2:
        return {"segments": len(result[0]), "detections": len(result[1])}
    segments = detections = 0
    for part in result[0]:
        if isinstance(part, dict):  # one page as Python objects
            segments += len(part["data"])
            detections += sum(len(s["detections"]) for s in part["data"])
            continue
        for chunk in part.column("data").chunks:
            segs = pc.list_flatten(chunk)
            segments += len(segs)
            detections += len(pc.list_flatten(pc.struct_field(segs, "detections")))
    return {"segments": segments, "detections": detections}


def report(results: dict[str, list[dict[str, Any]]], target: float) -> None:
    checks = {tuple(sorted(r["check"].items())) for rs in results.values() for r in rs}
    assert len(checks) == 1, checks
    print(f"same segments and detections on every side: {dict(checks.pop())}")
    for side, rs in results.items():
        print(f"  {side:15s} {flat._span([r['seconds'] for r in rs]):>13s} s wall "
              f"{flat._span([r['cpu'] for r in rs]):>13s} s CPU")
    rounds = list(zip(*(results[s] for s in (*READERS, *WHOLE)), strict=True))
    need = [r[-1]["seconds"] / target for r in rounds]
    print(f"  {target:g}x json_normalize needs flatten within {flat._span(need)} s "
          f"(json_normalize / {target:g}, round by round)")
    for index, side in enumerate((*READERS, "toolkit_pandas")):
        best = [r[-1]["seconds"] / r[index]["seconds"] for r in rounds]
        met = "" if min(best) > target else f": under {target:g}x"
        label = "flatten itself" if side == "toolkit_pandas" else "at most, on this reader"
        print(f"  {side:15s} json_normalize / {side}: {flat._span(best)}x ({label}{met})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detections", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", type=float, default=flat.TARGETS["normalize"])
    parser.add_argument("--worker", choices=sorted(RUN), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        flat.worker(args.worker, args.input, run=RUN, check=_counts)
        return 0
    results = flat.measure(args.detections, args.runs, (*READERS, *WHOLE), script=__file__)
    report(results, args.target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
