"""``manage.py sweep [--at ISO_TIME] [NAME ...]``: run every deadline sweep (or the ones named)
once, as of that time."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from jobs.sweeps import as_utc, registered, run_sweep


def parse_at(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"--at: {value!r} is not an ISO 8601 time (e.g. 2027-03-10T18:00:00-06:00)."
        ) from None
    return as_utc(moment)


class Command(BaseCommand):
    help = "Run every deadline sweep once, as of --at (default: now), and print what each did."

    def add_arguments(self, parser):
        parser.add_argument(
            "names",
            nargs="*",
            metavar="NAME",
            help="run only these sweeps (default: every registered sweep)",
        )
        parser.add_argument(
            "--at",
            metavar="ISO_TIME",
            help="the moment to sweep as of, ISO 8601; a time without offset is UTC (default: now)",
        )

    def handle(self, *args, at=None, names=(), **options):
        from django.utils import timezone

        now = parse_at(at) if at else timezone.now()
        sweeps = registered()
        if names:
            known = {sweep.name for sweep in sweeps}
            unknown = [name for name in names if name not in known]
            if unknown:
                raise CommandError(
                    f"No sweep named {', '.join(unknown)}; known: {', '.join(sorted(known))}."
                )
            sweeps = [sweep for sweep in sweeps if sweep.name in names]
        self.stdout.write(f"Sweeping as of {now.isoformat()}")
        if not sweeps:
            self.stdout.write("No sweeps are registered.")
            return
        failed = []
        for sweep in sweeps:
            result = run_sweep(sweep, now)
            self.stdout.write(result.summary())
            for action in result.actions:
                self.stdout.write(f"  {action}")
            if not result.ok:
                failed.append(result.name)
        if failed:
            raise CommandError(f"{len(failed)} sweep(s) failed: {', '.join(failed)}.")
