"""A small, valid extract in the exchange format, as a dict of file name -> text, for tests."""

from pathlib import Path

FILES = {
    "addresses.csv": (
        "source_reference,line1,line2,town,postcode,district\n"
        "A-1,1 Mill Lane,,Northmoor,NM1 4AB,north\n"
        "A-2,9 Quarry Road,Flat 2,Southby,SB2 7QQ,south\n"
    ),
    "people.csv": (
        "source_reference,forename,middle_names,surname,date_of_birth,is_child,gender,ethnicity,disability,"
        "school,looked_after,phone,district,current_address_reference\n"
        "P-1,Amelia,Rose,Hartley,2015-04-12,true,female,white,none,Mill Lane Primary,no,,north,A-1\n"
        "P-2,Darren,,Hartley,1985-01-20,false,male,white,,,no,01632 960001,north,A-1\n"
        "P-3,Oliver,,Pennington,2012-09-03,true,male,,,,foster,,south,A-2\n"
    ),
    "cases.csv": (
        "source_reference,reference,case_type,district,team,officer_in_charge,supervisor,first_reported_at,"
        "significant_harm_suspected,summary,closed_at\n"
        "C-1,NM/26/0001,domestic_abuse,north,North Child Abuse Team,officer_north,supervisor_north,"
        "2026-03-02T09:30:00+00:00,true,Call from neighbour,\n"
        "C-2,SB/26/0002,missing,south,,officer_south,,2026-03-05T22:10:00+00:00,false,,\n"
    ),
    "participants.csv": (
        "case_reference,person_reference,role\nC-1,P-1,subject_child\nC-1,P-2,suspect\nC-2,P-3,subject_child\n"
    ),
    "flags.csv": (
        "person_reference,kind,cp_category,starts_on,ends_on,details,recorded_at,recorded_by\n"
        "P-1,cp_plan,emotional,2026-01-10,,ICPC decision,2026-01-11T10:00:00+00:00,officer_north\n"
        "P-3,repeat_missing,,2026-02-01,,,2026-02-01T12:00:00+00:00,\n"
    ),
    "incidents.jsonl": (
        '{"source_reference": "E-1", "case_reference": "C-1", "occurred_at": "2026-03-02T09:30:00+00:00", '
        '"recorded_at": "2026-03-02T11:00:00+00:00", "kind": "domestic_abuse", "address_reference": "A-1", '
        '"attended_at": "2026-03-02T09:55:00+00:00", "children_present": 1, "ppn_grade": "amber"}\n'
    ),
    "demeanour_records.csv": (
        "source_reference,case_reference,child_reference,occurred_at,recorded_at,recorded_by,incident_reference,"
        "demeanour,description,seen_alone,seen_alone_reason\n"
        "E-2,C-1,P-1,2026-03-02T10:00:00+00:00,2026-03-02T11:05:00+00:00,officer_north,E-1,withdrawn,"
        '"Quiet, holding a teddy",no,Mother would not leave the room\n'
    ),
    "investigations.csv": (
        "source_reference,case_reference,child_reference,occurred_at,recorded_at,recorded_by,offence_category,"
        "allocated_at,team,officer,closed_at\n"
        "E-3,C-1,P-1,2026-03-03T09:00:00+00:00,2026-03-03T09:10:00+00:00,,domestic,2026-03-03T12:00:00+00:00,"
        "North Child Abuse Team,officer_north,\n"
    ),
    "investigation_steps.csv": (
        "source_reference,case_reference,child_reference,occurred_at,recorded_at,recorded_by,"
        "investigation_reference,kind,details,device_priority,bail_conditions,bail_until,"
        "protected_person_reference,charging_decision\n"
        "E-4,C-1,,2026-03-04T15:00:00+00:00,2026-03-04T16:00:00+00:00,,E-3,bail,,,No contact with the child,"
        "2026-04-01,P-1,\n"
    ),
    "child_views.jsonl": (
        '{"source_reference": "E-5", "case_reference": "C-1", "child_reference": "P-1", '
        '"occurred_at": "2026-03-06T10:00:00+00:00", "recorded_at": "2026-03-06T12:00:00+00:00", '
        '"views": "I want to stay with mum", "themes": ["wants_to_stay_home", "scared_of_person"]}\n'
    ),
    "missing_episodes.csv": (
        "source_reference,case_reference,child_reference,occurred_at,recorded_at,recorded_by,last_seen_at,"
        "returned_at,risk_grade,graded_at,supervisor_reviewed_at,pnc_entered_at,safe_and_well_at,"
        "return_interview_at,info_to_social_care_at,seen_alone,seen_alone_reason\n"
        "E-6,C-2,P-3,2026-03-05T22:10:00,2026-03-05T22:30:00,,2026-03-05T18:00:00,2026-03-06T08:00:00,medium,"
        "2026-03-05T22:20:00,,,2026-03-06T09:00:00,,,yes,\n"
    ),
}


def write(directory: Path, files: dict[str, str] | None = None, **changes: str) -> Path:
    """Write the extract (with some files replaced or added) into directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in {**(files or FILES), **changes}.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory
