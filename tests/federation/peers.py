"""Separate noaber instances on localhost ports, each with its own tenants, storage and process."""
from __future__ import annotations

import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from core.instance import Instance
from servers import free_port, running


@dataclass
class Peer:
    """One instance: its tenants root, its server's port, and an Instance to act on it directly."""

    instance: Instance
    port: int
    env: dict
    #: sessions handed out by here(); closed before the schemas are dropped, or PostgreSQL waits on their locks
    sessions: list = field(default_factory=list)

    def url(self, slug: str) -> str:
        return f"http://127.0.0.1:{self.port}/t/{slug}"

    def here(self, slug: str):
        from core.federation.outbox import Here
        tenant = self.instance.tenants.get(slug)
        session = self.instance.storage.session(tenant)
        self.sessions.append(session)
        return Here(self.instance, tenant, session)

    @contextmanager
    def serving(self):
        with running("serve", "--port", str(self.port), "--workers", "1", env=self.env):
            yield


@contextmanager
def peer_instances(tmp_path, database_url, count: int):
    """*count* instances, not yet serving; PostgreSQL schemas are dropped afterwards."""
    made = []
    with ExitStack() as stack:
        for number in range(count):
            root = tmp_path / f"instance{number}"
            root.mkdir()
            prefix = f"t{uuid.uuid4().hex[:8]}_"
            port = free_port()
            env = {"NOABER_TENANTS": str(root), "NOABER_SCHEMA_PREFIX": prefix, "NOABER_DATABASE_URL": database_url or "",
                   "NOABER_PUBLIC_URL": f"http://127.0.0.1:{port}", "NOABER_FAST_PASSWORD_HASHING": "1",
                   "NOABER_PDOK_URL": "http://127.0.0.1:9/off"}
            instance = Instance(tenants_root=root, database_url=database_url or "", schema_prefix=prefix,
                                public_url=env["NOABER_PUBLIC_URL"])
            peer = Peer(instance, port, env)
            stack.callback(_dispose, peer, database_url, prefix)
            made.append(peer)
        yield made


def _dispose(peer, database_url, prefix):
    for session in peer.sessions:
        session.close()
    peer.instance.storage.dispose()
    if database_url:
        from core.testing import drop_schemas
        drop_schemas(database_url, prefix)
