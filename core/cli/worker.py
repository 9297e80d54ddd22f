"""``noaber worker``: run the jobs pages and the API start; and starting one beside a server."""
from __future__ import annotations

import ctypes
import logging
import signal
import subprocess
import sys
from contextlib import contextmanager

import click

from core.cli.support import current_instance, fail, tenants_option
from core.server.app import create_app

READY = "noaber worker ready"


@click.command()
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Jobs run at once (more than one: a process each).")
@tenants_option
def worker(workers):
    """Run the jobs that pages and the API start (planning a day or a week), until stopped."""
    instance = current_instance()
    if instance.jobs.immediate:
        fail("NOABER_JOBS_URL=immediate runs jobs where they start; there is nothing for a worker to do")
    if not instance.tenants_root.is_dir():
        fail(f"tenants root {instance.tenants_root} does not exist; create a tenant with `noaber init`")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    create_app(instance)  # registers how this process runs a job: in the tenant, with the app's templates
    consumer = instance.jobs.consumer(workers)
    click.echo(f"{READY} ({instance.jobs.url or instance.tenants_root / '.noaber-jobs.sqlite3'})")
    sys.stdout.flush()
    consumer.run()


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the server that started it dies, even by SIGKILL (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the worker outlives a killed server, and systemd's cgroup ends it


@contextmanager
def worker_beside(instance):
    """A ``noaber worker`` child for as long as a server runs (nothing with ``immediate``)."""
    if instance.jobs.immediate:
        yield None
        return
    child = subprocess.Popen([sys.executable, "-m", "core", "worker"], preexec_fn=_die_with_parent)
    try:
        yield child
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)  # huey finishes the job it runs, then stops
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
