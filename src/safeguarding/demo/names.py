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
