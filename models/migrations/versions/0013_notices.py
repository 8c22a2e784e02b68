"""Notices: what a person is to be told, how each person wants each kind, periodic jobs' last runs

Revision ID: 0013_notices
Revises: 0012_account_admin
Create Date: 2026-12-06 09:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_notices'
down_revision = '0012_account_admin'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=20)


DELIVERY = ("immediate", "daily", "off")


def upgrade():
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("refs", sa.JSON(), nullable=False),
        sa.Column("delivery", _enum("delivery", *DELIVERY), nullable=False),
        sa.Column("status", _enum("noticestatus", "pending", "mailed", "digested", "skipped"),
                  nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_notice_user_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index("ix_notice_due", ["status", "user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notice_user_id"), ["user_id"], unique=False)
    op.create_table(
        "notice_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("delivery", _enum("delivery", *DELIVERY), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_notice_preference_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_preference")),
        sa.UniqueConstraint("user_id", "kind", name=op.f("uq_notice_preference_user_id")),
    )
    with op.batch_alter_table("notice_preference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_preference_user_id"), ["user_id"], unique=False)
    op.create_table(
        "scheduled_run",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mark", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduled_run")),
    )


def downgrade():
    op.drop_table("scheduled_run")
    with op.batch_alter_table("notice_preference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_preference_user_id"))
    op.drop_table("notice_preference")
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_user_id"))
        batch_op.drop_index("ix_notice_due")
    op.drop_table("notice")
