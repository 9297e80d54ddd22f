"""sign-in throttle per address and account sessions

Failed sign-ins are counted per (e-mail address, client address) and per client address
instead of per account, and a signed-in browser is a row that sign-out deletes (issue 23).
Running counts and sessions are not carried over: everyone signs in once more.

Revision ID: bf1e1898e32e
Revises: f2caaa8fff77
Create Date: 2026-12-06 02:54:10.185850
"""
from alembic import op
import sqlalchemy as sa


revision = 'bf1e1898e32e'
down_revision = 'f2caaa8fff77'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('core_sign_in_failures',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('email', 'address', name=op.f('pk_core_sign_in_failures'))
    )
    with op.batch_alter_table('core_sign_in_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_sign_in_failures_last_failure_at'), ['last_failure_at'], unique=False)

    op.create_table('core_account_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['core_account.id'], name=op.f('fk_core_account_session_account_id_core_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_account_session'))
    )
    with op.batch_alter_table('core_account_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_account_session_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_account_session_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('core_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
        batch_op.drop_column('blocked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('core_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))

    with op.batch_alter_table('core_account_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_account_session_created_at'))
        batch_op.drop_index(batch_op.f('ix_core_account_session_account_id'))

    op.drop_table('core_account_session')
    with op.batch_alter_table('core_sign_in_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_sign_in_failures_last_failure_at'))

    op.drop_table('core_sign_in_failures')
