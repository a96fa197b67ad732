"""DetailHire at the size of the largest vendor, 250 agencies and 1,000,000 jobs (bench-scale).

Builds a realistic database into a PostgreSQL database of its own (``detailhire_scale_<size>``,
``_scale_build``: generated in SQL from one job booked, approved and claimed through the real
API, several streams at once into unlogged tables whose indexes and constraints are built after
the load), then measures every role's pages and API endpoints and the sweeps on a small and a
large database (``_scale_measure``): p50/p95 server time, response size and query count, and the
large/small ratio. Then a concurrent mix on gunicorn (``_scale_mix``): every role, p95 and errors.
Targets: a page or API endpoint p95 under 100 ms with a large/small ratio under 3, a sweep with
nothing due under 50 ms, the mix's p95 under 300 ms with no error.

    .venv/bin/python bench/scale.py                      # small (2,000 jobs) and 1,000,000 jobs
    .venv/bin/python bench/scale.py --jobs 100000        # another large size
    .venv/bin/python bench/scale.py --reuse              # keep and reuse the built databases
    .venv/bin/python bench/scale.py --quick              # the small database only (a smoke run)

``--reuse`` keeps each database and only migrates it on the next run. Shape of the data (scaled
with ``--jobs``): 250 agencies, 5,000 customer organizations (each books with one agency), 20,000
officers, jobs spread evenly over four years past and one year ahead, 1.7 shifts and 3 positions
per shift, past and filled positions held by an officer of the agency. The demo agency ``nopd``
and organization ``Acme Events`` get their share: their users are the ones measured.
"""

from __future__ import annotations

import argparse
import os
import sys
from urllib.parse import urlsplit

import _throwaway_db
from _common import setup_django
from _scale_build import LARGE_JOBS, book_template, build

SMALL_JOBS = 2_000


def run() -> int:
    """The entry point (not `main`: `make bench` runs every bench script with a main())."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=LARGE_JOBS, help="jobs in the large database")
    parser.add_argument("--small", type=int, default=SMALL_JOBS, help="jobs in the small one")
    parser.add_argument("--quick", action="store_true", help="the small database only")
    parser.add_argument("--reuse", action="store_true", help="keep and reuse built databases")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--streams", type=int, default=2, help="connections loading at once")
    parser.add_argument("--mix-only", action="store_true", help="only the concurrent mix")
    parser.add_argument("--mix-seconds", type=float, default=60)
    parser.add_argument("--mix-users", type=int, default=20)
    parser.add_argument("--mix-think", type=float, default=1.0, help="seconds between clicks")
    parser.add_argument(
        "--only",
        action="append",
        help="measure only the pages and sweeps whose label holds this text (repeatable)",
    )
    parser.add_argument("--template", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.template:
        os.environ["DATABASE_URL"] = args.template
        setup_django()
        book_template()
        return 0
    if not _throwaway_db.available():
        print("No PostgreSQL server answers: bench/scale.py needs one.")
        return 0
    script = os.path.abspath(__file__)
    small_url = build(f"detailhire_scale_{args.small}", args.small, True, args.streams, script)
    large_url = None
    if not args.quick:
        name = f"detailhire_scale_{args.jobs}"
        large_url = build(name, args.jobs, args.reuse, args.streams, script)
    if args.build_only:
        return 0
    os.environ["DATABASE_URL"] = small_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "detailhire.settings")
    setup_django()
    from _scale_measure import measure, print_table
    from _scale_mix import concurrent_mix
    from django.conf import settings
    from django.db import connections

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # sweeps' emails
    mixed = large_url or small_url
    if args.mix_only:
        settings.DATABASES["default"]["NAME"] = urlsplit(mixed).path.lstrip("/")
        concurrent_mix(mixed, args.mix_seconds, args.mix_users, args.mix_think)
        return 0
    settings.DATABASES["default"]["NAME"] = urlsplit(small_url).path.lstrip("/")
    small = measure(small_url, args.only)
    large = None
    if large_url:
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = urlsplit(large_url).path.lstrip("/")
        large = measure(large_url, args.only)
    ok = print_table(small, large)
    if args.only:
        return 0
    mix_ok = concurrent_mix(mixed, args.mix_seconds, args.mix_users, args.mix_think)
    print("every page under target" if ok else "SOME PAGES BELOW TARGET")
    print("the concurrent mix under target" if mix_ok else "THE CONCURRENT MIX BELOW TARGET")
    return 0


if __name__ == "__main__":
    sys.exit(run())
