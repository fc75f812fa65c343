#!/usr/bin/env bash
# Installs (with apt, when missing) and starts the RabbitMQ and PostgreSQL services that the
# integration tests use when no Docker engine is found, and creates the test role.
# Idempotent; run as root on Debian. Kafka needs nothing here: tests embed a KRaft broker.
set -euo pipefail

log() { printf '[local-services] %s\n' "$*"; }

missing=()
command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# RabbitMQ: classic queues store messages the way RabbitMQ 3.13 and later do by default (CQv2,
# the only storage of 4.x, which compose and k8s run); Debian's 3.10 still defaults to CQv1.
# Every classic queue the tests and benchmarks declare, PerfTest's included, uses it.
config=/etc/rabbitmq/rabbitmq.conf
if [ -d /etc/rabbitmq ] && ! grep -qs '^classic_queue.default_version' "$config"; then
  echo 'classic_queue.default_version = 2' >> "$config"
  chmod 644 "$config"
  if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    log "restarting RabbitMQ to apply $config"
    rabbitmqctl -q stop >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do rabbitmq-diagnostics -q ping >/dev/null 2>&1 || break; sleep 1; done
  fi
fi

# RabbitMQ: no systemd here, so start the node detached and wait until it answers.
if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  log "starting RabbitMQ"
  # Debian's wrapper switches to the rabbitmq user with su, which resets the open-files limit to
  # 1024: a thousand websocket clients (the benchmarks) exhaust that, and RabbitMQ's memory
  # monitor does not survive it. Start the node as that user with the hard limit instead.
  if [ "$(id -u)" = 0 ] && [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && id rabbitmq >/dev/null 2>&1; then
    (cd /var/lib/rabbitmq && su rabbitmq -s /bin/sh -c "ulimit -n \$(ulimit -Hn); /usr/lib/rabbitmq/bin/rabbitmq-server -detached")
  else
    rabbitmq-server -detached
  fi
  for _ in $(seq 1 60); do
    rabbitmq-diagnostics -q ping >/dev/null 2>&1 && break
    sleep 1
  done
fi
rabbitmq-diagnostics -q ping >/dev/null || { log "RabbitMQ did not start"; exit 1; }
rabbitmq-plugins -q enable rabbitmq_management rabbitmq_web_stomp >/dev/null
log "RabbitMQ up on localhost:5672"

# PostgreSQL: start the first cluster of the installed version.
read -r pg_version pg_cluster pg_port pg_status _ < <(pg_lsclusters --no-header | head -n 1)
if [ "$pg_status" != "online" ]; then
  log "starting PostgreSQL $pg_version/$pg_cluster"
  pg_ctlcluster "$pg_version" "$pg_cluster" start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h localhost -p "$pg_port" && break
  sleep 1
done
pg_isready -q -h localhost -p "$pg_port" || { log "PostgreSQL did not start"; exit 1; }
# Each test context creates and drops a database of its own with this role.
su postgres -c "psql -q -p $pg_port -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'suite') THEN
    CREATE ROLE suite LOGIN CREATEDB PASSWORD 'suite';
  END IF;
END $$;
SQL
log "PostgreSQL up on localhost:$pg_port (role suite)"
