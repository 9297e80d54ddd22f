"""Start noaber in a child process on a free localhost port, and wait until it answers."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(*args, ready_line: str | None = None, env=None, timeout: float = 60):
    """Run ``noaber ARGS``; wait for *ready_line* on stdout, or for /healthz; stop it with SIGINT."""
    proc = subprocess.Popen([sys.executable, "-u", "-m", "core", *args], cwd=REPO, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    # Keep reading what it prints once it is up: a full pipe would stop the server mid-request.
    reader = threading.Thread(target=lines.extend, args=(proc.stdout,), daemon=True)
    try:
        _wait(proc, args, ready_line, lines, timeout)
        reader.start()
        yield proc, lines
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if reader.is_alive():
            reader.join(timeout=5)
        proc.stdout.close()


def _wait(proc, args, ready_line, lines, timeout) -> None:
    deadline = time.monotonic() + timeout
    if ready_line is not None:
        for line in proc.stdout:
            lines.append(line)
            if ready_line in line:
                return
            if time.monotonic() > deadline:
                break
        raise AssertionError(f"noaber {' '.join(args)} never said {ready_line!r}:\n{''.join(lines)}")
    port = args[args.index("--port") + 1]
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"noaber {' '.join(args)} exited:\n{proc.stdout.read()}")
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"noaber {' '.join(args)} did not answer within {timeout} s")


@contextmanager
def isolated_instance(root, database_url: str | None, **extra_env):
    """An Instance with a tenants root and schema prefix of its own, for a module's server.

    The environment is set so that ``noaber serve`` in a child process sees the same
    tenants; afterwards it is restored and the PostgreSQL schemas are dropped.
    """
    import uuid

    from core.instance import Instance, forget_instances
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    env = {"NOABER_TENANTS": str(root), "NOABER_SCHEMA_PREFIX": prefix, "NOABER_DATABASE_URL": database_url or "",
           "NOABER_FAST_PASSWORD_HASHING": "1", "NOABER_JOBS_URL": "immediate", **extra_env}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    instance = Instance(tenants_root=root, database_url=database_url or "", schema_prefix=prefix)
    try:
        yield instance
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        instance.storage.dispose()
        forget_instances()
        if database_url:
            from core.testing import drop_schemas
            drop_schemas(database_url, prefix)


def start_server(port: int, *extra: str, env=None) -> subprocess.Popen:
    """``noaber serve`` in a process group of its own (so the whole server can be killed at once),
    answering on *port* when this returns."""
    proc = subprocess.Popen([sys.executable, "-m", "core", "serve", "--port", str(port), *extra], cwd=REPO,
                            env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"noaber serve exited: {proc.stderr.read()}")
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except requests.ConnectionError:
            time.sleep(0.1)
    stop_server(proc, signal.SIGKILL)
    raise AssertionError(f"noaber serve did not answer on {port}")


def stop_server(proc: subprocess.Popen, how: int = signal.SIGTERM) -> None:
    """Stop the server's whole process group: SIGTERM to shut down, SIGKILL to crash it."""
    try:
        os.killpg(proc.pid, how)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    proc.stderr.close()


def bearer(base: str, slug: str, credentials: dict) -> dict:
    """An API client's bearer header, from the token endpoint at *base*."""
    import base64
    pair = base64.b64encode(f"{credentials['client_id']}:{credentials['client_secret']}".encode()).decode()
    answer = requests.post(f"{base}/t/{slug}/oauth/token", data={"grant_type": "client_credentials"},
                           headers={"Authorization": "Basic " + pair}, timeout=10)
    answer.raise_for_status()
    return {"Authorization": "Bearer " + answer.json()["access_token"]}
