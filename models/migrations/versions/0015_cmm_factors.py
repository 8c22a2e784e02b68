"""CMM factors: the 23 factors of the 2021 edition and a State's rating of each

The factors are reference data (loaded by `cbmatch init` from seed_data/cmm_2021.json); a rating
row per State and factor (no row: not assessed) with the State's answer to the need it
suggests; a dimension's stage is marked `derived` when it is the mean of its factors, so that a
stage rated directly before factors existed is kept.

Revision ID: 0015_cmm_factors
Revises: 0014_reranker
Create Date: 2026-12-06 12:31:47.538796

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = '0015_cmm_factors'
down_revision = '0014_reranker'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('factor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('dimension_id', sa.Integer(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('support_types', sa.JSON(), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('label_en', sa.String(length=200), nullable=False),
    sa.Column('label_fr', sa.String(length=200), nullable=False),
    sa.Column('label_es', sa.String(length=200), nullable=False),
    sa.Column('label_ar', sa.String(length=200), server_default='', nullable=False),
    sa.Column('label_ru', sa.String(length=200), server_default='', nullable=False),
    sa.Column('label_zh', sa.String(length=200), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['dimension_id'], ['dimension.id'], name=op.f('fk_factor_dimension_id_dimension')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factor')),
    sa.UniqueConstraint('code', name=op.f('uq_factor_code'))
    )
    with op.batch_alter_table('factor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_factor_dimension_id'), ['dimension_id'], unique=False)

    op.create_table('factor_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.Column('factor_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Enum('accepted', 'ignored', name='suggestionanswer', native_enum=False, length=20), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_factor_rating_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['factor_id'], ['factor.id'], name=op.f('fk_factor_rating_factor_id_factor')),
    sa.ForeignKeyConstraint(['state_id'], ['state.id'], name=op.f('fk_factor_rating_state_id_state')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_factor_rating_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factor_rating')),
    sa.UniqueConstraint('state_id', 'factor_id', name=op.f('uq_factor_rating_state_id'))
    )
    with op.batch_alter_table('factor_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_factor_rating_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_factor_rating_state_id'), ['state_id'], unique=False)

    with op.batch_alter_table('maturity_assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('derived', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('maturity_assessment', schema=None) as batch_op:
        batch_op.drop_column('derived')

    with op.batch_alter_table('factor_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_factor_rating_state_id'))
        batch_op.drop_index(batch_op.f('ix_factor_rating_created_by_id'))

    op.drop_table('factor_rating')
    with op.batch_alter_table('factor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_factor_dimension_id'))

    op.drop_table('factor')
