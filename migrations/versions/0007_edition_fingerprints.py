"""fingerprints and verification codes of submitted editions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE and unique indexes: a batch copy of ``assessment`` would drop the
    # table that ``answer`` references, which SQLite's foreign keys refuse.
    op.add_column('assessment', sa.Column('fingerprint', sa.String(length=64), nullable=True))
    op.add_column(
        'assessment', sa.Column('verification_code', sa.String(length=16), nullable=True)
    )
    op.create_index('uq_assessment_fingerprint', 'assessment', ['fingerprint'], unique=True)
    op.create_index(
        'uq_assessment_verification_code', 'assessment', ['verification_code'], unique=True
    )


def downgrade():
    op.drop_index('uq_assessment_verification_code', table_name='assessment')
    op.drop_index('uq_assessment_fingerprint', table_name='assessment')
    for column in ('verification_code', 'fingerprint'):
        op.execute(f'ALTER TABLE assessment DROP COLUMN {column}')
