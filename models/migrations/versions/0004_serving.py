"""match indexes for the suggestion queue; offer.reach for the region filter

Revision ID: 0004_serving
Revises: 0003_pipeline
Create Date: 2026-11-23 14:15:05.704718

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401 - custom column types


# revision identifiers, used by Alembic.
revision = '0004_serving'
down_revision = '0003_pipeline'
branch_labels = None
depends_on = None


GROUPS = ("SIDS", "LDC", "LLDC")


def _backfill_reach():
    """offer.reach = the tags of every State an offer's eligibility list reaches (as the app does)."""
    conn = op.get_bind()
    tags, designates = {}, {}
    for iso3, region, sub, inter, sids, ldc, lldc in conn.execute(sa.text(
        "SELECT iso3, region, subregion, intermediate_region, is_sids, is_ldc, is_lldc FROM state"
    )):
        flags = [g for g, on in zip(GROUPS, (sids, ldc, lldc)) if on]
        items = frozenset(i.lower() for i in (iso3, region, sub, inter, *flags) if i)
        tags[iso3] = items
        for item in items:
            designates.setdefault(item, set()).add(iso3)
    for offer_id, eligible in conn.execute(sa.text("SELECT id, eligible FROM offer")).all():
        items = [i for i in (eligible or "").split(";") if i]
        if not items:
            continue
        isos = set().union(*(designates.get(i.lower(), set()) for i in items))
        reach = set().union(*(tags[i] for i in isos)) if isos else set()
        conn.execute(sa.text("UPDATE offer SET reach = :r WHERE id = :i"),
                     {"r": f";{';'.join(sorted(reach))};", "i": offer_id})


def upgrade():
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reach', sa.Text(), server_default='', nullable=False))
    _backfill_reach()
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_status'))
        batch_op.create_index('ix_match_status_need', ['status', 'need_id'], unique=False)
        batch_op.create_index('ix_match_status_score', ['status', 'score', 'id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_column('reach')
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.drop_index('ix_match_status_score')
        batch_op.drop_index('ix_match_status_need')
        batch_op.create_index(batch_op.f('ix_match_status'), ['status'], unique=False)

    # ### end Alembic commands ###
