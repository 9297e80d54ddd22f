"""people, accounts, roles, api clients, audit log

Revision ID: 0dc9ba03ef98
Revises: c0a1e0000001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0dc9ba03ef98'
down_revision = 'c0a1e0000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('core_address',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('street', sa.String(length=120), nullable=False),
    sa.Column('house_number', sa.Integer(), nullable=False),
    sa.Column('house_number_suffix', sa.String(length=12), nullable=False),
    sa.Column('postcode', sa.String(length=6), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=True),
    sa.Column('neighbourhood_code', sa.String(length=10), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('located_by', sa.String(length=12), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_address'))
    )
    with op.batch_alter_table('core_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_address_postcode'), ['postcode'], unique=False)

    op.create_table('core_api_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=48), nullable=False),
    sa.Column('secret_hash', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('scopes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_api_client')),
    sa.UniqueConstraint('client_id', name=op.f('uq_core_api_client_client_id'))
    )
    op.create_table('core_audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('via', sa.String(length=120), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_audit_event'))
    )
    with op.batch_alter_table('core_audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_core_audit_event_person_id'), ['person_id'], unique=False)

    op.create_table('core_household',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_household'))
    )
    op.create_table('core_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('given_name', sa.String(length=80), nullable=False),
    sa.Column('family_name', sa.String(length=120), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('is_resident', sa.Boolean(), nullable=False),
    sa.Column('is_volunteer', sa.Boolean(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('address_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['address_id'], ['core_address.id'], name=op.f('fk_core_person_address_id_core_address')),
    sa.ForeignKeyConstraint(['household_id'], ['core_household.id'], name=op.f('fk_core_person_household_id_core_household')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_person'))
    )
    with op.batch_alter_table('core_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_person_family_name'), ['family_name'], unique=False)

    op.create_table('core_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('oidc_subject', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['core_person.id'], name=op.f('fk_core_account_person_id_core_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_account')),
    sa.UniqueConstraint('email', name=op.f('uq_core_account_email')),
    sa.UniqueConstraint('oidc_subject', name=op.f('uq_core_account_oidc_subject')),
    sa.UniqueConstraint('person_id', name=op.f('uq_core_account_person_id'))
    )
    op.create_table('core_account_role',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['core_account.id'], name=op.f('fk_core_account_role_account_id_core_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'role', name=op.f('pk_core_account_role'))
    )
    op.create_table('core_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=60), nullable=False),
    sa.Column('granted', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_account_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['core_person.id'], name=op.f('fk_core_consent_person_id_core_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_account_id'], ['core_account.id'], name=op.f('fk_core_consent_recorded_by_account_id_core_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_consent'))
    )
    with op.batch_alter_table('core_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_consent_person_id'), ['person_id'], unique=False)

    op.create_table('core_person_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('author_account_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_account_id'], ['core_account.id'], name=op.f('fk_core_person_note_author_account_id_core_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['core_person.id'], name=op.f('fk_core_person_note_person_id_core_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_core_person_note'))
    )
    with op.batch_alter_table('core_person_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_core_person_note_person_id'), ['person_id'], unique=False)



def downgrade():
    with op.batch_alter_table('core_person_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_person_note_person_id'))

    op.drop_table('core_person_note')
    with op.batch_alter_table('core_consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_consent_person_id'))

    op.drop_table('core_consent')
    op.drop_table('core_account_role')
    op.drop_table('core_account')
    with op.batch_alter_table('core_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_person_family_name'))

    op.drop_table('core_person')
    op.drop_table('core_household')
    with op.batch_alter_table('core_audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_audit_event_person_id'))
        batch_op.drop_index(batch_op.f('ix_core_audit_event_at'))

    op.drop_table('core_audit_event')
    op.drop_table('core_api_client')
    with op.batch_alter_table('core_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_core_address_postcode'))

    op.drop_table('core_address')
