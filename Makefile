# The vocabulary of the project. `make help` lists the targets.
VENV ?= .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/jeugdhulp.tar.gz
# the held-out test sets, scored by make eval and make bench-stock (never trained on)
TEST_SETS := tests/nlu_holdout.yml tests/nlu_holdout_b.yml tests/nlu_holdout_c.yml
export VENV
# No telemetry or error reports leave this machine (there is no network here anyway).
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
# endpoints.yml reads TRACKER_DB; rasa test and validate need it set (scripts/run.sh sets its own).
export TRACKER_DB ?= var/tracker.db

.DEFAULT_GOAL := help
.PHONY: help install data check import build diff bench bench-stock train run shell test test-unit validate test-conversations test-e2e browser-setup services-setup screenshots purge load eval lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## Create .venv (Python 3.10) and install the pinned packages

$(VENV)/.installed: requirements.txt constraints.txt scripts/install.sh
	scripts/install.sh

data: install ## Regenerate the Rasa training data from faq/
	$(PY) -m bot.faq data

check: install ## Validate faq/ (topics, examples, summaries, facts)
	$(PY) -m bot.faq check

import: install ## Maintainers: make import FILE=doc.pdf VERSION=2025-06-01 [CONFIRM="10=new 12=pgb"]
	@test -n "$(FILE)" -a -n "$(VERSION)" || { echo "Gebruik: make import FILE=document.txt VERSION=JJJJ-MM-DD"; exit 2; }
	$(PY) -m bot.faq import "$(FILE)" --version $(VERSION) $(foreach c,$(CONFIRM),--confirm $(c))

build: install ## Maintainers: check faq/, regenerate the training data, train if needed
	$(PY) -m bot.faq build

diff: install ## Maintainers: change report between the two newest FAQ versions
	$(PY) -m bot.faq diff

train: data ## Train the model if it is missing or stale
	scripts/train.sh

run: train ## Install, train if needed, start the assistant and the website (localhost:8000)
	scripts/run.sh

shell: train ## Chat with the assistant in the terminal
	@mkdir -p var
	$(RASA) run actions --actions actions --port $${ACTIONS_PORT:-5055} >var/actions-shell.log 2>&1 & \
	  pid=$$!; trap "kill $$pid" EXIT; \
	  ACTION_ENDPOINT_URL=http://localhost:$${ACTIONS_PORT:-5055}/webhook TRACKER_DB=var/shell.db \
	  $(RASA) shell --model $(MODEL) --endpoints endpoints.yml

test: install ## Run every test: unit, data validation, conversations, end-to-end HTTP and browser
	$(MAKE) test-unit validate train test-conversations test-e2e

test-unit: install
	$(PY) -m pytest -m "not e2e" -q

validate: install
	$(RASA) data validate --domain domain.yml --data data --config config.yml

test-conversations: train
	$(RASA) test core --model $(MODEL) --stories tests/test_conversations.yml \
	  --fail-on-prediction-errors --out var/results

test-e2e: train browser-setup services-setup
	$(PY) -m pytest -m e2e -q

browser-setup:
	scripts/browser_setup.sh

services-setup:
	scripts/services_setup.sh

screenshots: train browser-setup ## Screenshots of the chat (desktop, 320 px) and the staff page -> docs/screenshots/
	$(PY) scripts/screenshots.py

load: train ## Load: 50 conversations x 20 messages, then check the store -> docs/performance.md
	$(PY) benchmarks/load.py
	$(PY) benchmarks/report.py

purge: install ## Delete conversations and feedback older than RETENTION_DAYS (default 30)
	$(PY) -m bot.retention

eval: train ## Quality: holdout accuracy, baselines, cross-validation -> docs/performance.md
	$(PY) benchmarks/eval_nlu.py --holdout $(TEST_SETS) --out benchmarks/results/eval_nlu.json \
	  benchmarks/results/eval_nlu_b.json benchmarks/results/eval_nlu_c.json
	$(PY) benchmarks/crossval.py
	$(PY) benchmarks/report.py

bench: train ## Speed and cost vs a stock Rasa config (make bench-stock first) -> docs/performance.md
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/report.py

bench-stock: data ## Train the stock `rasa init` configuration on our data and score it, for make bench and make eval
	@mkdir -p var/bench
	@start=$$(date +%s); $(RASA) train --config benchmarks/stock_config.yml --fixed-model-name stock \
	  --out var/bench && echo $$(( $$(date +%s) - start )) > var/bench/stock_train_seconds
	$(PY) benchmarks/eval_nlu.py --model var/bench/stock.tar.gz --holdout $(TEST_SETS) \
	  --out benchmarks/results/eval_nlu_stock.json benchmarks/results/eval_nlu_stock_b.json \
	  benchmarks/results/eval_nlu_stock_c.json

lint: install ## ruff and mypy
	$(VENV)/bin/ruff check bot actions channels components tests benchmarks scripts
	$(VENV)/bin/mypy bot

clean: ## Remove trained models, results and logs (not .venv)
	rm -rf models var/results .pytest_cache
