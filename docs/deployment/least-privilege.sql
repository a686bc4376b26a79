-- Repère on PostgreSQL: the role the application connects as, owning nothing.
--
-- Run as the owner of the tables (the role that runs `flask --app wsgi db upgrade`),
-- connected to the application's database, after every migration:
--
--   psql "postgresql://OWNER@HOST/DATABASE" -v ON_ERROR_STOP=1 -f docs/deployment/least-privilege.sql
--   psql "postgresql://OWNER@HOST/DATABASE" -c "\password repere_app"    (once)
--
-- The application then connects as repere_app (DATABASE_URL=postgresql+psycopg://repere_app:…@…).
-- It reads and writes the rows it needs; it cannot change the schema, and the journal is
-- append-only twice over: the triggers refuse UPDATE, DELETE and TRUNCATE (migrations 0002
-- and 0004), and the role has only INSERT and SELECT on it.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'repere_app') THEN
    CREATE ROLE repere_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO repere_app', current_database());
  EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM repere_app', current_database());
END
$$;

-- No schema changes: the migrations run as the owner, never as the application.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM repere_app;
GRANT USAGE ON SCHEMA public TO repere_app;

-- Rows of every table, never TRUNCATE, REFERENCES or TRIGGER.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM repere_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO repere_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO repere_app;

-- The journal: append and read only.
REVOKE UPDATE, DELETE, TRUNCATE ON journal FROM repere_app;

-- The migrations' own bookkeeping is none of the application's business.
REVOKE ALL ON alembic_version FROM repere_app;
