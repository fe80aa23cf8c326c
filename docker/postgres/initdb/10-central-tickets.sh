#!/usr/bin/env bash
# Runs once, when the PostgreSQL volume is first initialised (the postgres image runs every file
# in /docker-entrypoint-initdb.d as the superuser). Creates the application's login role and its
# database, owned by it.
#
# The role is not a superuser: row-level security, the second wall between tenants, does not
# apply to superusers. It may create roles (CREATEROLE) because the first migration creates the
# NOLOGIN role ct_tenant and makes the application's role a member of it (ADR 0003).
set -euo pipefail
: "${CT_DB_NAME:?CT_DB_NAME is not set}" "${CT_DB_USER:?CT_DB_USER is not set}" "${CT_DB_PASSWORD:?CT_DB_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  --set=db="$CT_DB_NAME" --set=role="$CT_DB_USER" --set=password="$CT_DB_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN CREATEROLE NOSUPERUSER PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
