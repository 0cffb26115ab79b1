"""One pyarrow schema per tidy table, with a line describing each column.

Every table the :mod:`deepva_frames.flatten` package builds has exactly the columns
and types declared here; each field carries ``{"description": ...}`` metadata.
Conventions: ids are strings, timestamps ``timestamp[us, tz=UTC]``, states, types,
modules and media types ``dictionary<int32, string>`` (pandas categoricals), times
and durations float64 seconds, and whatever the API sends without a column of its
own lands in a JSON text column (``extra`` or ``meta_json``).

>>> schema("detections").names
['job_id', 'segment_id', 'frame_index', 'type', 'x', 'y', 'w', 'h', 'extra']
>>> describe("report_items").loc[2, ["column", "type"]].tolist()
['metric', 'dictionary<values=string, indices=int32, ordered=0>']
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pyarrow as pa

from ._declare import Table
from ._schema_tables import DECLARED as _DECLARED
from ._schema_tables import SCHEMAS as _SCHEMAS

__all__ = ["AGE_GROUP_YEARS", "TABLES", "Table", "age_group", "concat", "declaration",
           "describe", "empty_table", "from_pandas", "pandas_dtype", "schema",
           "to_pandas"]

TABLES: tuple[str, ...] = tuple(_SCHEMAS)
AGE_GROUP_YEARS = 10  # width of the API's age groups ("30-40": 30 to 39 years)


def age_group(years: float) -> str:
    """The API's age group label of an age in years, as the summarized results bin them.

    >>> age_group(37), age_group(40), age_group(9.5)
    ('30-40', '40-50', '0-10')
    """
    low = int(years) // AGE_GROUP_YEARS * AGE_GROUP_YEARS
    return f"{low}-{low + AGE_GROUP_YEARS}"


def schema(name: str) -> pa.Schema:
    """The declared Arrow schema of table ``name`` (field metadata holds the description).

    >>> schema("batches").field("depth").type
    DataType(int64)
    >>> schema("batches").field("depth").metadata[b"description"][:22]
    b'0 for a top-level batc'
    """
    try:
        return _SCHEMAS[name]
    except KeyError:
        raise KeyError(f"no table {name!r}; tables: {', '.join(TABLES)}") from None


def declaration(name: str) -> Table:
    """The one declaration of table ``name``: schema, key paths, context columns, routes.

    >>> declaration("segments").keys["person"], declaration("segments").function
    (('meta', 'person'), 'detailed_results')
    """
    schema(name)  # the error naming the tables
    return _DECLARED[name]


def describe(name: str) -> pd.DataFrame:
    """One row per column of table ``name``: column, type, description.

    >>> describe("kg_attributes")["column"].tolist()
    ['node_id', 'name', 'value', 'value_index', 'value_json', 'extra']
    """
    fields = schema(name)
    return pd.DataFrame({
        "column": [f.name for f in fields],
        "type": [str(f.type) for f in fields],
        "description": [(f.metadata or {}).get(b"description", b"").decode() for f in fields],
    })


def empty_table(name: str) -> pa.Table:
    """A table of ``name`` with no rows.

    >>> empty_table("jobs").num_rows, empty_table("jobs").schema == schema("jobs")
    (0, True)
    """
    return schema(name).empty_table()


def pandas_dtype(arrow_type: pa.DataType) -> object:
    """The pandas dtype :func:`to_pandas` gives a column of ``arrow_type``.

    int64 becomes nullable ``Int64``, bool ``boolean``, dictionaries ``category``,
    lists ``object``; strings become pandas' default string dtype.

    >>> pandas_dtype(pa.int64()), pandas_dtype(pa.timestamp("us", tz="UTC"))
    (Int64Dtype(), datetime64[us, UTC])
    """
    if pa.types.is_int64(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    if pa.types.is_dictionary(arrow_type):
        return "category"
    if pa.types.is_timestamp(arrow_type):
        return pd.DatetimeTZDtype(unit=arrow_type.unit, tz=arrow_type.tz)
    if pa.types.is_string(arrow_type):
        return pa.table({"s": pa.array([], pa.string())}).to_pandas()["s"].dtype
    if pa.types.is_floating(arrow_type):
        return pd.api.types.pandas_dtype("float64")
    return pd.api.types.pandas_dtype(object)


_MAPPED = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """A DataFrame of a flattened table, with the dtypes of :func:`pandas_dtype`.

    >>> df = to_pandas(empty_table("segments"))
    >>> str(df["frame_start"].dtype), str(df["module"].dtype)
    ('Int64', 'category')
    """
    return table.to_pandas(types_mapper=_MAPPED.get)


def from_pandas(df: pd.DataFrame, name: str) -> pa.Table:
    """The Arrow table of a tidy DataFrame, with the declared schema of table ``name``.

    Raises ``pyarrow.ArrowInvalid``/``KeyError`` when a column is missing or of another type.

    >>> from_pandas(to_pandas(empty_table("jobs")), "jobs").schema == schema("jobs")
    True
    """
    return pa.Table.from_pandas(df, schema=schema(name), preserve_index=False)


def concat(name: str, frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Stack tidy DataFrames of table ``name``, keeping the declared dtypes.

    Categories of the parts are unified (``pd.concat`` would turn differing categoricals
    into object columns).

    >>> jobs = concat("jobs", [to_pandas(empty_table("jobs"))])
    >>> list(jobs.columns) == schema("jobs").names, len(jobs)
    (True, 0)
    """
    tables = [from_pandas(df, name) for df in frames]
    if not tables:
        return to_pandas(empty_table(name))
    return to_pandas(pa.concat_tables(tables).unify_dictionaries())
