"""Who a State shows its maturity self-assessment to (public, providers, the focal point only)

Revision ID: 0016_maturity_visibility
Revises: 0015_cmm_factors
Create Date: 2026-12-06 12:45:00

A State with no row never chose: the focal point only sees its maturity (the safe default).
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_maturity_visibility'
down_revision = '0015_cmm_factors'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "maturity_sharing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column(
            "audience",
            sa.Enum("public", "providers", "focal_point", name="maturityaudience",
                    native_enum=False, create_constraint=False, length=20),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_maturity_sharing_created_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["state_id"], ["state.id"],
                                name=op.f("fk_maturity_sharing_state_id_state")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"],
                                name=op.f("fk_maturity_sharing_updated_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_sharing")),
        sa.UniqueConstraint("state_id", name=op.f("uq_maturity_sharing_state_id")),
    )
    with op.batch_alter_table("maturity_sharing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_sharing_created_by_id"), ["created_by_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("maturity_sharing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_sharing_created_by_id"))
    op.drop_table("maturity_sharing")
