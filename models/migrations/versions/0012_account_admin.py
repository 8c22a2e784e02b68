"""Account administration: a version on user (concurrent edits), the reason an account was refused
or deactivated, and refused registrations told apart from deactivated accounts

Revision ID: 0012_account_admin
Revises: 0011_outbox
Create Date: 2026-12-06 07:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012_account_admin'
down_revision = '0011_outbox'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.add_column(sa.Column('status_reason', sa.String(length=1000), nullable=True))
    # Until now the only way to disable an account was to refuse its registration.
    op.execute("UPDATE \"user\" SET status = 'refused' WHERE status = 'disabled'")


def downgrade():
    op.execute("UPDATE \"user\" SET status = 'disabled' WHERE status = 'refused'")
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('status_reason')
        batch_op.drop_column('version')
