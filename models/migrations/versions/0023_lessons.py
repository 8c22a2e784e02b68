"""Lessons learnt: a completed match's result statement, proposed by a side, reviewed, published

Revision ID: 0023_lessons
Revises: 0022_exchange_rates
Create Date: 2026-12-06 15:50:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = '0023_lessons'
down_revision = '0022_exchange_rates'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lesson',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'published', 'refused', name='lessonstatus', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_lesson_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['match_id'], ['match.id'], name=op.f('fk_lesson_match_id_match'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user.id'], name=op.f('fk_lesson_reviewed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_lesson_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson'))
    )
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_match_id'), ['match_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_lesson_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_status'))
        batch_op.drop_index(batch_op.f('ix_lesson_match_id'))
        batch_op.drop_index(batch_op.f('ix_lesson_created_by_id'))

    op.drop_table('lesson')
