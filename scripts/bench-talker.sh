#!/usr/bin/env bash
# Speech fan-out benchmark of talker-service side by side with ngIRCd (Debian `ngircd`), on this
# machine: 200 clients taking turns to speak, on one server and on a chain of three linked
# servers. Prints one table per run and a summary with the ratios. Installs ngircd with apt if
# missing (as root). Takes about 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}"
export JAVA_HOME
java="$JAVA_HOME/bin/java"
seconds="${BENCH_SECONDS:-5}"
clients="${BENCH_CLIENTS:-200}"
rates_one="${BENCH_RATES:-100,300,600,1000,1500,2000,3000,4000}"
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

command -v ngircd >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ngircd; }
./mvnw -q -DskipTests -pl talker-service,bench -am package

wait_port() { for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done; return 1; }

talker() { # N TCP_PORT PEER_PORT [CONNECT]
  "$java" -Xms512m -Xmx512m -jar talker-service/target/talker-service.jar --server.port=$((18180 + $1)) \
    --talker.port="$2" --talker.peers.listen-port="$3" ${4:+--talker.peers.connect[0]=$4} \
    --logging.level.root=WARN > "$work/talker-$1.log" 2>&1 &
  last_pid=$!; pids+=("$last_pid")
}

ngircd_conf() { # N PORT [peer-name:peer-port:connect|passive ...]
  local n=$1 port=$2; shift 2
  {
    printf '[Global]\n\tName = irc%s.bench\n\tInfo = benchmark\n\tListen = 127.0.0.1\n\tPorts = %s\n' "$n" "$port"
    printf '[Limits]\n\tMaxConnections = 0\n\tMaxConnectionsIP = 0\n\tMaxJoins = 0\n\tPingTimeout = 300\n\tPongTimeout = 60\n\tConnectRetry = 2\n'
    printf '[Options]\n\tDNS = no\n\tIdent = no\n\tPAM = no\n'
    for peer in "$@"; do
      IFS=: read -r name pport mode <<< "$peer"
      printf '[Server]\n\tName = %s\n\tHost = 127.0.0.1\n\tPort = %s\n\tMyPassword = bench\n\tPeerPassword = bench\n\tPassive = %s\n' \
        "$name" "$pport" "$([ "$mode" = passive ] && echo yes || echo no)"
    done
  } > "$work/irc$n.conf"
  ngircd -n -f "$work/irc$n.conf" > "$work/irc$n.log" 2>&1 &
  last_pid=$!; pids+=("$last_pid")
}

bench() { # NAME ARGS...
  local name=$1; shift
  echo; echo "== $name"
  "$java" -jar bench/target/bench.jar chat-speech --clients="$clients" --seconds="$seconds" "$@" | tee "$work/$name.txt"
}

# One server each.
talker 1 18891 18991; t1=$last_pid; wait_port 18891
bench talker-1 --dialect=talker --servers=127.0.0.1:18891 --server-pids="$t1" --label=talker --rates="$rates_one"
kill "$t1"
ngircd_conf 1 16671; i1=$last_pid; wait_port 16671
bench ngircd-1 --dialect=irc --servers=127.0.0.1:16671 --server-pids="$i1" --label=ngircd --rates="$rates_one"
kill "$i1"

# A chain of three linked servers, clients spread over all three.
talker 1 18891 18991; a=$last_pid; wait_port 18991
talker 2 18892 18992 127.0.0.1:18991; b=$last_pid; wait_port 18992
talker 3 18893 18993 127.0.0.1:18992; c=$last_pid; wait_port 18893
bench talker-3 --dialect=talker --servers=127.0.0.1:18891,127.0.0.1:18892,127.0.0.1:18893 \
  --server-pids="$a,$b,$c" --label=talker-chain --rates="$rates_one"
kill "$a" "$b" "$c"
ngircd_conf 1 16671 irc2.bench:16672:passive; x=$last_pid
ngircd_conf 2 16672 irc1.bench:16671:connect irc3.bench:16673:passive; y=$last_pid
ngircd_conf 3 16673 irc2.bench:16672:connect; z=$last_pid
wait_port 16673
bench ngircd-3 --dialect=irc --servers=127.0.0.1:16671,127.0.0.1:16672,127.0.0.1:16673 \
  --server-pids="$x,$y,$z" --label=ngircd-chain --rates="$rates_one"

result() { sed -n 's/.*max_delivered_per_s=\([0-9]*\).*/\1/p' "$work/$1.txt" | tail -n 1; }
echo
echo "== summary (saturated delivered lines/s, $clients clients taking turns)"
printf '%-16s %12s %12s %8s\n' setup talker ngircd ratio
for n in 1 3; do
  t=$(result "talker-$n"); g=$(result "ngircd-$n")
  printf '%-16s %12s %12s %7.2fx\n' "$n server(s)" "$t" "$g" "$(echo "$t / $g" | bc -l)"
done
echo "raw output: $work"
