"""`python -m fellesloft.opinion analyze DIR [--format json|text] [--seed N]`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
