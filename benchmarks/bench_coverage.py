"""Latency of a coverage analysis of a 40-item conference program, beside one query embedding.

    .venv/bin/python benchmarks/bench_coverage.py [--runs 5] [--backend onnx|torch] [--threads N]

The program is 40 fictional session abstracts written here (30-80 words each, three of them breaks and
logistics), analysed as kind "program" with the real corpus and the real embedding model, the way
``POST /v1/coverage`` does. Prints the first (cold) analysis after the model and matcher are loaded, the
median and p95 of ``--runs`` warm analyses, and the single-query embedding p50 measured in this same run, each
figure also as a multiple of that embedding (the machine's noise moves both). Target: 40 items in under
2 s on this machine (judged on the warm p95; the cold figure is shown beside it). ``--backend`` picks the
embedding backend (default onnx, as the server); ``--threads`` sets torch's intra-op threads.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from common import add_embedding_args, apply_threads, query_embedding_ms

from assistant.coverage import analysis
from assistant.coverage.analysis import Item
from assistant.framework.loader import load_corpus
from assistant.runtime import make_embedder
from assistant.settings import ROOT, Settings

TARGET_S = 2.0
QUESTIONS = ROOT / "evals" / "retrieval" / "questions.jsonl"

SESSIONS: list[tuple[str, str]] = [
    ("Registration and badge pick-up",
     "Collect your badge, lanyard and printed program at the registration desk in the main lobby. Volunteers "
     "can answer questions about the venue, the Wi-Fi password and the shuttle times to the partner hotels."),
    ("Opening keynote: Why informal learning matters now",
     "Our keynote speaker reflects on two decades of science centers and museums reaching new audiences, and "
     "argues that the field's mission must be rooted in community needs, equity and a shared vision of "
     "lifelong learning that visitors help to shape."),
    ("Writing a strategic plan your board will read",
     "A practical workshop for directors and senior staff on turning a mission statement into a three-year "
     "strategic plan with measurable goals, clear priorities and a calendar for reviewing progress with the "
     "board of trustees. We end with a template for a one-page summary of the plan, a list of questions "
     "trustees tend to ask, and examples of dashboards that keep the plan alive between annual retreats "
     "instead of gathering dust on a shelf."),
    ("Budgets that survive a bad year",
     "Education managers build the annual budget for a department, forecast revenue from camps and school "
     "field trips, track spending against the plan each month and prepare for a shortfall without cutting the"
     " programs visitors value most. Bring last year's numbers if you can: in small groups we will rebuild "
     "one real budget line by line, compare cost per participant across programs and agree on which reserves "
     "a department should hold."),
    ("Grant writing for small institutions",
     "Learn how to find foundations and government funders that fit your programs, write a compelling needs "
     "statement, build a realistic project budget and report outcomes in a way that makes the next proposal "
     "easier to win."),
    ("Org charts, roles and who decides",
     "Participants map the structure of their own institution, clarify reporting lines between education, "
     "exhibits and visitor services, and practise writing role descriptions that make decision-making faster "
     "and reduce duplicated work across departments."),
    ("Policies for safe and welcoming spaces",
     "A session on writing and updating institutional policies: child safeguarding, accessibility, photo "
     "consent and codes of conduct for staff and volunteers, with examples of how clear policies protect "
     "visitors and make everyday decisions easier for floor staff."),
    ("Listening to visitors before you plan",
     "Design a short exit survey for a gallery, analyze what families and school groups say they took away, "
     "and use the answers to set learning outcomes for the next season of programs."),
    ("Who is not coming through the door?",
     "Using census data, membership records and conversations with community leaders, presenters show how to "
     "identify audiences a museum rarely reaches and design programs that respond to their interests, "
     "languages and schedules rather than our own assumptions."),
    ("Designing exhibits with teenagers",
     "A youth council of fifteen teenagers co-designed a climate exhibit with our curators. We share how we "
     "recruited them, paid them, ran design sessions and changed the exhibit after their feedback, and what "
     "the young people say they learned about science careers. The session closes with a frank look at what "
     "went wrong, from scheduling around exams to the budget for stipends, and a checklist for any "
     "institution thinking of starting its own youth advisory group."),
    ("Facilitating hands-on science at the cart",
     "Floor staff practise asking open questions at a discovery cart, invite children to predict and test, "
     "and adapt an activity on the spot for visitors with different abilities, ages and languages."),
    ("Inquiry-based learning in a planetarium show",
     "How do you let an audience of two hundred ask their own questions under the dome? Presenters "
     "demonstrate live, interactive planetarium techniques that move from lecture to guided inquiry, and "
     "discuss the learning research that supports them."),
    ("Morning coffee break",
     "Coffee, tea and pastries are served in the exhibit hall foyer. Take the chance to visit the poster wall"
     " and the vendor tables; the next sessions begin promptly at half past ten in the rooms listed on the "
     "back of your badge."),
    ("Partnering with community organizations",
     "Museum educators map local libraries, youth clubs and cultural centers, build trusting relationships "
     "with their leaders and co-design after-school programs that serve neighborhoods the museum rarely "
     "reaches, sharing decisions and credit."),
    ("Working with schools without becoming a field-trip factory",
     "Teachers and museum educators discuss long-term partnerships with school districts: aligning programs "
     "with science standards, co-planning multi-visit units and professional development for teachers that "
     "continues in the classroom after the visit. Two district science coordinators join the panel to explain"
     " what schools need from museums, how funding decisions are made on their side and how to write a "
     "partnership agreement both sides can keep."),
    ("Evaluation on a shoestring",
     "Simple methods for front-end, formative and summative evaluation when there is no evaluator on staff: "
     "observation checklists, short interviews and timing and tracking studies, and how to turn the findings "
     "into changes to an exhibit or program. Participants practise on a short video of visitors at an "
     "interactive and leave with a one-page plan for a small study they can run at their own institution in "
     "the coming month."),
    ("Logic models and theories of change",
     "Participants draft a logic model for one of their programs, linking resources and activities to outputs"
     " and intended outcomes, and learn how funders and evaluators use these models to judge whether a "
     "program is working as planned."),
    ("Reading learning research for practitioners",
     "An introduction to the research on how people learn in informal settings, from identity and interest "
     "development to family conversation, with tips for finding, reading and judging studies and applying "
     "their findings to everyday practice on the floor."),
    ("Lunch break",
     "A buffet lunch is served in the atrium on the ground floor. Vegetarian, vegan and gluten-free dishes "
     "are at the far table; please wear your badge and return your tray to the stations by the doors."),
    ("Supervising and coaching front-line staff",
     "New supervisors practise giving specific feedback, observing a colleague's facilitation, setting goals "
     "together and having the hard conversations that keep a team healthy, with role plays drawn from real "
     "situations on the museum floor."),
    ("Recruiting and keeping volunteers",
     "How to recruit a diverse corps of volunteers, train them to facilitate activities, schedule them fairly"
     " and recognize their contributions, and how to measure whether volunteers stay and grow in their roles "
     "over several seasons. A volunteer manager from a large aquarium walks through the onboarding handbook, "
     "the shift-swap system and the annual survey they use, and explains what changed when they began paying "
     "attention to why volunteers leave."),
    ("Managing projects across departments",
     "Tools for planning and running a cross-departmental project such as a new gallery opening: scoping, "
     "timelines, shared task boards, weekly check-ins and a simple way to track risks before they become "
     "missed deadlines or budget overruns."),
    ("Time, email and meetings: working efficiently",
     "A hands-on session on everyday efficiency for busy educators: running shorter meetings with clear "
     "agendas, triaging email, batching routine tasks and using shared calendars so that planning time for "
     "programs is protected each week."),
    ("Communicating science to the public",
     "Scientists and educators practise explaining current research in plain language, using stories, "
     "analogies and objects, and handling difficult questions from visitors about topics such as vaccines, "
     "evolution and climate change with respect and accuracy. Each participant prepares a two-minute talk "
     "about their own work, delivers it to a small group of colleagues acting as visitors and gets structured"
     " feedback on clarity, pace and how well the listeners could repeat the main idea."),
    ("Social media that invites participation",
     "Case studies of museum social media campaigns that invited the public to share observations, ask "
     "scientists questions and contribute to citizen science projects, with practical advice on tone, "
     "accessibility and measuring engagement honestly."),
    ("Citizen science in the museum",
     "Three institutions describe how they run citizen science projects with visitors, from bird counts to "
     "water-quality monitoring, how volunteers are trained to collect reliable data and how results flow back"
     " to researchers and participating communities."),
    ("Accessibility beyond compliance",
     "Designing programs and exhibits for visitors with disabilities from the start: sensory-friendly hours, "
     "tactile models, captioning and audio description, and how to involve disability advocates in testing "
     "and improving what we offer. Presenters also share the cost of each change they made, how they trained "
     "floor staff to welcome visitors with different needs and which improvements turned out to help every "
     "visitor."),
    ("Culturally responsive programming",
     "Educators from tribal museums and cultural centers share how they integrate Indigenous knowledge with "
     "Western science in programs, build relationships with elders and community members and avoid tokenism "
     "when presenting multiple ways of knowing."),
    ("Afternoon networking reception",
     "Join colleagues for light refreshments on the terrace overlooking the river. The reception is open to "
     "all registered attendees; the shuttle to the hotels leaves from the main entrance every thirty minutes "
     "until eight in the evening."),
    ("Career paths in informal STEM education",
     "A panel of educators, evaluators and directors describes how they entered the field and moved between "
     "roles, and offers advice on building skills, finding mentors and planning your own professional "
     "development over the next five years."),
    ("Mentoring the next generation of educators",
     "Experienced staff learn how to set up a mentoring relationship with new colleagues, agree on goals, "
     "share knowledge about the institution and the field, and support reflection on practice through "
     "regular, structured conversations."),
    ("Reflective practice for educators",
     "Participants keep a short practice journal during the conference, discuss critical incidents from their"
     " own facilitation in small groups and leave with a routine for reflecting on their work and setting "
     "goals for their own professional growth."),
    ("Ethics and integrity in public engagement",
     "A discussion of ethical questions museum professionals face: presenting contested science, accepting "
     "corporate sponsorship, protecting visitor data and representing communities fairly, with a framework "
     "for making and explaining difficult decisions."),
    ("Leading change in a small organization",
     "Directors of small nature centers and science museums share how they led their organizations through a "
     "change in mission, building staff buy-in, communicating with the board and funders and sustaining "
     "momentum when resources were thin. Expect candid stories about staff who left, board members who "
     "resisted and the small early wins that convinced everyone the new direction was worth the effort and "
     "the risk."),
    ("Digital learning after the pandemic",
     "What stayed and what went: presenters compare online programs, hybrid field trips and virtual exhibits "
     "launched during the pandemic, discuss which audiences they reached and how to decide which digital "
     "offers to keep funding."),
    ("Making exhibits with makerspaces",
     "A tour of three makerspace programs inside museums, showing how open-ended tinkering with tools and "
     "materials supports engineering practices, how facilitators scaffold without taking over and how safety "
     "rules are taught and enforced."),
    ("Early childhood science",
     "Play-based science for toddlers and preschoolers and the adults who come with them: designing spaces "
     "for exploration, modelling talk that extends children's thinking and sharing simple activities that "
     "families can continue at home."),
    ("Data dashboards for education departments",
     "Learn to build a simple dashboard from attendance, registration and survey data so that managers can "
     "track program reach, spot trends by audience group and report results to leadership and funders without"
     " spending days on spreadsheets."),
    ("Environmental education at nature centers",
     "Naturalists share field-based programs that build ecological understanding and stewardship, from stream"
     " studies to phenology walks, and discuss how to connect outdoor experiences with local conservation "
     "issues and community action. Bring a program you already run: we will redesign it together so that it "
     "gives participants a real part in a local project, such as restoring a creek bank or monitoring "
     "pollinators over the summer."),
    ("Closing plenary and conference wrap-up",
     "The program committee summarises the main themes of the conference, announces the location of next "
     "year's meeting and invites participants to share one idea they will try at their own institution. "
     "Certificates of attendance are available online."),
]


def program() -> list[Item]:
    items = [Item(id=f"s{n:02d}", title=title, text=text) for n, (title, text) in enumerate(SESSIONS, 1)]
    assert len(items) == 40, len(items)
    for item in items:
        assert 30 <= len(item.text.split()) <= 80, (item.id, len(item.text.split()))
    return items


def pct(values: Sequence[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def make_analysis(corpus: Any, embedder: Any, settings: Settings) -> tuple[str, Callable[[list[Item]], Any]]:
    """The analysis as the app runs it: a ``CoverageAnalyzer`` built once, with its examples."""
    analyzer = analysis.CoverageAnalyzer.from_prompts(corpus, embedder, settings.prompts_dir)
    return "CoverageAnalyzer.analyze(items, 'program')", lambda items: analyzer.analyze(items, "program")


def embedding_p50_ms(embedder: Any) -> float:
    """Single-query embedding p50 (ms) over the eval questions."""
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    return query_embedding_ms(embedder, [json.loads(line)["question"] for line in lines if line.strip()])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="warm analyses after the cold one (default 5)")
    add_embedding_args(parser)
    args = parser.parse_args()
    if args.runs < 3:
        parser.error("use at least 3 runs")
    apply_threads(args)
    items = program()
    t0 = time.perf_counter()
    corpus = load_corpus(ROOT / "corpus")
    settings = Settings(embedding_backend=args.backend)
    embedder = make_embedder(settings)
    how, run = make_analysis(corpus, embedder, settings)
    setup_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    report = run(items)
    cold = (time.perf_counter() - t0) * 1000
    warm = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        run(items)
        warm.append((time.perf_counter() - t0) * 1000)
    emb = embedding_p50_ms(embedder)
    median, p95 = statistics.median(warm), pct(warm, 95)

    words = sum(len(i.text.split()) for i in items)
    served = sum(1 for row in report.matrix.values() if row)
    print(f"program: {len(items)} sessions ({words} words, {min(len(i.text.split()) for i in items)}-"
          f"{max(len(i.text.split()) for i in items)} a session), kind: program, runs: {args.runs}, "
          f"backend: {args.backend}, threads: {args.threads or 'default'}, "
          f"{os.cpu_count()} CPUs (1-min load {os.getloadavg()[0]:.2f})")
    print(f"analysis: {how}; {served} of {len(items)} items serve something, {len(report.gaps)} gaps")
    print(f"setup (corpus, model, matcher): {setup_s:.1f} s")
    print(f"query embedding, {args.backend}, this run: p50 {emb:.2f} ms")
    print("| 40-item analysis | ms | per item ms | x query embedding |")
    print("|---|---:|---:|---:|")
    for name, ms in (("cold (first)", cold), ("warm p50", median), ("warm p95", p95), ("warm max", max(warm))):
        print(f"| {name} | {ms:.0f} | {ms / len(items):.1f} | {ms / emb:.0f}x |")
    print(f"\ntarget: {len(items)} items in under {TARGET_S:.0f} s: warm p95 {p95 / 1000:.2f} s "
          f"{'met' if p95 < TARGET_S * 1000 else 'NOT met'}; cold {cold / 1000:.2f} s "
          f"{'met' if cold < TARGET_S * 1000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
