"""Exchange rates: what one unit of a currency is worth in the reporting currency, from a day on

Revision ID: 0022_exchange_rates
Revises: 0021_funding
Create Date: 2026-12-06 15:50:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401 - custom column types
import models.exchange_rate


# revision identifiers, used by Alembic.
revision = '0022_exchange_rates'
down_revision = '0021_funding'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exchange_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reporting_currency', sa.String(length=3), nullable=False),
    sa.Column('rate', models.exchange_rate.ExactDecimal(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_exchange_rate_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_exchange_rate_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rate')),
    sa.UniqueConstraint('currency', 'reporting_currency', 'valid_from', name=op.f('uq_exchange_rate_currency')),
    )
    with op.batch_alter_table('exchange_rate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_rate_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exchange_rate_currency'), ['currency'], unique=False)


def downgrade():
    with op.batch_alter_table('exchange_rate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_rate_currency'))
        batch_op.drop_index(batch_op.f('ix_exchange_rate_created_by_id'))
    op.drop_table('exchange_rate')
