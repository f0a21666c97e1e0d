"""Maintainer commands for the versioned FAQ: ``python -m bot.faq {data,check}``."""

from __future__ import annotations

import argparse
import sys

from bot.faq.check import problems
from bot.faq.generate import ROOT, write_all
from bot.faq.store import FaqStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.faq", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("data", help="regenerate the Rasa training data from faq/")
    sub.add_parser("check", help="validate faq/ (schema, topics, examples, facts)")
    args = parser.parse_args(argv)
    store = FaqStore.from_dir(ROOT / "faq")
    if args.command == "check":
        found = problems(store)
        for line in found:
            print(line)
        print(f"{len(store.versions)} versies, {len(store.topics)} topics: "
              + ("in orde" if not found else f"{len(found)} problemen"))
        return 1 if found else 0
    changed = write_all(store)
    for path in changed:
        print(f"bijgewerkt: {path.relative_to(ROOT)}")
    if not changed:
        print("trainingsdata is al actueel")
    return 0


if __name__ == "__main__":
    sys.exit(main())
