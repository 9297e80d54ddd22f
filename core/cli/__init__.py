"""The ``noaber`` command: its subcommands, and ``noaber demo``."""
