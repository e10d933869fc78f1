from enum import StrEnum


class PeopleListEthnicitySelfDefined(StrEnum):
    A1 = "A1"
    A2 = "A2"
    A3 = "A3"
    A4 = "A4"
    A9 = "A9"
    B1 = "B1"
    B2 = "B2"
    B9 = "B9"
    M1 = "M1"
    M2 = "M2"
    M3 = "M3"
    M9 = "M9"
    NS = "NS"
    O2 = "O2"
    O9 = "O9"
    VALUE_0 = ""
    W1 = "W1"
    W2 = "W2"
    W3 = "W3"
    W9 = "W9"

    def __str__(self) -> str:
        return str(self.value)
