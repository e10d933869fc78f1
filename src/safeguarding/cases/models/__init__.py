from safeguarding.cases.models.attachments import Attachment
from safeguarding.cases.models.case import Case, CaseParticipant, ClosureRequest, ClosureStatus
from safeguarding.cases.models.entries import (
    CaseEntry,
    CaseNote,
    ChildOutcome,
    ChildView,
    CustodyDetention,
    DemeanourRecord,
    DetentionReview,
    Incident,
    InformedOfDecision,
    Investigation,
    InvestigationStep,
    Meeting,
    MissingEpisode,
    OffenderManagement,
    OffenderVisit,
    PoliceProtection,
    ProtectiveOrder,
    Referral,
    RiskAssessment,
    StrategyDiscussion,
)

# Every kind of stage entry, in the order a child's journey usually runs. The timeline,
# forms, exchange format and standards all walk this one list.
ENTRY_MODELS: tuple[type[CaseEntry], ...] = (
    Incident,
    DemeanourRecord,
    MissingEpisode,
    RiskAssessment,
    Referral,
    StrategyDiscussion,
    Meeting,
    Investigation,
    InvestigationStep,
    PoliceProtection,
    CustodyDetention,
    DetentionReview,
    OffenderManagement,
    OffenderVisit,
    ProtectiveOrder,
    ChildView,
    InformedOfDecision,
    ChildOutcome,
    CaseNote,
)

__all__ = [
    "ENTRY_MODELS",
    "Attachment",
    "Case",
    "CaseEntry",
    "CaseParticipant",
    "ClosureRequest",
    "ClosureStatus",
]
__all__ += [m.__name__ for m in ENTRY_MODELS]
