"""example: create the notice board

Revision ID: e1a000000001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "e1a000000001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "example_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_notice")),
    )
    with op.batch_alter_table("example_notice") as batch_op:
        batch_op.create_index(batch_op.f("ix_example_notice_posted_at"), ["posted_at"], unique=False)


def downgrade():
    with op.batch_alter_table("example_notice") as batch_op:
        batch_op.drop_index(batch_op.f("ix_example_notice_posted_at"))
    op.drop_table("example_notice")
