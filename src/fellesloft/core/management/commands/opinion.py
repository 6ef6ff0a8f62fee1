"""`fellesloft opinion analyze DIR [--format json|text] [--seed N]`.

A thin wrapper: the arguments go unchanged to `fellesloft.opinion.cli.main`, which needs no
Django (`python -m fellesloft.opinion` is the same command line).
"""

import argparse
import io

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Opinion groups of a Pol.is export folder: `opinion analyze DIR [--format json|text]`."
    requires_system_checks = []  # reads files only, no database

    def add_arguments(self, parser):
        parser.add_argument(
            "args",
            nargs=argparse.REMAINDER,
            metavar="analyze DIR [--format json|text] [--seed N]",
        )

    def handle(self, *args, **options):
        from fellesloft.opinion.cli import main  # SciPy is imported only when it is used

        # Django's OutputWrapper adds a newline to every write; the CLI writes JSON in pieces.
        out, err = io.StringIO(), io.StringIO()
        try:
            status = main(list(args), stdout=out, stderr=err, prog="fellesloft opinion")
        finally:
            self.stdout.write(out.getvalue(), ending="")
            self.stderr.write(err.getvalue(), ending="")
        if status:
            raise SystemExit(status)
