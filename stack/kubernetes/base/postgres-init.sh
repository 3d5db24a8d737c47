#!/bin/sh
# First start only (docker-entrypoint-initdb.d): the Designer's runtime user and Gitea's database.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v designer_pw="$DESIGNER_DB_PASSWORD" -v gitea_pw="$GITEA_DB_PASSWORD" <<'SQL'
CREATE ROLE designer LOGIN PASSWORD :'designer_pw';
GRANT CONNECT ON DATABASE designerdb TO designer;
CREATE ROLE gitea LOGIN PASSWORD :'gitea_pw';
CREATE DATABASE giteadb OWNER gitea;
SQL
