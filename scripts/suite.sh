#!/usr/bin/env bash
# The whole suite on one machine, without Docker:
#
#   scripts/suite.sh start [--build]   local RabbitMQ and PostgreSQL, a standalone Kafka, and every
#                                      process of scripts/suite-instances (two linked talkers, two
#                                      compute nodes, one form producer) with the environment
#                                      docker-compose.yml gives it; waits until every /readyz is 200,
#                                      then prints the URLs and the logins. --build: package the jars
#                                      again first (otherwise only missing jars are built).
#   scripts/suite.sh stop              stops what start started
#   scripts/suite.sh status            each process: pid, /readyz, URL (exit 1 unless all run and are ready)
#
# Credentials come from .env and .credentials (scripts/create-credentials.sh writes them when .env
# is missing), the same files compose reads. Everything the launcher keeps is under .suite/
# (SUITE_RUN_DIR): logs/<instance>.log, pids, the environment of each process (mode 600), Kafka's
# data. On the shared brokers it uses its own things only: RabbitMQ virtual host `msgsuite` (user
# `suite`), and the PostgreSQL databases and roles the services' compose environments name
# (`saver`, `mailbin`), as compose's init script makes them; it never deletes any. RabbitMQ and PostgreSQL are machine services (the tests use them too):
# start starts them when they are down (scripts/start-local-services.sh, root), and stop stops them
# only if start started them. Needs root, or sudo, for PostgreSQL's roles; Debian's python3-yaml.
#
# Environment: SUITE_RUN_DIR (.suite), SUITE_KAFKA_PORT (9092; Kafka's controller takes the next
# port), SUITE_START_TIMEOUT (seconds, 300), SUITE_RABBITMQ_ADMIN (user:password of RabbitMQ's
# management API that creates the vhost and user, guest:guest as the local test broker has it),
# JAVA_HOME (else /usr/lib/jvm/temurin-25*).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

run_dir="${SUITE_RUN_DIR:-$root/.suite}"
instances_file="$root/scripts/suite-instances"
# The standalone Kafka broker from Maven Central jars: start [PORT] | stop, state in BENCH_KAFKA_DIR.
kafka_script="$root/bench/kafka/kafka-standalone.sh"
kafka_port="${SUITE_KAFKA_PORT:-9092}"
vhost=msgsuite
host=127.0.0.1
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME

log() { printf '[suite] %s\n' "$*"; }
die() { printf '[suite] %s\n' "$*" >&2; exit 1; }

# INSTANCE MODULE SERVICE HTTP MGMT SETTINGS... per line of scripts/suite-instances
rows() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$instances_file"; }

jar_of() { # MODULE -> the executable jar (Spring Boot's repackaged one)
  echo "$root/$1/target/$1.jar"
}

pid_file() { echo "$run_dir/pids/$1.pid"; }

running_pid() { # INSTANCE -> its pid when that process is still the one start started
  local file pid
  file=$(pid_file "$1")
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # a reused pid is some other program: the command line names our jar
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "-jar $root/" || return 1
  echo "$pid"
}

http_status() { curl -s -o /dev/null --max-time 3 -w '%{http_code}' "$1" 2>/dev/null || true; }
port_open() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }

as_postgres() { # psql ARGS... as the postgres superuser (root: su; otherwise sudo)
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' psql "$@")"
  else
    sudo -u postgres psql "$@"
  fi
}

pg_port() { pg_lsclusters --no-header 2>/dev/null | awk 'NR == 1 { print $3 }'; }

load_credentials() {
  if [ ! -f .env ]; then
    log "no .env: creating credentials (scripts/create-credentials.sh)"
    bash scripts/create-credentials.sh
  fi
  [ -f .credentials ] || die ".env exists but .credentials does not: the logins are in neither (scripts/create-credentials.sh --force makes both)"
  set -a; . ./.env; . ./.credentials; set +a
}

local_services() {
  local rabbit_up=true pg_up=true
  rabbitmq-diagnostics -q ping >/dev/null 2>&1 || rabbit_up=false
  [ -n "$(pg_port)" ] && pg_isready -q -h "$host" -p "$(pg_port)" 2>/dev/null || pg_up=false
  if $rabbit_up && $pg_up; then
    log "RabbitMQ and PostgreSQL are running: using them (stop leaves them running)"
    return
  fi
  # start-local-services.sh starts whichever is down; stop later stops only those
  $rabbit_up || touch "$run_dir/started-rabbitmq"
  $pg_up || touch "$run_dir/started-postgresql"
  bash scripts/start-local-services.sh
}

provision_rabbitmq() {
  # The management API takes the password in a request body, so it is on no command line.
  local api="http://$host:15672/api" admin="${SUITE_RABBITMQ_ADMIN:-guest:guest}" code
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$admin" -X PUT "$api/vhosts/$vhost")
  case "$code" in 201|204) ;; *) die "RabbitMQ management API: creating vhost $vhost answered $code (SUITE_RABBITMQ_ADMIN=user:password of an administrator)";; esac
  RABBITMQ_PASSWORD="$RABBITMQ_PASSWORD" /usr/bin/python3 -c \
    'import json, os; print(json.dumps({"password": os.environ["RABBITMQ_PASSWORD"], "tags": ""}))' |
    curl -sf -o /dev/null -u "$admin" -X PUT -H 'Content-Type: application/json' --data-binary @- "$api/users/suite" ||
    die "RabbitMQ management API refused to create user suite"
  curl -sf -o /dev/null -u "$admin" -X PUT -H 'Content-Type: application/json' \
    -d '{"configure": ".*", "write": ".*", "read": ".*"}' "$api/permissions/$vhost/suite" ||
    die "RabbitMQ management API refused permissions for suite on $vhost"
  log "RabbitMQ: vhost $vhost, user suite"
}

provision_postgresql() {
  # Each database a compose service uses, with its role, as compose/postgres-init.sh makes them;
  # the passwords are the ones in .env (updated when .env was made again). The SQL, passwords
  # included, goes to psql on its standard input, never on a command line.
  as_postgres -q -p "$(pg_port)" -v ON_ERROR_STOP=1 --dbname postgres < "$run_dir/env/postgres.sql" >/dev/null
  log "PostgreSQL: databases $(databases) on $host:$(pg_port)"
}

databases() { grep -o 'CREATE DATABASE [a-z_0-9]*' "$run_dir/env/postgres.sql" | cut -d' ' -f3 | paste -sd' '; }

start_kafka() {
  if port_open "$kafka_port"; then
    [ -f "$run_dir/kafka/pid" ] && kill -0 "$(cat "$run_dir/kafka/pid")" 2>/dev/null && { log "Kafka already running on $host:$kafka_port"; return; }
    die "port $kafka_port is taken by something else: SUITE_KAFKA_PORT=<free port> picks another"
  fi
  BENCH_KAFKA_DIR="$run_dir/kafka" bash "$kafka_script" start "$kafka_port" | sed 's/^/[suite] /'
}

build_jars() { # [--build]
  local modules=() module
  while read -r _ module _; do
    if [ "${1:-}" = --build ] || [ ! -f "$(jar_of "$module")" ]; then
      [[ " ${modules[*]} " == *" $module "* ]] || modules+=("$module")
    fi
  done < <(rows)
  [ "${#modules[@]}" -eq 0 ] && return
  log "building ${modules[*]} (./mvnw -DskipTests package)"
  local list
  list=$(IFS=,; echo "${modules[*]}")
  ./mvnw -B -q -DskipTests -pl "$list" -am package || ./mvnw -B -q -U -DskipTests -pl "$list" -am package
}

# Writes $run_dir/env/<instance>.env: the compose service's environment with its ${...} from .env
# (the shell's environment first, as compose does), compose host names turned into this machine's
# ports, then the instance's ports and settings from scripts/suite-instances; and
# $run_dir/env/postgres.sql, which creates the databases and roles those environments name.
write_environments() {
  mkdir -p "$run_dir/env"
  chmod 700 "$run_dir/env"
  /usr/bin/python3 - "$root/docker-compose.yml" "$root/.env" "$instances_file" "$run_dir/env" \
    "$kafka_port" "$(pg_port)" "$vhost" <<'PY'
import os
import re
import sys

import yaml

compose_file, dotenv_file, instances_file, out_dir, kafka_port, pg_port, vhost = sys.argv[1:8]


def read_dotenv(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


variables = {**read_dotenv(dotenv_file), **os.environ}


def interpolate(value, where):
    def replace(match):
        name, operator, argument = match.group(1), match.group(2) or "", match.group(3) or ""
        current = variables.get(name)
        if operator.endswith("-"):
            return current if current else argument
        if operator.endswith("?") and not current:
            sys.exit(f"[suite] {where}: {name} is not set ({argument})")
        return current or ""
    return re.sub(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}", replace, str(value)).replace("$$", "$")


compose = yaml.safe_load(open(compose_file, encoding="utf-8"))["services"]
rows = []
for line in open(instances_file, encoding="utf-8"):
    if line.strip() and not line.lstrip().startswith("#"):
        instance, module, service, http, management, *settings = line.split()
        rows.append((instance, service, http, management, dict(s.split("=", 1) for s in settings)))


def environment(service):
    return {k: interpolate(v, f"{service}.{k}") for k, v in (compose[service].get("environment") or {}).items()}


def own_settings(http, management, settings):
    own = {}
    if http != "-":
        own["SERVER_PORT"] = http
    if management != "-":
        own["MANAGEMENT_SERVER_PORT"] = management
    return {**own, **settings}


# compose host:port -> this machine: the brokers, and each service's container ports (its first
# instance here), moved where this machine's instance has them instead.
addresses = {"kafka:9092": f"127.0.0.1:{kafka_port}", "postgres:5432": f"127.0.0.1:{pg_port}"}
bare_hosts = {"rabbitmq": "127.0.0.1"}
for instance, service, http, management, settings in rows:
    mine = own_settings(http, management, settings)
    for key, value in environment(service).items():
        if value.isdigit():
            addresses.setdefault(f"{service}:{value}", f"127.0.0.1:{mine.get(key, value)}")


def localize(value, where):
    if value in bare_hosts:
        return bare_hosts[value]

    def replace(match):
        address = match.group(0)
        if address in addresses:
            return addresses[address]
        if match.group(1) in compose:
            print(f"[suite] WARNING {where}: {address} is a compose address this machine has no port for", file=sys.stderr)
        return address
    return re.sub(r"(?<![\w.-])([a-z][a-z0-9-]*):(\d+)", replace, value)


def megabytes(limit):
    number, unit = re.fullmatch(r"(\d+)([kmg]?)b?", str(limit).lower()).groups()
    return int(number) * {"k": 1 / 1024, "": 1 / 1048576, "m": 1, "g": 1024}[unit]


def private(name):
    return os.fdopen(os.open(os.path.join(out_dir, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8")


databases = {}
for instance, service, http, management, settings in rows:
    compose_env = environment(service)
    database = re.fullmatch(r"jdbc:postgresql://postgres:5432/(\w+)", compose_env.get("SPRING_DATASOURCE_URL", ""))
    if database:
        role = compose_env.get("SPRING_DATASOURCE_USERNAME", "")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", database.group(1)) or not re.fullmatch(r"[a-z_][a-z0-9_]*", role):
            sys.exit(f"[suite] {service}: database {database.group(1)!r} or role {role!r} is not a plain name")
        databases[database.group(1)] = (role, compose_env.get("SPRING_DATASOURCE_PASSWORD", ""))
with private("postgres.sql") as sql:
    for database, (role, password) in databases.items():
        quoted = "'" + password.replace("'", "''") + "'"
        sql.write(f"SELECT 'CREATE ROLE {role} LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') \\gexec\n"
                  f"ALTER ROLE {role} PASSWORD {quoted};\n"
                  f"SELECT 'CREATE DATABASE {database} OWNER {role}' WHERE NOT EXISTS "
                  f"(SELECT FROM pg_database WHERE datname = '{database}') \\gexec\n")

for instance, service, http, management, settings in rows:
    env = {k: localize(v, f"{instance}.{k}") for k, v in environment(service).items()}
    if "SPRING_RABBITMQ_HOST" in env:
        env["SPRING_RABBITMQ_VIRTUAL_HOST"] = vhost
    # a heap share of the container's memory limit means a share of this whole machine here
    options = env.get("JAVA_TOOL_OPTIONS", "")
    percentage = re.search(r"-XX:MaxRAMPercentage=(\d+)", options)
    if percentage and compose[service].get("mem_limit"):
        heap = int(megabytes(compose[service]["mem_limit"]) * int(percentage.group(1)) / 100)
        env["JAVA_TOOL_OPTIONS"] = options.replace(percentage.group(0), f"-Xmx{heap}m")
    env.update(own_settings(http, management, settings))
    with private(f"{instance}.env") as out:
        for key, value in env.items():
            if "\n" in value:
                sys.exit(f"[suite] {instance}.{key}: a value with a line break")
            out.write(f"{key}={value}\n")
PY
}

start_instance() { # INSTANCE MODULE
  local instance=$1 module=$2 jar vars
  jar=$(jar_of "$module")
  mapfile -t vars < "$run_dir/env/$instance.env"
  mkdir -p "$run_dir/work/$instance"
  # a session of its own: the process outlives this shell and a Ctrl-C in it
  (cd "$run_dir/work/$instance" && exec setsid env -i PATH="/usr/bin:/bin" HOME="${HOME:-/root}" LANG=C.UTF-8 \
    "${vars[@]}" "$JAVA_HOME/bin/java" -jar "$jar" > "$run_dir/logs/$instance.log" 2>&1 < /dev/null) &
  echo $! > "$(pid_file "$instance")"
}

start() {
  [ -x "$JAVA_HOME/bin/java" ] || die "no JDK 25: set JAVA_HOME"
  /usr/bin/python3 -c 'import yaml' 2>/dev/null || die "python3-yaml is missing (Debian: apt-get install python3-yaml)"
  mkdir -p "$run_dir/pids" "$run_dir/logs"
  local started=$SECONDS
  load_credentials
  local instance module service http management settings busy=() port
  while read -r instance module service http management settings; do
    running_pid "$instance" >/dev/null && continue
    for port in "$http" "$management" $(grep -o '_PORT=[0-9]*' <<< "$settings" | cut -d= -f2 || true); do
      [ "$port" != - ] && port_open "$port" && busy+=("$instance:$port")
    done
  done < <(rows)
  [ "${#busy[@]}" -eq 0 ] || die "ports taken by other programs: ${busy[*]} (scripts/suite.sh status shows what is ours)"

  local_services
  write_environments
  provision_rabbitmq
  provision_postgresql
  start_kafka
  build_jars "${1:-}"

  while read -r instance module _; do
    if pid=$(running_pid "$instance"); then
      log "$instance already running (pid $pid)"
    else
      start_instance "$instance" "$module"
      log "$instance started (pid $(cat "$(pid_file "$instance")"), log ${run_dir#"$root"/}/logs/$instance.log)"
    fi
  done < <(rows)

  local deadline=$(( SECONDS + ${SUITE_START_TIMEOUT:-300} )) pending
  while :; do
    pending=()
    while read -r instance module service http _; do
      if ! running_pid "$instance" >/dev/null; then
        log "$instance exited; the end of its log:" >&2
        tail -n 40 "$run_dir/logs/$instance.log" >&2 || true
        die "start failed ($instance); scripts/suite.sh stop stops the rest"
      fi
      [ "$http" = - ] || [ "$(http_status "http://$host:$http/readyz")" = 200 ] || pending+=("$instance")
    done < <(rows)
    [ "${#pending[@]}" -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      for instance in "${pending[@]}"; do
        log "$instance not ready; the end of its log:" >&2
        tail -n 20 "$run_dir/logs/$instance.log" >&2 || true
      done
      die "not ready in ${SUITE_START_TIMEOUT:-300} s: ${pending[*]}; scripts/suite.sh stop stops everything"
    fi
    sleep 2
  done
  log "every /readyz answers 200 ($(( SECONDS - started )) s)"
  summary
}

summary() {
  local instance module service http management settings
  echo
  echo "msgsuite runs on this machine (logs: ${run_dir#"$root"/}/logs/, scripts/suite.sh stop to end it):"
  while read -r instance module service http management settings; do
    if [ "$http" = - ]; then
      printf '  %-17s (no HTTP port)\n' "$instance"
    else
      printf '  %-17s http://%s:%s/   management http://%s:%s/actuator/prometheus\n' "$instance" "$host" "$http" "$host" "$management"
    fi
    for port in $(grep -o 'TALKER_PORT=[0-9]*' <<< "$settings" | cut -d= -f2 || true); do
      printf '  %-17s nc %s %s\n' "" "$host" "$port"
    done
  done < <(rows)
  echo "  brokers           RabbitMQ $host:5672 vhost $vhost (user suite), Kafka $host:$kafka_port, PostgreSQL $host:$(pg_port) ($(databases))"
  echo
  echo "Logins (from .credentials; docs/security.md says who may do what):"
  echo "  $ADMIN_USER / $ADMIN_PASSWORD      $VIEWER_USER / $VIEWER_PASSWORD"
  echo "  API token (admin):      Authorization: Bearer $ADMIN_TOKEN"
  echo "  skill bus clients token $SKILLBUS_CLIENTS_TOKEN"
  echo "  talker operator         /oper $TALKER_OPERATOR_PASSWORD"
  echo "End-to-end test: scripts/e2e-test.py"
}

stop_pid() { # PID WHAT: TERM, then KILL after 30 s
  local pid=$1 what=$2
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { log "$what stopped"; return 0; }
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  log "$what killed (did not stop within 30 s)"
}

stop() {
  local instance pid pids=() names=()
  # the producer first (it is last in the table), then the services, Kafka last
  while read -r instance _; do
    if pid=$(running_pid "$instance"); then
      kill "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$instance")
    fi
    rm -f "$(pid_file "$instance")"
  done < <(rows | tac)
  for i in "${!pids[@]}"; do stop_pid "${pids[$i]}" "${names[$i]}"; done
  if [ -f "$run_dir/kafka/pid" ]; then
    pid=$(cat "$run_dir/kafka/pid")
    kill -0 "$pid" 2>/dev/null && stop_pid "$pid" Kafka
    BENCH_KAFKA_DIR="$run_dir/kafka" bash "$kafka_script" stop
  fi
  if [ -f "$run_dir/started-rabbitmq" ]; then
    rabbitmqctl -q stop >/dev/null 2>&1 && log "RabbitMQ stopped (start had started it)"
    rm -f "$run_dir/started-rabbitmq"
  fi
  if [ -f "$run_dir/started-postgresql" ]; then
    pg_ctlcluster "$(pg_lsclusters --no-header | awk 'NR == 1 { print $1 }')" \
      "$(pg_lsclusters --no-header | awk 'NR == 1 { print $2 }')" stop && log "PostgreSQL stopped (start had started it)"
    rm -f "$run_dir/started-postgresql"
  fi
}

status() {
  local instance module service http management settings pid ready all=0
  while read -r instance module service http management settings; do
    if pid=$(running_pid "$instance"); then
      ready=-
      [ "$http" = - ] || ready=$(http_status "http://$host:$http/readyz")
      printf '%-17s pid %-8s /readyz %-4s %s\n' "$instance" "$pid" "$ready" "$([ "$http" = - ] || echo "http://$host:$http/")"
      [ "$ready" = 200 ] || [ "$ready" = - ] || all=1
    else
      printf '%-17s stopped\n' "$instance"
      all=1
    fi
  done < <(rows)
  if [ -f "$run_dir/kafka/pid" ] && kill -0 "$(cat "$run_dir/kafka/pid")" 2>/dev/null; then
    printf '%-17s pid %-8s %s:%s\n' kafka "$(cat "$run_dir/kafka/pid")" "$host" "$kafka_port"
  else
    printf '%-17s stopped\n' kafka; all=1
  fi
  return "$all"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
