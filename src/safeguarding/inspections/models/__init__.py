from safeguarding.inspections.models.reports import (
    CaseAssessment,
    CaseTypeCount,
    FrequentRecommendation,
    InspectionReport,
    ReportFinding,
    ThematicForceGrades,
    TopicGrade,
)
from safeguarding.inspections.models.tracking import (
    Recommendation,
    RecommendationAction,
    RecommendationEvidence,
    RecommendationNote,
    RecommendationStandard,
    RecommendationStatusChange,
)

__all__ = [
    "CaseAssessment",
    "CaseTypeCount",
    "FrequentRecommendation",
    "InspectionReport",
    "Recommendation",
    "RecommendationAction",
    "RecommendationEvidence",
    "RecommendationNote",
    "RecommendationStandard",
    "RecommendationStatusChange",
    "ReportFinding",
    "ThematicForceGrades",
    "TopicGrade",
]
