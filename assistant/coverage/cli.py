"""``isl-assistant coverage FILE --kind program [--json] [--out report.pdf]``: read, parse, analyse, print.

The arguments are declared in :mod:`assistant.cli`; this module is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant.coverage import export
from assistant.coverage.analysis import CoverageAnalyzer, columns
from assistant.coverage.explain import describe
from assistant.coverage.inputs import SUFFIX_FORMAT, Limits, check, parse
from assistant.errors import InputError
from assistant.matching.cli import read_posting

WRITERS = {".csv": export.to_csv, ".xlsx": export.to_xlsx, ".pdf": export.to_pdf}


def run_coverage(args: argparse.Namespace, runtime: Any) -> int:
    if args.out is not None and args.out.suffix.lower() not in WRITERS:
        raise InputError(f"Cannot write {args.out}.", hint="Name a .csv, .xlsx or .pdf file.")
    fmt = args.text_format
    if fmt == "auto" and args.file != "-":
        fmt = SUFFIX_FORMAT.get(Path(args.file).suffix.lower(), "auto")
    items = parse(read_posting(args.file), fmt)
    s = runtime.settings
    check(items, Limits(max_items=s.coverage_max_items, max_item_chars=s.coverage_max_item_chars))
    analyzer = CoverageAnalyzer.from_prompts(runtime.corpus, runtime.embedder, s.prompts_dir)
    report = analyzer.analyze(items, args.kind, args.title)
    if args.out is not None:
        data = WRITERS[args.out.suffix.lower()](report)
        if isinstance(data, str):
            args.out.write_text(data, encoding="utf-8")
        else:
            args.out.write_bytes(data)
    if args.json:
        print(json.dumps(report.model_dump(), indent=2, ensure_ascii=False))
    else:
        print(describe(report, dict(columns(runtime.corpus))))
        if args.out is not None:
            print(f"\nWritten to {args.out}.")
    return 0
