from enum import StrEnum


class EthnicityEnum(StrEnum):
    ASIAN = "asian"
    BLACK = "black"
    MIXED = "mixed"
    NOT_STATED = "not_stated"
    OTHER = "other"
    WHITE = "white"

    def __str__(self) -> str:
        return str(self.value)
