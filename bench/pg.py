"""Run benchmarks on a throwaway PostgreSQL cluster: `python -m bench.pg [name ...]`.

Starts a fresh cluster exactly as the test plugin does (pacnet/testing/plugin.py), points
DATABASE_URL at it, runs `python -m bench` with the same arguments, then removes it.
With BENCH_PG_DIR the cluster lives in that directory and is kept: a second run starts it
again and finds the data of the first (bench_usage then skips generating it).
"""

import os
import sys
from pathlib import Path

from pacnet.testing.plugin import PgCluster, find_pg_bindir

SETTINGS = "-c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB"


def main(argv: list[str]) -> int:
    bindir = find_pg_bindir()
    if bindir is None:
        print("no PostgreSQL server (initdb, pg_ctl) found: apt-get install postgresql")
        return 1
    # A server sized like a small production one; both the rollups and the naive queries get it.
    kept = os.environ.get("BENCH_PG_DIR")
    cluster = PgCluster(
        bindir,
        settings=os.environ.get("BENCH_PG_SETTINGS", SETTINGS),
        directory=Path(kept) if kept else None,
    )
    try:
        cluster.start()
        os.environ["DATABASE_URL"] = cluster.url
        kind = f"kept in {kept}" if kept else "throwaway"
        print(f"== PostgreSQL {cluster.version} ({kind}) at {cluster.url}")
        from bench.__main__ import main as bench_main

        return bench_main(argv)
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
