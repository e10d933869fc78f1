from safeguarding.exchange.docs import (
    CODES_END,
    CODES_START,
    DOC,
    generated_section,
    render_codes,
    render_columns,
)
from safeguarding.exchange.formats import FORMATS


def test_the_documented_columns_are_the_format_definitions():
    documented = generated_section(DOC.read_text(encoding="utf-8"))
    assert documented == render_columns(), "Regenerate: .venv/bin/python -m safeguarding.exchange.docs"


def test_every_column_has_a_type_and_an_example():
    for entity in FORMATS:
        for column in entity.columns:
            assert column.type, (entity.name, column.name)
            assert column.example or column.type == "text", (entity.name, column.name)


def test_the_documented_code_mapping_is_people_codes():
    documented = generated_section(DOC.read_text(encoding="utf-8"), CODES_START, CODES_END)
    assert documented == render_codes(), "Regenerate: .venv/bin/python -m safeguarding.exchange.docs"
    assert "| DfE | `WBRI` | White - British -> W1 | White |" in documented
