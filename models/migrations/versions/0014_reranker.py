"""The re-ranker learned from the focal point's decisions, and which suggestions it moved

Revision ID: 0014_reranker
Revises: 0013_notices
Create Date: 2026-12-06 12:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014_reranker'
down_revision = '0013_notices'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "learned_ranker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("labels", sa.Integer(), nullable=False),
        sa.Column("positives", sa.Integer(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("heldout_auc", sa.Float(), nullable=True),
        sa.Column("score_auc", sa.Float(), nullable=True),
        sa.Column("switched_on", sa.Boolean(), nullable=False),
        sa.Column("why_off", sa.Text(), nullable=False),
        sa.Column("model", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learned_ranker")),
    )
    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("adjusted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("match", schema=None) as batch_op:
        batch_op.drop_column("adjusted")
    op.drop_table("learned_ranker")
