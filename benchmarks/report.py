"""Write docs/performance.md (and its plots) from the JSON results in benchmarks/results/.

Run by `make eval` and `make bench`; every figure in the page comes from those files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DOCS = ROOT / "docs"


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _plots(evaluation: dict[str, Any] | None, bench: dict[str, Any] | None) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    made = []
    if evaluation:
        scores = dict(evaluation["baselines"])
        stock = _load("eval_nlu_stock.json")
        if stock:
            scores = {**{k: v for k, v in scores.items() if not k.startswith("assistant")},
                      "stock rasa init (DIET)": stock["faq"]["top1"],
                      "this assistant": evaluation["faq"]["top1"]}
        names = list(scores)
        values = [scores[n] for n in names]
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.barh(names, values, color=["#999999"] * (len(names) - 1) + ["#00689d"])
        ax.set_xlim(0, 1)
        ax.set_xlabel("FAQ top-1 accuracy on tests/nlu_holdout.yml")
        fig.tight_layout()
        fig.savefig(DOCS / "accuracy.png", dpi=100)
        plt.close(fig)
        made.append("accuracy.png")
    if bench:
        fig, ax = plt.subplots(figsize=(6, 3))
        for run in bench["runs"]:
            ax.hist(run["single_user"]["latencies_ms"], bins=50, alpha=0.6, label=run["name"])
        ax.set_xlabel("latency of one message, single user (ms)")
        ax.set_ylabel("messages")
        ax.legend()
        fig.tight_layout()
        fig.savefig(DOCS / "latency.png", dpi=100)
        plt.close(fig)
        made.append("latency.png")
    return made


def _offered(faq: dict[str, Any]) -> str:
    """How many confident FAQ mistakes get the right topic as the runner-up button."""
    if "wrong_confident_right_offered" not in faq:
        return "—"
    return f"{faq['wrong_confident_right_offered']} of {faq['wrong_confident']}"


def _audit_line(result: dict[str, Any]) -> list[str]:
    """One sentence on tests/holdout_label_audit.yml for this test set, if it was scored."""
    audit = result.get("label_audit")
    if not audit:
        return []
    agree = " and ".join(f"{a:.3f}" for a in audit["annotator_agrees_with_label"])
    return [f"Blind label audit (`tests/holdout_label_audit.yml`): annotators working alone chose "
            f"this set's label for {agree} of its {audit['n']} FAQ phrasings; all of them for "
            f"{audit['n_confirmed']}, and on those this assistant's top-1 is "
            f"{audit['top1_on_confirmed']:.3f}, wrong above the threshold "
            f"{audit['wrong_confident_on_confirmed']:.3f}.", ""]


# The test sets after the first: our results file (`make eval`), the stock pipeline's (`make
# bench-stock`), title, what the set holds.
MORE_TEST_SETS = [
    ("eval_nlu_b.json", "eval_nlu_stock_b.json", "Second test set",
     "`tests/nlu_holdout_b.yml`: {n} FAQ phrasings written from the FAQ text alone, by someone "
     "who saw neither the training data nor the first test set."),
    ("eval_nlu_c.json", "eval_nlu_stock_c.json", "Third test set: questions about the answers' content",
     "`tests/nlu_holdout_c.yml`: {n} FAQ phrasings written from each answer, paragraph by "
     "paragraph (a date, a product code, who acts, a condition), by helpers who saw neither the "
     "training data nor the other test sets."),
]


def _more_test_set(title: str, description: str, ours: dict[str, Any],
                   stock: dict[str, Any] | None) -> list[str]:
    """The table of one more test set: this assistant and, if scored, the stock pipeline."""
    runs = [("this assistant", ours)] + ([("stock `rasa init` pipeline (DIET)", stock)] if stock else [])
    lines = [f"### {title}", "", description.format(n=ours["faq"]["n"]), "",
             "| | " + " | ".join(name for name, _ in runs) + " |",
             "| --- | " + " | ".join("---" for _ in runs) + " |"]
    for label, key in [("FAQ top-1", "top1"), ("answered directly and correctly", "answered_correctly"),
                       ("fallback", "fallback_rate"),
                       ("wrong answer above the threshold", "wrong_confident_rate")]:
        lines.append(f"| {label} | " + " | ".join(f"{r['faq'][key]:.3f}" for _, r in runs) + " |")
    lines.append("| … of those, the right topic offered as \"Of bedoel je\" | " + " | ".join(
        _offered(r["faq"]) for _, r in runs) + " |")
    return lines + ["", "Baselines, FAQ top-1 on the same phrasings: " + ", ".join(
        f"{k} {v:.3f}" for k, v in ours["baselines"].items() if not k.startswith("assistant"))
        + ".", ""] + _audit_line(ours)


def main() -> int:
    evaluation, crossval, bench = _load("eval_nlu.json"), _load("crossval.json"), _load("bench.json")
    DOCS.mkdir(exist_ok=True)
    _plots(evaluation, bench)
    lines = ["# Performance", "",
             "Generated by `python benchmarks/report.py` (run by `make eval` and `make bench`) from",
             "`benchmarks/results/*.json`. Do not edit by hand.", ""]
    if evaluation:
        f, o = evaluation["faq"], evaluation["other"]
        lines += ["## Answer quality (`make eval`)", "",
                  "On `tests/nlu_holdout.yml`, phrasings never trained on.", "",
                  "| | FAQ topics | other intents |", "| --- | --- | --- |",
                  f"| phrasings | {f['n']} | {o['n']} |",
                  f"| top-1 accuracy | {f['top1']:.3f} | {o['top1']:.3f} |",
                  "| answered directly and correctly | "
                  f"{f['answered_correctly']:.3f} | {o['answered_correctly']:.3f} |",
                  f"| fallback (two suggestions) | {f['fallback_rate']:.3f} | {o['fallback_rate']:.3f} |",
                  f"| … right topic among the suggestions | {f['fallback_with_right_suggestion']:.2f} | — |",
                  "| wrong answer above the threshold | "
                  f"{f['wrong_confident_rate']:.3f} | {o['wrong_confident_rate']:.3f} |",
                  f"| … of those, the right topic offered as \"Of bedoel je\" | {_offered(f)} | — |",
                  "", "Against what a municipality would otherwise use, on the same FAQ phrasings:", "",
                  "| method | FAQ top-1 |", "| --- | --- |"]
        lines += [f"| {k} | {v:.3f} |" for k, v in evaluation["baselines"].items()
                  if not k.startswith("assistant")]
        stock = _load("eval_nlu_stock.json")
        if stock:
            lines.append(f"| stock `rasa init` pipeline (DIET), same training data | "
                         f"{stock['faq']['top1']:.3f} (wrong above threshold: "
                         f"{stock['faq']['wrong_confident_rate']:.3f}) |")
        lines.append(f"| **this assistant** | **{f['top1']:.3f}** (wrong above threshold: "
                     f"{f['wrong_confident_rate']:.3f}) |")
        lines += ["", *_audit_line(evaluation), "![accuracy](accuracy.png)", "",
                  "Most confused (expected → predicted, count):", ""]
        lines += [f"- {c['expected']} → {c['predicted']}: {c['count']}"
                  for c in evaluation["confusions"][:10]]
        lines.append("")
    for name, stock_name, title, description in MORE_TEST_SETS:
        ours = _load(name)
        if ours:
            lines += _more_test_set(title, description, ours, _load(stock_name))
    if crossval:
        seeded = f" (folds drawn with numpy seed {crossval['seed']})" if "seed" in crossval else ""
        lines += ["### Rasa cross-validation", "",
                  f"`rasa test nlu --cross-validation --folds {crossval['folds']}` on all training "
                  f"data{seeded}: accuracy {crossval['accuracy']}, macro F1 {crossval['macro_f1']}, "
                  f"weighted F1 {crossval['weighted_f1']}, mean F1 of the FAQ topics "
                  f"{crossval['faq_mean_f1']}. Weakest FAQ topics: "
                  + ", ".join(f"{w['intent']} ({w['f1']})" for w in crossval["weakest_faq_topics"])
                  + ".", ""]
    if bench:
        lines += ["## Speed and cost (`make bench`)", "", f"Measured {bench['date']} on "
                  f"{bench['machine']}, through the REST channel, servers started by `make run`.", "",
                  "| | " + " | ".join(r["name"] for r in bench["runs"]) + " | goal |",
                  "| --- | " + " | ".join("---" for _ in bench["runs"]) + " | --- |"]

        def row(label: str, get: Any, goal: str) -> str:
            return f"| {label} | " + " | ".join(str(get(r)) for r in bench["runs"]) + f" | {goal} |"

        lines += [
            row("cold start, `make run` to first answer (s)", lambda r: r["cold_start_s"], "≤ 20"),
            row("single user p50 (ms)", lambda r: r["single_user"]["p50_ms"], "≤ 25"),
            row("single user p95 (ms)", lambda r: r["single_user"]["p95_ms"], "≤ 50"),
            row("single user p99 (ms)", lambda r: r["single_user"]["p99_ms"], ""),
            row("single user messages / errors",
                lambda r: f"{r['single_user']['n']} / {r['single_user']['errors']}", "0 errors"),
            row("50 users, no pauses: messages/s (the most it does)",
                lambda r: r["concurrent"]["messages_per_s"], "≥ 60"),
            row("50 users, no pauses: p50 / p95 (ms)",
                lambda r: f"{r['concurrent']['p50_ms']} / {r['concurrent']['p95_ms']}", ""),
            row("50 users, no pauses: errors / 'not now' replies",
                lambda r: f"{r['concurrent']['errors']} / "
                          f"{r['concurrent'].get('not_now_replies', '—')}", "0 / 0"),
            row("50 users, no pauses: conversations that saw another's state",
                lambda r: r["concurrent"]["conversations_with_foreign_state"], "0"),
            row("50 users at 60 messages/s: rate reached",
                lambda r: r.get("paced", {}).get("messages_per_s", "—"), "60"),
            row("50 users at 60 messages/s: p50 / p95 / p99 (ms)",
                lambda r: "—" if "paced" not in r else
                f"{r['paced']['p50_ms']} / {r['paced']['p95_ms']} / {r['paced']['p99_ms']}",
                "p95 ≤ 250"),
            row("50 users at 60 messages/s: errors / 'not now' / saw another's state",
                lambda r: "—" if "paced" not in r else
                f"{r['paced']['errors']} / {r['paced']['not_now_replies']} / "
                f"{r['paced']['conversations_with_foreign_state']}", "0 / 0 / 0"),
            row("memory, Rasa server (MB)", lambda r: r["memory_after_load"]["rasa_server_mb"], ""),
            row("memory, action server (MB)", lambda r: r["memory_after_load"]["action_server_mb"], ""),
            row("memory, website (MB)", lambda r: r["memory_after_load"].get("website_mb", "—"), ""),
            row("memory, all three (MB, shared pages counted once: PSS)",
                lambda r: r["memory_after_load"].get("all_pss_mb", "—"), "< 1024"),
        ]
        if "training_s" in bench:
            lines.append("| full training (s) | " + " | ".join(
                str(bench["training_s"].get(r["name"], "")) for r in bench["runs"]) + " | |")
        if "answer_change" in bench:
            change = bench["answer_change"]
            lines.append(f"| `make build` after changing one answer's text (s) | {change['seconds']}"
                         + (" (retrained)" if change["retrained"] else " (no retraining)")
                         + " | " * (len(bench["runs"]) - 1) + " | |")
        paced = bench["runs"][0].get("paced") or {"users": 50, "offered_per_s": 60}
        users, rate = paced["users"], paced["offered_per_s"]
        lines += ["", "Single user: one conversation at a time through the fixed script. \"No pauses\": "
                  f"each of {users} conversations sends its next message as soon as the reply is in "
                  f"(the most the server does; by Little's law p95 is then about {users} / rate). "
                  f"\"At {rate:g} messages/s\": the {users} conversations pause between messages "
                  f"(random, {users / rate:.2f} s on average) so that together they send {rate:g} "
                  "per second, the rate of the goal.", "",
                  "![latency](latency.png)", ""]
    load = _load("load.json")
    if load:
        lines += ["## Load (`make load`)", "", f"Measured {load['date']}: {load['conversations']} "
                  f"conversations of {load['messages_each']} messages at once (FAQ answers, buttons, "
                  "three forms, small talk) through the REST channel, one Rasa server, then a check of "
                  "the tracker store.", "",
                  "| figure | value |", "| --- | --- |"]
        lines += [f"| {label} | {load[key]} |" for label, key in [
            ("messages", "messages"), ("seconds", "seconds"), ("messages/s", "messages_per_s"),
            ("p50 (ms)", "p50_ms"), ("p95 (ms)", "p95_ms"), ("errors (no reply)", "errors"),
            ("'not now' replies (over the 2.5 s reply timeout; handled and stored later)",
             "not_now_replies"),
            ("replies with another conversation's team", "wrong_team_replies"),
            ("messages lost in the store", "lost_messages"),
            ("conversations stored out of order", "reordered_conversations"),
            ("conversations with another's slots", "conversations_with_foreign_slots"),
        ]]
        lines.append("")
    (DOCS / "performance.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"geschreven: {(DOCS / 'performance.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
