#!/usr/bin/env bash
# Start the action server, the Rasa server (REST + socketio) and the website with the chat
# widget and the staff lookup, as `make run` does. Ctrl-C (or SIGTERM) stops them all.
# Ports, stores and which servers to start come from the environment (README, "Settings").
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
SERVICES=${SERVICES:-actions rasa web}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://localhost:${ACTIONS_PORT}/webhook}
export TRACKER_DB=${TRACKER_DB:-var/tracker.db}
export WEB_PORT=${WEB_PORT:-8000}
export RASA_PORT
ENDPOINTS=${ENDPOINTS:-endpoints.yml}
# PostgreSQL and Redis (ENDPOINTS=deploy/endpoints.postgres.yml): libpq's usual variables.
export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432} PGDATABASE=${PGDATABASE:-jeugdhulp}
export PGUSER=${PGUSER:-jeugdhulp} PGPASSWORD=${PGPASSWORD:-}
export REDIS_HOST=${REDIS_HOST:-localhost} REDIS_PORT=${REDIS_PORT:-6379}
# The website's pages call the Rasa server from the browser: allow their origins only.
RASA_CORS=${RASA_CORS:-http://localhost:${WEB_PORT} http://127.0.0.1:${WEB_PORT}}
# RASA_MODEL, not MODEL: the Makefile has its own MODEL, which make passes on instead.
MODEL=${RASA_MODEL:-models/jeugdhulp.tar.gz}
mkdir -p var "$(dirname "$TRACKER_DB")"
"$VENV/bin/python" -m bot.nlp --which

# Rasa's HTTP API (trackers, model, ...) is off unless a token protects it.
api=()
if [ -n "${RASA_API_TOKEN:-}" ]; then
  api=(--enable-api --auth-token "$RASA_API_TOKEN")
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

for service in $SERVICES; do
  case $service in
    actions) "$VENV/bin/rasa" run actions --actions actions --port "$ACTIONS_PORT" & ;;
    rasa) "$VENV/bin/rasa" run --model "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
            --endpoints "$ENDPOINTS" --cors $RASA_CORS "${api[@]}" & ;;
    web) "$VENV/bin/python" -m bot.web & ;;
    *) echo "Onbekende dienst in SERVICES: $service (kies uit: actions rasa web)" >&2; exit 2 ;;
  esac
  pids+=($!)
done
echo "Website met de chat: http://localhost:${WEB_PORT}/ (beleid opzoeken: /medewerkers)."
echo "Assistent op http://localhost:${RASA_PORT} (REST: /webhooks/rest/webhook, socketio), acties op"
echo "http://localhost:${ACTIONS_PORT}. De chat antwoordt zodra 'Rasa server is up and running' verschijnt."
# Stop everything when one server exits.
wait -n
