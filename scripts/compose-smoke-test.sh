#!/usr/bin/env bash
# Builds and starts the compose stack, waits until every container reports healthy, checks
# that each service's /readyz answers 200 through its published port and that the services'
# events reach the skill bus, then tears it down.
set -euo pipefail
cd "$(dirname "$0")/.."

project="msgsuite-smoke"
compose() { docker-compose -p "$project" "$@"; }
cleanup() { compose down -v --remove-orphans >/dev/null 2>&1 || true; }
trap cleanup EXIT

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

# Published HTTP ports (defaults of docker-compose.yml, overridable from .env).
set -a; [ -f .env ] && . ./.env; set +a
declare -A ports=(
  [bus-server]="${BUS_SERVER_PORT:-8081}" [talker-service]="${TALKER_HTTP_PORT:-8082}"
  [compute-node]="${COMPUTE_NODE_PORT:-8083}" [saver-service]="${SAVER_SERVICE_PORT:-8084}"
  [mailbin-service]="${MAILBIN_SERVICE_PORT:-8085}")
failed=0
for service in "${!ports[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$service]}/readyz" || true)
  echo "[smoke] $service /readyz -> $code"
  [ "$code" = "200" ] || failed=1
done
[ "$failed" = 0 ] || exit 1

# The services publish their events to the bus inside the stack: see them arrive.
/usr/bin/python3 scripts/smoke-bus-events.py "${ports[bus-server]}" "${TALKER_TCP_PORT:-8889}" \
  "${ports[mailbin-service]}" "${ports[saver-service]}"
