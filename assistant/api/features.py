"""Attach the features (job matching, coaching) to the services and to the chat loop.

Each feature is an engine in ``services.extras`` (served by its own router) plus a handler that the
chat service calls when a turn is routed to that mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.dialogue.service import Download, ModeReply
from assistant.generation.base import Citation
from assistant.understanding.reading import Reading

if TYPE_CHECKING:
    from assistant.api.services import Services


def _citations(services: Services, ids: tuple[str, ...] | list[str]) -> tuple[Citation, ...]:
    index = services.runtime.index
    out = []
    for cid in dict.fromkeys(ids):
        chunk = index.chunk(cid)
        if chunk is not None:
            out.append(Citation(chunk.id, chunk.title, chunk.kind))
    return tuple(out)


def attach_coaching(services: Services) -> None:
    from assistant.api.routes.coaching import PLAN_DOWNLOADS, plan_path
    from assistant.coaching.service import CoachingService

    s = services.settings
    coach = CoachingService.from_paths(
        services.runtime.corpus, services.runtime.embedder, services.store.sessions, s.prompts_dir,
        max_message_chars=s.max_message_chars, reader=services.runtime.reader, index_dir=s.index_dir,
    )
    services.extras["coach"] = coach

    def handler(text: str, state: dict[str, Any], visitor_id: str | None) -> ModeReply:
        r = coach.chat_turn(text, state, visitor_id)
        return ModeReply(
            text=r.text,
            citations=_citations(services, list(r.cites)),
            generator="coach",
            prompt_id=coach.bank.id,
            prompt_version=str(coach.bank.version),
            state_update=r.state_update,
            flags=frozenset({f"coach:{r.turn.stage}"}),
            downloads=tuple(Download(label, plan_path(r.turn.session_id, fmt), fmt) for label, fmt in PLAN_DOWNLOADS)
            if r.turn.done else (),
        )

    services.chat.coach_handler = handler


def attach_matching(services: Services) -> None:
    from assistant.dialogue.roles import RoleReader
    from assistant.dialogue.routing import looks_like_posting
    from assistant.matching import PostingMatcher
    from assistant.matching.explain import describe_match, describe_profile
    from assistant.matching.language import preload as preload_languages

    rt = services.runtime
    matcher = PostingMatcher(
        rt.corpus.framework, rt.embedder, rt.corpus.guidance, max_chars=services.settings.max_posting_chars,
        prompts_dir=services.settings.prompts_dir,
    )
    _ = matcher.boilerplate  # built at start-up, so a bad examples file fails there and not on a request
    preload_languages()
    services.extras["matcher"] = matcher
    roles = RoleReader.from_prompts(rt.embedder, services.settings.prompts_dir)  # titles embedded at start-up

    def handler(text: str, reading: Reading | None = None) -> ModeReply:
        asked = None if looks_like_posting(text, reading) else roles.question(text, reading)
        if asked is not None:  # "which competencies does a <role> need?": the role's job profile
            profile = matcher.job_profile(asked.role, asked.institution)
            reply, cited = describe_profile(profile)
            return ModeReply(
                text=reply, citations=_citations(services, cited), generator="matcher",
                prompt_id="job-profile-explain", prompt_version="1",
                retrieved=tuple({"id": c.id, "rank": i, "kind": "competency", "level": c.level}
                                for i, c in enumerate(profile.competencies, start=1)),
                flags=frozenset({"job_profile"}),
            )
        result = matcher.match(text)
        reply, cited = describe_match(result, rt.corpus.framework)
        return ModeReply(
            text=reply,
            citations=_citations(services, cited),
            generator="matcher",
            prompt_id="match-explain",
            prompt_version="1",
            retrieved=tuple(
                {"id": m.id, "rank": i, "score": round(m.score, 6), "kind": "competency", "level": m.level}
                for i, m in enumerate(result.competencies, start=1)
            ),
            flags=frozenset({"not_english"} if result.note and not result.competencies else set()),
        )

    services.chat.match_handler = handler
    services.chat.roles = roles


def attach_coverage(services: Services) -> None:
    """The coverage analyzer; a list pasted in chat with a coverage request gets the summary and gaps."""
    from assistant.coverage.analysis import CoverageAnalyzer, columns
    from assistant.coverage.explain import describe
    from assistant.coverage.pasted import kind_of, pasted_items

    rt = services.runtime
    analyzer = CoverageAnalyzer.from_prompts(rt.corpus, rt.embedder, services.settings.prompts_dir)
    services.extras["coverage"] = analyzer
    names = dict(columns(rt.corpus))

    def handler(text: str, reading: Reading | None = None) -> ModeReply:
        request, items = pasted_items(text)
        kind = kind_of(request, items, rt.embedder)
        report = analyzer.analyze(items, kind)
        reply = describe(report, names) + (
            "\n\nFor the full matrix as a heatmap, each item's evidence, and CSV, XLSX or PDF files, paste the "
            "list (with each item's description, if you have it) on the coverage page (/coverage).")
        served = [c.id for item in report.items for c in item.competencies]
        return ModeReply(
            text=reply, citations=_citations(services, [*served, *report.gaps]), generator="coverage",
            prompt_id="coverage-explain", prompt_version="1",
            retrieved=tuple({"id": item.id, "rank": n, "kind": "coverage-item",
                             "competencies": [c.id for c in item.competencies]}
                            for n, item in enumerate(report.items, start=1)),
            flags=frozenset({f"coverage:{kind}"}),
        )

    services.chat.coverage_handler = handler


def attach(services: Services) -> None:
    attach_matching(services)
    attach_coverage(services)
    attach_coaching(services)
