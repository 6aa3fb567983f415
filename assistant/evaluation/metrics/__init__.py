"""Pure evaluation metrics: each takes cases and returns a ``MetricResult`` (score, per-case, details)."""

from assistant.evaluation.metrics.agreement import cohens_kappa, fleiss_kappa
from assistant.evaluation.metrics.base import MetricResult, Similarity
from assistant.evaluation.metrics.citations import CitationCase, citation_accuracy, citation_recall
from assistant.evaluation.metrics.coaching import count_questions, one_question_per_turn, plan_coverage
from assistant.evaluation.metrics.groundedness import groundedness, mean_groundedness
from assistant.evaluation.metrics.matching import level_exact_accuracy, micro_f1
from assistant.evaluation.metrics.refusal import RefusalCase, refusal_accuracy
from assistant.evaluation.metrics.retrieval import mrr, ndcg_at_k, recall_at_k
from assistant.evaluation.metrics.robustness import StatusCase, status_match
from assistant.evaluation.metrics.sentences import AnswerSentence, extract_citations, split_answer
from assistant.evaluation.metrics.text import DEFAULT_SUPPORT_THRESHOLD, lexical_overlap

__all__ = [
    "DEFAULT_SUPPORT_THRESHOLD",
    "AnswerSentence",
    "CitationCase",
    "MetricResult",
    "RefusalCase",
    "Similarity",
    "StatusCase",
    "citation_accuracy",
    "citation_recall",
    "cohens_kappa",
    "count_questions",
    "extract_citations",
    "fleiss_kappa",
    "groundedness",
    "level_exact_accuracy",
    "lexical_overlap",
    "mean_groundedness",
    "micro_f1",
    "mrr",
    "ndcg_at_k",
    "one_question_per_turn",
    "plan_coverage",
    "recall_at_k",
    "refusal_accuracy",
    "split_answer",
    "status_match",
]
