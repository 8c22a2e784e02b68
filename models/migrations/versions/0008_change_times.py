"""indexes on need, offer and match updated_at: the dashboard's change fingerprint

Revision ID: 0008_change_times
Revises: 0007_directories
Create Date: 2026-11-23 18:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_change_times'
down_revision = '0007_directories'
branch_labels = None
depends_on = None

TABLES = ("need", "offer", "match")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_updated_at", ["updated_at"], unique=False)


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_updated_at")
