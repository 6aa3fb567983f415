"""``isl-assistant eval run``, ``eval gate`` and ``eval leaks``: parse, call the library, print.

Errors are :class:`~assistant.errors.AssistantError` subclasses; ``assistant.cli.main`` maps them to exit
codes. A gate regression is not an error but an outcome: the command prints each one and returns 1.

The robustness family needs the real app, which this package may not import: ``assistant.cli`` hands an
app-client factory to :func:`add_commands`, and ``eval run`` / ``eval gate`` pass it to the runner.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import InputError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.evaluation.families.base import AppClientFactory

EXIT_OK, EXIT_REGRESSION = 0, 1
DEFAULT_OUT = Path("var/eval")


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {n: getattr(args, n) for n in ("corpus_dir", "index_dir") if getattr(args, n, None)}
    return Settings(**overrides)


def _run(args: argparse.Namespace, settings: Settings, names: list[str] | None = None) -> dict[str, Any]:
    from assistant.evaluation.runner import run_suites
    from assistant.evaluation.suites import select_suites
    from assistant.runtime import build_runtime

    if args.repeat < 1:
        raise InputError(f"--repeat must be at least 1, got {args.repeat}.")
    suites = [s for name in (names or [args.suite]) for s in select_suites(settings.evals_dir, name)]
    runtime = build_runtime(settings)
    result = run_suites(runtime, suites, args.repeat, progress=not args.quiet,
                        app_client=getattr(args, "app_client", None))
    return result.to_dict()


def _write(results: dict[str, Any], out: Path) -> tuple[Path, Path]:
    from assistant.evaluation.report import render_html
    from assistant.evaluation.results import write_json

    json_path = write_json(results, out / "results.json")
    html_path = out / "report.html"
    html_path.write_text(render_html(results), encoding="utf-8")
    return json_path, html_path


def side_by_side(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(metric, {split: summary}) for every metric any split of one suite measured, in first-seen order."""
    metrics: dict[str, dict[str, Any]] = {}
    for split, part in data.get("splits", {}).items():
        for metric, v in part.get("aggregate", {}).items():
            metrics.setdefault(metric, {})[split] = v
    return list(metrics.items())


def format_table(results: dict[str, Any]) -> str:
    """The aggregate metrics as a Markdown table: dev and test side by side, each with its record count."""
    lines = ["| suite | metric | dev | dev n | test | test n |", "|---|---|---:|---:|---:|---:|"]

    def f(v: dict[str, Any] | None) -> tuple[str, str]:
        if not v or v.get("mean") is None:
            return "-", "-"
        spread = f" ±{v['std']:.3f}" if v.get("std") else ""
        return f"{v['mean']:.3f}{spread}", str(v.get("scored", "-"))

    for suite, data in results["suites"].items():
        if data["status"] != "ok":
            lines.append(f"| {suite} | (skipped: {data['reason']}) | | | | |")
            continue
        for split, part in data.get("splits", {}).items():
            for fam, info in part["families"].items():
                if info["status"] != "ok":
                    lines.append(f"| {suite} | {fam} ({split} skipped: {info['reason']}) | | | | |")
        for metric, by_split in side_by_side(data):
            (dv, dn), (tv, tn) = f(by_split.get("dev")), f(by_split.get("test"))
            lines.append(f"| {suite} | {metric} | {dv} | {dn} | {tv} | {tn} |")
    return "\n".join(lines)


def cmd_eval_run(args: argparse.Namespace) -> int:
    results = _run(args, _settings(args))
    json_path, html_path = _write(results, args.out)
    print(format_table(results))
    print(f"\nwrote {json_path} and {html_path}")
    return EXIT_OK


def cmd_eval_gate(args: argparse.Namespace) -> int:
    from assistant.evaluation.gate import check, load_thresholds
    from assistant.evaluation.results import read_json

    settings = _settings(args)
    thresholds = load_thresholds(args.thresholds or settings.evals_dir / "thresholds.yaml")
    if args.suite and args.suite not in thresholds:
        raise InputError(f"The thresholds file has no entry for suite {args.suite!r}.",
                         hint=f"Add '{args.suite}:' with min/max per metric to the thresholds file.")
    suites = [args.suite] if args.suite else list(thresholds)
    if args.results:
        results = read_json(args.results)
    else:
        results = _run(args, settings, suites)
        if args.out:
            _write(results, args.out)
    report = check(results, thresholds, suites)
    for row in report.checked:
        mark = "ok  " if row["ok"] else "FAIL"
        value = "-" if row["value"] is None else f"{row['value']:.4f}"
        print(f"{mark} {row['suite']}/{row['split']}/{row['metric']} = {value} on {row['scored']} record(s) "
              f"(min {row['min']}, max {row['max']})")
    if not report.passed:
        print(f"\n{len(report.regressions)} regression(s):", file=sys.stderr)
        for message in report.regressions:
            print(f"  - {message}", file=sys.stderr)
        return EXIT_REGRESSION
    print(f"\ngate passed: {len(report.checked)} threshold(s) met")
    return EXIT_OK


def cmd_eval_leaks(args: argparse.Namespace) -> int:
    from assistant.evaluation.leaks import find_leaks
    from assistant.settings import ROOT

    leaks = find_leaks(args.root or ROOT)
    for leak in leaks:
        print(leak)
    if leaks:
        print(f"\n{len(leaks)} leak(s) of test records into assistant/ or prompts/: rewrite the rule generally "
              "or drop it (never copy test wording).", file=sys.stderr)
        return EXIT_REGRESSION
    print("leak guard passed: no test phrase or test-only word in assistant/ or prompts/")
    return EXIT_OK


def add_commands(sub: Any, *, app_client: AppClientFactory | None = None) -> None:
    """Register ``eval run``, ``eval gate`` and ``eval leaks`` on the top-level subparsers.

    ``app_client`` opens a client on the real app for the robustness family (skipped without one).
    """
    ev = sub.add_parser("eval", help="offline evaluation: run suites, gate on thresholds")
    evs = ev.add_subparsers(dest="eval_cmd", required=True)

    r = evs.add_parser("run", help="run suites; write results.json and report.html")
    r.add_argument("--suite", help="one suite from evals/suites/ (default: all)")
    r.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    r.add_argument("--repeat", type=int, default=1, help="run each suite N times and report the spread")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=cmd_eval_run, app_client=app_client)

    g = evs.add_parser("gate", help="run suites and exit 1 if a metric regressed past evals/thresholds.yaml")
    g.add_argument("--suite", help="one suite (CI: --suite composer); default: every suite in the thresholds")
    g.add_argument("--thresholds", type=Path, help="thresholds file (default: evals/thresholds.yaml)")
    g.add_argument("--results", type=Path, help="gate an existing results.json instead of running")
    g.add_argument("--out", type=Path, help="also write results.json and report.html here")
    g.add_argument("--repeat", type=int, default=1)
    g.add_argument("--quiet", action="store_true", help="no progress bar")
    g.set_defaults(func=cmd_eval_gate, app_client=app_client)

    lk = evs.add_parser("leaks", help="exit 1 if a test record's phrase or test-only word is in assistant/ or prompts/")
    lk.add_argument("--root", type=Path, help="the repository to check (default: this checkout)")
    lk.set_defaults(func=cmd_eval_leaks)
