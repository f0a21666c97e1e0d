"""Maintainer commands for the versioned FAQ (see MAINTAINING.md):

  python -m bot.faq import FILE --version YYYY-MM-DD [--confirm N=topic|new ...]
  python -m bot.faq check
  python -m bot.faq diff [OLD NEW] [--out FILE]
  python -m bot.faq data
  python -m bot.faq build
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bot.faq.check import problems
from bot.faq.diff import diff_versions, to_markdown
from bot.faq.generate import ROOT, write_all
from bot.faq.maintain import import_document
from bot.faq.store import FaqStore


def _confirmations(values: list[str]) -> dict[int, str]:
    out = {}
    for value in values:
        number, _, topic = value.partition("=")
        if not number.isdigit() or not topic:
            raise SystemExit(f"--confirm verwacht NUMMER=topic of NUMMER=new, niet '{value}'")
        out[int(number)] = topic
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.faq", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faq-dir", type=Path, default=ROOT / "faq", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import a published FAQ document (.txt or .pdf)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--version", required=True, help="publication date, YYYY-MM-DD")
    imp.add_argument("--confirm", action="append", default=[], metavar="N=TOPIC",
                     help="confirm an uncertain match: question N is TOPIC, or 'new'")
    sub.add_parser("check", help="validate faq/ (schema, topics, examples, facts)")
    dif = sub.add_parser("diff", help="change report between two versions (markdown)")
    dif.add_argument("old", nargs="?")
    dif.add_argument("new", nargs="?")
    dif.add_argument("--out", type=Path)
    sub.add_parser("data", help="regenerate the Rasa training data from faq/")
    sub.add_parser("build", help="check, regenerate the training data, and train if needed")
    args = parser.parse_args(argv)

    if args.command == "import":
        report = import_document(args.file, args.version, args.faq_dir,
                                 _confirmations(args.confirm))
        print(report.text)
        return 0 if report.written else 2
    store = FaqStore.from_dir(args.faq_dir)
    if args.command == "check":
        found = problems(store, args.faq_dir)
        for line in found:
            print(line)
        print(f"{len(store.versions)} versies, {len(store.topics)} topics: "
              + ("in orde" if not found else f"{len(found)} problemen"))
        return 1 if found else 0
    if args.command == "diff":
        new = store.version(args.new) if args.new else store.newest
        old = store.version(args.old) if args.old else (store.previous(new) if new else None)
        if old is None or new is None:
            print("Onbekende versie. Bekend: " + ", ".join(v.id for v in store.versions))
            return 2
        markdown = to_markdown(diff_versions(old, new))
        if args.out:
            args.out.write_text(markdown, encoding="utf-8")
            print(f"geschreven: {args.out}")
        else:
            print(markdown)
        return 0
    if args.command == "build":
        found = problems(store, args.faq_dir)
        if found:
            for line in found:
                print(line)
            print("Eerst deze problemen oplossen (python -m bot.faq check); er is niet getraind.")
            return 1
    changed = write_all(store)
    for path in changed:
        print(f"bijgewerkt: {path.relative_to(ROOT)}")
    if not changed:
        print("trainingsdata is al actueel")
    if args.command == "build":
        return subprocess.call([str(ROOT / "scripts" / "train.sh")], cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
