"""The peers of the benchmark: DuckDB and polars doing spacefilm's filter on the same files, as whole processes.

Each is a small Python program run in the benchmark's virtual environment, where the `bench` extra installs DuckDB
and polars (never for users). Each writes the records it keeps as JSON Lines, so the benchmark can check that every
tool keeps the same ones. "DuckDB with checks" first does the checks SQL can express of what spacefilm checks: a
typed schema with the kinds and statuses as enums, the required fields not null, at least one source, the date's
pattern, and every id once; it refuses the file (exit 1) when one fails, as spacefilm does.
"""

from __future__ import annotations

KINDS = ["announcement", "casting", "training", "launch", "filming", "landing", "release", "precedent"]
STATUSES = ["happened", "planned", "unrealized"]
# The EDTF subset spacefilm stores: a year, month or day with a qualifier; an interval, perhaps open.
DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?[~?%]?(/(\d{4}(-\d{2}(-\d{2})?)?[~?%]?|\.\.))?"

_DUCKDB_COLUMNS = (
    "{id: 'VARCHAR', date: 'VARCHAR', title: 'VARCHAR', country: 'VARCHAR', kind: 'kind', status: 'status', "
    "people: 'VARCHAR[]', sources: 'STRUCT(title VARCHAR, url VARCHAR, quote VARCHAR)[]'}"
)

DUCKDB = """
import sys, duckdb
path, out, lines, checked = sys.argv[1], sys.argv[2], sys.argv[3] == "lines", sys.argv[4] == "checked"
con = duckdb.connect()
con.execute("SET threads = 2")
con.execute("CREATE TYPE kind AS ENUM ({kinds})")
con.execute("CREATE TYPE status AS ENUM ({statuses})")
options = {columns!r} if checked else ""
if lines:
    source = f"read_json(?, format = 'newline_delimited'{{', columns = ' + options if checked else ''}})"
else:
    source = "(SELECT unnest(events, recursive := true) FROM read_json(?, maximum_object_size = 2000000000))"
    if checked:
        source = f"(SELECT * REPLACE (kind::kind AS kind, status::status AS status) FROM {{source}})"
con.execute(f"CREATE TEMP TABLE ev AS SELECT * FROM {{source}}", [path])
if checked:
    bad, twice = con.execute(
        "SELECT count(*) FILTER (WHERE id IS NULL OR title IS NULL OR country IS NULL OR kind IS NULL "
        "OR date IS NULL OR len(sources) = 0 OR NOT regexp_full_match(date, ?)), count(*) - count(DISTINCT id) "
        "FROM ev",
        [{pattern!r}],
    ).fetchone()
    if bad or twice:
        sys.exit(f"{{bad}} events fail a check, {{twice}} ids given twice")
con.execute(
    "COPY (SELECT * FROM ev WHERE country = 'russia' AND date >= '2000') TO '" + out + "' (FORMAT json)"
)
""".format(
    kinds=", ".join(f"'{k}'" for k in KINDS),
    statuses=", ".join(f"'{s}'" for s in STATUSES),
    columns=_DUCKDB_COLUMNS,
    pattern=DATE_PATTERN,
)

POLARS = """
import sys, polars as pl
path, out, lines = sys.argv[1], sys.argv[2], sys.argv[3] == "lines"
if lines:
    frame = pl.read_ndjson(path)
else:
    frame = pl.read_json(path).select("events").explode("events").unnest("events")
frame.filter((pl.col("country") == "russia") & (pl.col("date") >= "2000")).write_ndjson(out)
"""


def duckdb(python: str, path: str, out: str, lines: bool, checked: bool) -> list[str]:
    return [python, "-c", DUCKDB, path, out, "lines" if lines else "document", "checked" if checked else "plain"]


def polars(python: str, path: str, out: str, lines: bool) -> list[str]:
    return [python, "-c", POLARS, path, out, "lines" if lines else "document"]
