"""The eval report as people read it every morning: latest.md (summary first) and trend.png."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from .history import GATED, Changes, dig
from .questions import STYLES
from .results import Results

_RETRIEVAL = ("R@1", "R@5", "R@10", "MRR@10", "nDCG@10")


def _f(v: Any) -> str:
    return "–" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _pct(v: Any) -> str:
    return "–" if v is None else f"{100 * v:.1f} %"


def _cell(s: Any) -> str:
    return str(s if s is not None else "").replace("|", "\\|").replace("\n", " ")


def _delta(now: Any, before: Any) -> str:
    return "" if now is None or before is None else f"{now - before:+.3f}"


def verdict(regressions: Sequence[str]) -> str:
    if regressions:
        return "**REGRESSION** (exit 6): " + "; ".join(regressions)
    return "**OK**: no gated figure (" + ", ".join(label for label, _ in GATED) + ") fell beyond the threshold."


def style_table(r: Results, split: str = "test") -> list[str]:
    """Hybrid retrieval and answers by question style: the headline."""
    lines = ["| style | n | R@1 | R@5 | MRR@10 | citation acc | answer acc | figure acc (n) | unanswerable n | "
             "abstained near-miss | abstained off-topic | false abstention |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    ret = r.retrieval.get("hybrid", {}).get(split, {})
    ans = r.answer_tables.get(split, {})
    for g in ("all", *STYLES):
        m, a = ret.get(g, {}), ans.get(g, {})
        una = (a.get("n_near_miss") or 0) + (a.get("n_off_topic") or 0)
        lines.append(f"| {g} | {m.get('n', 0)} | {_f(m.get('R@1'))} | {_f(m.get('R@5'))} | {_f(m.get('MRR@10'))} | "
                     f"{_f(m.get('citation_accuracy'))} | {_f(a.get('answer_accuracy'))} | "
                     f"{_f(a.get('figure_accuracy'))} ({a.get('n_figure', 0)}) | {una} | "
                     f"{_f(a.get('abstention_near_miss'))} | {_f(a.get('abstention_off_topic'))} | "
                     f"{_f(a.get('false_abstention'))} |")
    return lines


def retrieval_table(r: Results, previous: Mapping | None) -> list[str]:
    lines = ["| mode | split | n | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | citation acc | ΔR@5 | ΔMRR@10 |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for mode, splits in r.retrieval.items():
        for split in ("test", "tune"):
            m = splits[split]["all"]
            b = dig(previous, ("headline", "retrieval", mode, split)) or {}
            lines.append(f"| {mode} | {split} | {m['n']} | " + " | ".join(_f(m[n]) for n in _RETRIEVAL)
                         + f" | {_f(m['citation_accuracy'])} | {_delta(m['R@5'], b.get('R@5'))}"
                         f" | {_delta(m['MRR@10'], b.get('MRR@10'))} |")
    return lines


def answer_table(r: Results) -> list[str]:
    lines = ["| split | answerable n | answer acc | figure acc (n) | false abstention | near-miss n | abstained | "
             "off-topic n | abstained | 数値 that is a date |", "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for split in ("test", "tune"):
        a = r.answer_tables[split]["all"]
        lines.append(f"| {split} | {a['n_answerable']} | {_f(a['answer_accuracy'])} | {_f(a['figure_accuracy'])} "
                     f"({a['n_figure']}) | {_f(a['false_abstention'])} | {a['n_near_miss']} | "
                     f"{_f(a['abstention_near_miss'])} | {a['n_off_topic']} | {_f(a['abstention_off_topic'])} | "
                     f"{a['date_figures']} |")
    return lines


def reliability_table(r: Results, split: str = "test") -> list[str]:
    lines = ["| confidence | answers | right |", "|---|--:|--:|"]
    for row in r.reliability.get(split, []):
        lines.append(f"| {row['bin']} | {row['n']} | {_pct(row['accuracy'])} |")
    return lines


def changes_md(changes: Mapping[str, Changes], previous: Mapping | None, fingerprint: Mapping) -> list[str]:
    if previous is None:
        return ["No previous run in this folder."]
    before = previous.get("fingerprint") or {}
    lines = [f"Against the run of {previous.get('timestamp')} (commit {(before.get('git_commit') or '?')[:10]})."]
    moved = [k for k in ("git_commit", "settings_sha256", "model_weights_sha256", "index_manifest_sha256",
                         "eval_set_sha256") if before.get(k) != fingerprint.get(k)]
    lines.append("Changed since then: " + (", ".join(moved) if moved else "nothing in the fingerprint") + ".")
    if not changes:
        return lines + ["Per-question results of the previous run are unavailable."]
    if not any(c.newly_failing or c.newly_fixed for c in changes.values()):
        return lines + ["**No change**: no question changed status."]
    for mode, c in changes.items():
        for title, items in (("newly failing", c.newly_failing), ("newly fixed", c.newly_fixed)):
            if items:
                lines.append(f"- **{mode}** {title} ({len(items)}): "
                             + "; ".join(f"`{qid}` {_cell(text)}" for qid, text in items[:15])
                             + (" …" if len(items) > 15 else ""))
    return lines


def _wrong_answers(r: Results, split: str) -> list[str]:
    qs = {q.id: q for q in r.questions}
    wrong = [(qid, a) for qid, a in r.answers.items() if qs[qid].split == split and not a["ok"]]
    rows = ["| id | style | kind | question | what happened | gold | confidence |", "|---|---|---|---|---|---|--:|"]
    for qid, a in sorted(wrong, key=lambda t: (t[1]["group"], t[0])):
        q = qs[qid]
        if q.answerable:
            what = f"answered: {a['text'][:80]}" if a["found"] else "abstained"
            gold = " / ".join(q.answers)
        else:
            what = f"answered a {q.unanswerable}: {a['text'][:80]}"
            gold = f"(none: {q.why or ''})"
        rows.append(f"| {qid} | {q.style} | {q.kind} | {_cell(q.question)} | {_cell(what)} | {_cell(gold)} | "
                    f"{a['confidence']:.2f} |")
    return rows if len(rows) > 2 else ["None."]


def _misses(r: Results, mode: str, split: str) -> list[str]:
    qs = {q.id: q for q in r.questions}
    misses = [(qid, x) for qid, x in r.retrieval_pq.get(mode, {}).items() if qs[qid].split == split and not x["R@5"]]
    if not misses:
        return ["None."]
    rows = ["| id | style | question | gold | first correct rank | ranked first instead |", "|---|---|---|---|--:|---|"]
    for qid, x in misses:
        q = qs[qid]
        rows.append(f"| {qid} | {q.style} | {_cell(q.question)} | {_cell(' / '.join(q.answers))} | {x['first'] or '–'} | "
                    f"{_cell(x['top'])}: {_cell(x['top_text'][:50])} |")
    return rows


def header(fp: Mapping, timestamp: str, regressions: Sequence[str]) -> list[str]:
    short = lambda v: (v or "unknown")[:12]  # noqa: E731
    return [f"# nenkin-search evaluation — {timestamp}", "",
            f"commit `{short(fp.get('git_commit'))}` · settings `{short(fp.get('settings_sha256'))}` · model "
            f"`{fp.get('model_id')}` · index `{short(fp.get('index_manifest_sha256'))}` · eval set "
            f"`{short(fp.get('eval_set_sha256'))}` ({fp.get('questions')} questions)", "", verdict(regressions)]


def summary(r: Results, fp: Mapping, timestamp: str, regressions: Sequence[str], changes, previous,
            report_path: Path | None = None) -> str:
    """What the terminal shows: verdict, the style table, answers, changes."""
    lines = header(fp, timestamp, regressions)
    lines += ["", "Hybrid, test split, by question style:", "", *style_table(r)]
    lines += ["", "Answers:", "", *answer_table(r)]
    lines += ["", "Changes since the previous run:", *changes_md(changes, previous, fp)]
    if report_path:
        lines += ["", f"Full report: {report_path}"]
    return "\n".join(lines) + "\n"


def report(r: Results, fp: Mapping, timestamp: str, regressions: Sequence[str], changes, previous, notes,
           settings: Mapping) -> str:
    """The full latest.md: summary and changes first, then the detail, then every wrong answer and miss."""
    lines = header(fp, timestamp, regressions)
    lines += ["", "## Summary (hybrid, test split, by question style)", "", *style_table(r),
              "", "## What changed", "", *changes_md(changes, previous, fp),
              "", "## Answers (`ask()`)", "", *answer_table(r),
              "", "Confidence against correctness, test split (an answer to an unanswerable question is wrong):", "",
              *reliability_table(r),
              "", "## Retrieval, every mode", "", *retrieval_table(r, previous),
              "", "Tune split by style (hybrid):", "", *style_table(r, "tune"),
              "", "## Hybrid, test split, by kind", "",
              "| kind | n | R@1 | R@5 | MRR@10 | answer acc | abstention (near-miss / off-topic) |",
              "|---|--:|--:|--:|--:|--:|--:|"]
    for kind, v in r.by_kind.items():
        m, a = v["retrieval"], v["answers"] or {}
        lines.append(f"| {kind} | {m['n']} | {_f(m['R@1'])} | {_f(m['R@5'])} | {_f(m['MRR@10'])} | "
                     f"{_f(a.get('answer_accuracy'))} | {_f(a.get('abstention_near_miss'))} / "
                     f"{_f(a.get('abstention_off_topic'))} |")
    lines += ["", "## Wrong answers and answered unanswerables (test split)", "", *_wrong_answers(r, "test"),
              "", "## Retrieval misses (hybrid, no correct passage in the top 5, test split)", "",
              *_misses(r, "hybrid", "test")]
    if notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in notes]]
    lines += ["", "## Definitions", "",
              "R@k: a passage containing a gold answer (NFKC, whitespace removed) is in the top k; MRR@10, nDCG@10 by "
              "ir-measures, relevance judged over every passage of the corpus. Citation accuracy: the first hit cites "
              "the gold section and 施策, over all answerable questions. Answer accuracy: the answer span contains a "
              "gold answer (an abstention is wrong). Figure accuracy: the first 数値 equals the gold figure in value "
              "and unit. Abstention: share of near-miss (topic in the report, fact not) or off-topic questions not "
              "answered.",
              "", "## Settings", "", "```json", _settings_json(settings), "```"]
    return "\n".join(lines) + "\n"


def _settings_json(settings: Mapping) -> str:
    import json

    return json.dumps(settings, ensure_ascii=False, indent=1)


# --- the trend chart ---------------------------------------------------------------------

_SERIES = (
    ("retrieval (hybrid, test)", (("R@1", ("retrieval", "hybrid", "test", "R@1")),
                                  ("R@5", ("retrieval", "hybrid", "test", "R@5")),
                                  ("MRR@10", ("retrieval", "hybrid", "test", "MRR@10")))),
    ("answers (test)", (("answer accuracy", ("answers", "test", "answer_accuracy")),
                        ("figure accuracy", ("answers", "test", "figure_accuracy")),
                        ("false abstention", ("answers", "test", "false_abstention")))),
    ("abstention on unanswerables (test)", (("near-miss", ("answers", "test", "abstention_near_miss")),
                                            ("off-topic", ("answers", "test", "abstention_off_topic")))),
)


_MAX_TICKS = 6  # a panel 5 inches wide holds about six "11-28 23:45 / commit" labels side by side


def plot(history: Sequence[Mapping], path: Path, max_drop: float) -> None:
    """Three panels over runs (x: date and short commit); the gated lines show the floor the next run must keep."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    history = list(history)[-30:]
    labels = [f"{(h.get('timestamp') or '')[5:16].replace('T', ' ')}\n{(h.get('commit') or '?')[:7]}" for h in history]
    x = list(range(len(history)))
    fig, axes = plt.subplots(1, len(_SERIES), figsize=(15, 4.2))
    gated = {path: label for label, path in GATED}
    for ax, (title, series) in zip(axes, _SERIES):
        values_all, ends = [], []
        for name, keys in series:
            ys = [dig(h.get("headline"), keys) for h in history]
            ys = [float("nan") if y is None else y for y in ys]
            values_all += [y for y in ys if y == y]
            line, = ax.plot(x, ys, marker="o", markersize=4, label=name)
            if keys in gated and ys and ys[-1] == ys[-1]:
                floor = ys[-1] - max_drop
                ax.axhline(floor, color=line.get_color(), linestyle=":", linewidth=1)
                values_all.append(floor)
                ax.annotate(f"gate {floor:.3f}", (x[-1], floor), textcoords="offset points", xytext=(-4, -11),
                            ha="right", fontsize=7, color=line.get_color())
            if ys and ys[-1] == ys[-1]:
                ends.append(ys[-1])
        if values_all:
            lo, hi = min(values_all), max(values_all)
            pad = max(0.02, (hi - lo) * 0.15)
            ax.set_ylim(max(0.0, lo - pad), min(1.02, hi + pad))
        # the last values, written beside the lines; two close together (0.780, 0.768) one above the other
        span = ax.get_ylim()[1] - ax.get_ylim()[0]
        previous, lift = None, 0
        for y in sorted(ends):
            lift = lift + 9 if previous is not None and y - previous < 0.04 * span else 0
            ax.annotate(f"{y:.3f}", (x[-1], y), textcoords="offset points", xytext=(5, lift), fontsize=8, va="center")
            previous = y
        ax.set_title(title, fontsize=10)
        ticks = x[::-1][::-(-len(x) // _MAX_TICKS)][::-1]  # the last run always labelled
        ax.set_xticks(ticks)
        ax.set_xticklabels([labels[i] for i in ticks], fontsize=7)
        ax.set_xlim(-0.5, len(x) - 0.5 + 0.6)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize=7, framealpha=0.8)
    fig.suptitle("nenkin-search nightly eval (dotted: regression floor for the next run)", fontsize=10)
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fig.savefig(tmp, format="png", dpi=100)
        os.replace(tmp, path)
    finally:
        plt.close(fig)
        tmp.unlink(missing_ok=True)
