"""Evaluate the posting matcher against ``evals/postings`` and a plain embedding baseline, in one run.

    .venv/bin/python -m assistant.matching.evaluate [--evals evals/postings] [--corpus corpus] [--json]

Metrics (pure functions below, each returning the aggregate and per-case values):

* domain micro-F1 and category micro-F1 over the labelled sets of ids (``match_sets``, the one count of
  found and missed ids: ``assistant.evaluation.metrics.micro_f1`` is built on it too, since this package
  sits below ``evaluation`` and may not import it);
* level exact accuracy over *gold* items (an item missed or given another level counts as wrong), and, for
  reference, over the items both sides agree are asked for;
* uncovered recall: share of labelled phrases (credentials, physical demands) found in an ``uncovered`` span.

The baseline is nearest neighbours by embedding with a fixed top-k: every line of the posting (no boilerplate
removal, no cues) against the corpus text of each category and domain; the top 3 categories and top 2 domains
by best-line cosine are predicted, each at the level of its nearest level statement. Rows are reported for
the ``dev`` split (used for tuning) and the held-out ``test`` split separately.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from assistant.framework.loader import load_corpus
from assistant.framework.models import Framework
from assistant.indexing.embedder import Embedder, shared_embedder
from assistant.matching.engine import PostingMatcher
from assistant.matching.text import segment, to_plain

Levels = dict[str, int]


@dataclass(frozen=True)
class Case:
    id: str
    split: str
    text: str
    domains: Levels
    categories: Levels
    uncovered: tuple[str, ...] = ()
    language: str = "en"


@dataclass
class Prediction:
    domains: Levels
    categories: Levels
    uncovered: list[str] = field(default_factory=list)


def load_cases(root: Path, split: str | None = None) -> list[Case]:
    """The labelled postings of ``root/labels*.yaml`` (dev and test label files), of one split or both."""
    rows = [row for f in sorted(root.glob("labels*.yaml"))
            for row in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("postings") or []]
    cases = []
    for row in rows:
        if row.get("split") not in ("dev", "test"):
            raise ValueError(f"{root}: posting {row.get('id')!r} needs split: dev or test")
        if split is not None and row["split"] != split:
            continue
        text = (root / row["file"]).read_text(encoding="utf-8")
        cases.append(Case(
            id=row["id"], split=row["split"], text=text,
            domains={str(k): int(v) for k, v in (row.get("domains") or {}).items()},
            categories={str(k): int(v) for k, v in (row.get("categories") or {}).items()},
            uncovered=tuple(row.get("uncovered") or ()), language=row.get("language", "en"),
        ))
    return cases


# ---------------------------------------------------------------- metrics (pure)
@dataclass(frozen=True)
class SetMatch:
    """Predicted id sets against gold ones, pooled over cases: the counts behind micro-F1.

    >>> m = match_sets([{"A.1", "B.2"}], [{"A.1", "C.3"}])
    >>> (m.tp, m.fp, m.fn, m.f1)
    (1, 1, 1, 0.5)
    """

    tp: int
    fp: int
    fn: int
    per_case: tuple[float | None, ...]
    """Each case's own F1; ``None`` when gold and prediction are both empty (nothing to get right or wrong)."""
    missed: tuple[tuple[int, str], ...]
    """(case, id) of every gold id not predicted, in case order and then id order."""
    spurious: tuple[tuple[int, str], ...]
    """(case, id) of every predicted id not in gold."""

    @property
    def f1(self) -> float | None:
        """Micro-F1, ``2TP / (2TP + FP + FN)``; ``None`` when every case is empty."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def match_sets(gold: Sequence[Collection[str]], predicted: Sequence[Collection[str]]) -> SetMatch:
    """Compare the id sets case by case (a mapping counts by its keys); the caller checks the input."""
    tp = fp = fn = 0
    per_case: list[float | None] = []
    missed: list[tuple[int, str]] = []
    spurious: list[tuple[int, str]] = []
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        gold_ids, pred_ids = set(g), set(p)
        case_missed, case_spurious = sorted(gold_ids - pred_ids), sorted(pred_ids - gold_ids)
        hits = len(gold_ids) - len(case_missed)
        missed.extend((i, x) for x in case_missed)
        spurious.extend((i, x) for x in case_spurious)
        tp, fp, fn = tp + hits, fp + len(case_spurious), fn + len(case_missed)
        denominator = 2 * hits + len(case_spurious) + len(case_missed)
        per_case.append(2 * hits / denominator if denominator else None)
    return SetMatch(tp, fp, fn, tuple(per_case), tuple(missed), tuple(spurious))


def _micro_f1(gold: Sequence[Levels], pred: Sequence[Levels]) -> float:
    """This report's micro-F1 of the id sets: 1.0 when there is nothing to find, like its other columns."""
    f1 = match_sets(gold, pred).f1
    return 1.0 if f1 is None else f1


def level_accuracy(gold: Sequence[Levels], pred: Sequence[Levels], *, matched_only: bool = False) -> tuple[float, list[float]]:
    """Share of gold items predicted with exactly the gold level (or, matched_only, of items in both)."""
    hit = total = 0
    per: list[float] = []
    for g, p in zip(gold, pred, strict=True):
        ids = [k for k in g if k in p] if matched_only else list(g)
        h = sum(1 for k in ids if p.get(k) == g[k])
        hit, total = hit + h, total + len(ids)
        per.append(1.0 if not ids else h / len(ids))
    return (hit / total if total else 1.0), per


def uncovered_recall(expected: Sequence[Sequence[str]], found: Sequence[Sequence[str]]) -> tuple[float, list[float]]:
    hit = total = 0
    per: list[float] = []
    for exp, spans in zip(expected, found, strict=True):
        h = sum(1 for phrase in exp if any(phrase.lower() in s.lower() for s in spans))
        hit, total = hit + h, total + len(exp)
        per.append(1.0 if not exp else h / len(exp))
    return (hit / total if total else 1.0), per


# ---------------------------------------------------------------- systems
def ours(matcher: PostingMatcher) -> Callable[[str], Prediction]:
    def run(text: str) -> Prediction:
        r = matcher.match(text)
        return Prediction({d.id: d.level for d in r.domains}, {c.id: c.level for c in r.competencies},
                          [u.text for u in r.uncovered])
    return run


class Baseline:
    """Nearest neighbours by embedding, fixed top-k, no boilerplate removal, no cues."""

    def __init__(self, framework: Framework, embedder: Embedder, k_categories: int = 3, k_domains: int = 2) -> None:
        self.embedder = embedder
        self.kc, self.kd = k_categories, k_domains
        self.items: list[tuple[str, list[tuple[int, str]]]] = []
        texts: list[str] = []
        for d in framework.domains:
            self.items.append((d.id, [(s.level, s.statement) for s in d.levels]))
            texts.append(f"{d.name}: {d.description}")
        for c in framework.categories:
            self.items.append((c.id, [(s.level, s.statement) for s in c.levels]))
            texts.append(f"{c.name}: {c.description or ''}")
        self.vecs = embedder.embed(texts)
        self.level_vecs = [embedder.embed([t for _, t in lv]) for _, lv in self.items]

    def __call__(self, text: str) -> Prediction:
        plain = to_plain(text)
        lines = [s.text for s in segment(plain.text, plain.bullets)] or [plain.text]
        e = self.embedder.embed(lines)
        sims = e @ self.vecs.T
        best = sims.max(axis=0)
        ranked = np.argsort(-best)
        doms: Levels = {}
        cats: Levels = {}
        for j in ranked:
            iid, levels = self.items[j]
            line = e[int(sims[:, j].argmax())]
            level = levels[int((self.level_vecs[j] @ line).argmax())][0]
            if "." in iid and len(cats) < self.kc:
                cats[iid] = level
            elif "." not in iid and len(doms) < self.kd:
                doms[iid] = level
        return Prediction(doms, cats)


# ---------------------------------------------------------------- runner
def score(cases: Sequence[Case], preds: Sequence[Prediction]) -> dict[str, float]:
    gd, gc = [c.domains for c in cases], [c.categories for c in cases]
    pd, pc = [p.domains for p in preds], [p.categories for p in preds]
    return {
        "domain_f1": _micro_f1(gd, pd),
        "category_f1": _micro_f1(gc, pc),
        "level_acc": level_accuracy([{**a, **b} for a, b in zip(gd, gc, strict=True)],
                                    [{**a, **b} for a, b in zip(pd, pc, strict=True)])[0],
        "level_acc_matched": level_accuracy([{**a, **b} for a, b in zip(gd, gc, strict=True)],
                                            [{**a, **b} for a, b in zip(pd, pc, strict=True)], matched_only=True)[0],
        "uncovered_recall": uncovered_recall([c.uncovered for c in cases], [p.uncovered for p in preds])[0],
        "n": float(len(cases)),
    }


def evaluate(evals: Path, corpus: Path, embedder: Embedder | None = None) -> dict[str, object]:
    """Run both systems on both splits; returns metrics and per-case predictions."""
    emb = embedder or shared_embedder()
    loaded = load_corpus(corpus)
    cases = load_cases(evals)
    systems: dict[str, Callable[[str], Prediction]] = {
        "ours": ours(PostingMatcher(loaded.framework, emb, loaded.guidance)),
        "baseline": Baseline(loaded.framework, emb),
    }
    metrics: dict[str, dict[str, dict[str, float]]] = {}
    per_case: dict[str, dict[str, dict[str, object]]] = {}
    for name, run in systems.items():
        preds = [run(c.text) for c in cases]
        per_case[name] = {c.id: {"domains": p.domains, "categories": p.categories, "uncovered": p.uncovered}
                          for c, p in zip(cases, preds, strict=True)}
        metrics[name] = {}
        for split in ("dev", "test", "all"):
            idx = [i for i, c in enumerate(cases) if split == "all" or c.split == split]
            metrics[name][split] = score([cases[i] for i in idx], [preds[i] for i in idx])
    return {"metrics": metrics, "cases": per_case}


def format_table(metrics: dict[str, dict[str, dict[str, float]]]) -> str:
    cols = ["domain_f1", "category_f1", "level_acc", "level_acc_matched", "uncovered_recall"]
    head = f"{'system':<9} {'split':<5} {'n':>3}  " + "  ".join(f"{c:>17}" for c in cols)
    rows = [head, "-" * len(head)]
    for split in ("dev", "test", "all"):
        for name in metrics:
            m = metrics[name][split]
            rows.append(f"{name:<9} {split:<5} {int(m['n']):>3}  " + "  ".join(f"{m[c]:>17.3f}" for c in cols))
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--evals", type=Path, default=Path("evals/postings"))
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--json", action="store_true", help="print metrics and per-case predictions as JSON")
    args = parser.parse_args(argv)
    result = evaluate(args.evals, args.corpus)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_table(result["metrics"]))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
