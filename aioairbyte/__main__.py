"""``python -m aioairbyte``: the command line (see :mod:`aioairbyte.cli`)."""

from .cli import entry_point

if __name__ == "__main__":
    entry_point()
