#!/usr/bin/env bash
# Builds and starts the compose stack, waits until every container reports healthy, checks
# that each service's /readyz answers 200 through its published port, that what needs a login
# refuses anonymous clients and answers with the credentials of .credentials, that the
# management ports are not published, and that the services' events reach the skill bus
# (through tokens), then tears it down. Creates the credentials first when there is no .env
# (a fresh clone, as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f .env ]; then
  echo "[smoke] no .env: creating credentials"
  bash scripts/create-credentials.sh
fi
[ -f .credentials ] || { echo "[smoke] .env exists but .credentials does not: the smoke test needs the logins (scripts/create-credentials.sh --force)" >&2; exit 1; }
set -a; . ./.env; . ./.credentials; set +a

project="msgsuite-smoke"
compose() { docker-compose -p "$project" "$@"; }
cleanup() { compose down -v --remove-orphans >/dev/null 2>&1 || true; }
# SMOKE_KEEP_STACK=1 leaves the stack running for a look (docker-compose -p msgsuite-smoke down -v after)
[ "${SMOKE_KEEP_STACK:-0}" = 1 ] || trap cleanup EXIT

compose up -d --build

services=$(compose config --services)
deadline=$(( $(date +%s) + ${SMOKE_TIMEOUT_SECONDS:-420} ))
while :; do
  pending=()
  for service in $services; do
    ids=$(compose ps -q "$service")
    [ -n "$ids" ] || { pending+=("$service=missing"); continue; }
    for id in $ids; do  # a scaled service has several containers
      health=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || echo missing)
      [ "$health" = "healthy" ] || pending+=("$service=$health")
    done
  done
  [ "${#pending[@]}" -eq 0 ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "[smoke] not healthy in time: ${pending[*]}" >&2
    compose ps >&2
    for entry in "${pending[@]}"; do compose logs --tail 60 "${entry%%=*}" >&2 || true; done
    exit 1
  fi
  sleep 5
done
echo "[smoke] all containers healthy: $(echo $services)"

# Published HTTP ports (defaults of docker-compose.yml, overridable from .env), on BIND_ADDRESS.
host="${BIND_ADDRESS:-127.0.0.1}"
[ "$host" = "0.0.0.0" ] && host=127.0.0.1
declare -A ports=(
  [bus-server]="${BUS_SERVER_PORT:-8081}" [talker-service]="${TALKER_HTTP_PORT:-8082}"
  [compute-node]="${COMPUTE_NODE_PORT:-8083}" [saver-service]="${SAVER_SERVICE_PORT:-8084}"
  [mailbin-service]="${MAILBIN_SERVICE_PORT:-8085}")
declare -A management=(
  [bus-server]=9081 [talker-service]=9082 [compute-node]=9083 [saver-service]=9084 [mailbin-service]=9085)
failed=0
check() { # WHAT EXPECTED_STATUS CURL_ARGS...
  local what=$1 expected=$2 code
  shift 2
  code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$@" || true)
  if [ "$code" = "$expected" ]; then
    echo "[smoke] $what -> $code"
  else
    echo "[smoke] $what -> $code, expected $expected" >&2
    failed=1
  fi
}

for service in "${!ports[@]}"; do
  base="http://$host:${ports[$service]}"
  check "$service /readyz (anonymous)" 200 "$base/readyz"
  # probes are public, so they must not tell hosts, versions or errors
  if curl -s "$base/readyz" | grep -q '"details"'; then
    echo "[smoke] $service /readyz shows health details to anonymous clients" >&2
    failed=1
  fi
  # the actuator's management port stays inside the compose network
  if compose port "$service" "${management[$service]}" 2>/dev/null | grep -q ':[1-9]'; then
    echo "[smoke] $service publishes its management port ${management[$service]}" >&2
    failed=1
  fi
done

mailbin="http://$host:${ports[mailbin-service]}"
saver="http://$host:${ports[saver-service]}"
bus="http://$host:${ports[bus-server]}"
viewer=(-u "$VIEWER_USER:$VIEWER_PASSWORD")
admin_bearer=(-H "Authorization: Bearer $ADMIN_TOKEN")

check "mailbin GET /api/forms (anonymous)" 401 "$mailbin/api/forms"
check "mailbin GET /api/forms (wrong password)" 401 -u "$VIEWER_USER:not-the-password" "$mailbin/api/forms"
check "mailbin GET /api/forms (viewer)" 200 "${viewer[@]}" "$mailbin/api/forms"
check "mailbin GET /api/forms (admin token)" 200 "${admin_bearer[@]}" "$mailbin/api/forms"
check "saver GET /api/nodes (anonymous)" 401 "$saver/api/nodes"
check "saver GET /api/nodes (unknown token)" 401 -H "Authorization: Bearer not-a-token" "$saver/api/nodes"
check "saver GET /api/nodes (viewer)" 200 "${viewer[@]}" "$saver/api/nodes"
check "saver POST /api/commands (viewer: read only)" 403 "${viewer[@]}" -X POST -H 'Content-Type: application/json' \
  -d '{"command": "ping"}' "$saver/api/commands"
check "saver POST /api/commands (anonymous)" 401 -X POST -H 'Content-Type: application/json' \
  -d '{"command": "shutdown-drain"}' "$saver/api/commands"
check "bus GET /api/clients (anonymous)" 401 "$bus/api/clients"
check "bus GET /api/clients (viewer)" 200 "${viewer[@]}" "$bus/api/clients"
check "bus websocket without a token" 401 -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
  -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: c21va2UtdGVzdC1rZXktMQ==' "$bus/ws"
[ "$failed" = 0 ] || exit 1

# The services publish their events to the bus inside the stack, with the services' token: see
# them arrive (watching with the clients' token), and the two talkers linked by their secret.
# Tokens and passwords travel in the environment (SKILLBUS_CLIENTS_TOKEN, ADMIN_TOKEN), not argv.
/usr/bin/python3 scripts/smoke-bus-events.py "$host" "${ports[bus-server]}" "${TALKER_TCP_PORT:-8889}" \
  "${TALKER_PEER_TCP_PORT:-8891}" "${ports[mailbin-service]}" "${ports[saver-service]}"
