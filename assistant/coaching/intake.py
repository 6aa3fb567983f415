"""What a message says goes where it belongs in the coaching state, whatever question was pending.

The :class:`~assistant.coaching.listen.Listener` labels each sentence with an act; :class:`Intake` puts each
act's content into :class:`~assistant.coaching.state.CoachState`: a role, workplace and years said in passing
fill the profile; a story, the reflection; a goal volunteered out of turn, the areas the person wants
(``named``); "not my job", the areas left out (``excluded``); a self-rating, the ratings (hedged or not, with
the sentence kept); time, money, timing and ways of learning, the constraints the plan keeps to. It also
answers a framework question asked mid-session from the corpus. The flow decides what to ask next.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import get_args

from assistant.coaching.answers import career_stage, parse_level, stated_years
from assistant.coaching.assess import PICK_THRESHOLD, CompetencyMatcher, cached_embed
from assistant.coaching.listen import CONSTRAINT_ACTS, Act, Heard, Listener, read_time
from assistant.coaching.questions import ModeName, QuestionBank
from assistant.coaching.senses import Senses
from assistant.coaching.state import MAX_GROWTH, CoachState, ConstraintState, RatingState
from assistant.framework.models import Note
from assistant.understanding.text import split_sentences

# Which acts answer each pending question (by question id, or its prefix before ":"); a message whose
# acts hold none of these gave something else, which is kept, and the coach moves to the next useful thing.
ANSWERS: dict[str, frozenset[Act]] = {
    "context.role": frozenset({"about_me"}),
    "context.institution": frozenset({"about_me"}),
    "context.years": frozenset({"about_me"}),
    "context.goal": frozenset({"goal"}),
    "reflection.what": frozenset({"story"}),
    "reflection.so_what": frozenset({"goal", "story", "self_rating", "not_my_job", "about_me", "small_talk"}),
    "assess.level": frozenset({"self_rating"}),
    "assess.evidence": frozenset({"story", "about_me"}),
    "assess.pick": frozenset({"goal", "defer", "small_talk"}),
    "assess.pick.none": frozenset({"goal", "defer", "small_talk"}),
    "growth.pick": frozenset({"goal", "defer", "small_talk"}),
}
ALL_ACTS: frozenset[Act] = frozenset(get_args(Act))
# Questions that read a goal as their own answer: a goal sentence given to them is not taken twice.
TAKES_GOALS = ("context.goal", "reflection.so_what", "assess.pick", "growth.pick")
IN_PASSING_SENTENCES = 2  # of a framework note quoted in answer to a question asked mid-session
# A sentence about ways of learning names a development mode when its cosine with the mode's label is at
# least MODE_MATCH and within MODE_MARGIN of the best mode (checked on the format examples of acts.yaml).
MODE_MATCH = 0.30
MODE_MARGIN = 0.05


def answers_to(pending_id: str) -> frozenset[Act] | None:
    """The acts that answer a pending question; None for a question any reply answers (plan, review)."""
    return ANSWERS.get(pending_id.split(":", 1)[0])


def unexclude(state: CoachState, picks: Sequence[str]) -> None:
    """An area the person picks is theirs again, whatever they said of it earlier: the latest word wins."""
    state.excluded = [c for c in state.excluded if c not in picks]


class Intake:
    """Takes what each message says into the state (one listener, the matcher, the bank's modes, the notes)."""

    def __init__(self, bank: QuestionBank, matcher: CompetencyMatcher, listener: Listener, senses: Senses,
                 notes: Sequence[Note] = ()) -> None:
        self.bank = bank
        self.matcher = matcher
        self.listener = listener
        self.senses = senses
        self.notes = tuple(notes)
        self._note_vectors = cached_embed(matcher.embedder, [f"{n.title}. {n.text}" for n in self.notes]) \
            if self.notes else None
        self._mode_vectors = cached_embed(matcher.embedder, [
            f"{m.label}: {', '.join(m.development_mode_names or (m.mode,))}" for m in bank.modes])

    def hear(self, text: str, pending_id: str | None) -> Heard:
        """The message's acts, the pending question's answers made likelier (see ``Listener.hear``)."""
        return self.listener.hear(text, (answers_to(pending_id) or frozenset()) if pending_id else frozenset())

    def absorb(self, state: CoachState, heard: Heard, pid: str) -> list[str]:
        """Put what the message says where it belongs, whatever the question was; what was taken, for the reply."""
        taken: list[str] = []
        p = state.profile
        about = " ".join(heard.of("about_me"))
        if about:
            if "role" not in p and not pid.startswith("context.role"):
                p["role"] = about
                taken.append("role")
            inst = self.senses.institution(about)
            if inst and "institution" not in p:
                p["institution"] = inst
                taken.append("institution")
            years = stated_years(about, self.senses.new_to_field(about))
            if years is not None and "years_value" not in p:
                p.setdefault("years", about)
                p["years_value"] = f"{years:g}"
                p["career_stage"] = career_stage(years) or ""
                taken.append("years")
        stories = heard.of("story")
        if stories and "what" not in p and not pid.startswith("reflection.what"):
            p["what"] = " ".join(stories)
            taken.append("story")
        for sentence in heard.of("goal") if not pid.startswith(TAKES_GOALS) else ():
            # a goal volunteered out of turn (the questions that ask for one read their answer themselves)
            named = [c for c in self.matcher.resolve(sentence, limit=MAX_GROWTH) if c not in state.excluded]
            state.named = list(dict.fromkeys([*state.named, *named]))[:MAX_GROWTH]
            if "goal" not in p:
                p["goal"] = sentence
                taken.append("goal")
            elif named:
                taken.append("growth")
        for sentence in heard.of("not_my_job"):
            # the area the sentence names, else one it is clearly about (a wrong one is undone by a later pick)
            named = self.matcher.resolve(sentence, limit=1)
            for cid in named or [t.id for t in self.matcher.touched([sentence], k=1, threshold=PICK_THRESHOLD)]:
                if cid not in state.excluded:
                    state.excluded.append(cid)
                    taken.append("excluded")
            state.named = [c for c in state.named if c not in state.excluded]
            state.candidates = [c for c in state.candidates if c not in state.excluded]
        ratings = heard.of("self_rating")
        if ratings and not pid.startswith("assess.level") and self.take_rating(state, ratings, heard.text):
            taken.append("rating")
        for kind in CONSTRAINT_ACTS:
            for sentence in heard.of(kind):
                state.constraints.append(self.constraint(kind, sentence))
                taken.append(kind)
        return taken

    def take_rating(self, state: CoachState, sentences: list[str], message: str) -> bool:
        """A self-rating given in passing: the first level said, for the area the sentences (or the rest of the
        message) name, else the one being assessed, else the one the message touches; a second level
        ("2, maybe 3") makes it hedged."""
        levels = [lv for lv in (parse_level(x).level for x in sentences) if lv is not None]
        if not levels:
            return False
        text = " ".join(sentences)
        named = self.matcher.resolve(text, limit=1) or self.matcher.resolve(message, limit=1)
        current = state.candidates[state.assess_index] if state.assess_index < len(state.candidates) else None
        cid = named[0] if named else (current if state.stage == "assessment" else None)
        if cid is None:
            touched = self.matcher.touched([message], k=1)
            cid = touched[0].id if touched else None
        if cid is None or cid in state.excluded:
            return False
        comp = self.matcher.get(cid)
        if comp is None:
            return False
        st = comp.statement(math.floor(levels[0]))
        hedged = len(set(levels)) > 1 or self.listener.hedged(text)
        state.ratings[cid] = RatingState(competency_id=cid, level=levels[0], hedged=hedged, said=text,
                                         statement_id=st.id if st is not None and st.complete else None)
        if cid not in state.candidates:
            state.candidates.insert(min(state.assess_index, len(state.candidates)), cid)
        return True

    def constraint(self, kind: Act, sentence: str) -> ConstraintState:
        """A constraint from one sentence: the amount of a time, the modes a way of learning names."""
        if kind == "time":
            t = read_time(sentence)
            return ConstraintState(kind="time", said=sentence, hours=t.hours if t else None, per=t.per if t else "",
                                   hours_a_week=t.hours_a_week if t else None)
        if kind in ("format", "format_avoid"):
            modes = self.modes_named(sentence)
            avoid = kind == "format_avoid" or self.listener.negated(sentence)
            return ConstraintState(kind="format", said=sentence, modes=modes, avoid=avoid)
        return ConstraintState(kind="budget" if kind == "budget" else "schedule", said=sentence)

    def modes_named(self, sentence: str) -> list[ModeName]:
        """The plan's development modes a sentence about ways of learning is closest to in meaning."""
        scores = self._mode_vectors @ cached_embed(self.matcher.embedder, [sentence])[0]
        best = float(scores.max())
        return [m.mode for m, s in zip(self.bank.modes, scores, strict=True)
                if s >= MODE_MATCH and s >= best - MODE_MARGIN]

    def in_passing(self, questions: list[str]) -> tuple[str, tuple[str, ...]] | None:
        """A short answer, from the corpus only, to a framework question asked mid-session, with its cites:
        the level statements of a competency the question names, else the framework note closest in meaning
        (what the levels mean, that no level is the right one for a job, which parts are unpublished)."""
        text = " ".join(questions)
        named = self.matcher.resolve(text, limit=1)
        comp = self.matcher.get(named[0]) if named else None
        replies = self.bank.replies
        if comp is not None:
            lines = [f"- {st.id}: {st.text}" for st in comp.statements]
            missing = [comp.statement_id(n) for n in comp.missing_levels]
            answer = replies.in_passing_levels.format(label=comp.label, statements="\n".join(lines))
            if missing:
                answer += " " + replies.in_passing_missing.format(missing=", ".join(missing))
            return answer, (comp.id, *(st.id for st in comp.statements))
        if self._note_vectors is None:
            return None
        q = cached_embed(self.matcher.embedder, [text])[0]
        note = self.notes[int((self._note_vectors @ q).argmax())]
        gist = " ".join(split_sentences(" ".join(note.text.split()))[:IN_PASSING_SENTENCES])
        return replies.in_passing_note.format(title=note.title, text=gist, id=note.id), (note.id,)
