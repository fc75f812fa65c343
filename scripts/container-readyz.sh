#!/usr/bin/env bash
# Container healthcheck: exit 0 when GET /readyz on the service's own port answers 200.
# Plain bash /dev/tcp, so the runtime image needs neither curl nor wget.
set -u
port="${SERVER_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /readyz HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1.1 200"*|"HTTP/1.0 200"*) exit 0 ;;
  *) exit 1 ;;
esac
