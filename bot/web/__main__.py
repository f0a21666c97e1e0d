"""python -m bot.web: serve the demo page, the staff lookup and the API (WEB_PORT, 8000)."""

from __future__ import annotations

import logging

from bot.web.app import create_app, schedule_purge
from bot.web.config import WebConfig


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = WebConfig.from_env()
    app = create_app(config)
    schedule_purge(app)
    print(f"Website met chat: http://localhost:{config.port}/  "
          f"beleid opzoeken: http://localhost:{config.port}/medewerkers  "
          f"API: http://localhost:{config.port}/openapi.json", flush=True)
    app.run(host=config.host, port=config.port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
