#!/usr/bin/env bash
# Start the action server, the Rasa server (REST + socketio) and the website with the chat
# widget and the staff lookup, as `make run` does.
# Ctrl-C (or SIGTERM) stops both. Ports and stores come from the environment (README).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://localhost:${ACTIONS_PORT}/webhook}
export TRACKER_DB=${TRACKER_DB:-var/tracker.db}
export WEB_PORT=${WEB_PORT:-8000}
export RASA_PORT
# The website's pages call the Rasa server from the browser: allow their origins.
RASA_CORS=${RASA_CORS:-http://localhost:${WEB_PORT} http://127.0.0.1:${WEB_PORT}}
MODEL=${MODEL:-models/jeugdhulp.tar.gz}
mkdir -p var "$(dirname "$TRACKER_DB")"
"$VENV/bin/python" -m bot.nlp --which

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$VENV/bin/rasa" run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
"$VENV/bin/rasa" run --model "$MODEL" --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml --cors $RASA_CORS &
pids+=($!)
"$VENV/bin/python" -m bot.web &
pids+=($!)
echo "Website met de chat: http://localhost:${WEB_PORT}/ (beleid opzoeken: /medewerkers)."
echo "Assistent op http://localhost:${RASA_PORT} (REST: /webhooks/rest/webhook, socketio), acties op"
echo "http://localhost:${ACTIONS_PORT}. De chat antwoordt zodra 'Rasa server is up and running' verschijnt."
# Stop everything when either server exits.
wait -n
