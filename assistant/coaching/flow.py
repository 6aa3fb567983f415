"""The coaching stage machine: given the state and one answer, the next state and one question.

Stages follow "What? So what? Now what?" inside a GROW frame (see ``prompts/coaching/questions.yaml``)::

    [review] -> context -> reflection -> assessment -> growth -> plan -> done
     (returning visitor)  (Goal)  (What?/So what?)  (Reality)  (Options) (Now what?/Will)

``Flow.advance`` is pure given its inputs (state, text, the bank and the matcher, whose embedder is
deterministic): it never touches the database. Hostile and off-topic answers return the *same* state
object with a gentle steer and the pending question asked again. Every reply carries at most one
question; prefaces never ask.

    >>> flow = Flow(bank, matcher, senses=senses)                    # doctest: +SKIP
    >>> out = flow.start()                                           # doctest: +SKIP
    >>> out = flow.advance(out.state, "Educator at a science center")  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from assistant.coaching.answers import (
    AnswerKind,
    career_stage,
    classify,
    is_accept,
    parse_level,
    stated_years,
    words,
)
from assistant.coaching.assess import Competency, CompetencyMatcher
from assistant.coaching.growth import compose_growth, goal_gaps, person_texts
from assistant.coaching.intake import ALL_ACTS, Intake, answers_to, unexclude
from assistant.coaching.listen import Heard, Listener
from assistant.coaching.meaning import ReplyMeaning
from assistant.coaching.questions import Question, QuestionBank
from assistant.coaching.senses import Senses
from assistant.coaching.state import (
    MAX_GROWTH,
    CoachState,
    Outcome,
    Pending,
    ProgressNote,
    RatingState,
    Reply,
    ReplyKind,
    ReviewItem,
    TouchState,
)
from assistant.framework.models import Note
from assistant.understanding.reading import Reader

MAX_AREAS_ASSESSED = 4
# A message asks for the plan when the reader's most probable intent is plan_request with at least this
# probability. Set on the dev coaching conversations and scripted personas: no other turn reads as a plan
# request above 0.31, and 5 of 10 plan requests read from 0.38 up (the rest are not caught yet; the harness
# and people can always ask plainly).
PLAN_REQUEST_THRESHOLD = 0.34
INLINE_EVIDENCE_WORDS = 8
LEVEL_RETRIES = 1  # a level question is asked again once at most, saying why


class Flow:
    """The stage machine over a question bank and a competency matcher."""

    def __init__(self, bank: QuestionBank, matcher: CompetencyMatcher, reader: Reader | None = None,
                 listener: Listener | None = None, notes: Sequence[Note] = (), *, senses: Senses) -> None:
        self.bank = bank
        self.matcher = matcher
        self.reader = reader
        self.senses = senses
        self.meaning = ReplyMeaning(senses, reader)
        # without a listener the flow reads every reply as the answer to its question (the questionnaire)
        self.intake = Intake(bank, matcher, listener, senses, notes) if listener is not None else None

    # ---------------------------------------------------------------- entry points

    def start(self, profile: dict[str, str] | None = None, review: list[ReviewItem] | None = None) -> Outcome:
        state = CoachState(profile=dict(profile or {}), review=list(review or []))
        if state.review:
            state.stage = "review"
            return self._ask_review(state, "")
        return self._next(state, "")

    def advance(self, state: CoachState, text: str) -> Outcome:
        """Take one answer; ``state`` is not modified (a changed copy is returned)."""
        if self.meaning.hostile(text):
            return self._steer(state, self.bank.replies.steer_hostile) if state.pending else Outcome(
                state, Reply(self.bank.replies.steer_hostile, None, None, "done"))
        heard = self.intake.hear(text, state.pending.id if state.pending else None) if self.intake else None
        if state.stage == "done" or state.pending is None:
            if heard is not None and "plan_revision" in heard.acts and state.growth:
                return self._revise(state.model_copy(deep=True), heard)
            return Outcome(state, Reply(self.bank.replies.done_question_repeat, None, None, "done"))
        new = state.model_copy(deep=True)
        assert new.pending is not None
        pid = new.pending.id
        taken = self.intake.absorb(new, heard, pid) if self.intake is not None and heard is not None else []
        if self._asks_for_plan(text) or (heard is not None and "plan_request" in heard.acts):
            return self._finish(new, text)
        if heard is not None and "digression" in heard.acts and not taken and len(heard.acts) == 1:
            return self._steer(state, self.bank.replies.steer_digression)
        answers = answers_to(pid)
        if heard is not None and heard.of("question") and not heard.acts & (answers or ALL_ACTS):
            return self._answer_in_passing(new if taken else state, heard.of("question"), taken)
        if heard is not None and taken and answers is not None and not heard.acts & answers:
            # the message gave other things than the answer asked for: keep them, ask the next useful thing
            # a question passed over is not asked again: an area's level question moves to the next area
            new.answers += 1
            if pid.startswith(("assess.level:", "assess.evidence:")):
                new.assess_index += 1
            elif pid == "growth.pick":  # passed over: the areas found so far, as if accepted
                new.growth = compose_growth(new, new.named, self.matcher, self._scope(new))
                new.stage = "plan"
            elif pid in self.bank.question_ids:
                new.passed.append(self.bank.question(pid).slot)
            return self._next(new, self.bank.replies.noted)
        if pid.startswith("assess.pick"):
            return self._answer_pick(new, text, heard)
        if pid.startswith("assess.level:"):
            return self._answer_level(new, pid.split(":", 1)[1], text, heard)
        if pid.startswith("assess.evidence:"):
            return self._answer_evidence(new, pid.split(":", 1)[1], text, heard)
        if pid == "growth.pick":
            return self._answer_growth(new, text, heard)
        if pid.startswith("review:"):
            return self._answer_review(new, text)
        return self._answer_question(new, self.bank.question(pid), text, heard)

    # ---------------------------------------------------------------- the plan on request

    def _asks_for_plan(self, text: str) -> bool:
        """The person asks for their plan (or the list, or what to do now), in any words, at any point."""
        if self.reader is None:
            return False
        reading = self.reader.read(text)
        return reading.intent == "plan_request" and reading.confidence >= PLAN_REQUEST_THRESHOLD

    def _finish(self, state: CoachState, text: str) -> Outcome:
        """Make the plan from what is known now: the areas they want or picked to look at, else the ones their
        words name."""
        if not state.growth:
            named = self.matcher.resolve(" ".join([*person_texts(state), text]), limit=MAX_GROWTH)
            state.growth = compose_growth(state, [*state.named, *state.picked, *named], self.matcher,
                                          self._scope(state))
        state.answers += 1
        return self._done(state)

    def _done(self, state: CoachState) -> Outcome:
        state.stage = "done"
        state.pending = None
        return Outcome(state, Reply(self.bank.replies.done, None, None, "done"))

    # ---------------------------------------------------------------- listening to any turn

    def _revise(self, state: CoachState, heard: Heard) -> Outcome:
        """A smaller plan on request: the planner drops an area and a step per revision (see ``Planner.shape``);
        the request is kept, in the person's words, among the plan's constraints."""
        assert self.intake is not None
        state.revisions += 1
        for sentence in heard.of("plan_revision"):
            state.constraints.append(self.intake.constraint("time", sentence))
        n = max(1, min(len(state.growth), MAX_GROWTH) - state.revisions)
        return Outcome(state, Reply(self.bank.replies.revised.format(n=n), None, None, "done"))

    def _answer_in_passing(self, state: CoachState, questions: list[str], taken: list[str]) -> Outcome:
        """A framework question asked mid-session: a short cited answer, then the pending question again."""
        p = state.pending
        assert p is not None and self.intake is not None
        found = self.intake.in_passing(questions)
        if found is None:
            return self._steer(state, self.bank.replies.steer_digression)
        answer, cites = found
        lead = "\n\n".join(x for x in (self.bank.replies.noted if taken else "", answer,
                                        self.bank.replies.back_to_reflection, p.preface) if x)
        return Outcome(state, Reply(lead, p.question, p.id, "answer", cites=cites))

    # ---------------------------------------------------------------- helpers

    def _scope(self, state: CoachState) -> int | None:
        return self.meaning.scope_level(state.profile.get("goal", ""))

    def _ack(self, state: CoachState) -> str:
        acks = self.bank.replies.acknowledgements
        return acks[state.answers % len(acks)]

    def _steer(self, state: CoachState, preface: str) -> Outcome:
        p = state.pending
        assert p is not None
        lead = "\n\n".join(x for x in (preface, p.preface) if x)
        return Outcome(state, Reply(lead, p.question, p.id, "steer"))

    def _ask(self, state: CoachState, pid: str, preface: str, question: str, context: str = "",
             kind: ReplyKind = "question") -> Outcome:
        """Set the pending question; ``context`` (e.g. level statements) is repeated on a re-ask."""
        keep = state.pending.follow_ups if (state.pending and state.pending.id == pid and kind != "question") else 0
        partial = state.pending.partial if (state.pending and state.pending.id == pid) else ""
        state.pending = Pending(id=pid, preface=context, question=question, follow_ups=keep, partial=partial)
        lead = "\n\n".join(x for x in (preface, context) if x)
        return Outcome(state, Reply(lead, question, pid, kind))

    def _kind(self, text: str, heard: Heard | None, measured: bool = True) -> AnswerKind:
        """What kind of answer this is: from the listener's acts when it heard any, else from the rules in
        :func:`assistant.coaching.answers.classify` (topicality measured unless ``measured`` is False)."""
        if heard is None or heard.unclear:
            return classify(text, self.meaning.sense(text), self._topicality(text) if measured else None)
        if self.meaning.dont_know(text):
            return "dont_know"
        if heard.acts <= {"digression", "small_talk"} and "digression" in heard.acts:
            return "digression"
        return "answer"

    def _topicality(self, text: str) -> float:
        return self.matcher.topicality(text)

    def _comp(self, cid: str) -> Competency:
        comp = self.matcher.get(cid)
        if comp is None:  # only ids from the catalog ever enter the state
            raise KeyError(cid)
        return comp

    # ---------------------------------------------------------------- open questions

    def _answer_question(self, state: CoachState, q: Question, text: str, heard: Heard | None = None) -> Outcome:
        p = state.pending
        assert p is not None
        measured = q.min_words >= 4
        kind = self._kind(text, heard, measured)
        if kind == "digression":
            return self._steer(state, self.bank.replies.steer_digression)
        if kind in ("dont_know", "clarify"):
            if p.follow_ups < 1:
                p.follow_ups += 1
                return self._ask(state, q.id, self.bank.replies.dont_know_preface, q.dont_know, kind="follow_up")
            return self._fill(state, q, p.partial, self.bank.replies.move_on)
        answer = p.partial if self.meaning.filler(text) else f"{p.partial} {text}".strip()
        vague = self.meaning.vague(text, q.min_words)
        if q.slot == "years" and self.meaning.years(answer) is None:
            vague = True
        if vague and p.follow_ups < 1:
            p.follow_ups += 1
            p.partial = answer
            return self._ask(state, q.id, "", q.follow_up, kind="follow_up")
        return self._fill(state, q, answer, self._ack(state))

    def _fill(self, state: CoachState, q: Question, answer: str, preface: str) -> Outcome:
        state.profile[q.slot] = answer
        # whatever the question was, an answer that also says where they work or for how long fills that
        # too, so it is never asked again
        if "institution" not in state.profile:
            inst = self.senses.institution(answer)
            if inst:
                state.profile["institution"] = inst
        years = self.meaning.years(answer) if q.slot == "years" else stated_years(answer, self.senses.new_to_field(answer))
        if years is not None and "years_value" not in state.profile:
            state.profile.setdefault("years", answer)
            state.profile["years_value"] = f"{years:g}"
            state.profile["career_stage"] = career_stage(years) or ""
        state.answers += 1
        return self._next(state, preface)

    # ---------------------------------------------------------------- moving on

    def _next(self, state: CoachState, preface: str) -> Outcome:
        while True:
            if state.stage in ("context", "reflection", "plan"):
                for q in self.bank.stage_questions(state.stage):
                    if not self._known(state, q.slot):
                        return self._ask(state, q.id, preface, q.text)
                if state.stage == "context":
                    state.stage = "reflection"
                    continue
                if state.stage == "reflection":
                    state.stage = "assessment"
                    return self._ask_pick(state, preface)
                return self._done(state)
            if state.stage == "assessment":
                while state.assess_index < len(state.candidates) and self._assessed(state, state.assess_index):
                    state.assess_index += 1
                if state.assess_index < len(state.candidates):
                    return self._ask_level(state, preface)
                state.stage = "growth"
                if state.named:  # they said what they want to grow in: no need to ask
                    state.growth = compose_growth(state, state.named, self.matcher, self._scope(state))
                    state.stage = "plan"
                    continue
                return self._ask_growth(state, preface)
            if state.stage == "review":
                if state.review_index < len(state.review):
                    return self._ask_review(state, preface)
                state.stage = "context"
                continue
            raise AssertionError(f"no next question in stage {state.stage}")  # pragma: no cover

    def _known(self, state: CoachState, slot: str) -> bool:
        return slot in state.profile or slot in state.passed

    def _assessed(self, state: CoachState, index: int) -> bool:
        """An area needs no level question: the person excluded it, or rated it and gave an example."""
        cid = state.candidates[index]
        r = state.ratings.get(cid)
        return cid in state.excluded or (r is not None and (r.complete or r.evidence is not None))

    # ---------------------------------------------------------------- assessment

    def _ask_pick(self, state: CoachState, preface: str) -> Outcome:
        touched = [t for t in self.matcher.touched(person_texts(state), k=3 + len(state.excluded))
                   if t.id not in state.excluded][:3]
        state.touched = [TouchState(id=t.id, score=round(t.score, 4), sentence=t.sentence) for t in touched]
        rated = [c for c in state.ratings if c not in state.excluded]
        state.candidates = list(dict.fromkeys([*state.named, *rated, *(t.id for t in touched)]))[:MAX_AREAS_ASSESSED]
        if state.named:  # the areas they want are known: assess them (and what they rated) without asking
            state.assess_index = 0
            return self._next(state, preface)
        a = self.bank.assessment
        if touched:
            areas = ", ".join(self._comp(t.id).label for t in touched)
            lead = "\n\n".join(x for x in (preface, a.intro.format(areas=areas)) if x)
            return self._ask(state, "assess.pick", lead, a.pick_question)
        areas = ", ".join(c.label for c in self.matcher.suggestable)
        lead = "\n\n".join(x for x in (preface, a.pick_none_intro.format(areas=areas)) if x)
        return self._ask(state, "assess.pick.none", lead, a.pick_none_question)

    def _answer_pick(self, state: CoachState, text: str, heard: Heard | None = None) -> Outcome:
        p = state.pending
        assert p is not None
        must_pick = p.id == "assess.pick.none"
        no = self.meaning.no(text)
        picks = [] if (no or self.meaning.dont_know(text)) and not must_pick else self.matcher.resolve(text, limit=4)
        if not picks and not no and p.follow_ups < 1:
            kind = self._kind(text, heard)
            if kind == "digression":
                return self._steer(state, self.bank.replies.steer_digression)
            p.follow_ups += 1
            example = self.matcher.suggestable[0].label
            return self._ask(state, p.id, "", self.bank.growth.retry.format(example=example), p.preface,
                             kind="retry")
        if must_pick and not picks:
            # nothing named twice: fall back to the closest areas without a threshold
            picks = [t.id for t in self.matcher.touched(person_texts(state) or [text], k=2, threshold=-1.0)]
        unexclude(state, picks)
        state.picked = list(dict.fromkeys([*state.picked, *picks]))
        merged = list(dict.fromkeys([*picks, *state.candidates]))
        # picks first; touched areas fill the remaining places in their ranking
        state.candidates = merged[:MAX_AREAS_ASSESSED]
        state.assess_index = 0
        state.answers += 1
        return self._next(state, self._ack(state))

    def _level_context(self, comp: Competency) -> str:
        a = self.bank.assessment
        lines = [f"- {s.id}: {s.text}" for s in comp.statements]
        context = a.level_intro.format(id=comp.id, name=comp.name, statements="\n".join(lines))
        missing = [comp.statement_id(n) for n in comp.missing_levels]
        missing += [s.id + " (only partly)" for s in comp.statements if not s.complete]
        if missing:
            context += "\n" + a.level_missing_note.format(missing=", ".join(missing))
        return context

    def _ask_level(self, state: CoachState, preface: str) -> Outcome:
        comp = self._comp(state.candidates[state.assess_index])
        rating = state.ratings.get(comp.id)
        if rating is not None and rating.level is not None:  # rated in passing: ask for an example of it
            question = self.bank.level_questions.get(rating.statement_id or "") or self.bank.domain(
                comp.domain).evidence_question
            return self._ask(state, f"assess.evidence:{comp.id}", preface, question)
        return self._ask(state, f"assess.level:{comp.id}", preface, self.bank.assessment.level_question,
                         self._level_context(comp))

    def _answer_level(self, state: CoachState, cid: str, text: str, heard: Heard | None = None) -> Outcome:
        p = state.pending
        assert p is not None
        a = self.bank.assessment
        comp = self._comp(cid)
        parsed = parse_level(text)
        not_sure = parsed.level is None and not parsed.out_of_range and self.meaning.dont_know(text)
        if parsed.level is None and not not_sure:
            if not parsed.out_of_range and self._kind(text, heard) == "digression":
                return self._steer(state, self.bank.replies.steer_digression)
            if heard is not None and "story" in heard.acts and len(words(text)) >= INLINE_EVIDENCE_WORDS:
                # an example instead of a level: keep it as the evidence, with the level left open
                state.ratings[cid] = RatingState(competency_id=cid, not_sure=True, evidence=text.strip(),
                                                 complete=True)
                state.answers += 1
                state.assess_index += 1
                return self._next(state, self._ack(state))
            if p.follow_ups < LEVEL_RETRIES:
                p.follow_ups += 1
                lead = a.level_out_of_range if parsed.out_of_range else a.level_unclear
                return self._ask(state, p.id, lead, a.level_retry, p.preface, kind="retry")
            not_sure = True  # asked twice: record "not sure" rather than guess or ask a third time
        level = parsed.level if not not_sure else None
        statement_id = None
        if level is not None:
            st = comp.statement(math.floor(level))
            statement_id = st.id if st is not None and st.complete else None
        rating = RatingState(competency_id=cid, level=level, not_sure=not_sure, statement_id=statement_id)
        state.ratings[cid] = rating
        state.answers += 1
        if len(words(parsed.rest)) >= INLINE_EVIDENCE_WORDS:
            rating.evidence, rating.complete = text.strip(), True
            state.assess_index += 1
            return self._next(state, self._ack(state))
        if not_sure:
            question = a.not_sure_evidence.format(name=comp.name)
        else:
            question = self.bank.level_questions.get(statement_id or "") or self.bank.domain(comp.domain).evidence_question
        return self._ask(state, f"assess.evidence:{cid}", self._ack(state), question)

    def _answer_evidence(self, state: CoachState, cid: str, text: str, heard: Heard | None = None) -> Outcome:
        p = state.pending
        assert p is not None
        a = self.bank.assessment
        rating = state.ratings[cid]
        lowered = text.strip().lower()
        skip = self.meaning.dont_know(text) or self.meaning.no(text) or any(lowered.startswith(w) for w in a.evidence_skip_words)
        if not skip:
            kind = self._kind(text, heard)
            if kind == "digression":
                return self._steer(state, self.bank.replies.steer_digression)
            answer = p.partial if self.meaning.filler(text) else f"{p.partial} {text}".strip()
            if self.meaning.vague(text, 5) and p.follow_ups < 1:
                p.follow_ups += 1
                p.partial = answer
                return self._ask(state, p.id, "", a.evidence_follow_up, kind="follow_up")
            rating.evidence = answer
        elif p.partial:
            rating.evidence = p.partial
        rating.complete = True
        state.assess_index += 1
        state.answers += 1
        return self._next(state, self._ack(state) if not skip else self.bank.replies.move_on)

    # ---------------------------------------------------------------- growth areas

    def _ask_growth(self, state: CoachState, preface: str) -> Outcome:
        gaps = goal_gaps(state, self.matcher, self._scope(state))
        state.gaps = gaps
        g = self.bank.growth
        if gaps:
            parts = []
            for gap in gaps:
                now = "not sure" if gap.not_sure else f"{gap.current:g}"
                parts.append(f"{self._comp(gap.competency_id).label} (you: {now}; your goal points to level {gap.target})")
            intro = g.gap_intro.format(gaps="; ".join(parts))
        else:
            intro = g.no_gap_intro
        lead = "\n\n".join(x for x in (preface, intro) if x)
        return self._ask(state, "growth.pick", lead, g.question)

    def _answer_growth(self, state: CoachState, text: str, heard: Heard | None = None) -> Outcome:
        p = state.pending
        assert p is not None
        g = self.bank.growth
        dont_know = self.meaning.dont_know(text)
        accept = is_accept(text, g.accept_words) or dont_know
        picks = [] if dont_know else self.matcher.resolve(text, limit=MAX_GROWTH)
        if not picks and not accept and p.follow_ups < 1:
            if self._kind(text, heard) == "digression":
                return self._steer(state, self.bank.replies.steer_digression)
            p.follow_ups += 1
            example = self._comp(state.candidates[0]).label if state.candidates else self.matcher.suggestable[0].label
            return self._ask(state, p.id, "", g.retry.format(example=example), p.preface, kind="retry")
        unexclude(state, picks)
        state.growth = compose_growth(state, [*picks, *state.named], self.matcher, self._scope(state))
        state.stage = "plan"
        state.answers += 1
        return self._next(state, self._ack(state))

    # ---------------------------------------------------------------- review of an earlier plan

    def _ask_review(self, state: CoachState, preface: str) -> Outcome:
        item = state.review[state.review_index]
        intro = self.bank.review.intro.format(area=item.label, step=item.step)
        if state.review_index > 0:
            intro = self.bank.review.next_intro.format(area=item.label, step=item.step)
        return self._ask(state, f"review:{state.review_index}", preface, self.bank.review.question, intro)

    def _answer_review(self, state: CoachState, text: str) -> Outcome:
        item = state.review[state.review_index]
        status = "noted" if self.meaning.dont_know(text) else self.senses.progress(text)
        state.review_index += 1
        state.answers += 1
        out = self._next(state, self._ack(state))
        return Outcome(out.state, out.reply, (ProgressNote(item.item_id, status, text.strip()),))
