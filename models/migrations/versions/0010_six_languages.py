"""Reference labels in Arabic, Chinese and Russian; the language a need or offer is written in

Revision ID: 0010_six_languages
Revises: 0009_user_locale
Create Date: 2026-12-06 06:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010_six_languages'
down_revision = '0009_user_locale'
branch_labels = None
depends_on = None

LABELLED = ("dimension", "topic", "support_type")
ADDED = ("ar", "ru", "zh")
RECORDS = ("need", "offer")


def upgrade():
    for table in LABELLED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for code in ADDED:
                batch_op.add_column(
                    sa.Column(f"label_{code}", sa.String(length=200), nullable=False, server_default="")
                )
    for table in RECORDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("text_language", sa.String(length=8), nullable=True))


def downgrade():
    for table in RECORDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("text_language")
    for table in LABELLED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for code in ADDED:
                batch_op.drop_column(f"label_{code}")
