"""core: signing keys for federation

Revision ID: c0a1e0000001
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "c0a1e0000001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "core_signing_key",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("private_jwk", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_core_signing_key")),
    )


def downgrade():
    op.drop_table("core_signing_key")
