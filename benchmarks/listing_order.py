"""The desk's listing order (issue 26, item 10) with and without its index, on a synthetic
table of 200,000 stories in SQLite's memory: the first page of 50, by the day of the latest
article, then sources, then time and id. Measures only; nothing is written.

    python benchmarks/listing_order.py
"""

from __future__ import annotations

import random
import sqlite3
import time

ORDER = "substr(last_time, 1, 10) DESC, originals DESC, last_time DESC, id DESC"


def page_ms(connection: sqlite3.Connection, order: str, runs: int = 5) -> float:
    start = time.perf_counter()
    for _ in range(runs):
        connection.execute(f"SELECT id FROM s ORDER BY {order} LIMIT 50").fetchall()
    return (time.perf_counter() - start) / runs * 1000


def main() -> None:
    rng = random.Random(1)
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE s (id INTEGER PRIMARY KEY, last_time TEXT, originals INT)")
    connection.execute("CREATE INDEX by_time ON s (last_time, id)")
    rows = [
        (
            i,
            f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
            f"{rng.randint(0, 23):02d}:00:00+00:00",
            rng.randint(1, 9),
        )
        for i in range(1, 200_001)
    ]
    connection.executemany("INSERT INTO s VALUES (?, ?, ?)", rows)
    old = page_ms(connection, "last_time DESC, id DESC")
    print(f"latest time first (old order, indexed): {old:.2f} ms")
    print(f"day, then sources, no index:            {page_ms(connection, ORDER):.2f} ms")
    connection.execute(f"CREATE INDEX by_day ON s ({ORDER})")
    print(f"day, then sources, indexed:             {page_ms(connection, ORDER):.2f} ms")


if __name__ == "__main__":
    main()
