"""Counts in words, as the GOV.UK Design System writes them: "1 incident", "2 incidents",
"3 children" (never "incident(s)"). Below every app, so any page or message may use it."""


def counted(number: int, singular: str, plural: str = "") -> str:
    """ "1 incident", "2 incidents", "3 children" (give the plural when it is not singular + s)."""
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"
