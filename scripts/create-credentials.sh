#!/usr/bin/env bash
# The one way to create msgsuite's credentials (docs/security.md).
#
#   scripts/create-credentials.sh [--force]   .env for docker compose, .credentials for people
#   scripts/create-credentials.sh --k8s [--force]
#                                             k8s/base/credentials.env for kustomize's secretGenerator,
#                                             k8s/.credentials for people
#   scripts/create-credentials.sh hash [PASSWORD]
#                                             a bcrypt hash for SUITE_SECURITY_USERS_<n>_PASSWORD
#                                             or TALKER_OPERATOR_PASSWORD_HASH (asks when no PASSWORD)
#   scripts/create-credentials.sh token       a new API token and its SHA-256 for
#                                             SUITE_SECURITY_TOKENS_<n>_SHA256
#
# Every secret is random (openssl rand, else /dev/urandom). Services get only bcrypt hashes of
# login passwords and SHA-256 digests of API tokens; the plaintext a person or script needs goes
# to the .credentials file beside the target, mode 600. Existing files are never overwritten
# without --force: the databases and RabbitMQ keep the passwords they were first started with.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "create-credentials: $*" >&2; exit 1; }

random_hex() { # BYTES
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex "$1"
  else
    head -c "$1" /dev/urandom | od -An -v -tx1 | tr -d ' \n'
  fi
}

require_htpasswd() {
  command -v htpasswd >/dev/null 2>&1 && return
  die "htpasswd (bcrypt) is missing: install apache2-utils (Debian/Ubuntu: apt-get install apache2-utils), httpd-tools (Fedora/RHEL: dnf install httpd-tools); macOS ships it"
}

bcrypt() { # PASSWORD -> $2y$10$... (read from stdin, so the password is not in the process list)
  local line
  line=$(printf '%s\n' "$1" | htpasswd -niBC 10 user) || die "htpasswd failed"
  line=${line#user:}
  printf '%s' "${line%%[[:space:]]*}"
}

sha256() { # TEXT -> hex digest
  if command -v sha256sum >/dev/null 2>&1; then
    printf '%s' "$1" | sha256sum | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    printf '%s' "$1" | shasum -a 256 | cut -d' ' -f1
  else
    die "neither sha256sum (coreutils) nor shasum (perl) is installed"
  fi
}

case "${1:-}" in
  hash)
    [ $# -le 2 ] || die "usage: $0 hash [PASSWORD]"
    require_htpasswd
    password=${2:-}
    if [ $# -eq 1 ]; then
      read -rsp "Password: " password; echo >&2
    fi
    [ -n "$password" ] || die "an empty password is no password"
    bcrypt "$password"; echo
    exit 0 ;;
  token)
    [ $# -eq 1 ] || die "usage: $0 token"
    token=$(random_hex 24)
    echo "token:  $token"
    echo "sha256: $(sha256 "$token")"
    exit 0 ;;
  -h|--help)
    usage; exit 0 ;;
esac

force=false
k8s=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    --k8s) k8s=true ;;
    *) usage >&2; exit 2 ;;
  esac
done

if $k8s; then
  target=k8s/base/credentials.env
  people=k8s/.credentials
else
  target=.env
  people=.credentials
fi
for file in "$target" "$people"; do
  if [ -e "$file" ] && ! $force; then
    die "$file exists; keep it, or pass --force to replace it (then also reset the data: with new database and RabbitMQ passwords, volumes made with the old ones refuse the services)"
  fi
done
require_htpasswd

admin_password=$(random_hex 16)
viewer_password=$(random_hex 16)
admin_token=$(random_hex 24)
node_token=$(random_hex 24)
bus_services_token=$(random_hex 24)
bus_clients_token=$(random_hex 24)
tuplespace_token=$(random_hex 24)
talker_operator_password=$(random_hex 16)

admin_hash=$(bcrypt "$admin_password")
viewer_hash=$(bcrypt "$viewer_password")
talker_operator_hash=$(bcrypt "$talker_operator_password")

# A value is single-quoted in .env so compose takes a bcrypt hash's '$' literally; kustomize's
# env files take everything after '=' as it is, so k8s/base/credentials.env has no quotes.
quote() { if $k8s; then printf '%s' "$1"; else printf "'%s'" "$1"; fi; }

umask 077
tmp=$(mktemp "$target.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{
  echo "# msgsuite credentials, made by scripts/create-credentials.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)."
  echo "# Secret: never commit this file. Every variable is documented in .env.example."
  if ! $k8s; then
    echo
    echo "# Host interface the published ports listen on; 0.0.0.0 makes the suite reachable from"
    echo "# other machines (put TLS in front first: docs/security.md)."
    echo "BIND_ADDRESS=127.0.0.1"
  fi
  echo
  echo "# HTTP users of every service (bcrypt), and the admin's API token (SHA-256)"
  echo "SUITE_ADMIN_PASSWORD_HASH=$(quote "$admin_hash")"
  echo "SUITE_VIEWER_PASSWORD_HASH=$(quote "$viewer_hash")"
  echo "SUITE_ADMIN_TOKEN_SHA256=$(sha256 "$admin_token")"
  echo
  echo "# compute-node's token for reading elections from saver-service (plain on the nodes, SHA-256 on saver)"
  echo "COMPUTE_NODE_SAVER_TOKEN=$node_token"
  echo "COMPUTE_NODE_SAVER_TOKEN_SHA256=$(sha256 "$node_token")"
  echo
  echo "# Skill bus tokens: the services' (publish their events) and the clients' (publish and subscribe everything)"
  echo "SKILLBUS_SERVICES_TOKEN=$bus_services_token"
  echo "SKILLBUS_CLIENTS_TOKEN=$bus_clients_token"
  echo
  echo "# tuple-space-service: the clients' token (operator: read, write and take in every space)"
  echo "TUPLESPACE_CLIENTS_TOKEN_SHA256=$(sha256 "$tuplespace_token")"
  echo
  echo "# Talker: operator password (bcrypt) and the secret linked talkers prove to each other"
  echo "TALKER_OPERATOR_PASSWORD_HASH=$(quote "$talker_operator_hash")"
  echo "TALKER_PEERS_SECRET=$(random_hex 24)"
  echo
  echo "# Brokers and database"
  echo "RABBITMQ_PASSWORD=$(random_hex 16)"
  echo "POSTGRES_PASSWORD=$(random_hex 16)"
  echo "SAVER_DB_PASSWORD=$(random_hex 16)"
  echo "MAILBIN_DB_PASSWORD=$(random_hex 16)"
  echo "TUPLESPACE_DB_PASSWORD=$(random_hex 16)"
} > "$tmp"
chmod 600 "$tmp"
mv "$tmp" "$target"
trap - EXIT

{
  echo "# msgsuite logins and tokens for people and scripts ($target holds only their hashes)."
  echo "# Made by scripts/create-credentials.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Secret: never commit this file."
  echo "# Shell syntax: scripts read it with '. $people'."
  echo
  echo "# HTTP Basic on mailbin (inbox), saver, bus-server (status page), health details everywhere"
  echo "ADMIN_USER=admin"
  echo "ADMIN_PASSWORD=$admin_password"
  echo "VIEWER_USER=viewer"
  echo "VIEWER_PASSWORD=$viewer_password"
  echo "# Authorization: Bearer for scripts (role admin on mailbin, saver and bus-server)"
  echo "ADMIN_TOKEN=$admin_token"
  echo "# Skill bus websocket clients (Authorization: Bearer or ?access_token=): publish and subscribe '#'"
  echo "SKILLBUS_CLIENTS_TOKEN=$bus_clients_token"
  echo "# tuple-space-service clients (Authorization: Bearer; websocket /ws and REST): read, write, take"
  echo "TUPLESPACE_CLIENTS_TOKEN=$tuplespace_token"
  echo "# Talker: /oper PASSWORD"
  echo "TALKER_OPERATOR_PASSWORD=$talker_operator_password"
} > "$people"
chmod 600 "$people"

echo "Wrote $target (for $(if $k8s; then echo "kustomize's secretGenerator"; else echo "docker compose"; fi)) and $people (logins and tokens in plaintext), both mode 600."
echo "Log in as admin with the password in $people; docs/security.md says who may do what."
