"""The `fellesloft` command line: the project's manage.py."""

import os
import sys
from pathlib import Path

from fellesloft.envfile import EnvFileMissing, environment


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "opinion":
        # The opinion engine needs no Django (and no settings): its command line runs
        # before Django is imported, which saves about a second per run.
        from fellesloft.opinion.cli import main as opinion_main

        sys.exit(opinion_main(sys.argv[2:], prog="fellesloft opinion"))
    # The settings read the environment: the env file's variables first (ENV_FILE or .env).
    try:
        os.environ.update(environment(os.environ, Path.cwd()))
    except EnvFileMissing as error:
        sys.exit(f"Fellesløft: {error}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellesloft.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
