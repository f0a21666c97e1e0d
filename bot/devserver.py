"""`make run` on free ports with its own stores: for the end-to-end tests, the benchmark and
the screenshots. Waits until the chat answers and the website is up."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DevServers:
    """The action server, the Rasa server and the website, started as `make run` starts them."""

    def __init__(self, workdir: Path, model: Path | None = None, **env: str) -> None:
        self.rasa_port, self.actions_port, self.web_port = free_port(), free_port(), free_port()
        self.rasa = f"http://127.0.0.1:{self.rasa_port}"
        self.web = f"http://127.0.0.1:{self.web_port}"
        workdir.mkdir(parents=True, exist_ok=True)
        tag = uuid.uuid4().hex[:6]
        self.log = workdir / f"run-{tag}.log"
        self.tracker_db = workdir / f"tracker-{tag}.db"
        self.feedback_db = workdir / f"feedback-{tag}.db"
        self.env = {
            **os.environ,
            "RASA_PORT": str(self.rasa_port), "ACTIONS_PORT": str(self.actions_port),
            "WEB_PORT": str(self.web_port),
            "ACTION_ENDPOINT_URL": f"http://localhost:{self.actions_port}/webhook",
            "TRACKER_DB": str(self.tracker_db), "FEEDBACK_DB": str(self.feedback_db),
            "RASA_TELEMETRY_ENABLED": "false",
            **({"RASA_MODEL": str(model)} if model else {}),
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 300) -> float:
        """Start and wait for the first chat answer and the website (when SERVICES has it);
        return the seconds."""
        t0 = time.perf_counter()
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                ["make", "--no-print-directory", "run"], cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        body = json.dumps({"sender": "warmup", "message": "hallo"}).encode()
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"make run stopped:\n{self.tail()}")
            try:
                request = urllib.request.Request(f"{self.rasa}/webhooks/rest/webhook", data=body,
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=5) as r:
                    answered = bool(json.loads(r.read()))
                web_up = True
                if "web" in self.env.get("SERVICES", "web"):
                    with urllib.request.urlopen(f"{self.web}/health", timeout=5) as r:
                        web_up = r.status == 200
                if answered and web_up:
                    return time.perf_counter() - t0
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"not ready after {timeout} s:\n{self.tail()}")

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def __enter__(self) -> DevServers:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
