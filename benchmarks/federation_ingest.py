"""A coalition ingesting a year of summaries from 2,000 members, against verify-and-bulk-insert.

    .venv/bin/python benchmarks/federation_ingest.py [--members 2000] [--months 12] [--metrics 40]
    NOABER_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/test .venv/bin/python benchmarks/federation_ingest.py

noaber, two ways, each ending as a federation run does, with every month's totals counted
(``aggregate.refresh_received``): each member's year as a coalition pulls it
(``inbox.pull_members``: find the pinned key, verify, check the schema, the hash chain and
the membership, store verbatim; 50 members to a transaction), and every envelope on its own
as the inbox takes a POST (``inbox.receive``, one transaction each). Then the coalition's
dashboard.
Baseline, same run, same envelopes: only the signature checks (joserfc, the same keys) and
one bulk insert of the same rows into a bare table. Prints the ratios baseline ÷ noaber
(aim ≥ 0.3) and the dashboard time (aim ≤ 300 ms). Each way starts from an empty coalition.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from joserfc import jws  # noqa: E402
from joserfc.jwk import OKPKey  # noqa: E402
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, select  # noqa: E402

from core.federation import aggregate, dashboard, envelope, inbox  # noqa: E402
from core.federation.models import Membership, Peer  # noqa: E402
from core.federation.outbox import Here  # noqa: E402
from core.instance import Instance  # noqa: E402
from core.metrics import Month  # noqa: E402
from core.tenancy.admin import create_tenant  # noqa: E402

COALITION = "http://127.0.0.1:8000/t/landelijk"
#: the baseline's bare table: what a minimal ingest stores per envelope
BARE = Table("bench_envelope", MetaData(), Column("iss", String(300)), Column("seq", Integer),
             Column("sha256", String(64)), Column("envelope", Text))


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--metrics", type=int, default=40)
    return parser.parse_args()


def months_before(today, count: int) -> list[Month]:
    month, months = Month.of(today), []
    for _ in range(count):
        month = month.previous()
        months.insert(0, month)
    return months


def member_envelopes(number: int, months: list[Month], metrics: list[str], rng: random.Random):
    """One member's key and its summaries, seq 1… in order, as it would send them."""
    key = OKPKey.generate_key("Ed25519")
    iss = f"http://127.0.0.1:8000/t/buurt-{number:04d}"
    texts, previous = [], None
    for seq, month in enumerate(months, start=1):
        values = []
        for metric in metrics:
            roll = rng.random()
            if roll < 0.1:
                values.append({"metric": metric, "value": None, "status": "suppressed"})
            elif roll < 0.15:
                values.append({"metric": metric, "value": 0, "status": "zero"})
            else:
                values.append({"metric": metric, "value": rng.randint(5, 400), "status": "ok"})
        payload = {"v": 1, "type": "summary", "iss": iss, "aud": COALITION, "seq": seq, "prev": previous,
                   "jti": f"00000000-0000-4000-8000-{number:06d}{seq:06d}", "iat": int(time.time()),
                   "period": month.interval(), "revision": 1, "sdc": {"policy": "k-threshold", "k": 5},
                   "values": values}
        body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
        signed = jws.serialize_compact({"alg": "Ed25519", "typ": "noaber-summary+jws", "kid": key.thumbprint()},
                                       body, key, algorithms=["Ed25519"])
        texts.append(signed)
        previous = envelope.sha256(signed)
    jwk = {**key.as_dict(private=False), "kid": key.thumbprint(), "use": "sig", "alg": "Ed25519"}
    return iss, jwk, texts


def make_world(args):
    rng = random.Random(2026)
    months = months_before(date.today(), args.months)
    metrics = [f"bench.metric_{n:02d}" for n in range(args.metrics)]
    members = []
    for number in range(args.members):
        members.append(member_envelopes(number, months, metrics, rng))
        if number % 200 == 199:
            print(f"  signed {number + 1} members' summaries", file=sys.stderr)
    return months, metrics, members


def enrol(instance, tenant, members, metrics) -> None:
    """The coalition after consent: a pinned key and an active membership per member."""
    with instance.storage.session(tenant) as session:
        for iss, jwk, _texts in members:
            peer = Peer(url=iss, name=iss.rsplit("/", 1)[1], kind="neighbourhood", inbox=f"{iss}/federation/inbox",
                        outbox=f"{iss}/federation/outbox")
            peer.keys = [jwk]
            session.add(peer)
            session.add(Membership(peer=peer, side="member", status="active", asked_json=json.dumps(metrics),
                                   shared_json=json.dumps(metrics)))
        session.commit()


def ingest_pulled(instance, tenant, members) -> float:
    """As ``noaber federate`` does: the members' outboxes, then the months counted."""
    texts = {iss: signed for iss, _jwk, signed in members}
    started = time.perf_counter()
    with instance.storage.session(tenant) as session:
        peer_ids = session.scalars(select(Peer.id)).all()
        taken = inbox.pull_members(Here(instance, tenant, session), peer_ids,
                                   lambda _here, peer, _after: texts[peer.url])
        assert taken == sum(len(signed) for signed in texts.values())
        aggregate.refresh_received(session)
        session.commit()
    return time.perf_counter() - started


def ingest_posted(instance, tenant, members) -> float:
    by_month = list(zip(*[texts for _iss, _jwk, texts in members], strict=True))  # month by month, as they arrive
    started = time.perf_counter()
    with instance.storage.session(tenant) as session:
        here = Here(instance, tenant, session)
        assert here.me == COALITION, here.me
        for texts in by_month:
            for signed in texts:
                status, _ = inbox.receive(here, signed)
                assert status == 202
        aggregate.refresh_received(session)
        session.commit()
    return time.perf_counter() - started


def ingest_baseline(instance, tenant, members) -> float:
    """Verify every signature with the same library and keys, then one bulk insert of the same rows."""
    from joserfc.jwk import KeySet
    started = time.perf_counter()
    rows = []
    for iss, jwk, texts in members:
        keys = KeySet.import_key_set({"keys": [jwk]})
        for seq, signed in enumerate(texts, start=1):
            jws.deserialize_compact(signed, keys, algorithms=["Ed25519"])
            rows.append({"iss": iss, "seq": seq, "sha256": envelope.sha256(signed), "envelope": signed})
    with instance.storage.session(tenant) as session:
        session.execute(BARE.insert(), rows)
        session.commit()
    return time.perf_counter() - started


def dashboard_times(instance, tenant, _members, runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        with instance.storage.session(tenant) as session:
            started = time.perf_counter()
            view = dashboard.build(session, {}, 12)
            session.commit()  # as the page does: the months' totals it rebuilt are kept
            times.append(time.perf_counter() - started)
            assert view.rows and view.active
    return times


def coalition(members, metrics):
    """An empty coalition of its own (folder and schemas) with every member enrolled."""
    root = Path(tempfile.mkdtemp(prefix="noaber-bench-fed-"))
    instance = Instance(tenants_root=root, public_url="http://127.0.0.1:8000",
                        schema_prefix=f"bench{random.randrange(10**6)}_")
    tenant = create_tenant(instance, "landelijk", "Landelijk Netwerk", "coalition", [], (), "NL01")
    enrol(instance, tenant, members, metrics)
    with instance.storage.session(tenant) as session:
        BARE.create(session.connection())  # in the tenant's own schema on PostgreSQL
        session.commit()
    return instance, tenant


def measured(members, metrics, *steps):
    instance, tenant = coalition(members, metrics)
    try:
        return [step(instance, tenant, members) for step in steps]
    finally:
        instance.storage.drop("landelijk")
        instance.storage.dispose()


def main() -> None:
    args = arguments()
    backend = "postgresql" if os.environ.get("NOABER_DATABASE_URL") else "sqlite"
    print(f"Signing {args.members} members × {args.months} months × {args.metrics} metrics…", file=sys.stderr)
    _months, metrics, members = make_world(args)
    count = args.members * args.months
    (baseline,) = measured(members, metrics, ingest_baseline)
    pulled, shown = measured(members, metrics, ingest_pulled, dashboard_times)
    (posted,) = measured(members, metrics, ingest_posted)
    print(f"\n{count:,} summaries ({count * args.metrics:,} values) on {backend}")
    print(f"  baseline, verify + bulk insert:          {baseline:7.1f} s  ({count / baseline:,.0f} envelopes/s)")
    print(f"  noaber, pulled (50 members a transaction): {pulled:5.1f} s  ({count / pulled:,.0f} envelopes/s)"
          f"   ratio {baseline / pulled:.2f}  (aim ≥ 0.3)")
    print(f"  noaber, posted (a transaction each):     {posted:7.1f} s  ({count / posted:,.0f} envelopes/s)"
          f"   ratio {baseline / posted:.2f}")
    print(f"  dashboard, {args.months} months × {args.metrics} metrics:"
          f" median {statistics.median(shown) * 1000:.0f} ms,"
          f" slowest {max(shown) * 1000:.0f} ms   (aim ≤ 300 ms)")


if __name__ == "__main__":
    main()
