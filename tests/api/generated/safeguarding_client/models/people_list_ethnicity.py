from enum import StrEnum


class PeopleListEthnicity(StrEnum):
    ASIAN = "asian"
    BLACK = "black"
    MIXED = "mixed"
    NOT_STATED = "not_stated"
    OTHER = "other"
    VALUE_0 = ""
    WHITE = "white"

    def __str__(self) -> str:
        return str(self.value)
