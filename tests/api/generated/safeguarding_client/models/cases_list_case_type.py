from enum import StrEnum


class CasesListCaseType(StrEnum):
    CP_ENQUIRY = "cp_enquiry"
    CSE = "cse"
    CUSTODY = "custody"
    DOMESTIC_ABUSE = "domestic_abuse"
    GENERAL_CONCERN = "general_concern"
    MISSING = "missing"
    ONLINE_ABUSE = "online_abuse"
    POLICE_PROTECTION = "police_protection"
    SEX_OFFENDER = "sex_offender"

    def __str__(self) -> str:
        return str(self.value)
