"""Contains all the data models used in inputs/outputs"""

from .blank_enum import BlankEnum
from .case import Case
from .case_request import CaseRequest
from .case_type_enum import CaseTypeEnum
from .cases_list_case_type import CasesListCaseType
from .disability_enum import DisabilityEnum
from .ethnicity_enum import EthnicityEnum
from .ethnicity_observed_enum import EthnicityObservedEnum
from .ethnicity_self_defined_enum import EthnicitySelfDefinedEnum
from .gender_enum import GenderEnum
from .looked_after_enum import LookedAfterEnum
from .paginated_case_list import PaginatedCaseList
from .paginated_person_list import PaginatedPersonList
from .patched_case_request import PatchedCaseRequest
from .patched_person_request import PatchedPersonRequest
from .people_list_ethnicity import PeopleListEthnicity
from .people_list_ethnicity_self_defined import PeopleListEthnicitySelfDefined
from .person import Person
from .person_request import PersonRequest
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem

__all__ = (
    "BlankEnum",
    "Case",
    "CaseRequest",
    "CaseTypeEnum",
    "CasesListCaseType",
    "DisabilityEnum",
    "EthnicityEnum",
    "EthnicityObservedEnum",
    "EthnicitySelfDefinedEnum",
    "GenderEnum",
    "LookedAfterEnum",
    "PaginatedCaseList",
    "PaginatedPersonList",
    "PatchedCaseRequest",
    "PatchedPersonRequest",
    "PeopleListEthnicity",
    "PeopleListEthnicitySelfDefined",
    "Person",
    "PersonRequest",
    "Problem",
    "ProblemErrorsItem",
)
