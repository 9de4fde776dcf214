"""The `tdkt` command line (contracts §1): argument parsing and one function per command."""

from tdkt.cli.main import main

__all__ = ["main"]
