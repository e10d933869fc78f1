"""The audit report in the form of section 5 of the force reports (seed 000), built only from the
gradings the viewer may see (blind marking holds in reports and exports too)."""

from collections import defaultdict
from dataclasses import dataclass, field

from safeguarding.access.models import User
from safeguarding.audits.estimate import (
    DOMAIN_RULE,
    TOO_FEW,
    Estimate,
    Stratum,
    Unit,
    domain_estimate,
    stratified_estimate,
)
from safeguarding.audits.estimate import METHOD as ESTIMATE_METHOD
from safeguarding.audits.models import Audit, AuditCase, CaseGrading
from safeguarding.audits.selectors import (
    Comparison,
    audit_cases_for,
    audit_population,
    comparison_for,
    population_cases,
    side_for,
    submitted,
    visible_gradings,
)
from safeguarding.audits.targeting import ALL_TYPES, band_words, split_stratum
from safeguarding.audits.vocabulary import (
    FOLD_OF_GRADE,
    CaseScope,
    Fold,
    Grade,
    SampleDesign,
    Side,
    StageJudgement,
)
from safeguarding.cases.vocabulary import CaseType, Stage


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    scope: str
    side: str


GROUPS = (
    Group("self_force", "Self-assessed cases: force", CaseScope.SAMPLE, Side.FORCE),
    Group("self_inspector", "Self-assessed cases: inspectors", CaseScope.SAMPLE, Side.INSPECTOR),
    Group("further_inspector", "Further cases: inspectors", CaseScope.FURTHER, Side.INSPECTOR),
)


@dataclass
class GradeRow:
    key: str
    label: str
    counts: dict[str, int]
    grades: tuple[str, ...]
    not_graded: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(grade, count) in the scale's order, best first."""
        return [(grade, self.counts.get(grade, 0)) for grade in self.grades]


@dataclass
class FoldRow:
    key: str
    label: str
    good: int
    adequate: int | None  # None: the audit's scale has no "adequate" (unknown, never derived)
    inadequate: int

    @property
    def total(self) -> int:
        return self.good + (self.adequate or 0) + self.inadequate

    @property
    def cells(self) -> list[tuple[str, int | None, int | None]]:
        """(fold, count, whole-number percentage) as Table 2 of seed 002 prints them."""
        total = self.total
        out = []
        for fold, count in (
            (Fold.GOOD, self.good),
            (Fold.ADEQUATE, self.adequate),
            (Fold.INADEQUATE, self.inadequate),
        ):
            percent = round(100 * count / total) if total and count is not None else None
            out.append((str(fold), count, percent))
        return out


@dataclass
class Breakdown:
    """One case type's (or district's) rows of counts, one row per group."""

    key: str
    label: str
    rows: list[GradeRow]


@dataclass
class Finding:
    case_type: str
    district: str
    side: str
    judgement: str
    text: str


@dataclass(frozen=True)
class Graded:
    """A graded case of the random sample, as the estimates need it: no case detail."""

    stratum: str
    case_type: str
    district: str
    grade: str


@dataclass(frozen=True)
class DomainRow:
    """One case type's or district's estimate; `estimates` is empty where the sample does not
    allow one (estimate.MIN_DOMAIN_GRADED)."""

    kind: str  # "Case type" or "District"
    label: str
    graded: int
    estimates: list[tuple[str, Estimate]]  # (grade, estimate), in the scale's order
    too_few: str = TOO_FEW

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(grade, "18% (11% to 27%)") in the scale's order."""
        return [(grade, f"{e.share:.0%} ({e.low:.0%} to {e.high:.0%})") for grade, e in self.estimates]


@dataclass
class AuditReport:
    audit: Audit
    grades: tuple[str, ...]
    groups: list[Group]
    headline: list[GradeRow]
    by_case_type: list[Breakdown]
    by_district: list[Breakdown]
    fold: list[FoldRow]
    findings_by_stage: list[tuple[str, list[Finding]]]
    comparison: Comparison
    grade_labels: list[tuple[str, str]] = field(default_factory=list)
    estimates: list[tuple[str, str, Estimate]] = field(default_factory=list)  # (grade, sentence, estimate)
    estimate_method: str = ESTIMATE_METHOD
    design: str = ""  # the sample's design in plain words
    domains: list[DomainRow] = field(default_factory=list)  # by case type, then district
    domain_rule: str = DOMAIN_RULE


def _rows(
    groups,
    audit_cases: list[AuditCase],
    gradings: dict[tuple[int, str], CaseGrading],
    grades: tuple[str, ...],
) -> list[GradeRow]:
    rows = []
    for group in groups:
        counts: dict[str, int] = defaultdict(int)
        not_graded = 0
        for audit_case in audit_cases:
            if audit_case.scope != group.scope:
                continue
            grading = gradings.get((audit_case.pk, group.side))
            if grading is None:
                not_graded += 1
            else:
                counts[grading.overall_grade] += 1
        rows.append(GradeRow(group.key, group.label, dict(counts), grades, not_graded))
    return rows


def fold_row(row: GradeRow, grades: tuple[str, ...]) -> FoldRow:
    folded = {Fold.GOOD: 0, Fold.ADEQUATE: 0, Fold.INADEQUATE: 0}
    for grade, count in row.counts.items():
        folded[FOLD_OF_GRADE[Grade(grade)]] += count
    adequate = folded[Fold.ADEQUATE] if Grade.ADEQUATE in grades else None
    return FoldRow(row.key, row.label, folded[Fold.GOOD], adequate, folded[Fold.INADEQUATE])


def force_estimates(
    viewer: User, audit: Audit, audit_cases: list[AuditCase], gradings: dict
) -> tuple[list[tuple[str, str, Estimate]], list[DomainRow]]:
    """What the drawn sample says about every case in the audit's population, grade by grade,
    force-wide and by case type and district: the force's submitted grades of the randomly drawn
    cases (hand-added and further cases are not random, so they are left out), weighted by stratum
    (stratum population / sample) as the draw recorded them. An audit drawn before draws were
    recorded is weighted by case type over the population as it is now."""
    if audit.strata:
        populations = {h: population for h, (population, _drawn) in audit.strata.items()}
    else:
        populations = defaultdict(int)
        for case_type in audit_population(viewer, audit).values_list("case_type", flat=True):
            populations[case_type] += 1
    cases = []
    for audit_case in audit_cases:
        if audit_case.scope != CaseScope.SAMPLE or audit_case.added_by_hand:
            continue
        grading = gradings.get((audit_case.pk, Side.FORCE))
        if grading is not None:
            case = audit_case.case
            stratum = audit_case.stratum or case.case_type
            cases.append(Graded(stratum, case.case_type, case.district.name, grading.overall_grade))
    return _estimates(audit, populations, _by_stratum(cases)), domain_rows(audit, populations, cases)


def _by_stratum(cases: list[Graded]) -> dict[str, list[str]]:
    graded: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        graded[case.stratum].append(case.grade)
    return graded


def domain_rows(audit: Audit, populations: dict[str, int], cases: list[Graded]) -> list[DomainRow]:
    """Each case type, then each district, with graded cases in the random sample: its share in
    each grade (estimate.domain_estimate), or the words saying the sample is too small."""
    domains = [
        ("Case type", CaseType(case_type).label, lambda c, v=case_type: c.case_type == v)
        for case_type in CaseType.values
        if any(c.case_type == case_type for c in cases)
    ] + [
        ("District", district, lambda c, v=district: c.district == v)
        for district in sorted({c.district for c in cases})
    ]
    rows = []
    for kind, label, member in domains:
        estimates = []
        for grade in audit.grades:
            units = [Unit(c.stratum, c.grade == grade, member(c)) for c in cases]
            estimate = domain_estimate(populations, units)
            if estimate is not None:
                estimates.append((grade, estimate))
        rows.append(DomainRow(kind, label, sum(1 for c in cases if member(c)), estimates))
    return rows


def domain_words(rows: list[DomainRow], grade: str) -> str:
    """The panel paper's line: each case type's and district's share in `grade`, in plain words."""
    parts = []
    for row in rows:
        found = [e for g, e in row.estimates if g == grade]
        if found:
            parts.append(
                f"{row.label}: {found[0].share:.0%}, between {found[0].low:.0%} and {found[0].high:.0%}"
            )
        else:
            parts.append(f"{row.label}: {TOO_FEW.lower()}")
    return "; ".join(parts) + "." if parts else ""


def stratum_label(stratum: str) -> str:
    case_type, band = split_stratum(stratum)
    label = "All case types" if case_type == ALL_TYPES else CaseType(case_type).label
    return f"{label} ({band_words(band)})" if band else label


def design_sentence(audit: Audit) -> str:
    """The sample's design in plain words, beside the estimate."""
    if audit.design == SampleDesign.TARGETED:
        return (
            "The sample was targeted: the cases were grouped by how many practice standards their "
            "records do not meet (and by case type, where the sample was large enough), and more of "
            "the sample was drawn from the groups "
            "whose results vary most. Each case is weighted by how many cases of its group it stands "
            "for, so the estimate is not tilted towards those groups."
        )
    return (
        "The sample was drawn at random within each case type, to the quotas set; each case is "
        "weighted by how many cases of its type it stands for."
    )


def _estimates(
    audit: Audit, populations: dict[str, int], graded: dict[str, list[str]]
) -> list[tuple[str, str, Estimate]]:
    if not graded:
        return []
    out = []
    for grade in audit.grades:
        strata = {
            h: Stratum(populations.get(h, 0), len(graded.get(h, [])), graded.get(h, []).count(grade))
            for h in set(populations) | set(graded)
        }
        estimate = stratified_estimate(strata)
        if estimate is None:
            continue
        sentence = estimate.sentence(Grade(grade).label, "cases in this audit's population")
        if estimate.missing:
            names = ", ".join(stratum_label(h) for h in estimate.missing)
            sentence += (
                f" No case of these groups is drawn and graded yet, so they are not in the estimate: {names}."
            )
        out.append((grade, sentence, estimate))
    return out


def panel_audit_results(since) -> list[dict[str, str]]:
    """For the panel paper (aggregates only, no viewer): each audit drawn since `since`, the
    number of drawn cases the force has graded and, in plain words, what they say about all the
    cases of the audit's population (the share graded inadequate, with its 95% interval)."""
    audits = Audit.objects.filter(sampled_at__isnull=False).order_by("sampled_at")
    if since is not None:
        audits = audits.filter(sampled_at__date__gte=since)
    rows = []
    for audit in audits:
        populations: dict[str, int] = defaultdict(int)
        if audit.strata:
            populations.update({h: population for h, (population, _drawn) in audit.strata.items()})
        else:
            for case_type in population_cases(audit).values_list("case_type", flat=True):
                populations[case_type] += 1
        force_grades = CaseGrading.objects.filter(
            audit_case__audit=audit,
            audit_case__scope=CaseScope.SAMPLE,
            audit_case__added_by_hand=False,
            side=Side.FORCE,
            submitted_at__isnull=False,
        ).values_list(
            "audit_case__stratum",
            "audit_case__case__case_type",
            "audit_case__case__district__name",
            "overall_grade",
        )
        cases = [
            Graded(stratum or case_type, case_type, district, grade)
            for stratum, case_type, district, grade in force_grades
        ]
        graded = _by_stratum(cases)
        n = len(cases)
        inadequate = [
            f"{sentence} {design_sentence(audit)}"
            for grade, sentence, _ in _estimates(audit, populations, graded)
            if grade == "inadequate"
        ]
        rows.append(
            {
                "Audit": audit.title,
                "Cases first reported": f"{audit.period_start:%d %b %Y} to {audit.period_end:%d %b %Y}",
                "Sampled cases graded by the force": str(n) if n == 0 or n >= 5 else "<5",
                "What the sample says about all the cases": inadequate[0]
                if inadequate
                else "Too few cases graded yet for an estimate.",
                "By case type and district": (
                    domain_words(domain_rows(audit, populations, cases), "inadequate")
                    or "No case graded yet."
                )
                + f" {DOMAIN_RULE}",
            }
        )
    return rows


def audit_report(viewer: User, audit: Audit) -> AuditReport:
    own_side = side_for(viewer)
    audit_cases = list(audit_cases_for(viewer, audit))
    # A group shows when the viewer audits that scope: the force side never sees further cases.
    groups = [g for g in GROUPS if g.scope == CaseScope.SAMPLE or own_side == Side.INSPECTOR]
    gradings = submitted(visible_gradings(viewer, audit))
    headline = _rows(groups, audit_cases, gradings, audit.grades)

    by_type: dict[str, list[AuditCase]] = defaultdict(list)
    by_district: dict[tuple[str, str], list[AuditCase]] = defaultdict(list)
    for audit_case in audit_cases:
        by_type[audit_case.case.case_type].append(audit_case)
        district = audit_case.case.district
        by_district[(district.name, district.code)].append(audit_case)
    case_type_rows = [
        Breakdown(
            case_type, CaseType(case_type).label, _rows(groups, by_type[case_type], gradings, audit.grades)
        )
        for case_type in CaseType.values
        if case_type in by_type
    ]
    district_rows = [
        Breakdown(code, name, _rows(groups, by_district[(name, code)], gradings, audit.grades))
        for name, code in sorted(by_district)
    ]

    findings: dict[str, list[Finding]] = defaultdict(list)
    cases_by_id = {ac.pk: ac for ac in audit_cases}
    type_order = {case_type: i for i, case_type in enumerate(CaseType.values)}

    def reading_order(item):
        (audit_case_id, side), _grading = item
        case = cases_by_id[audit_case_id].case
        return (type_order[case.case_type], case.district.name, audit_case_id, side)

    for (audit_case_id, side), grading in sorted(gradings.items(), key=reading_order):
        audit_case = cases_by_id[audit_case_id]
        for stage_finding in grading.stage_findings.all():
            if stage_finding.finding:
                findings[stage_finding.stage].append(
                    Finding(
                        case_type=audit_case.case.get_case_type_display(),
                        district=audit_case.case.district.name,
                        side=Side(side).label,
                        judgement=StageJudgement(stage_finding.judgement).label
                        if stage_finding.judgement
                        else "",
                        text=stage_finding.finding,
                    )
                )
    findings_by_stage = [(Stage(stage).label, findings[stage]) for stage in Stage.values if findings[stage]]

    estimates, domains = force_estimates(viewer, audit, audit_cases, gradings)
    return AuditReport(
        audit=audit,
        grades=audit.grades,
        groups=groups,
        headline=headline,
        by_case_type=case_type_rows,
        by_district=district_rows,
        fold=[fold_row(row, audit.grades) for row in headline],
        findings_by_stage=findings_by_stage,
        comparison=comparison_for(viewer, audit),
        grade_labels=[(grade, Grade(grade).label) for grade in audit.grades],
        estimates=estimates,
        design=design_sentence(audit),
        domains=domains,
    )
