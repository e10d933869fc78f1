from enum import StrEnum


class EthnicityObservedEnum(StrEnum):
    IC1 = "IC1"
    IC2 = "IC2"
    IC3 = "IC3"
    IC4 = "IC4"
    IC5 = "IC5"
    IC6 = "IC6"
    IC9 = "IC9"

    def __str__(self) -> str:
        return str(self.value)
