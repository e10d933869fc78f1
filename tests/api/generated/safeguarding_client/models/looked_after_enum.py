from enum import StrEnum


class LookedAfterEnum(StrEnum):
    CHILDRENS_HOME = "childrens_home"
    FOSTER = "foster"
    KINSHIP = "kinship"
    NO = "no"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
