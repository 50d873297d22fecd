#!/usr/bin/env bash
# Start N `streamlit run app.py` replicas and nginx in front of them, all on loopback.
#   deploy/start.sh [N=2] [PORT=8501]      (replicas listen on PORT+1 .. PORT+N)
# The database is built once, before any replica starts, into $REFORM_CACHE_DIR (the file every replica then
# opens read-only: lib/db.py open_store names it by the inputs hash), so no replica and no visitor waits for a
# build. Stops everything on Ctrl-C or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2}"
PORT="${2:-8501}"
PY="${PYTHON:-$(command -v python3)}"
[ -x .venv/bin/python ] && PY="${PYTHON:-.venv/bin/python}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
RUNDIR="$(mktemp -d "${TMPDIR:-/tmp}/reform-deploy.XXXXXX")"
export REFORM_CACHE_DIR="${REFORM_CACHE_DIR:-$PWD/.cache}"

"$PY" -c "from lib import db; db.open_store().close()"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$RUNDIR"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

upstreams=""
for i in $(seq 1 "$N"); do
  p=$((PORT + i))
  "$PY" -m streamlit run app.py --server.address 127.0.0.1 --server.port "$p" --server.headless true \
    --server.fileWatcherType none --browser.gatherUsageStats false &
  pids+=("$!")
  upstreams+="        server 127.0.0.1:$p max_fails=0;"$'\n'
done
"$PY" - "$PORT" "$N" <<'PYEOF'
import sys, time, urllib.request
port, n = int(sys.argv[1]), int(sys.argv[2])
for i in range(1, n + 1):  # nginx starts once every replica answers its health check
    deadline = time.time() + 180
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port + i}/_stcore/health", timeout=2).close()
            break
        except OSError:
            if time.time() > deadline:
                sys.exit(f"replica on port {port + i} did not become healthy")
            time.sleep(0.3)
PYEOF
sed -e "s|@PORT@|$PORT|" -e "s|@RUNDIR@|$RUNDIR|g" deploy/nginx.conf.template \
  | awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' > "$RUNDIR/nginx.conf"
"$NGINX" -t -q -c "$RUNDIR/nginx.conf" -e "$RUNDIR/error.log"
"$NGINX" -c "$RUNDIR/nginx.conf" -e "$RUNDIR/error.log" &
pids+=("$!")
echo "serving on http://127.0.0.1:$PORT ($N replicas)"
wait -n
