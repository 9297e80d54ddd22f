"""noaber's built-in plugins. Each registers through the ``noaber.plugins`` entry point group."""
