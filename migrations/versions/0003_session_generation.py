"""user_account.session_generation: signing out revokes every copy of the session cookie

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 06:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases (SQLite >= 3.35 drops a column in place): a batch
# operation would copy and drop user_account, which the journal's foreign key refuses.
def upgrade():
    op.add_column('user_account', sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    op.drop_column('user_account', 'session_generation')
