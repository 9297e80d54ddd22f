"""What the benchmarks share: an app under gunicorn on a free port, and one plain HTTP/1.0 request."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(app: str, env: dict, chdir: Path, workers: int = 2) -> tuple[subprocess.Popen, int]:
    """*app* (``module:callable``) under gunicorn with *workers* sync workers; the process and its port."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
                             f"127.0.0.1:{port}", "--chdir", str(chdir), "--log-level", "warning", app],
                            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{app} did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)


def request(port: int, path: str, headers: str = "") -> tuple[int, bytes]:
    """One HTTP/1.0 GET on a new connection (gunicorn's sync worker closes each one): status and body."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    return int(response.split(b" ", 2)[1]), response.split(b"\r\n\r\n", 1)[1]
