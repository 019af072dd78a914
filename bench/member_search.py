"""CPU and queries of the members' search box (issue 24), beside the bare
Django ceiling: bench/all.py's "search" lines, on a site of its own.

    .venv/bin/python bench/member_search.py [--reuse] [--requests 30]

Each line is one search (``/fr/my/search/?q=…``) by a demo member through
Django's test client in production mode on PostgreSQL and Redis: the CPU of
this process and of the connection's PostgreSQL backend per request, the
ratio to the ceiling's (a bare view under Django's default middleware), and
the queries (the budget of a member page is 12). Any other option goes to
bench/all.py (``--database``, ``--redis``, ``--prefix``, ``--var``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import all as bench_all  # noqa: E402

if __name__ == "__main__":
    defaults = ["--only", "search", "--register-size", "0", "--var", "/tmp/socle-bench-search",
                "--database", "socle_bench_search", "--prefix", "bench-search"]
    given = {arg for arg in sys.argv[1:] if arg.startswith("--")}
    extra = [arg for pair in zip(defaults[::2], defaults[1::2], strict=True) if pair[0] not in given for arg in pair]
    sys.argv = [sys.argv[0], *extra, *sys.argv[1:]]
    bench_all.main()
