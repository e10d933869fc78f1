"""Name pools for invented people: common forenames and surnames of the communities of England and
Wales. Every person is a random pairing, so nobody is a real person; a test checks that no pairing
appears in the inspection reports in /work/shared/seeds.

Pools are keyed by a heritage group (finer than the census ethnicity, so that a Polish child gets
a Polish surname); `HERITAGES_BY_ETHNICITY` says which groups make up each census group.
"""

# Spelling variants on purpose (Mohammed/Muhammad/Mohammad, Aisha/Ayesha): fuzzy search must
# find them, so the demo force must contain them.
_GIRLS = {
    "white_british": (
        "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Evie Poppy "
        "Ella Florence Emily Charlotte Daisy Ruby Phoebe Millie Harper Sienna Jessica Lola Maisie "
        "Holly Chloe Megan Lacey Leah Paige Courtney Tia Kayleigh Summer Ellie Molly Niamh Erin"
    ),
    "white_irish": "Aoife Niamh Ciara Saoirse Orla Siobhan Roisin Caoimhe Grainne Eimear Clodagh Aisling",
    "polish": "Zuzanna Julia Maja Zofia Hanna Lena Alicja Oliwia Natalia Wiktoria Amelia Kinga Agata",
    "romanian": "Andreea Ioana Maria Elena Bianca Alexandra Daria Denisa Larisa Ana",
    "pakistani": "Aisha Ayesha Fatima Maryam Zainab Hafsa Inaya Khadija Amna Zara Eshal Hira Mehreen Iqra",
    "bangladeshi": "Nusrat Tahmina Sumaiya Fariha Sadia Jannat Ruqayyah Tasnim Afia Nabila",
    "indian": "Priya Anika Diya Simran Harleen Jasleen Navneet Riya Kavya Ananya Manpreet Sana",
    "nigerian": "Adaeze Chiamaka Ifeoma Temitope Oluwaseun Folake Ngozi Chidinma Ayomide Precious Blessing",
    "ghanaian": "Akosua Abena Ama Efua Adwoa Esi Yaa Afia",
    "somali": "Hodan Ayan Fadumo Hibo Amina Sagal Ikran Ubah Nasra",
    "caribbean": "Shanice Keisha Jada Kezia Tanisha Aaliyah Imani Nia Shantelle Jasmine Tianna",
    "arab": "Layla Noor Mariam Yasmin Huda Rania Salma Lina Amira",
    "chinese": "Mei Xinyi Jiayi Yuxuan Li Wen Ying Hui",
    "turkish": "Elif Zeynep Ecem Defne Ayse Melis Ebru",
}

_BOYS = {
    "white_british": (
        "Oliver George Noah Arthur Leo Oscar Harry Jack Charlie Jacob Thomas Freddie Alfie Theo "
        "Archie Henry Joshua William James Finley Reggie Tommy Jayden Kai Tyler Callum Liam Kieran "
        "Connor Riley Mason Logan Lewis Bradley Ryan Dylan Ethan Jake Luke Owen Max Ronnie"
    ),
    "white_irish": "Cian Oisin Padraig Eoin Ciaran Darragh Fionn Ronan Declan Cathal Tadhg",
    "polish": "Jakub Kacper Szymon Filip Antoni Jan Mateusz Bartosz Wojciech Piotr Kamil Dawid",
    "romanian": "Andrei Alexandru Stefan Ionut Mihai Gabriel Darius Razvan Vlad Cristian",
    "pakistani": (
        "Muhammad Mohammed Mohammad Mohamed Ibrahim Yusuf Ayaan Zayan Hamza Bilal Usman Hassan "
        "Imran Adam Ali Umar Zain Rayyan Haris"
    ),
    "bangladeshi": "Mohammed Muhammad Rahim Abdul Tanvir Rafiq Shahid Arif Rehan Shakil Mizanur",
    "indian": "Arjun Aarav Vihaan Harjeet Gurpreet Jaspreet Rohan Ravi Sanjay Dev Kiran Aryan",
    "nigerian": "Chinedu Emeka Oluwadamilare Tobi Ayodele Chukwuma Femi Obinna Kayode Tunde Daniel Samuel",
    "ghanaian": "Kwame Kofi Kwabena Yaw Kojo Kwesi Nana Kwaku",
    "somali": "Abdi Mahad Liban Abdirahman Bashir Hamse Said Guled Mustafe",
    "caribbean": "Jermaine Tyrone Marcus Dwayne Rashad Andre Malachi Kyrell Leon Delroy Jamal",
    "arab": "Omar Youssef Khalid Ahmed Karim Tariq Sami Faisal Hassan",
    "chinese": "Wei Jun Hao Yang Zhang Chen Ming Jian",
    "turkish": "Emre Mert Burak Kerem Can Efe Arda",
}

# Adults: the same pools, plus forenames of people born 1965-2005 in the white British group.
_WOMEN_EXTRA = {
    "white_british": (
        "Sarah Lisa Claire Nicola Joanne Kelly Gemma Emma Laura Rebecca Hayley Donna Amy Stacey "
        "Jodie Danielle Leanne Samantha Michelle Katie Natalie Rachel Jade Kerry Tracey Vicky"
    ),
}
_MEN_EXTRA = {
    "white_british": (
        "David Michael Paul Mark Andrew Stephen Darren Lee Craig Wayne Gary Neil Jason Scott "
        "Matthew Daniel Christopher Shaun Dean Carl Adam Jamie Martin Kevin Steven Ricky"
    ),
}

_SURNAMES = {
    "white_british": (
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
        "Walker White Roberts Green Hall Wood Jackson Clarke Harrison Turner Cooper Hill Ward Morris "
        "Moore Clark Lee King Baker Harris Lewis Hughes Edwards Parker Shaw Barker Holmes Atkinson "
        "Booth Firth Sutcliffe Ackroyd Haigh Brook Pickles Crowther Greenwood Priestley Hartley "
        "Kershaw Barraclough Dawson Lockwood Marsden Whitaker Pearson Sykes Fletcher Bentley "
        "Hodgson Bradshaw Pickering Mellor Ramsden Wadsworth Bottomley Senior Illingworth Helliwell"
    ),
    "white_irish": "Murphy Kelly O'Brien Byrne Ryan O'Sullivan Walsh McCarthy Doyle Gallagher Quinn Brennan",
    "polish": (
        "Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski "
        "Wozniak Dabrowski Kozlowski Mazur Krawczyk"
    ),
    "romanian": "Popescu Ionescu Popa Stan Dumitru Stoica Gheorghe Munteanu Constantin Matei",
    "pakistani": (
        "Khan Hussain Ahmed Ali Iqbal Akhtar Mahmood Rashid Shah Butt Bibi Hussein Malik Javed "
        "Aslam Riaz Nawaz Rehman Chaudhry Sadiq Qureshi Mirza Bashir Anwar"
    ),
    "bangladeshi": "Begum Miah Uddin Islam Rahman Hoque Chowdhury Khatun Ullah Alom",
    "indian": "Patel Singh Kaur Sharma Gill Sandhu Sidhu Mistry Parmar Kumar Shah Sohal Bains Dhillon",
    "nigerian": (
        "Okafor Adeyemi Okonkwo Oluwole Adebayo Eze Nwosu Ogunleye Balogun Afolabi Okeke Chukwu Adeleke"
    ),
    "ghanaian": "Mensah Owusu Asante Boateng Osei Agyeman Appiah Darko",
    "somali": "Mohamed Abdi Hassan Farah Jama Warsame Ali Ismail Yusuf Omar",
    "caribbean": (
        "Campbell Brown Williams Thomas Francis Grant Clarke Reid Henry Morgan Bailey Stewart "
        "Richards Gayle Edwards Palmer Lindo Forbes"
    ),
    "arab": "Hassan Ibrahim Mansour Saleh Haddad Nasser Khalil Abdullah Saeed",
    "chinese": "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Lin",
    "turkish": "Yilmaz Kaya Demir Sahin Celik Yildiz Ozturk Aydin",
}


def _split(pools: dict[str, str]) -> dict[str, tuple[str, ...]]:
    return {group: tuple(names.split()) for group, names in pools.items()}


GIRLS = _split(_GIRLS)
BOYS = _split(_BOYS)
WOMEN = {group: GIRLS[group] + tuple(_WOMEN_EXTRA.get(group, "").split()) for group in GIRLS}
MEN = {group: BOYS[group] + tuple(_MEN_EXTRA.get(group, "").split()) for group in BOYS}
# Adults born before 2005 are given the older forenames more often.
WOMEN_OLDER = {group: tuple(_WOMEN_EXTRA[group].split()) for group in _WOMEN_EXTRA}
MEN_OLDER = {group: tuple(_MEN_EXTRA[group].split()) for group in _MEN_EXTRA}
SURNAMES = _split(_SURNAMES)

# Census ethnicity -> (heritage group, weight).
HERITAGES_BY_ETHNICITY: dict[str, tuple[tuple[str, float], ...]] = {
    "white": (("white_british", 0.86), ("white_irish", 0.03), ("polish", 0.07), ("romanian", 0.04)),
    "asian": (("pakistani", 0.55), ("indian", 0.25), ("bangladeshi", 0.15), ("chinese", 0.05)),
    "black": (("nigerian", 0.35), ("caribbean", 0.35), ("ghanaian", 0.12), ("somali", 0.18)),
    "other": (("arab", 0.6), ("turkish", 0.4)),
}
ETHNICITY_OF_HERITAGE = {
    heritage: ethnicity for ethnicity, groups in HERITAGES_BY_ETHNICITY.items() for heritage, _ in groups
}
# Mixed children take one parent's pools from each side.
MIXED_PAIRS = (
    ("white_british", "caribbean"),
    ("white_british", "pakistani"),
    ("white_british", "nigerian"),
    ("white_british", "indian"),
    ("white_irish", "caribbean"),
)

# Nicknames and spellings recorded as aliases.
ALIAS_FORENAMES = {
    "Mohammed": "Muhammad",
    "Muhammad": "Mohammed",
    "Mohammad": "Mohamed",
    "Mohamed": "Mohammad",
    "Aisha": "Ayesha",
    "Ayesha": "Aisha",
    "Jessica": "Jess",
    "Thomas": "Tom",
    "William": "Billy",
    "Alexandra": "Alex",
    "Joshua": "Josh",
    "Christopher": "Chris",
    "Samantha": "Sam",
    "Rebecca": "Becky",
    "Daniel": "Danny",
    "Michael": "Mick",
    "Kayleigh": "Kayley",
    "Jakub": "Kuba",
    "Oluwaseun": "Seun",
    "Temitope": "Tope",
    "Oluwadamilare": "Dami",
    "Siobhan": "Shevaun",
    "Niamh": "Neve",
}

STREETS = (
    "Mill Lane",
    "Chapel Street",
    "Moor View",
    "Beck Side",
    "Heather Close",
    "Foundry Road",
    "Weavers Court",
    "Canal Walk",
    "Quarry Rise",
    "Tanner Row",
    "Ashgrove",
    "Larch Avenue",
    "Fellside Road",
    "Kiln Street",
    "Station Terrace",
    "Sycamore Way",
    "Brewery Lane",
    "Nether Green",
    "Rookery Road",
    "Wharf Street",
    "Lapwing Drive",
    "Curlew Close",
    "Dyehouse Lane",
    "Spinner Street",
    "Bobbin Way",
    "Marsh Lane",
    "Pennine View",
    "Cobble Yard",
    "Cropper Gate",
    "Fulling Mill Road",
    "Osier Grove",
    "Alder Crescent",
    "Hawthorn Terrace",
    "Bracken Bank",
    "Gritstone Road",
    "Willow Garth",
    "Reservoir Road",
    "Clough Lane",
    "Slack Side",
    "Tenter Hill",
)

SCHOOL_STEMS = (
    "Moorside",
    "Beckfield",
    "Heatherbank",
    "Foundry Lane",
    "Kilnhurst",
    "Larchwood",
    "Fellgate",
    "Canal Side",
    "Quarry Hill",
    "Weavers",
    "Nethercroft",
    "Rookwood",
    "Lapwing",
    "Curlew",
    "Pennine",
    "Gritstone",
    "Ashgrove",
    "Willowgarth",
)


# --- How often each name is drawn (issue 19) -----------------------------------------------------
#
# Drawing uniformly from the short pools above made a 1,000,000-child force in which the median
# full name was shared by 135 people; in a real force most children's full names are unique. Names
# are instead drawn with Zipf-Mandelbrot weights, p(rank r) proportional to (r + q) ** -s, over the
# pool above (in rank order, most common first) followed by a tail of invented names built from
# its own fragments (so the tail sounds like the group), with q and s fitted to published figures:
#
# - Forenames, q = 5, s = 0.7: ONS, "Baby names in England and Wales: 2023" (5 December 2024).
#   Boys: Muhammad 4,661 (1st, about 1.5% of some 310,000 boys), Oliver 3,556 (3rd), Henry 2,490
#   (10th), Mohammed 1,601 (28th), Mohammad 835 (68th): p(r)/p(1) = 0.76, 0.53, 0.34, 0.18,
#   against 0.79, 0.53, 0.31, 0.18 from the fit. Girls are flatter at the top (Olivia 2,906,
#   about 1.0%; Isabella 1,795 10th) and spread over more names: a pool of 2,000 gives Olivia's
#   1.0%, one of 800 gives Muhammad's 1.5%.
# - Surnames, q = 1, s = 0.75: the leading surnames of England and Wales (ONS birth-registration
#   study 1998-2002, and the counts reported from the 2016 list: Smith about 546,000, Jones
#   422,000, Williams 295,000, Taylor 251,000, Davies 215,000, Evans 172,000 (8th) in some 56
#   million: Smith about 1%, p(8)/p(1) = 0.31 against 0.32 from the fit) and the Family Names of
#   the United Kingdom project (about 45,600 surnames with more than 100 bearers): a white British
#   pool of 50,000 names gives Smith 1.1%.
# The other heritage groups are far smaller in a force: their pools are smaller too.
# Every person is still a random pairing of forename and surname: nobody is a real person.

import functools  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
from dataclasses import dataclass  # noqa: E402

FORENAME_Q, FORENAME_S = 5.0, 0.7
SURNAME_Q, SURNAME_S = 1.0, 0.75
POOL_SIZES = {
    # (girls, boys, surnames); adults' pools are the children's plus their extras, as above.
    "white_british": (2000, 800, 50_000),
}
OTHER_POOL_SIZES = (300, 300, 3000)
OLDER_POOL_SIZE = 600


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# English surname parts for the white British tail (a stem, sometimes a middle, an ending).
_STEMS = _words(
    "Ack Ains Al Ap Arm Ash Ather Bag Bain Bar Bark Barn Bat Beck Bel Ben Bick Birk Black Blen Bol "
    "Bot Brad Bram Brent Brig Brock Brom Brough Buck Bur Cal Can Car Cat Chad Chap Ches Clay Cliff "
    "Cob Cold Cop Cot Crab Crom Cros Dal Dar Dew Dod Dun Dur Eas Ed El Ells Elm Ever Fal Far Fen "
    "Fern Fins Fog Ford Fox Gar Gat Gil Glad Gold Gos Grant Gren Grim Had Hal Ham Har Hat Haw Hay "
    "Hep Hes Hey Hind Hol Hors Hud Hul Hunt Ing Ire Kel Ken Kil King Kirk Knot Lam Lang Lax Lea "
    "Ley Lin Lit Lock Lof Lum Lyn Mal Man Mar Mel Mid Mil Min Mos Nab Ned Net Nor Not Oak Ock Old "
    "Or Os Ot Pad Par Pen Per Pick Pil Pol Pres Pud Quar Rad Ram Raw Red Rid Rip Rish Rod Ros Row "
    "Rud Rush Sal Sand Scar Sed Shap Shel Ship Sil Skel Slat Sow Spen Stan Stock Stan Sut Swin Tad "
    "Tan Tem Thorn Thurs Tid Tod Tow Ul Up Wad Wake Wal War Wat Wel Wes Whit Wig Wil Win Wit Wol "
    "Wood Wor Wy Yar Yeo"
)
_MIDDLES = ("", "", "", "er", "ing", "el", "an", "ble", "ham", "en")
_ENDINGS = _words(
    "ley ton worth by ford field ham well son er man wood shaw croft hurst den low cliffe stead "
    "thorpe wick more bridge dale s ridge gate house hill ing combe ey all lake burn ell ock ard "
    "wright smith sey cott"
)


# Three of a letter in a row, or a doubled vowel where two names were joined, reads as a typo.
_CLUMSY = re.compile(r"(.)\1\1|([aeiou])\2[a-z]*([aeiou])\3|(.)\4[aeiou]?\4")


def _fragments(head: tuple[str, ...], needed: int) -> list[str]:
    """Invented names sounding like `head`: the start of one name joined to the end of another."""
    made: list[str] = []
    seen = set(head)
    n = len(head)
    for cut_a in (3, 2, 4):
        for cut_b in (3, 4, 2):
            for i in range(n):
                for j in range(n):
                    a, b = head[i], head[(i + j + 1) % n]
                    if len(a) <= cut_a or len(b) <= cut_b or " " in a + b or "'" in a + b:
                        continue
                    name = a[:cut_a] + b[-cut_b:].lower()
                    if name not in seen and not _CLUMSY.search(name.lower()):
                        seen.add(name)
                        made.append(name)
                        if len(made) >= needed:
                            return made
    return made


def _english_surnames(head: tuple[str, ...], needed: int) -> list[str]:
    made: list[str] = []
    seen = set(head)
    for middle in _MIDDLES:
        for stem in _STEMS:
            for ending in _ENDINGS:
                name = f"{stem}{middle}{ending}"
                if name not in seen and len(name) > 3:
                    seen.add(name)
                    made.append(name)
    made += _fragments(head, max(0, needed - len(made)))
    return made[:needed]


class Pool:
    """Names in rank order with Zipf-Mandelbrot weights; `draw` takes one from `rng`."""

    def __init__(self, head: tuple[str, ...], size: int, q: float, s: float, tail: list[str] | None = None):
        extra = tail if tail is not None else _fragments(head, max(0, size - len(head)))
        extra = extra[: max(0, size - len(head))]
        # The tail's order is fixed but mixed, so its ranks do not follow the alphabet.
        random.Random(f"{head[:3]}:{size}").shuffle(extra)
        self.names = head + tuple(extra)
        total = 0.0
        cumulative = []
        for rank in range(1, len(self.names) + 1):
            total += (rank + q) ** -s
            cumulative.append(total)
        self.cum_weights = cumulative

    def draw(self, rng) -> str:
        return rng.choices(self.names, cum_weights=self.cum_weights)[0]

    def share(self, rank: int) -> float:
        """The expected share of the first name of the given rank (1 = most common)."""
        low = self.cum_weights[rank - 2] if rank > 1 else 0.0
        return (self.cum_weights[rank - 1] - low) / self.cum_weights[-1]


def _pools(heads: dict[str, tuple[str, ...]], which: int, q: float, s: float) -> dict[str, Pool]:
    sizes = {group: POOL_SIZES.get(group, OTHER_POOL_SIZES)[which] for group in heads}
    return {group: Pool(head, sizes[group], q, s) for group, head in heads.items()}


@dataclass(frozen=True)
class Pools:
    girls: dict[str, Pool]
    boys: dict[str, Pool]
    women: dict[str, Pool]
    men: dict[str, Pool]
    older_women: dict[str, Pool]
    older_men: dict[str, Pool]
    surnames: dict[str, Pool]


@functools.cache
def pools() -> Pools:
    """Built on first use (about half a second), not when the module is imported."""
    return Pools(
        girls=_pools(GIRLS, 0, FORENAME_Q, FORENAME_S),
        boys=_pools(BOYS, 1, FORENAME_Q, FORENAME_S),
        women=_pools(WOMEN, 0, FORENAME_Q, FORENAME_S),
        men=_pools(MEN, 1, FORENAME_Q, FORENAME_S),
        older_women={g: Pool(h, OLDER_POOL_SIZE, FORENAME_Q, FORENAME_S) for g, h in WOMEN_OLDER.items()},
        older_men={g: Pool(h, OLDER_POOL_SIZE, FORENAME_Q, FORENAME_S) for g, h in MEN_OLDER.items()},
        surnames={
            group: Pool(
                head,
                POOL_SIZES.get(group, OTHER_POOL_SIZES)[2],
                SURNAME_Q,
                SURNAME_S,
                tail=_english_surnames(head, POOL_SIZES[group][2]) if group == "white_british" else None,
            )
            for group, head in SURNAMES.items()
        },
    )
