"""Serving with gunicorn, from the ``noaber serve`` and ``noaber demo`` commands."""
from __future__ import annotations

import os
from collections.abc import Callable

from gunicorn.app.base import BaseApplication

from core.server.app import create_app


class NoaberServer(BaseApplication):
    """gunicorn without a config file: the options come from our CLI."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app()


def default_workers() -> int:
    return int(os.environ.get("NOABER_WORKERS", "2"))


def serve(bind: str, workers: int, on_ready: Callable[[], None] | None = None, quiet: bool = False) -> None:
    """Run until interrupted. The app is loaded before forking so workers share its memory."""
    options = {"bind": bind, "workers": workers, "preload_app": True, "worker_class": "sync",
               "accesslog": None if quiet else "-", "errorlog": "-", "loglevel": "warning" if quiet else "info",
               "proc_name": "noaber"}
    if on_ready is not None:
        options["when_ready"] = lambda _server: on_ready()
    NoaberServer(options).run()
