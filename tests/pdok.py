"""A stand-in for PDOK Locatieserver on localhost, replaying recorded answers over real HTTP."""
from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "pdok"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query).get("q", [""])[0]
        match = re.fullmatch(r"postcode:(\w+) and huisnummer:(\d+)", query)
        path = FIXTURES / f"{match.group(1)}-{match.group(2)}.json" if match else None
        if not url.path.endswith("/free") or path is None:
            self.send_error(400)
            return
        body = path.read_bytes() if path.exists() else (FIXTURES / "9999ZZ-1.json").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.requests.append(self.path)

    def log_message(self, *args):
        pass


def start() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
