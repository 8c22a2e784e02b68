"""A State's answers to the National Survey of Implementation (NSI), one row per question

The questions are reference text in seed_data/nsi.json; a row names its question by code
(N2.a). A choice question keeps its choice and a comment, a text question its text; a need
question of part 4 keeps the State's answer to the need it suggests.

Revision ID: 0017_nsi
Revises: 0016_maturity_visibility
Create Date: 2026-12-06 15:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017_nsi'
down_revision = '0016_maturity_visibility'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "nsi_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=8), nullable=False),
        sa.Column("choice", sa.Enum("yes", "partly", "no", "not_applicable", name="nsichoice",
                                    native_enum=False, create_constraint=False, length=20),
                  nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("suggestion", sa.Enum("accepted", "ignored", name="suggestionanswer",
                                        native_enum=False, create_constraint=False, length=20),
                  nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_nsi_answer_created_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["state_id"], ["state.id"],
                                name=op.f("fk_nsi_answer_state_id_state")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"],
                                name=op.f("fk_nsi_answer_updated_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nsi_answer")),
        sa.UniqueConstraint("state_id", "question", name=op.f("uq_nsi_answer_state_id")),
    )
    with op.batch_alter_table("nsi_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nsi_answer_created_by_id"), ["created_by_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_nsi_answer_state_id"), ["state_id"], unique=False)


def downgrade():
    with op.batch_alter_table("nsi_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nsi_answer_state_id"))
        batch_op.drop_index(batch_op.f("ix_nsi_answer_created_by_id"))
    op.drop_table("nsi_answer")
