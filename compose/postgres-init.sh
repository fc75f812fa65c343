#!/bin/bash
# One database and one role per service that stores data. The official postgres entrypoint
# runs this once, on an empty volume; the role passwords come from the environment (set from
# .env or the k8s Secret), never from a file in the repository. Keep k8s/base/postgres-init.sh the same.
set -eo pipefail
: "${SAVER_DB_PASSWORD:?set SAVER_DB_PASSWORD (scripts/create-credentials.sh)}"
: "${MAILBIN_DB_PASSWORD:?set MAILBIN_DB_PASSWORD (scripts/create-credentials.sh)}"
: "${TUPLESPACE_DB_PASSWORD:?set TUPLESPACE_DB_PASSWORD (scripts/create-credentials.sh)}"
# \getenv reads the passwords inside psql, so they appear in no command line.
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres <<'SQL'
\getenv saver_password SAVER_DB_PASSWORD
\getenv mailbin_password MAILBIN_DB_PASSWORD
\getenv tuplespace_password TUPLESPACE_DB_PASSWORD
CREATE ROLE saver LOGIN PASSWORD :'saver_password';
CREATE DATABASE saver OWNER saver;
CREATE ROLE mailbin LOGIN PASSWORD :'mailbin_password';
CREATE DATABASE mailbin OWNER mailbin;
CREATE ROLE tuplespace LOGIN PASSWORD :'tuplespace_password';
CREATE DATABASE tuplespace OWNER tuplespace;
SQL
