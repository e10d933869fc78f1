"""The invented people and the queries `safeguarding bench names` looks them up by: each query
is a way a caller says a name, number, address or date of birth of one person held differently.

Every person is an invented pairing of common names; families are the ways of saying things
issue 15 lists. The corpus is built deterministically from the seed: the same seed, the same
people and queries.
"""

import datetime as dt
import random
from dataclasses import dataclass, field


@dataclass
class Invented:
    ref: str
    forename: str
    surname: str
    middle_names: str = ""
    phone: str = ""
    address: tuple[str, str] | None = None  # (line1, postcode)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    date_of_birth: dt.date = dt.date(2014, 1, 1)


@dataclass(frozen=True)
class Query:
    family: str
    text: str
    ref: str  # the person it should find
    full_name: bool  # a forename and a surname typed (for median_results)


FORENAMES = [
    "Oliver",
    "Amelia",
    "Isla",
    "Jack",
    "Harry",
    "Poppy",
    "Evie",
    "Freddie",
    "Ruby",
    "Alfie",
    "Lily",
    "Archie",
    "Grace",
    "Theo",
    "Ivy",
    "Oscar",
    "Florence",
    "Henry",
    "Daisy",
    "Charlie",
    "Phoebe",
    "Reggie",
    "Willow",
    "Ronnie",
    "Rosie",
    "Albert",
    "Mabel",
    "Stanley",
    "Edith",
    "Arlo",
]
SURNAMES = [
    "Ashworth",
    "Bramley",
    "Calloway",
    "Dunmore",
    "Ellerby",
    "Fairbrother",
    "Garside",
    "Holroyd",
    "Ingleby",
    "Jessop",
    "Kershaw",
    "Lightfoot",
    "Mottram",
    "Nuttall",
    "Openshaw",
    "Pilling",
    "Quarmby",
    "Ramsden",
    "Sutcliffe",
    "Tattersall",
    "Uttley",
    "Varley",
    "Whitworth",
    "Yeadon",
    "Aspinall",
    "Birtwistle",
    "Crowther",
    "Duckworth",
    "Entwistle",
    "Fielden",
]


def _misspell(name: str, rng: random.Random) -> str:
    """A realistic slip: two letters swapped, a letter dropped, doubled, or a vowel changed."""
    kind = rng.randrange(4)
    i = rng.randrange(1, len(name) - 2)
    if kind == 0:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == 1:
        return name[:i] + name[i + 1 :]
    if kind == 2:
        return name[:i] + name[i] + name[i:]
    vowels = [j for j, ch in enumerate(name) if ch in "aeiou" and j > 0]
    if not vowels:
        return name[:i] + name[i + 1 :]
    j = rng.choice(vowels)
    return name[:j] + {"a": "e", "e": "a", "i": "y", "o": "u", "u": "o"}[name[j]] + name[j + 1 :]


def build_corpus(seed: int) -> tuple[list[Invented], list[Query]]:
    rng = random.Random(f"names-{seed}")
    people: list[Invented] = []
    queries: list[Query] = []
    counter = iter(range(1, 100_000))

    def person(forename: str, surname: str, **kwargs) -> Invented:
        made = Invented(f"N{next(counter):04d}", forename, surname, **kwargs)
        made.date_of_birth = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 17))
        people.append(made)
        return made

    def ask(family: str, text: str, who: Invented, *, full: bool = True) -> None:
        queries.append(Query(family, text, who.ref, full))

    def fore() -> str:
        return rng.choice(FORENAMES)

    def sur() -> str:
        return rng.choice(SURNAMES)

    # Multi-part names: any part of a double-barrelled surname or forename, joined or spaced.
    for _ in range(12):
        a, b = rng.sample(SURNAMES, 2)
        p = person(fore(), f"{a}-{b}")
        ask("multipart", f"{p.forename} {b}", p)
        ask("multipart", f"{p.forename} {a} {b}", p)
    for first, second in (
        ("Anne", "Marie"),
        ("Mary", "Jane"),
        ("Lily", "Rose"),
        ("Jean", "Paul"),
        ("Ella", "May"),
    ):
        p = person(f"{first}-{second}", sur())
        ask("multipart", f"{first} {second} {p.surname}", p)
        ask("multipart", f"{first}{second.lower()} {p.surname}", p)
    for _ in range(4):
        a, b = rng.sample(SURNAMES, 2)
        p = person(fore(), f"{a} {b}")
        ask("multipart", f"{p.forename} {a}{b.lower()}", p)

    # Welsh and Irish: particles, accents, spellings.
    welsh_irish = [
        ("Siân", "ap Rhys", ["Sian ap Rhys", "Sian Rhys", "Shan ap Rhys"]),
        ("Dafydd", "ap Gruffydd", ["Dafydd Gruffydd", "David ap Gruffydd"]),
        ("Rhiannon", "ferch Owain", ["Rhiannon Owain", "Rhiannon ferch Owen"]),
        ("Seán", "Ó Briain", ["Sean O Briain", "Shaun O'Briain", "Sean Briain"]),
        ("Siobhán", "Ní Bhriain", ["Siobhan Ni Bhriain", "Siobhan Bhriain"]),
        ("Ciarán", "Mac Giolla", ["Kieran MacGiolla", "Ciaran Mac Giolla", "Ciaran McGiolla"]),
        ("Aoife", "McCarthy", ["Aoife MacCarthy", "Aoife Mac Carthy", "Eefa McCarthy"]),
        ("Niamh", "O'Sullivan", ["Niamh Sullivan", "Neve O'Sullivan", "Niamh OSullivan"]),
        ("Pádraig", "Ó Néill", ["Padraig O'Neill", "Patrick O Neill", "Padraig Neill"]),
        ("Gwenllian", "ab Ithel", ["Gwenllian Ithel", "Gwen ab Ithel"]),
        ("Ieuan", "ap Hywel", ["Evan ap Hywel", "Ieuan Hywel"]),
        ("Róisín", "Mac Mathúna", ["Roisin MacMathuna", "Roisin Mathuna"]),
        ("Eoghan", "Ó Dónaill", ["Owen O'Donnaill", "Eoghan O Donaill"]),
        ("Cerys", "Llywelyn", ["Ceris Llewellyn", "Cerys Llewelyn"]),
    ]
    for forename, surname, asked in welsh_irish:
        p = person(forename, surname)
        for text in asked:
            ask("welsh_irish", text, p)

    # Letters NFKD drops: Ł, Ø, ß, Đ, Æ, Œ; and accents.
    folded = [
        ("Łukasz", "Wiśniewski", ["Lukasz Wisniewski"]),
        ("Małgorzata", "Kowalczyk", ["Malgorzata Kowalczyk"]),
        ("Paweł", "Michałowski", ["Pawel Michalowski"]),
        ("Søren", "Kjærgaard", ["Soren Kjaergaard"]),
        ("Bjørn", "Løvland", ["Bjorn Lovland"]),
        ("Jürgen", "Straßer", ["Jurgen Strasser", "Juergen Strasser"]),
        ("Đorđe", "Petrović", ["Dorde Petrovic", "Djordje Petrovic"]),
        ("Ægir", "Þórsson", ["Aegir Thorsson"]),
        ("Zoë", "Brontë", ["Zoe Bronte"]),
        ("Włodzimierz", "Żółkiewski", ["Wlodzimierz Zolkiewski"]),
        ("Ståle", "Østergård", ["Stale Ostergard"]),
        ("Ewa", "Łuczak", ["Ewa Luczak"]),
        ("Grzegorz", "Świątek", ["Grzegorz Swiatek"]),
        ("Agnieszka", "Ślusarczyk", ["Agnieszka Slusarczyk"]),
        ("Michał", "Bałazy", ["Michal Balazy"]),
        ("Kasper", "Møller", ["Kasper Moller"]),
        ("Liesl", "Großmann", ["Liesl Grossmann"]),
        ("Ana", "Đurić", ["Ana Duric"]),
        ("Chloë", "Lefèvre", ["Chloe Lefevre"]),
        ("Agata", "Wąsowska", ["Agata Wasowska"]),
    ]
    for forename, surname, asked in folded:
        p = person(forename, surname)
        for text in asked:
            ask("folding", text, p)
        if len(queries) % 2:
            ask("folding", f"{forename} {surname}", p)

    # Held in Arabic script: found in it, and by the Latin spellings callers use.
    arabic = [
        ("محمد", "الحسن", ["Mohammed Al-Hassan", "Muhammad Hasan", "Mohamed Alhassan"]),
        ("فاطمة", "الزهراء", ["Fatima Al Zahra", "Fatimah Zahra"]),
        ("أحمد", "منصور", ["Ahmed Mansour", "Ahmad Mansur"]),
        ("يوسف", "خليل", ["Yusuf Khalil", "Youssef Khalil"]),
        ("عائشة", "رحمن", ["Aisha Rahman", "Ayesha Rahman"]),
        ("خديجة", "سعيد", ["Khadija Saeed", "Khadijah Said"]),
        ("عمر", "فاروق", ["Omar Farouk", "Umar Farooq"]),
        ("إبراهيم", "حداد", ["Ibrahim Haddad", "Ebrahim Hadad"]),
        ("علي", "حسين", ["Ali Hussein", "Ali Husain"]),
        ("زينب", "عباس", ["Zainab Abbas", "Zaynab Abbas"]),
        ("مريم", "نصر", ["Maryam Nasr", "Mariam Nasr"]),
        ("حسن", "شريف", ["Hassan Sharif", "Hasan Shareef"]),
        ("سارة", "قاسم", ["Sara Qasim", "Sarah Kassim"]),
        ("نور", "جابر", ["Noor Jaber", "Nour Jabir"]),
        ("خالد", "العمري", ["Khalid Al-Omari", "Khaled Omari"]),
        ("ليلى", "منير", ["Layla Munir", "Leila Mounir"]),
    ]
    for forename, surname, asked in arabic:
        p = person(forename, surname)
        ask("arabic_script", f"{forename} {surname}", p)
        ask("arabic_script", f"{surname} {forename}", p)
        for text in asked:
            ask("script_to_latin", text, p)

    # Other scripts: Cyrillic, Greek, Chinese held in their script, typed in it or in Latin.
    other = [
        ("Александр", "Иванов", ["Aleksandr Ivanov", "Alexander Ivanov"]),
        ("Дмитрий", "Смирнов", ["Dmitry Smirnov", "Dmitriy Smirnov"]),
        ("Юлия", "Кузнецова", ["Yulia Kuznetsova", "Iuliia Kuznetsova"]),
        ("Наталья", "Попова", ["Natalya Popova", "Natalia Popova"]),
        ("Олександр", "Шевченко", ["Oleksandr Shevchenko"]),
        ("Γιώργος", "Παπαδόπουλος", ["Giorgos Papadopoulos", "Yiorgos Papadopoulos"]),
        ("Ελένη", "Γεωργίου", ["Eleni Georgiou"]),
        ("Νίκος", "Κωνσταντίνου", ["Nikos Konstantinou"]),
        ("伟", "王", ["Wang Wei", "Wei Wang"]),
        ("小明", "李", ["Li Xiaoming", "Xiaoming Li", "Li Xiao Ming"]),
        ("静", "张", ["Zhang Jing", "Jing Zhang"]),
        ("嘉怡", "陈", ["Chen Jiayi", "Jiayi Chen"]),
    ]
    for forename, surname, asked in other:
        p = person(forename, surname)
        ask("other_scripts", f"{forename} {surname}", p)
        for text in asked:
            ask("other_scripts", text, p)

    # Spelling variants.
    variants = [
        ("Thomson", "Thompson"),
        ("Mohammed", "Muhammad"),
        ("Mohamed", "Mohammad"),
        ("Kayleigh", "Kaylee"),
        ("Davies", "Davis"),
        ("Phillips", "Philips"),
        ("Caitlin", "Katelyn"),
        ("Aisha", "Ayesha"),
        ("Hussein", "Hussain"),
        ("Yusuf", "Yousef"),
        ("Stewart", "Stuart"),
        ("Isobel", "Isabel"),
        ("Jayden", "Jaden"),
        ("Niamh", "Neve"),
        ("Reid", "Reed"),
        ("Matthews", "Mathews"),
        ("Chowdhury", "Choudhury"),
        ("Sophie", "Sofia"),
        ("Zainab", "Zaynab"),
        ("Clarke", "Clark"),
        ("Leah", "Lea"),
        ("Aiden", "Aidan"),
    ]
    for held, typed in variants:
        is_surname = held in {
            "Thomson",
            "Davies",
            "Phillips",
            "Hussein",
            "Stewart",
            "Reid",
            "Matthews",
            "Chowdhury",
            "Clarke",
        }
        if is_surname:
            p = person(fore(), held)
            ask("variants", f"{p.forename} {typed}", p)
        else:
            p = person(held, sur())
            ask("variants", f"{typed} {p.surname}", p)

    # Short forms and nicknames.
    nicknames = [
        ("Alexander", "Alex"),
        ("Alexandra", "Sasha"),
        ("William", "Billy"),
        ("Elizabeth", "Lizzie"),
        ("Margaret", "Maggie"),
        ("Robert", "Bob"),
        ("Katherine", "Kate"),
        ("Jonathan", "Jon"),
        ("Christopher", "Chris"),
        ("Rebecca", "Becky"),
        ("Samuel", "Sam"),
        ("Victoria", "Vicky"),
        ("Nicholas", "Nick"),
        ("Jennifer", "Jenny"),
        ("Daniel", "Danny"),
        ("Abigail", "Abby"),
        ("Benjamin", "Ben"),
        ("Charlotte", "Lottie"),
        ("Frederick", "Freddie"),
        ("Theodore", "Theo"),
        ("Oliver", "Ollie"),
        ("Matilda", "Tilly"),
    ]
    for held, typed in nicknames:
        p = person(held, sur())
        ask("nicknames", f"{typed} {p.surname}", p)
    for held, typed in nicknames[:6]:
        p = person(typed, sur())
        ask("nicknames", f"{held} {p.surname}", p)

    # Name order: surname first, middle name first.
    for _ in range(20):
        p = person(fore(), sur(), middle_names=rng.choice(FORENAMES))
        ask("order", f"{p.surname} {p.forename}", p)
        if len(queries) % 3 == 0:
            ask("order", f"{p.surname}, {p.middle_names} {p.forename}", p)

    # Typing slips.
    for _ in range(24):
        p = person(fore(), sur())
        if rng.random() < 0.7:
            ask("typo", f"{p.forename} {_misspell(p.surname, rng)}", p)
        else:
            ask("typo", f"{_misspell(p.forename, rng)} {p.surname}", p)

    # Phones held in one layout, typed in another (Ofcom drama ranges the demo force does not use).
    areas = (("0114", "496"), ("0115", "496"), ("0117", "496"), ("0118", "496"), ("0131", "496"))
    for i in range(25):
        area, exchange = areas[i % len(areas)]
        local = f"{exchange}{rng.randrange(0, 1000):04d}"
        held = [
            f"({area}) {local[:3]} {local[3:]}",
            f"+44 {area[1:]} {local}",
            f"{area}-{local[:3]}-{local[3:]}",
        ][i % 3]
        p = person(fore(), sur(), phone=held)
        typed = [f"{area}{local}", f"{area} {local[:3]} {local[3:]}", f"+44{area[1:]}{local}"][(i + 1) % 3]
        ask("phone", typed, p, full=False)

    # Addresses typed with abbreviations, without the flat number, postcodes in any case.
    streets = [
        "Mill",
        "Ashgrove",
        "Beckside",
        "Tannery",
        "Weaver",
        "Foundry",
        "Chapel",
        "Quarry",
        "Orchard",
        "Meadow",
        "Cotton",
        "Lark",
    ]
    kinds = (("Road", "Rd"), ("Street", "St"), ("Avenue", "Ave"), ("Lane", "Ln"), ("Crescent", "Cres"))
    for i in range(25):
        street = streets[i % len(streets)] + rng.choice(("", "field", "bank", "wood"))
        full, short = kinds[i % len(kinds)]
        number = rng.randrange(3, 180)
        flat = i % 2 == 0
        line1 = (f"Flat {rng.randrange(1, 9)}, " if flat else "") + f"{number} {street} {full}"
        outward = f"ZZ{1 + i % 9}"
        postcode = f"{outward}{rng.randrange(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}"
        p = person(fore(), sur(), address=(line1, postcode))
        if i % 3 == 0:
            ask("address", f"{p.forename} {number} {street} {short}", p)
        elif i % 3 == 1:
            ask("address", f"{p.surname} {postcode.lower()}", p)
        else:
            ask("address", f"{p.forename} {p.surname} {postcode[:-3]} {postcode[-3:]}", p)

    # Dates of birth in the layouts people say them.
    layouts = (
        "%d/%m/%Y",
        "%d.%m.%Y",
        "%d-%m-%Y",
        "%Y-%m-%d",
        "%d %B %Y",
        "%d %b %Y",
        "%d/%m/%y",
        "ordinal",
        "%-d/%-m/%Y",
    )
    for i in range(27):
        p = person(fore(), sur())
        layout = layouts[i % len(layouts)]
        born = p.date_of_birth
        if layout == "ordinal":
            suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(born.day, "th")
            said = f"{born.day}{suffix} {born:%B %Y}"
        else:
            said = born.strftime(layout)
        # A common surname with the date: the date must pick the right child out.
        common = rng.choice(("Smith", "Jones", "Khan", "Williams", "Brown"))
        p.surname = common
        ask("dob_layouts", f"{p.forename} {common} {said}", p)
    return people, queries
