"""Core's Alembic revisions (in ``versions/``) and the template every revision is made from."""
