"""federation totals counted from the stored envelopes: no row per value

Taking a summary in wrote one row per value (40 per summary) so that SQL could add them up;
that was most of the cost of ingesting (docs/benchmarks.md). The month's totals are now
counted from the members' latest envelopes, which are kept anyway, when the month is next
shown.

Revision ID: c0569361ba33
Revises: 597038174d59
Create Date: 2026-11-22 22:50:00
"""
import base64
import json

from alembic import op
import sqlalchemy as sa


revision = 'c0569361ba33'
down_revision = '597038174d59'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('core_federation_figure', schema=None) as batch_op:
        batch_op.drop_index('ix_core_federation_figure_period_metric')
    op.drop_table('core_federation_figure')
    op.execute("DELETE FROM core_federation_period_state")  # every month's totals are counted again


def downgrade():
    op.create_table('core_federation_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('metric', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=15), nullable=False),
    sa.Column('communities', sa.Integer(), server_default='1', nullable=False),
    sa.Column('communities_reporting', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['peer_id'], ['core_peer.id'], name=op.f('fk_core_federation_figure_peer_id_core_peer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_federation_figure')),
    sa.UniqueConstraint('peer_id', 'period', 'metric', name=op.f('uq_core_federation_figure_peer_id'))
    )
    with op.batch_alter_table('core_federation_figure', schema=None) as batch_op:
        batch_op.create_index('ix_core_federation_figure_period_metric', ['period', 'metric'], unique=False)
    _figures_from_stored_summaries()
    op.execute("DELETE FROM core_federation_period_state")


def _figures_from_stored_summaries():
    """The earlier schema's rows: each member's latest revision per month, value by value."""
    bind = op.get_bind()
    latest = {}
    for peer_id, period, text in bind.execute(sa.text(
            "SELECT peer_id, period, envelope FROM core_message "
            "WHERE direction = 'in' AND type = 'summary' ORDER BY seq")):
        latest[(peer_id, period)] = text
    rows = []
    for (peer_id, period), text in latest.items():
        body = text.split(".")[1]
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        rows += [{"peer_id": peer_id, "period": period, "metric": v["metric"], "value": v["value"],
                  "status": v["status"], "communities": v.get("communities", 1),
                  "communities_reporting": v.get("reporting", int(v["status"] in ("ok", "zero")))}
                 for v in payload["values"]]
    if rows:
        bind.execute(sa.text(
            "INSERT INTO core_federation_figure (peer_id, period, metric, value, status, communities, "
            "communities_reporting) VALUES (:peer_id, :period, :metric, :value, :status, :communities, "
            ":communities_reporting)"), rows)
