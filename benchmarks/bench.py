"""Speed and cost of the assistant through its REST channel, against a stock Rasa config.

  python benchmarks/bench.py            full run: ours and (if trained) the stock config
  python benchmarks/bench.py --smoke    a quick check that the benchmark works (CI)
  SANIC_WORKERS=2 python benchmarks/bench.py --no-stock --no-training --out FILE
                                        the same with two Rasa workers (README, Deployment)

For each model: cold start (from `make run` to the first answer), resident memory of the
Rasa server, the action server and the website, single-user latency over a fixed script of
at least 500 messages (FAQ answers, form turns, action calls), and 50 concurrent
conversations for 60 s, twice: without pauses (the most the server does) and paced at 60
messages per second in all (the latency people get at that rate). Each reports messages per
second, p50/p95/p99, errors, and whether any conversation saw another's state. Then full
training time, and `make build` after changing one answer's text (in a copy of the project).
Results: benchmarks/results/bench.json (smoke: var/bench/smoke.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bot.devserver import DevServers  # noqa: E402
from bot.texts import text as bot_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "models" / "jeugdhulp.tar.gz"
STOCK = ROOT / "var" / "bench" / "stock.tar.gz"

# Conversations of the fixed script: FAQ answers, form turns, action calls, small talk.
SCRIPT: list[list[str]] = [
    ["hallo", "hoe zit het met een pgb als mijn indicatie stopt", "/show_official_text", "dank je"],
    ["welk wij team hoort bij mij", "9736"],
    ["mijn indicatie 45A51 loopt af op 1 juni 2030", "nee"],
    ["moet ik naar wij?", "ja", "voor mijn kind", "nee", "45A51"],
    ["wanneer stopt de open house", "wat is er veranderd sinds 2022?"],
    ["heb ik een indicatie nodig voor wij", "ben jij een robot?", "doei"],
]
# The goal: this many messages per second from 50 conversations, p95 <= 250 ms.
PACED_RATE = 60.0
# Postcodes each served by one team: a conversation must get back its own.
OWN_POSTCODES = ["9711", "9714", "9721", "9724", "9728", "9732", "9736", "9741", "9743", "9744"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _summary(latencies_ms: list[float]) -> dict[str, float]:
    return {
        "n": len(latencies_ms),
        "p50_ms": round(_percentile(latencies_ms, 0.50), 1),
        "p95_ms": round(_percentile(latencies_ms, 0.95), 1),
        "p99_ms": round(_percentile(latencies_ms, 0.99), 1),
        "mean_ms": round(statistics.fmean(latencies_ms), 1) if latencies_ms else float("nan"),
    }


def _kb(path: Path, field: str) -> int:
    return next(int(line.split()[1]) for line in path.read_text().splitlines()
                if line.startswith(field))


def _memory_mb(group: int) -> dict[str, float]:
    """Resident memory (MB) of the Rasa server, the action server and the website in a
    process group, and ``all_pss_mb``: their proportional set size summed, which counts
    pages the processes share (libraries, forked workers) once instead of in each."""
    out = {"rasa_server_mb": 0.0, "action_server_mb": 0.0, "website_mb": 0.0}
    pss = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) != group:
                continue
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            rss = _kb(entry / "status", "VmRSS:") / 1024
            proportional = _kb(entry / "smaps_rollup", "Pss:") / 1024
        except (OSError, StopIteration, IndexError, ValueError):
            continue
        kind = ("website_mb" if "-m bot.web" in cmd else "action_server_mb"
                if "rasa run actions" in cmd else "rasa_server_mb" if "rasa run" in cmd else None)
        if kind:
            out[kind] += rss
            pss += proportional
    return {**{k: round(v, 1) for k, v in out.items()}, "all_pss_mb": round(pss, 1)}


class Server(DevServers):
    """`make run` with a given model on free ports, empty stores, and a log."""

    def __init__(self, model: Path, workdir: Path) -> None:
        super().__init__(workdir, model=model)
        self.base = self.rasa

    def memory(self) -> dict[str, float]:
        assert self.proc is not None
        return _memory_mb(self.proc.pid)


async def send(session: aiohttp.ClientSession, base: str, sender: str, text: str
                ) -> tuple[float, list[dict[str, Any]] | None]:
    t0 = time.perf_counter()
    try:
        async with session.post(f"{base}/webhooks/rest/webhook",
                                json={"sender": sender, "message": text}) as resp:
            data = await resp.json() if resp.status == 200 else None
    except (aiohttp.ClientError, asyncio.TimeoutError):
        data = None
    return (time.perf_counter() - t0) * 1000, data


async def single_user(base: str, messages: int) -> dict[str, Any]:
    latencies, errors, sent = [], 0, 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        while sent < messages:
            for conversation in SCRIPT:
                sender = f"bench-{uuid.uuid4().hex[:8]}"
                for text in conversation:
                    ms, data = await send(session, base, sender, text)
                    latencies.append(ms)
                    errors += not data
                    sent += 1
    return {**_summary(latencies), "errors": errors, "latencies_ms": [round(x, 1) for x in latencies]}


async def concurrent(base: str, users: int, seconds: float,
                     rate: float | None = None) -> dict[str, Any]:
    """``users`` conversations at once for ``seconds``. Without ``rate`` each sends its next
    message as soon as the reply is in: the most the server does. With ``rate`` (messages
    per second, all conversations together) each waits a random pause first (exponential,
    mean ``users / rate`` s: a Poisson stream in all), as people who read and type do; a reply
    later than the next planned message sends that one at once, so the rate reached shows
    when the server falls behind."""
    latencies: list[float] = []
    errors = 0
    crossed = 0
    start = time.perf_counter()
    deadline = start + seconds
    rng = random.Random(20231204)

    not_now = 0
    not_now_text = bot_text("unavailable")

    async def user(i: int, session: aiohttp.ClientSession) -> None:
        nonlocal errors, crossed, not_now
        own = OWN_POSTCODES[i % len(OWN_POSTCODES)]
        planned = time.perf_counter()
        while True:
            sender = f"load-{i}-{uuid.uuid4().hex[:6]}"
            for text in ["welk wij team hoort bij mij", own, *SCRIPT[i % len(SCRIPT)]]:
                if rate:
                    planned += rng.expovariate(rate / users)
                    if planned >= deadline:
                        return
                    await asyncio.sleep(max(0.0, planned - time.perf_counter()))
                if time.perf_counter() >= deadline:
                    return
                ms, data = await send(session, base, sender, text)
                latencies.append(ms)
                replies = " ".join(r.get("text", "") for r in data or [])
                if not data:
                    errors += 1
                elif not_now_text in replies:  # over the channel's reply timeout (2.5 s)
                    not_now += 1
                elif text == own:
                    crossed += f"Postcode {own} " not in replies

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        await asyncio.gather(*(user(i, session) for i in range(users)))
    elapsed = time.perf_counter() - start
    return {**_summary(latencies), "users": users, "seconds": round(elapsed, 1),
            "offered_per_s": rate,
            "messages_per_s": round(len(latencies) / elapsed, 1), "errors": errors,
            "not_now_replies": not_now,
            "conversations_with_foreign_state": crossed}


def train_seconds(config: Path, name: str) -> float:
    """Full training time from scratch (no cache) of ``config`` on the project's data."""
    out = ROOT / "var" / "bench"
    t0 = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/rasa"), "train", "--config", str(config), "--force",
                    "--fixed-model-name", name, "--out", str(out)], cwd=ROOT, check=True,
                   capture_output=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return round(time.perf_counter() - t0, 1)


# What a copy of the project needs to run `python -m bot.faq build` (not .venv: linked).
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", ".rasa", "var", "__pycache__", "*.db")


def change_one_answer(faq_dir: Path) -> Path:
    """Edit the first answer sentence of the newest FAQ version, as a maintainer would."""
    newest = max((faq_dir / "versions").glob("*.yml"))
    text = newest.read_text(encoding="utf-8")
    changed, n = re.subn(r"(\n  - text: )", r"\1Gewijzigd voor de benchmark. ", text, count=1)
    if n != 1:
        raise RuntimeError(f"no answer text found in {newest}")
    newest.write_text(changed, encoding="utf-8")
    return newest


def answer_change_seconds() -> dict[str, Any]:
    """`make build` after changing one answer's text, in a copy of the project with its trained
    model (without Rasa's training cache). The intent classifier compares messages with each
    topic's questions and answers (intent metadata), so this must retrain (checked): a model
    trained on the old text would not match its stamp."""
    with tempfile.TemporaryDirectory(prefix="bench-answer-") as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(ROOT, copy, ignore=COPY_IGNORE, symlinks=True)
        (copy / ".venv").symlink_to(ROOT / ".venv")
        model = copy / "models" / "jeugdhulp.tar.gz"
        before = model.stat().st_mtime_ns
        changed = change_one_answer(copy / "faq")
        t0 = time.perf_counter()
        build = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot.faq", "build"],
                               cwd=copy, capture_output=True, text=True, check=True,
                               env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
        seconds = time.perf_counter() - t0
        retrained = model.stat().st_mtime_ns != before or "Model is actueel" not in build.stdout
    return {"seconds": round(seconds, 2), "retrained": retrained,
            "changed_file": str(changed.relative_to(copy))}


def measure(name: str, model: Path, messages: int, users: int, seconds: float) -> dict[str, Any]:
    server = Server(model, ROOT / "var" / "bench")
    cold = server.start()
    try:
        # Until 2026-11-22 the Makefile's MODEL silently replaced the model asked for, and
        # "stock" was our model again: check what the server loaded.
        if f"Loading model {model}..." not in server.log.read_text(errors="replace"):
            raise RuntimeError(f"the Rasa server did not load {model}; see {server.log}")
        single = asyncio.run(single_user(server.base, messages))
        memory = server.memory()
        load = asyncio.run(concurrent(server.base, users, seconds))
        paced = asyncio.run(concurrent(server.base, users, seconds, rate=PACED_RATE))
        memory_after = server.memory()
    finally:
        server.stop()
    return {"name": name, "model": str(model.relative_to(ROOT)), "cold_start_s": round(cold, 1),
            "memory_after_single_user": memory, "memory_after_load": memory_after,
            "single_user": single, "concurrent": load, "paced": paced}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="small and quick: checks it works")
    parser.add_argument("--no-training", action="store_true", help="skip the training times")
    parser.add_argument("--no-stock", action="store_true", help="measure our model only")
    parser.add_argument("--out", type=Path, help="write the results here (not read by the report)")
    args = parser.parse_args()
    if args.smoke:
        messages, users, seconds = 30, 5, 5.0
        out = ROOT / "var" / "bench" / "smoke.json"
    else:
        messages, users, seconds = 510, 50, 60.0
        out = ROOT / "benchmarks" / "results" / "bench.json"
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "script_conversations": SCRIPT,
        "runs": [measure("assistant", OURS, messages, users, seconds)],
    }
    out = args.out or out
    if not args.smoke and not args.no_stock and STOCK.exists():
        result["runs"].append(measure("stock rasa init", STOCK, messages, users, seconds))
    if not args.smoke and not args.no_training:
        result["training_s"] = {"assistant": train_seconds(ROOT / "config.yml", "bench-ours")}
        stock_seconds = ROOT / "var" / "bench" / "stock_train_seconds"
        if stock_seconds.exists():  # measured by `make bench-stock` (it takes long)
            result["training_s"]["stock rasa init"] = float(stock_seconds.read_text().strip())
    if not args.no_training:  # a retraining (about 35 s); the smoke run checks it too
        result["answer_change"] = answer_change_seconds()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for run in result["runs"]:
        s, c, p = run["single_user"], run["concurrent"], run["paced"]
        print(f"{run['name']}: koude start {run['cold_start_s']} s, "
              f"1 gebruiker p50 {s['p50_ms']} ms p95 {s['p95_ms']} ms p99 {s['p99_ms']} ms "
              f"(n={s['n']}, fouten {s['errors']}); {c['users']} gebruikers: "
              f"{c['messages_per_s']} ber/s, p95 {c['p95_ms']} ms, fouten {c['errors']}, "
              f"verkeerde toestand {c['conversations_with_foreign_state']}; "
              f"met pauzes, {p['offered_per_s']} ber/s aangeboden: {p['messages_per_s']} ber/s, "
              f"p50 {p['p50_ms']} ms p95 {p['p95_ms']} ms, fouten {p['errors']}, "
              f"verkeerde toestand {p['conversations_with_foreign_state']}; "
              f"geheugen {run['memory_after_load']}")
    if "answer_change" in result:
        change = result["answer_change"]
        print(f"make build na een gewijzigd antwoord: {change['seconds']} s, "
              + ("opnieuw getraind" if change["retrained"] else "niet opnieuw getraind"))
    print(f"Resultaat: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
