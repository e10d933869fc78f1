from enum import StrEnum


class DisabilityEnum(StrEnum):
    NONE = "none"
    YES = "yes"

    def __str__(self) -> str:
        return str(self.value)
