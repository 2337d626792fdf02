#!/usr/bin/env bash
# End-to-end SMTP benchmark: starts the gateway (./cleanport run) on loopback with a fresh state
# directory, protects bench.test with the load driver's downstream listener as its server, then runs
# the load driver: first straight against the listener (baseline), then through the gateway, in the
# same run. Prints the driver's tables (msgs/s, latency from the client's end of DATA to downstream
# receipt) and the gateway's peak RSS.
#
#   bench/smtp-load.sh [driver options...]      e.g. --messages 5000 --sessions 8
#                                                    --messages 3000 --sessions 8 --rate 100
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

smtp_port=$(free_port); webadmin_port=$(free_port); downstream_port=$(free_port)
home=$(mktemp -d /tmp/cleanport-bench.XXXXXX)
log="$home/gateway.log"

mvn -B -q -DskipTests install >&2

CLEANPORT_HOME="$home" CLEANPORT_BIND=127.0.0.1 CLEANPORT_SMTP_PORT=$smtp_port \
CLEANPORT_WEBADMIN_PORT=$webadmin_port ./cleanport run > "$log" 2>&1 &
gateway_pid=$!
cleanup() { kill -TERM "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT

for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$webadmin_port/healthcheck" > /dev/null; then break; fi
    kill -0 "$gateway_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
done
# bench.test lists its recipient (not catch-all, so not greylisted).
curl -sf -X PUT "http://127.0.0.1:$webadmin_port/cleanport/domains/bench.test" \
    -H "Content-Type: application/json" -d "{\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":$downstream_port}]}"
curl -sf -X PUT "http://127.0.0.1:$webadmin_port/cleanport/domains/bench.test/users/user"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, $(java -version 2>&1 | head -1)" >&2
java -cp load-driver/target/classes io.cleanport.load.SmtpLoadDriver \
    --target "127.0.0.1:$smtp_port" --downstream-port "$downstream_port" --baseline \
    --rcpt user@bench.test --from load@sender.test --pid "$gateway_pid" "$@"
