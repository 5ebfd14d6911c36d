"""``python -m strukturjournal``: the same as the ``strukturjournal`` command."""

import sys

from strukturjournal.cli import main

if __name__ == "__main__":
    sys.exit(main())
