"""``python -m core`` is the ``noaber`` command."""
from core.cli import main

main()
