"""Cases of the nine audited types and their stage entries, with practice gaps drawn from the
district's rates in profile.py (GAP_HOW there says what each gap looks like)."""

import datetime as dt
import random

from safeguarding.cases.vocabulary import CaseType, ParticipantRole
from safeguarding.demo import practice_truth
from safeguarding.demo.households import DAY, HOUR, MINUTE, Chunk, Household, Member
from safeguarding.force.models import TeamKind


class R:
    """Participant roles as plain strings (the database drivers want str, not enum members)."""

    SUBJECT_CHILD = ParticipantRole.SUBJECT_CHILD.value
    CHILD_PRESENT = ParticipantRole.CHILD_PRESENT.value
    VICTIM = ParticipantRole.VICTIM.value
    SUSPECT = ParticipantRole.SUSPECT.value
    PARENT_CARER = ParticipantRole.PARENT_CARER.value


WINDOW_DAYS = 3 * 365

SUMMARIES = {
    CaseType.DOMESTIC_ABUSE: "Domestic abuse incident at the family home with children present.",
    CaseType.CP_ENQUIRY: "Section 47 enquiry following a concern of significant harm.",
    CaseType.GENERAL_CONCERN: "Concern for the welfare of a child; referred to children's social care.",
    CaseType.SEX_OFFENDER: "Registered sex offender in contact with a child in the household.",
    CaseType.MISSING: "Child reported missing from home or care.",
    CaseType.POLICE_PROTECTION: "Child taken into police protection under s46 Children Act 1989.",
    CaseType.CSE: "Concern that a child is at risk of sexual exploitation.",
    CaseType.ONLINE_ABUSE: "Online sexual abuse of a child: images and messages.",
    CaseType.CUSTODY: "Child detained in police custody.",
}
OUTCOMES = {
    CaseType.DOMESTIC_ABUSE: (
        "nfa_safeguarding",
        "supported_by_csc",
        "offender_charged",
        "protected_by_plan",
    ),
    CaseType.CP_ENQUIRY: ("protected_by_plan", "supported_by_csc", "offender_charged", "nfa_safeguarding"),
    CaseType.GENERAL_CONCERN: ("supported_by_csc", "nfa_safeguarding", "nfa_no_safeguarding"),
    CaseType.SEX_OFFENDER: ("offender_disrupted", "protected_by_plan", "nfa_safeguarding"),
    CaseType.MISSING: ("returned_home_safe", "supported_by_csc", "nfa_safeguarding"),
    CaseType.POLICE_PROTECTION: ("removed_from_harm", "protected_by_plan"),
    CaseType.CSE: ("offender_disrupted", "offender_charged", "supported_by_csc", "protected_by_plan"),
    CaseType.ONLINE_ABUSE: ("offender_charged", "offender_cautioned", "nfa_safeguarding", "supported_by_csc"),
    CaseType.CUSTODY: ("supported_by_csc", "nfa_safeguarding", "nfa_no_safeguarding"),
}
DECISIONS = {
    CaseType.DOMESTIC_ABUSE: "Referral to social care and the safety plan explained.",
    CaseType.CP_ENQUIRY: "Outcome of the enquiry and the child protection plan explained.",
    CaseType.SEX_OFFENDER: "Restrictions on the offender's contact explained.",
    CaseType.CUSTODY: "Charging decision and bail explained with the appropriate adult.",
}
VIEWS = (
    (
        "Said it is calmer at home now and wants it to stay that way.",
        ["wants_to_stay_home", "felt_listened_to"],
    ),
    ("Was scared when the shouting started and hid upstairs.", ["scared_of_person"]),
    ("Worried about mum and does not want to leave her on her own.", ["worried_about_sibling"]),
    ("Wants someone to talk to at school.", ["wants_help"]),
    ("Does not want to go back to the placement.", ["wants_to_leave_home"]),
    ("Said the police keep coming and it is embarrassing.", ["wants_police_contact_to_stop"]),
    ("Felt nobody listened the last time.", ["not_listened_to", "wants_help"]),
    ("Happy with the plan; likes the social worker.", ["felt_listened_to"]),
    ("Frightened of the man who gives her lifts.", ["scared_of_person", "wants_help"]),
    ("Wants to see dad but not at home.", ["wants_to_stay_home"]),
)
DEMEANOURS = ("calm", "withdrawn", "distressed", "fearful", "angry", "injured", "asleep")
NOT_ALONE = (
    "Parent present throughout; child would not separate.",
    "Child asleep; not woken.",
    "Too young to speak to alone.",
    "Child refused to speak to officers alone.",
)
OFFENCES = (
    ("Theft from a shop", False, False),
    ("Possession of a bladed article", False, False),
    ("Robbery", False, False),
    ("Burglary (dwelling)", False, False),
    ("Assault occasioning actual bodily harm", False, False),
    ("Possession with intent to supply (county lines)", False, False),
    ("Common assault on a sibling", True, False),
    ("Criminal damage at home", True, False),
    ("Criminal damage at the children's home", False, True),
)
OUTSIDE_THE_HOME = tuple(o for o in OFFENCES if not o[2])
BEHAVIOUR_IN_THE_HOME = OFFENCES[-1]
# Reviews the standards look for (CUMULATIVE_RISK, MINOR_CRIMINALISATION, LAC_CUSTODY, CAWN) are
# due within a week; a good force makes them between a couple of hours and six days after the event.
REVIEW_WITHIN = 7 * DAY
DETENTION_REVIEWS = {
    "MINOR_CRIMINALISATION": (
        "Arrest for an offence against a family member reviewed by the custody inspector: "
        "criminalising the child is not in the public interest; no further action, referred to "
        "early help and the family's social worker informed."
    ),
    "LAC_CUSTODY": (
        "Arrest for behaviour in the children's home reviewed by the custody inspector: the "
        "home's own behaviour policy should have been used first; no further action, the home's "
        "manager and the child's social worker spoken to."
    ),
}


class Case:
    __slots__ = ("id", "type", "t0", "end", "officer", "supervisor", "team", "harm", "children")

    def __init__(self, id, type, t0, end, officer, supervisor, team, harm):
        self.id = id
        self.type = type
        self.t0 = t0
        self.end = end
        self.officer = officer
        self.supervisor = supervisor
        self.team = team
        self.harm = harm
        self.children: list[Member] = []


class Casework(Chunk):
    """Households and their cases."""

    def __init__(self, *, truth_rng: random.Random | None = None, **kwargs):
        super().__init__(**kwargs)
        # The unseen part of each case's true grade comes from a generator of its own, so grading
        # draws nothing from `rng` and the generated rows are the same with or without it.
        self.truth_rng = truth_rng or random.Random(0)
        # This household's DA risk assessments: (incident time, index in rows.risk).
        self.da_assessments: list[tuple[dt.datetime, int]] = []
        self.finished: list[int] = []  # this household's cases, in the order they were made

    # --- plumbing ------------------------------------------------------------------------------
    def rec(self, t: dt.datetime) -> dt.datetime:
        if self.rng.random() < self.rates["TIMELY_RECORD"]:
            r = t + self.rr(2880, 14400) * MINUTE
        else:
            r = t + self.rr(5, 1200) * MINUTE
        return r if r < self.as_of else self.as_of

    def e(
        self,
        key: str,
        c: Case,
        child: int | None,
        t: dt.datetime,
        *rest,
        by: int | None = None,
        before: dt.datetime | None = None,
    ):
        """Append a stage entry (skipped if it would happen after the reference date).

        `before`: the record must be on file by then (a case cannot close without its outcome,
        so closing records are recorded before the closure)."""
        if t > self.as_of:
            return None
        recorded = self.rec(t)
        if before is not None and recorded > before:
            recorded = max(t, before)
        entry_id = next(getattr(self.ids, key))
        getattr(self.rows, key).append((entry_id, c.id, child, t, recorded, by or c.officer, *rest))
        return entry_id

    def when(self, earliest: dt.datetime | None = None) -> dt.datetime | None:
        start = self.as_of - WINDOW_DAYS * DAY
        if earliest is not None and earliest > start:
            start = earliest
        span = int((self.as_of - start).total_seconds() // 60) - 60 * 24
        if span <= 0:
            return None
        return start + self.rr(span) * MINUTE

    def age_at(self, m: Member, t: dt.datetime) -> int:
        return (t.date() - m.dob).days // 365

    def born_by(self, hh: Household, t: dt.datetime) -> list[Member]:
        return [ch for ch in hh.children if ch.dob < t.date()]

    def open_case(self, case_type, t0, days, team_kind, *, harm=False) -> Case:
        rng = self.rng
        code = self.plan.code
        end = t0 + self.rr(days[0] * 24, days[1] * 24) * HOUR
        case_id = next(self.ids.case)
        self.gaps_of = self.practice.setdefault(case_id, [])
        return Case(
            case_id,
            case_type.value,
            t0,
            end,
            rng.choice(self.force.officers[code]),
            rng.choice(self.force.supervisors[code]),
            self.force.team_ids[(code, team_kind)],
            harm,
        )

    def join(self, c: Case, person: Member | None, role: str) -> None:
        if person is not None:
            self.rows.participant.append((next(self.ids.participant), c.id, person.id, role))
            if role in (R.SUBJECT_CHILD, R.CHILD_PRESENT):
                c.children.append(person)

    def finish(self, c: Case) -> None:
        closed = c.end if c.end < self.as_of - DAY else None
        self.close_entries(c, closed)
        year = c.t0.year % 100
        self.rows.case.append(
            (
                c.id,
                f"NM{year:02d}-{c.id:07d}",
                c.type,
                self.district_id,
                c.team,
                c.officer,
                c.supervisor,
                c.t0,
                c.harm,
                SUMMARIES[c.type],
                closed,
                min(c.t0 + self.rr(10, 400) * MINUTE, self.as_of),
                c.officer,
            )
        )
        self.gaps_of = None
        self.finished.append(c.id)

    def grade_practice(self) -> None:
        """The true grade of each case this household's history made (practice_truth.py)."""
        for case_id in self.finished:
            gaps = self.practice.get(case_id, [])
            unseen = practice_truth.unseen_judgement(self.truth_rng)
            self.rows.true_grade.append(
                (
                    next(self.ids.true_grade),
                    case_id,
                    practice_truth.grade(gaps, unseen),
                    len(gaps),
                    sum(1 for g in gaps if g in practice_truth.SERIOUS),
                    unseen,
                )
            )
        self.finished.clear()
        self.practice.clear()
        self.gaps_of = None

    def close_entries(self, c: Case, closed: dt.datetime | None) -> None:
        rng = self.rng
        for child in c.children:
            young = self.age_at(child, c.t0) < 3
            if closed is None:
                if rng.random() < 0.5:
                    self.child_view(c, child, c.t0 + self.rr(1, 240) * HOUR, young)
                continue
            span_h = max(1, int((closed - c.t0).total_seconds() // 3600))
            if not self.gap("VOICE"):
                self.child_view(c, child, c.t0 + self.rr(span_h) * HOUR, young, before=closed)
            if not young and not self.gap("INFORMED"):
                decision = DECISIONS.get(c.type, "What happens next explained.")
                method = rng.choice(("In person", "By phone", "Through the parent", "At school"))
                informed_at = max(c.t0, closed - self.rr(0, 96) * HOUR)
                self.e("informed", c, child.id, informed_at, decision, method, before=closed)
            if not self.gap("OUTCOME"):
                outcome_at = max(c.t0, closed - self.rr(1, 48) * HOUR)
                self.e("outcome", c, child.id, outcome_at, rng.choice(OUTCOMES[c.type]), "", before=closed)

    def child_view(
        self, c: Case, child: Member, t: dt.datetime, young: bool, before: dt.datetime | None = None
    ) -> None:
        if young:
            self.e("view", c, child.id, t, "", [], "too_young", before=before)
        elif self.rng.random() < 0.06:
            self.e("view", c, child.id, t, "", [], "declined", before=before)
        else:
            text, themes = self.rng.choice(VIEWS)
            self.e("view", c, child.id, t, text, themes, "", before=before)

    def incident(self, c: Case, kind: str, t0: dt.datetime, address: int | None, present: int, ppn: str = ""):
        attended = t0 + self.rr(8, 95) * MINUTE
        return self.e("incident", c, None, t0, kind, address, attended, present, ppn, ""), attended

    def referral(self, c: Case, child: Member, concern: dt.datetime) -> None:
        rng = self.rng
        if self.gap("REFERRAL"):
            sent = self.cal.add(concern, self.rr(3, 15 + 1))
        else:
            sent = concern + self.rr(30, 1200) * MINUTE
        if self.gap("REFERRAL_FEEDBACK"):
            back = None if rng.random() < 0.5 else self.cal.add(sent, self.rr(12, 30 + 1))
        else:
            back = self.cal.add(sent, self.rr(1, 8 + 1)) + self.rr(-120, 120) * MINUTE
        if back is None or back > self.as_of:
            outcome, back = "", None
        else:
            outcome = rng.choice(("nfa", "early_help", "assessment", "s47", "already_open"))
        self.e("referral", c, child.id, sent, concern, "csc", outcome, back)

    def strategy(self, c: Case, harm_at: dt.datetime) -> dt.datetime:
        rng = self.rng
        recorded_late = False
        if self.gap("STRATEGY"):
            if rng.random() < 0.5:
                held = self.cal.add(harm_at, self.rr(3, 8 + 1))
            else:
                held, recorded_late = harm_at + self.rr(2, 20) * HOUR, True
        else:
            held = harm_at + self.rr(2, 20) * HOUR
        decided = held + (self.rr(96, 240) if recorded_late else self.rr(1, 6)) * HOUR
        self.e(
            "strategy",
            c,
            None,
            held,
            harm_at,
            "Section 47 enquiry; joint visit; safety plan agreed.",
            min(decided, self.as_of) if held <= self.as_of else decided,
            "Police, children's social care, health, education",
        )
        return held

    def icpc(self, c: Case, after: dt.datetime, category: str) -> None:
        rng = self.rng
        held = self.cal.add(after, self.rr(8, 15 + 1))
        invited = held - self.rr(5, 10) * DAY
        if self.gap("ICPC_ATTEND"):
            attended, report, reason = False, False, ""
        elif rng.random() < 0.1:
            attended, report, reason = False, True, "Officer on a court warning; report submitted."
        else:
            attended, report, reason = True, rng.random() < 0.7, ""
        if self.e("meeting", c, None, held, "icpc", invited, attended, report, reason, None, None) is None:
            return
        if rng.random() < 0.7:
            plan_ends = held + self.rr(180, 540) * DAY
            for child in c.children:
                if self.gap("CP_PLAN_FLAG"):
                    recorded = self.cal.add(held, self.rr(5, 20 + 1))
                else:
                    recorded = held + self.rr(1, 20) * HOUR
                self.flag(
                    child.id,
                    "cp_plan",
                    held,
                    ends=plan_ends,
                    category=category,
                    details="Child protection plan agreed at the initial conference.",
                    recorded_at=recorded,
                    by=c.officer,
                )

    def note(
        self,
        c: Case,
        kind: str,
        t: dt.datetime,
        text: str,
        *,
        by: int | None = None,
        before: dt.datetime | None = None,
    ) -> None:
        self.e("note", c, None, t, kind, text, by=by, before=before)

    def review_time(self, standard: str, event: dt.datetime, earliest: dt.datetime | None = None):
        """When a review due within REVIEW_WITHIN of `event` is made, and the time it must be on
        file by (None: no deadline to keep). Met: 2 h-6 days after `earliest` (default: the
        event). Gap: half never (None, None), half 8-21 days after the event."""
        if self.gap(standard):
            if self.rng.random() < 0.5:
                return None, None
            return event + self.rr(8 * 24, 21 * 24) * HOUR, None
        return (earliest or event) + self.rr(2 * 60, 6 * 24 * 60) * MINUTE, event + REVIEW_WITHIN

    def wider_risk(self, c: Case) -> None:
        if not self.gap("WIDER_RISK"):
            self.note(
                c,
                "wider_risk",
                c.t0 + self.rr(2, 20) * DAY,
                "Suspect's access to other children checked: none known; school and LADO informed.",
            )

    # --- investigations ------------------------------------------------------------------------
    def investigate(self, c: Case, child: Member | None, category: str, start: dt.datetime, plan: list[str]):
        """An investigation with its milestones; returns when it closed (None if still open)."""
        rng = self.rng
        if start > self.as_of:
            return None
        inv_id = next(self.ids.investigation)
        specialist = category in ("sexual", "online", "exploitation")
        team = c.team
        if self.gap("ALLOCATION"):
            if specialist and rng.random() < 0.5:
                allocated = start + self.rr(1, 40) * HOUR
                team = self.force.team_ids[(self.plan.code, TeamKind.CID)]
            else:
                allocated = self.cal.add(start, self.rr(4, 12 + 1))
        else:
            allocated = start + self.rr(1, 40) * HOUR
        events: list[tuple] = []  # (time, kind, details, priority, bail_until, charging)
        t = allocated
        for kind in plan:
            if kind in ("medical_examination", "victim_interview") and not events:
                gap_h = self.rr(48, 120) if self.gap("MEDICAL") else self.rr(2, 20)
                t = start + gap_h * HOUR
            elif kind == "photographs":
                t = t + self.rr(10, 180) * MINUTE
            elif kind == "device_returned":
                priority = events[-1][2] if events else "routine"
                if self.gap("HTCU_DELAY"):
                    days = self.rr(70, 240)
                else:
                    days = self.rr(3, 12) if priority == "priority" else self.rr(15, 55)
                t = t + days * DAY
            elif kind == "cps_decision":
                t = t + (self.rr(35, 120) if self.gap("CPS_DELAY") else self.rr(2, 25)) * DAY
            else:
                t = t + self.rr(2 * 24, 18 * 24) * HOUR
            priority = rng.choice(("priority", "routine")) if kind == "device_submitted" else ""
            bail_until = (t + self.rr(28, 90) * DAY).date() if kind == "bail" else None
            charging = rng.choice(("charge", "charge", "caution", "nfa")) if kind == "cps_decision" else ""
            events.append((t, kind, priority, bail_until, charging))
        end = t + self.rr(1, 10) * DAY
        # Updates fill long waits, so a well-run investigation never goes 21 days without an entry.
        filled: list[tuple] = []
        previous = allocated
        for event in events:
            while (event[0] - previous).days > 20:
                previous = previous + self.rr(10, 19) * DAY
                filled.append((previous, "update", "", None, ""))
            filled.append(event)
            previous = event[0]
        horizon = end if end < self.as_of else self.as_of
        while (horizon - previous).days > 20:
            previous = previous + self.rr(10, 19) * DAY
            filled.append((previous, "update", "", None, ""))
        events = filled
        silent: tuple[dt.datetime, dt.datetime] | None = None
        if self.gap("DRIFT"):
            if end >= self.as_of:
                silent = (self.as_of - self.rr(35, 120) * DAY, self.as_of + DAY)
            else:
                # A silent stretch in the middle: everything after it moves later.
                cut = events[self.rr(len(events))][0] if events else allocated
                shift = self.rr(35, 100) * DAY
                events = [(ev[0] + shift, *ev[1:]) if ev[0] > cut else ev for ev in events]
                end += shift
                silent = (cut + MINUTE, cut + shift)
        if not self.gap("SUPERVISION"):
            t = allocated
            stop = min(end, self.as_of)
            while True:
                t = t + self.rr(14, 26) * DAY
                if t >= stop:
                    break
                events.append((t, "supervisor_review", "", None, ""))
        if (end - start).days > 90 and not self.gap("LONG_RUNNING"):
            t = start + 90 * DAY
            while t < min(end, self.as_of):
                events.append((t, "long_running_review", "", None, ""))
                t = t + self.rr(26, 31) * DAY
        if silent is not None:
            events = [ev for ev in events if not (silent[0] <= ev[0] <= silent[1])]
        events.sort(key=lambda ev: ev[0])
        closed = end if end < self.as_of else None
        self.rows.investigation.append(
            (inv_id, c.id, child.id if child else None, start, self.rec(start), c.officer)
            + (category, allocated if allocated <= self.as_of else None, team, c.officer, closed)
        )
        child_id = child.id if child else None
        for t, kind, priority, bail_until, charging in events:
            if t > self.as_of:
                break
            by = c.supervisor if kind in ("supervisor_review", "long_running_review") else c.officer
            bail_text = (
                "Not to contact the child or enter the road where the child lives." if bail_until else ""
            )
            protected = child_id if bail_until else None
            self.e(
                "step",
                c,
                child_id,
                t,
                inv_id,
                kind,
                "",
                priority,
                bail_text,
                bail_until,
                protected,
                charging,
                by=by,
            )
        if closed is not None and closed > c.end:
            c.end = closed + self.rr(2, 20) * DAY
        elif closed is None:
            c.end = self.as_of + 30 * DAY
        return closed

    # --- the nine case types ------------------------------------------------------------------
    def domestic_abuse(self, hh: Household, t0: dt.datetime, *, suspect: Member | None = None) -> Case | None:
        rng = self.rng
        present = self.born_by(hh, t0)
        if not present:
            return None
        c = self.open_case(CaseType.DOMESTIC_ABUSE, t0, (14, 90), TeamKind.SAFEGUARDING)
        victim = hh.mother or hh.father
        if suspect is None:
            suspect = hh.partner or (hh.father if victim is hh.mother else None) or self.outsider()
        self.join(c, victim, R.VICTIM)
        self.join(c, suspect, R.SUSPECT)
        for child in present:
            self.join(c, child, R.CHILD_PRESENT)
        ppn = rng.choice(("red", "amber", "amber", "green"))
        incident, attended = self.incident(c, "domestic_abuse", t0, hh.address_id, len(present), ppn)
        for child in present:
            self.demeanour(c, child, incident, attended)
        yes = min(27, int(rng.triangular(0, 27, 9)))
        grade = "high" if yes >= 14 else ("medium" if yes >= 8 else "standard")
        tool, version = ("dash", "2009") if rng.random() < 0.85 else ("dara", "1.0")
        assessed = attended + self.rr(20, 180) * MINUTE
        if self.e("risk", c, None, assessed, tool, version, grade, yes, "", None) is not None:
            self.da_assessments.append((t0, len(self.rows.risk) - 1))
        for child in present:
            self.referral(c, child, t0)
        if grade == "high":
            meeting = t0 + self.rr(7, 28) * DAY
            shared = None if self.gap("MARAC_INFO") else meeting - self.rr(1, 5) * DAY
            self.e("meeting", c, None, meeting, "marac", t0 + 2 * DAY, True, True, "", shared, len(present))
        if rng.random() < 0.45:
            plan = ["suspect_interview", "cps_submitted", "cps_decision"]
            if rng.random() < 0.5:
                plan = ["arrest", "bail", *plan]
            self.investigate(c, None, "domestic", t0 + self.rr(1, 6) * HOUR, plan)
        if rng.random() < 0.12:
            self.e(
                "order",
                c,
                None,
                t0 + self.rr(6, 48) * HOUR,
                "dvpn",
                suspect.id,
                rng.choice(("served", "granted")),
                "",
                (t0 + 28 * DAY).date(),
            )
        self.finish(c)
        return c

    def demeanour(self, c: Case, child: Member, incident: int | None, attended: dt.datetime) -> None:
        rng = self.rng
        if self.gap("DEMEANOUR"):
            if rng.random() >= 0.3:
                return
            t = attended + self.rr(48, 144) * HOUR  # a follow-up visit days later
        else:
            t = attended + self.rr(10, 240) * MINUTE
        age = self.age_at(child, t)
        if age < 4:
            alone, reason = "not_applicable", "Too young to speak to alone."
        elif rng.random() < 0.6:
            alone, reason = "yes", ""
        else:
            alone, reason = "no", rng.choice(NOT_ALONE)
        state = "asleep" if age < 2 and rng.random() < 0.4 else rng.choice(DEMEANOURS)
        self.e("demeanour", c, child.id, t, incident, state, "", alone, reason)

    def review_repeated_abuse(self) -> None:
        """CUMULATIVE_RISK, once the household's cases are all made (a later-made case can be an
        earlier incident): a DA case whose incident is the 3rd or more at the address in 12
        months gets a supervisor's review of its risk assessment (GAP_HOW says when)."""
        times = sorted(t for t, _ in self.da_assessments)
        for t, index in self.da_assessments:
            count = sum(1 for u in times if t - 365 * DAY < u <= t)
            if count < 3:
                continue
            row = self.rows.risk[index]
            self.gaps_of = self.practice.get(row[1])  # the review is the DA case's practice
            reviewed, _ = self.review_time("CUMULATIVE_RISK", t, earliest=row[3])
            self.gaps_of = None
            if reviewed is None or reviewed > self.as_of:
                continue
            rationale = (
                f"Supervisor review: {count} domestic abuse incidents with children at the address "
                "in 12 months. Safety plan updated; referral to MARAC considered."
            )
            self.rows.risk[index] = (*row[:10], rationale, reviewed)

    def chronic_domestic_abuse(self, hh: Household) -> list[Case]:
        """A household where abuse recurs: several DA incidents, at least three within 12 months."""
        rng = self.rng
        suspect = hh.partner or hh.father or self.outsider()
        self.flag(suspect.id, "da_perpetrator", self.as_of - self.rr(400, 1100) * DAY)
        first = self.when(hh.children[-1].born_at() + 30 * DAY)
        if first is None:
            return []
        span = (self.as_of - first).days
        times = [first]
        burst = self.rr(3, 7)
        for _ in range(burst - 1):
            times.append(times[-1] + self.rr(10, max(11, min(110, span // burst))) * DAY)
        for _ in range(self.rr(0, 3)):
            times.append(first + self.rr(1, max(2, span)) * DAY)
        made = []
        for t in sorted(times):
            if t < self.as_of - DAY:
                c = self.domestic_abuse(hh, t, suspect=suspect)
                if c:
                    made.append(c)
        if len(made) >= 3 and rng.random() < 0.6:
            after = sorted(times)[2] + self.rr(1, 10) * DAY
            if after < self.as_of - 2 * DAY:
                made.append(self.cp_enquiry(hh, after, category="emotional"))
        return made

    def cp_enquiry(self, hh: Household, t0: dt.datetime, *, category: str | None = None) -> Case | None:
        rng = self.rng
        born = self.born_by(hh, t0)
        if not born:
            return None
        category = category or rng.choices(("physical", "neglect", "sexual", "emotional"), (4, 3, 2, 1))[0]
        team = TeamKind.SEXUAL_OFFENCES if category == "sexual" else TeamKind.CHILD_ABUSE
        c = self.open_case(CaseType.CP_ENQUIRY, t0, (30, 200), team, harm=True)
        subjects = born if category in ("neglect", "emotional") else [rng.choice(born)]
        for child in subjects:
            self.join(c, child, R.SUBJECT_CHILD)
        for adult in hh.adults():
            self.join(c, adult, R.PARENT_CARER)
        if category == "sexual":
            suspect = self.outsider(age_range=(16, 60)) if rng.random() < 0.6 else (hh.partner or hh.father)
        else:
            suspect = hh.partner or hh.father or hh.mother
        if suspect is not None:
            self.join(c, suspect, R.SUSPECT)
            for child in subjects:
                if suspect.id != child.id:
                    self.relate(suspect, "suspect", child, t0.date())
        kind = {
            "physical": "physical_abuse",
            "neglect": "neglect",
            "sexual": "sexual_offence",
            "emotional": "concern_for_child",
        }
        _, attended = self.incident(c, kind[category], t0, hh.address_id, len(subjects))
        held = self.strategy(c, t0 + self.rr(0, 4) * HOUR)
        for child in subjects:
            self.referral(c, child, t0)
        if category in ("physical", "sexual"):
            plan = ["medical_examination"]
            if category == "physical":
                plan.append("photographs")
            plan += ["victim_interview", "suspect_interview"]
            if rng.random() < 0.5:
                plan += ["arrest", "bail"]
            plan += ["cps_submitted", "cps_decision"]
            self.investigate(c, subjects[0], category, t0 + self.rr(1, 8) * HOUR, plan)
        elif rng.random() < 0.4:
            self.investigate(c, None, category if category == "neglect" else "other", t0 + DAY, ["update"])
        if rng.random() < 0.6:
            self.icpc(c, held, "multiple" if len(subjects) > 2 and rng.random() < 0.3 else category)
        if category == "sexual":
            self.wider_risk(c)
        self.finish(c)
        return c

    def general_concern(self, hh: Household, t0: dt.datetime, children: list[Member]) -> Case | None:
        rng = self.rng
        children = [ch for ch in children if ch.dob < t0.date()]
        if not children:
            return None
        c = self.open_case(CaseType.GENERAL_CONCERN, t0, (3, 40), TeamKind.SAFEGUARDING)
        for child in children:
            self.join(c, child, R.SUBJECT_CHILD)
        for adult in hh.adults():
            self.join(c, adult, R.PARENT_CARER)
        kind = rng.choice(("concern_for_child", "concern_for_child", "neglect", "mental_health", "other"))
        incident, attended = self.incident(
            c, kind, t0, hh.address_id, len(children), rng.choice(("amber", "green"))
        )
        for child in children:
            if rng.random() < 0.5:
                self.demeanour(c, child, incident, attended)
            self.referral(c, child, t0)
        self.finish(c)
        return c

    def sex_offender(self, hh: Household, t0: dt.datetime) -> Case | None:
        rng = self.rng
        born = self.born_by(hh, t0)
        if not born:
            return None
        c = self.open_case(CaseType.SEX_OFFENDER, t0, (90, 500), TeamKind.OFFENDER_MANAGEMENT, harm=True)
        offender = self.outsider(age_range=(24, 70))
        registered = t0 - self.rr(200, 3000) * DAY
        self.flag(offender.id, "registered_sex_offender", registered, details="Notification requirements.")
        self.flag(offender.id, "risk_to_children", registered)
        if hh.mother and rng.random() < 0.35:
            self.relate(offender, "partner", hh.mother, (t0 - self.rr(20, 300) * DAY).date())
        for child in born:
            self.join(c, child, R.SUBJECT_CHILD)
            self.relate(offender, "associate", child, t0.date())
        self.join(c, offender, R.SUSPECT)
        for adult in hh.adults():
            self.join(c, adult, R.PARENT_CARER)
        self.incident(c, "concern_for_child", t0, hh.address_id, len(born))
        for child in born:
            self.referral(c, child, t0)
        if rng.random() < 0.5:
            self.strategy(c, t0 + self.rr(1, 10) * HOUR)
        risk = rng.choices(("very_high", "high", "medium", "low"), (1, 3, 4, 2))[0]
        interval = {"very_high": 30, "high": 91, "medium": 182, "low": 365}[risk]
        started = max(registered, self.as_of - 4 * 365 * DAY)
        mgmt = next(self.ids.offender)
        self.rows.offender.append(
            (mgmt, c.id, None, started, self.rec(started), c.officer, offender.id, risk, c.officer, None)
        )
        t = started
        late_once = self.gap("RSO_VISITS")
        stop = min(c.end, self.as_of)
        visits = 0
        while True:
            step = interval * (rng.uniform(1.6, 3.0) if late_once and visits == 1 else rng.uniform(0.85, 1.0))
            t = t + int(step * 24) * HOUR
            if t > stop:
                break
            self.e("visit", c, None, t, mgmt, visits % 2 == 1, "Home visit; risk management plan reviewed.")
            visits += 1
        if rng.random() < 0.3:
            order = rng.choice(("shpo", "sro"))
            self.e("order", c, None, t0 + self.rr(5, 60) * DAY, order, offender.id, "served", "", None)
        self.wider_risk(c)
        self.finish(c)
        return c

    def missing(
        self, hh: Household, child: Member, t0: dt.datetime, *, cse: bool = False, c: Case | None = None
    ):
        rng = self.rng
        own_case = c is None
        if c is None:
            c = self.open_case(CaseType.MISSING, t0, (5, 40), TeamKind.MISSING)
            self.join(c, child, R.SUBJECT_CHILD)
            for adult in hh.adults():
                self.join(c, adult, R.PARENT_CARER)
        repeat = rng.random() < 0.4 or child.looked_after != "no"
        count = self.rr(3, 13) if repeat else rng.choice((1, 1, 2))
        t = t0
        times = []
        for _ in range(count):
            times.append(t)
            t = t + self.rr(36, 25 * 24) * HOUR
        for i, reported in enumerate(times):
            if reported > self.as_of:
                break
            is_repeat = i >= 2 and (reported - times[i - 2]).days <= 90
            last_seen = reported - self.rr(60, 600) * MINUTE
            returned = reported + self.rr(2 * 60, 72 * 60) * MINUTE
            graded_at = reported + self.rr(10, 110) * MINUTE
            reviewed = None
            if self.gap("MISSING_RISK"):
                if is_repeat or cse:
                    grade = rng.choice(("no_apparent_risk", "low"))
                else:
                    grade, graded_at = "", None
            elif is_repeat or cse:
                grade = rng.choice(("medium", "medium", "high", "low"))
                if grade == "low":
                    reviewed = graded_at + self.rr(30, 240) * MINUTE
            else:
                grade = rng.choice(("no_apparent_risk", "low", "low", "medium", "high"))
            if self.gap("PNC_MISSING"):
                pnc = None if rng.random() < 0.5 else reported + self.rr(72, 168) * HOUR
            else:
                pnc = reported + self.rr(60, 1800) * MINUTE
            if returned > self.as_of:
                returned = safe = interview = info = None
                seen, seen_reason = "", ""
            else:
                safe = returned + self.rr(60, 360) * MINUTE
                if self.gap("RETURN_INTERVIEW"):
                    interview = None if rng.random() < 0.5 else returned + self.rr(96, 288) * HOUR
                else:
                    interview = returned + self.rr(4 * 60, 60 * 60) * MINUTE
                info = interview + self.rr(30, 480) * MINUTE if interview else None
                if self.gap("SEEN_ALONE"):
                    seen, seen_reason = "", ""
                elif rng.random() < 0.75:
                    seen, seen_reason = "yes", ""
                else:
                    seen, seen_reason = "no", "Carer present; child would not speak alone."
            clamp = self.as_of
            self.e(
                "missing",
                c,
                child.id,
                reported,
                last_seen,
                returned,
                grade,
                graded_at,
                reviewed if reviewed and reviewed <= clamp else None,
                pnc if pnc and pnc <= clamp else None,
                safe if safe and safe <= clamp else None,
                interview if interview and interview <= clamp else None,
                info if info and info <= clamp else None,
                seen,
                seen_reason,
            )
            if i == 2 and is_repeat:
                self.flag(child.id, "repeat_missing", reported, ends=reported + self.rr(120, 400) * DAY)
                self.referral(c, child, reported)
        if own_case:
            c.end = max(c.end, times[-1] + self.rr(10, 40) * DAY)
            if count < 3:
                self.referral(c, child, t0)
            self.finish(c)
        return c

    def police_protection(self, hh: Household, t0: dt.datetime) -> Case | None:
        rng = self.rng
        born = [ch for ch in self.born_by(hh, t0) if self.age_at(ch, t0) < 14]
        if not born:
            return None
        c = self.open_case(CaseType.POLICE_PROTECTION, t0, (5, 45), TeamKind.RESPONSE, harm=True)
        for child in born:
            self.join(c, child, R.SUBJECT_CHILD)
        for adult in hh.adults():
            self.join(c, adult, R.PARENT_CARER)
        self.incident(c, rng.choice(("neglect", "concern_for_child")), t0, hh.address_id, len(born), "red")
        officer = f"Insp. {rng.choice(('Hartley', 'Okafor', 'Kowalski', 'Iqbal', 'Brennan', 'Fletcher'))}"
        for child in born:
            ended = t0 + self.rr(6, 70) * HOUR
            la = t0 + self.rr(30, 240) * MINUTE
            parents = t0 + self.rr(30, 240) * MINUTE
            wishes = self.age_at(child, t0) >= 4
            if self.gap("POLICE_PROTECTION"):
                which = self.rr(3)
                if which == 0:
                    ended = t0 + self.rr(80, 110) * HOUR
                elif which == 1:
                    la = None
                else:
                    wishes = False
            self.e(
                "protection",
                c,
                child.id,
                t0,
                ended if ended <= self.as_of else None,
                officer,
                la,
                parents,
                wishes,
                "Wants to stay with nan." if wishes else "",
            )
            self.referral(c, child, t0)
        self.strategy(c, t0 + self.rr(1, 6) * HOUR)
        self.finish(c)
        return c

    def cse(self, hh: Household, child: Member, t0: dt.datetime) -> Case:
        rng = self.rng
        c = self.open_case(CaseType.CSE, t0, (60, 300), TeamKind.CSE, harm=True)
        self.join(c, child, R.SUBJECT_CHILD)
        for adult in hh.adults():
            self.join(c, adult, R.PARENT_CARER)
        suspect = self.outsider(age_range=(18, 38))
        self.join(c, suspect, R.SUSPECT)
        self.relate(suspect, "associate", child, t0.date())
        self.flag(suspect.id, "risk_to_children", t0 + self.rr(5, 60) * DAY)
        flagged = not self.gap("CSE_FLAG")
        if flagged:
            self.flag(child.id, "cse_risk", t0, details="Older males; gifts and lifts.")
        self.incident(c, "cse_concern", t0, hh.address_id, 1, "red")
        grade = rng.choice(("low", "medium", "medium", "high"))
        self.e("risk", c, child.id, t0 + self.rr(2, 48) * HOUR, "cse", "", grade, None, "", None)
        self.referral(c, child, t0)
        self.strategy(c, t0 + self.rr(1, 12) * HOUR)
        self.cawn(c, child, suspect, t0)
        if rng.random() < 0.5:
            self.missing(hh, child, t0 + self.rr(2, 40) * DAY, cse=flagged, c=c)
        plan = ["victim_interview", "device_submitted", "device_returned", "suspect_interview"]
        if rng.random() < 0.4:
            plan += ["arrest", "bail", "cps_submitted", "cps_decision"]
        self.investigate(c, child, "exploitation", t0 + self.rr(2, 48) * HOUR, plan)
        self.wider_risk(c)
        self.finish(c)
        return c

    def cawn(self, c: Case, child: Member, suspect: Member, found: dt.datetime) -> None:
        """A CAWN decision on the adult found with the child. A CAWN can only be issued for a
        child under 16 living at home or under 18 in care; for a child of 16-17 at home a good
        force still records that it was considered, and why it was not used."""
        rng = self.rng
        t, before = self.review_time("CAWN", found)
        if t is None:
            return
        if self.age_at(child, found) >= 16 and child.looked_after == "no":
            decision = "considered_not_used"
            reason = (
                "The child is 16 or over and living at home, so a CAWN cannot be issued; the "
                "association is disrupted through the licensing team and partner agencies."
            )
        elif rng.random() < 0.6:
            decision, reason = "served", ""
        else:
            decision, reason = "considered_not_used", "Insufficient evidence of association; to review."
        self.e("order", c, child.id, t, "cawn", suspect.id, decision, reason, None, before=before)

    def online(self, hh: Household, child: Member, t0: dt.datetime) -> Case:
        rng = self.rng
        c = self.open_case(CaseType.ONLINE_ABUSE, t0, (40, 250), TeamKind.ONLINE, harm=True)
        self.join(c, child, R.SUBJECT_CHILD)
        for adult in hh.adults():
            self.join(c, adult, R.PARENT_CARER)
        suspect = None
        if rng.random() < 0.55:
            suspect = self.outsider(age_range=(17, 60))
            self.join(c, suspect, R.SUSPECT)
            self.relate(suspect, "suspect", child, t0.date())
        self.incident(c, "online", t0, hh.address_id, 1, "amber")
        self.referral(c, child, t0)
        plan = ["victim_interview", "device_submitted", "device_returned"]
        if suspect is not None:
            plan += ["suspect_interview", "cps_submitted", "cps_decision"]
        self.investigate(c, child, "online", t0 + self.rr(2, 72) * HOUR, plan)
        self.wider_risk(c)
        self.finish(c)
        return c

    def custody(self, hh: Household, child: Member, t0: dt.datetime) -> Case:
        rng = self.rng
        c = self.open_case(CaseType.CUSTODY, t0, (1, 60), TeamKind.CUSTODY)
        self.join(c, child, R.SUBJECT_CHILD)
        for adult in hh.adults()[:1]:
            self.join(c, adult, R.PARENT_CARER)
        age = self.age_at(child, t0)
        authorised = t0 + self.rr(10, 40) * MINUTE
        s136 = rng.random() < 0.05
        place = ""
        if s136:
            offence, family, home = "Detained under s136 Mental Health Act", False, False
            place = "police_station" if self.gap("S136_PLACE") else "health"
        else:
            # Children in children's homes are often arrested for behaviour the home would deal
            # with itself were they living with a family (002: all 15 in one force).
            if child.looked_after == "childrens_home" and rng.random() < 0.5:
                offence, family, home = BEHAVIOUR_IN_THE_HOME
            else:
                offence, family, home = rng.choice(OUTSIDE_THE_HOME)
        charged = None
        refused = secure = risk = transferred = certificate = False
        likely = requested = None
        answer = secure_reason = ""
        if not s136 and rng.random() < 0.35:
            charged = authorised + self.rr(3 * 60, 14 * 60) * MINUTE
            refused = rng.random() < 0.45
        if refused:
            likely = charged - self.rr(60, 180) * MINUTE
            if self.gap("CUSTODY_ACCOMMODATION"):
                requested = None if rng.random() < 0.5 else charged + self.rr(0, 60) * MINUTE
            else:
                requested = likely + self.rr(10, 90) * MINUTE
            answer = rng.choice(("provided", "provided", "refused", "none_available")) if requested else ""
            transferred = answer == "provided" and rng.random() < 0.9
            if not transferred:
                certificate = not self.gap("PACE_CERTIFICATE")
                if rng.random() < 0.3:
                    secure = True
                    risk = age >= 12 and not self.gap("SECURE_THRESHOLD")
                    secure_reason = "Risk of serious harm to the public." if risk else "No other placement."
        aa_requested = authorised + self.rr(0, 40) * MINUTE
        aa_arrived = (
            aa_requested + (self.rr(180, 540) if self.gap("APPROPRIATE_ADULT") else self.rr(20, 110)) * MINUTE
        )
        if self.gap("DETENTION_TIME"):
            released = t0 + self.rr(25 * 60, 52 * 60) * MINUTE
        else:
            released = t0 + self.rr(3 * 60, 20 * 60) * MINUTE
        if charged and released < charged:
            released = charged + self.rr(30, 600) * MINUTE
        clamp = self.as_of
        detention = self.e(
            "detention",
            c,
            child.id,
            t0,
            offence,
            authorised,
            family,
            home,
            s136,
            place,
            charged if charged and charged <= clamp else None,
            refused,
            likely if likely and likely <= clamp else None,
            requested if requested and requested <= clamp else None,
            answer,
            secure,
            secure_reason,
            risk,
            transferred,
            certificate,
            aa_requested if aa_requested <= clamp else None,
            aa_arrived if aa_arrived <= clamp else None,
            rng.random() < 0.9,
            released if released <= clamp else None,
        )
        if detention is not None and (family or home):
            standard = "LAC_CUSTODY" if home else "MINOR_CRIMINALISATION"
            reviewed, before = self.review_time(standard, t0)
            if reviewed is not None:
                text = DETENTION_REVIEWS[standard]
                self.note(c, "decision", reviewed, text, by=c.supervisor, before=before)
        if detention is not None:
            first = self.rr(8 * 60, 12 * 60) if self.gap("PACE_REVIEWS") else self.rr(300, 360)
            t = authorised + first * MINUTE
            while t < released:
                self.e("review", c, child.id, t, detention)
                t = t + self.rr(8 * 60, 9 * 60) * MINUTE
        self.finish(c)
        return c

    # --- a household's history ----------------------------------------------------------------
    def history(self, max_children: int = 5) -> int:
        """Generate one household and its cases; returns how many children it has."""
        rng = self.rng
        hh = self.household(max_children)
        self.da_assessments.clear()
        covered: set[int] = set()

        def cover(c):
            for made in c if isinstance(c, list) else [c]:
                if made is not None:
                    covered.update(ch.id for ch in made.children)

        if hh.kind != "family":
            stories = [rng.choices(("missing", "custody", "cse", "concern"), (5, 3, 2, 2))[0]]
        else:
            stories = [
                rng.choices(
                    ("da_chronic", "da", "concern", "cp", "missing", "cse", "online", "custody", "rso", "pp"),
                    (9, 24, 18, 13, 8, 4, 6, 8, 3, 4),
                )[0]
            ]
        while rng.random() < 0.3 and len(stories) < 4:
            stories.append(rng.choice(("da", "concern", "cp", "missing", "custody", "online", "concern")))
        youngest_born = hh.children[-1].born_at()
        for story in stories:
            if story == "da_chronic":
                cover(self.chronic_domestic_abuse(hh))
            elif story in ("da", "concern", "cp", "rso", "pp"):
                t0 = self.when(youngest_born if rng.random() < 0.5 else None)
                if t0 is None:
                    continue
                if story == "da":
                    cover(self.domestic_abuse(hh, t0))
                elif story == "concern":
                    cover(self.general_concern(hh, t0, hh.children))
                elif story == "cp":
                    cover(self.cp_enquiry(hh, t0))
                elif story == "rso":
                    cover(self.sex_offender(hh, t0))
                else:
                    cover(self.police_protection(hh, t0))
            else:
                min_age = {"missing": 11, "cse": 12, "online": 9, "custody": 10}[story]
                eligible = [ch for ch in hh.children if ch.age >= min_age]
                if not eligible:
                    continue
                child = rng.choice(eligible)
                if story == "custody" and len(eligible) > 1 and child.gender == "female":
                    child = rng.choice(eligible)
                t0 = self.when(child.born_at() + (min_age * 365 + 10) * DAY)
                if t0 is None:
                    continue
                if story == "missing":
                    cover(self.missing(hh, child, t0))
                elif story == "cse":
                    cover(self.cse(hh, child, t0))
                elif story == "online":
                    cover(self.online(hh, child, t0))
                else:
                    cover(self.custody(hh, child, t0))
        # Every child in the demo is known to police through at least one case.
        for child in hh.children:
            if child.id not in covered:
                t0 = self.when(child.born_at() + 20 * DAY)
                if t0 is None:  # born in the last days before the reference date
                    t0 = self.as_of - 12 * HOUR
                cover(self.general_concern(hh, t0, [child]))
        self.review_repeated_abuse()
        self.grade_practice()
        return len(hh.children)
