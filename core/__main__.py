"""``python -m core`` is the ``noaber`` command."""
from core.cli.main import main

main()
