"""The ``isl-assistant`` command line: parses, calls the library, prints. Errors become exit codes."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, IndexNotBuiltError, InputError, StaleIndexError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.evaluation.families.base import HttpClient
    from assistant.generation.pipeline import QAPipeline
    from assistant.runtime import Runtime

EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_INDEX = 0, 1, 2, 3


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    for name in ("corpus_dir", "index_dir", "database_url"):
        value = getattr(args, name, None)
        if value:
            overrides[name] = value
    return Settings(**overrides)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def cmd_index_build(args: argparse.Namespace) -> int:
    from assistant.coaching.listen import ACTS_C, ACTS_MODEL, load_acts
    from assistant.framework.loader import load_corpus
    from assistant.indexing.embedder import shared_embedder
    from assistant.indexing.store import build_index
    from assistant.understanding.classifier import train
    from assistant.understanding.examples import load_examples

    s = _settings(args)
    corpus = load_corpus(s.corpus_dir)
    examples = load_examples(s.prompts_dir)  # checked before the long part: a bad file fails fast
    acts_examples = load_acts(s.prompts_dir)
    embedder = shared_embedder(s.embedding_model or None)
    index = build_index(corpus, embedder, s.index_dir, progress=not args.quiet)
    m = index.manifest
    print(f"index {m['index_version']}: {m['chunk_count']} chunks from corpus {m['corpus_hash'][:12]} "
          f"({m['model_id']}, dim {m['dim']}) in {m['build_seconds']}s -> {s.index_dir}")
    reader = train(examples, embedder)
    reader.save(s.index_dir)
    r = reader.record
    print(f"intent classifier: {len(reader.classes)} intents from {r['examples_count']} examples ({r['examples']}) "
          f"in {r['train_seconds']}s -> {s.index_dir}")
    acts = train(acts_examples, embedder, c=ACTS_C)
    acts.save(s.index_dir, ACTS_MODEL)
    r = acts.record
    print(f"coaching acts classifier: {len(acts.classes)} acts from {r['examples_count']} examples ({r['examples']}) "
          f"in {r['train_seconds']}s -> {s.index_dir}")
    return EXIT_OK


def cmd_index_status(args: argparse.Namespace) -> int:
    from assistant.framework.loader import load_corpus
    from assistant.indexing.embedder import shared_embedder
    from assistant.indexing.store import read_manifest, staleness

    s = _settings(args)
    manifest = read_manifest(s.index_dir)
    if manifest is None:
        raise IndexNotBuiltError(f"No index in {s.index_dir}.", hint="Run: isl-assistant index build")
    reason = staleness(manifest, load_corpus(s.corpus_dir), shared_embedder(s.embedding_model or None))
    _print_json({**manifest, "stale": bool(reason), "stale_reason": reason})
    return EXIT_OK if not reason else EXIT_INDEX


def _runtime(args: argparse.Namespace) -> Any:
    from assistant.runtime import build_runtime

    s = _settings(args)
    if getattr(args, "no_build", False):
        s = s.model_copy(update={"auto_build_index": False})
    return build_runtime(s)


def cmd_search(args: argparse.Namespace) -> int:
    from assistant.retrieval.hybrid import Filters

    if not args.query.strip():
        raise InputError("The query is empty.", hint='Try: isl-assistant search "budgets at level 2"')
    rt = _runtime(args)
    filters = None
    if args.kind or args.domain or args.category or args.level:
        filters = Filters.of(args.kind or (), args.domain or (), args.category or (), args.level or ())
    hits = rt.retriever.search(args.query, k=args.k, filters=filters)
    rows = [{"id": h.id, "kind": h.chunk.kind, "title": h.chunk.title, "score": round(h.score, 6),
             "text": h.chunk.text} for h in hits]
    if args.json:
        _print_json(rows)
    else:
        for r, h in zip(rows, hits, strict=True):
            print(f"{h.rank:>2}. [{r['id']}] {r['title']}  (score {r['score']:.4f}, cosine {h.dense:.3f})")
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    if not args.question.strip():
        raise InputError("The question is empty.", hint='Try: isl-assistant ask "What is Level 2 in Finances?"')
    rt = _runtime(args)
    res = rt.qa.ask(args.question)
    out = {
        "answer": res.answer.text,
        "citations": [{"id": c.id, "title": c.title} for c in res.answer.citations],
        "refused": res.answer.refused,
    }
    if args.json:
        _print_json(out)
    else:
        print(res.answer.text)
        if res.answer.citations:
            print("\nSources: " + ", ".join(c.id for c in res.answer.citations))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    s = _settings(args)
    host, port = args.host or s.host, args.port or s.port
    if args.workers > 1:
        # the workers read their settings from the environment: split the cores between their
        # embedding sessions unless a thread count was set, so N workers do not oversubscribe them
        cores = os.cpu_count() or 1
        os.environ.setdefault("ASSISTANT_EMBEDDING_THREADS", str(s.embedding_threads or max(1, cores // args.workers)))
        uvicorn.run("assistant.api.app:app_from_env", factory=True, host=host, port=port, workers=args.workers,
                    access_log=not args.no_access_log)
    else:
        from assistant.api.app import create_app

        uvicorn.run(create_app(s), host=host, port=port, access_log=not args.no_access_log)
    return EXIT_OK


def cmd_match(args: argparse.Namespace) -> int:
    from assistant.matching.cli import run_match

    return run_match(args, _runtime(args))


def cmd_coverage(args: argparse.Namespace) -> int:
    from assistant.coverage.cli import run_coverage

    return run_coverage(args, _runtime(args))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="isl-assistant", description="ISL Competency Assistant")
    p.add_argument("--corpus-dir", dest="corpus_dir", type=Path, help="corpus folder (default: ./corpus)")
    p.add_argument("--index-dir", dest="index_dir", type=Path, help="index folder (default: ./index)")
    p.add_argument("-v", "--verbose", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)

    ix = sub.add_parser("index", help="build or inspect the index").add_subparsers(dest="index_cmd", required=True)
    b = ix.add_parser("build", help="embed the corpus and write index/ with manifest.json")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_index_build)
    ix.add_parser("status", help="show the manifest and whether it is stale").set_defaults(func=cmd_index_status)

    s = sub.add_parser("search", help="hybrid search over the corpus")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=5)
    s.add_argument("--json", action="store_true")
    s.add_argument("--kind", action="append", help="filter by chunk kind (repeatable)")
    s.add_argument("--domain", action="append")
    s.add_argument("--category", action="append")
    s.add_argument("--level", action="append", type=int)
    s.add_argument("--no-build", action="store_true", help="fail instead of rebuilding a missing/stale index")
    s.set_defaults(func=cmd_search)

    a = sub.add_parser("ask", help="answer a question with citations (no LLM needed)")
    a.add_argument("question")
    a.add_argument("--json", action="store_true")
    a.add_argument("--no-build", action="store_true")
    a.set_defaults(func=cmd_ask)

    sv = sub.add_parser("serve", help="start the HTTP API")
    sv.add_argument("--host")
    sv.add_argument("--port", type=int)
    sv.add_argument("--workers", type=int, default=1, help="several workers need a PostgreSQL database_url")
    sv.add_argument("--no-access-log", action="store_true",
                    help="skip uvicorn's line per request (the audit log and /metrics still record every turn)")
    sv.set_defaults(func=cmd_serve)

    m = sub.add_parser("match", help="which competencies and levels a job posting asks for")
    m.add_argument("file", help="a text or HTML file, or - for standard input")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=cmd_match)

    c = sub.add_parser("coverage", help="which competencies a curriculum, program or team covers, and the gaps")
    c.add_argument("file", help="CSV (id,title,text), Markdown (a heading per item) or text (a blank line "
                                "between items); - for standard input")
    c.add_argument("--kind", required=True, choices=("curriculum", "program", "team"))
    c.add_argument("--title")
    c.add_argument("--format", dest="text_format", default="auto", choices=("auto", "csv", "markdown", "text"),
                   help="how FILE is written (default: from its suffix, else detected)")
    c.add_argument("--json", action="store_true", help="print the analysis as JSON")
    c.add_argument("--out", type=Path, help="also write the analysis to a .csv, .xlsx or .pdf file")
    c.set_defaults(func=cmd_coverage)
    _add_extra_commands(sub)
    return p


def _eval_app_client(runtime: Runtime, qa: QAPipeline) -> AbstractContextManager[HttpClient]:
    """The real app for the robustness family; imported only when a suite runs it (FastAPI is slow to load).

    Evaluation may not import the API, so the command line, which may, hands this in.
    """
    from assistant.api.evalclient import open_app_client

    return open_app_client(runtime, qa)


def _add_extra_commands(sub: Any) -> None:
    """Commands owned by feature packages (evaluation) register themselves here."""
    try:
        from assistant.evaluation.cli import add_commands
    except ImportError:
        return
    add_commands(sub, app_client=_eval_app_client)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except (IndexNotBuiltError, StaleIndexError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INDEX
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
