"""Real UK place names: the areas that publish, the parts they report on, and the
comparators they quote. Every place here exists, so a pipeline with a gazetteer can
recognise the document's area, and a row stub or column header naming a place is a place.
"""

from __future__ import annotations

from dataclasses import dataclass

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)


@dataclass(frozen=True)
class Area:
    name: str  # the geography a figure about the whole area gets
    kind: str  # county | police | fire | city | metropolitan | district | unitary
    region: str  # English region, or "Wales"
    parts: tuple[str, ...]  # districts of a county, wards or towns of a district
    part_kind: str  # what the parts are called in a stub header: District, Ward, Locality
    council: str = ""  # the council's own name where it is not "<name> Council"

    @property
    def national(self) -> str:
        return "Wales" if self.region == "Wales" else "England"


# Shire counties and police/fire areas: their parts are districts.
COUNTIES = (
    Area(
        "Kent",
        "county",
        "South East",
        (
            "Ashford",
            "Canterbury",
            "Dartford",
            "Dover",
            "Folkestone and Hythe",
            "Gravesham",
            "Maidstone",
            "Sevenoaks",
            "Swale",
            "Thanet",
            "Tonbridge and Malling",
            "Tunbridge Wells",
        ),
        "District",
    ),
    Area(
        "Essex",
        "county",
        "East of England",
        (
            "Basildon",
            "Braintree",
            "Brentwood",
            "Castle Point",
            "Chelmsford",
            "Colchester",
            "Epping Forest",
            "Harlow",
            "Maldon",
            "Rochford",
            "Tendring",
            "Uttlesford",
        ),
        "District",
    ),
    Area(
        "Warwickshire",
        "county",
        "West Midlands",
        ("North Warwickshire", "Nuneaton and Bedworth", "Rugby", "Stratford-on-Avon", "Warwick"),
        "District",
    ),
    Area(
        "Lancashire",
        "county",
        "North West",
        (
            "Burnley",
            "Chorley",
            "Fylde",
            "Hyndburn",
            "Lancaster",
            "Pendle",
            "Preston",
            "Ribble Valley",
            "Rossendale",
            "South Ribble",
            "West Lancashire",
            "Wyre",
        ),
        "District",
    ),
    Area(
        "Surrey",
        "county",
        "South East",
        (
            "Elmbridge",
            "Epsom and Ewell",
            "Guildford",
            "Mole Valley",
            "Reigate and Banstead",
            "Runnymede",
            "Spelthorne",
            "Surrey Heath",
            "Tandridge",
            "Waverley",
            "Woking",
        ),
        "District",
    ),
    Area(
        "Norfolk",
        "county",
        "East of England",
        (
            "Breckland",
            "Broadland",
            "Great Yarmouth",
            "King's Lynn and West Norfolk",
            "North Norfolk",
            "Norwich",
            "South Norfolk",
        ),
        "District",
    ),
    Area(
        "Derbyshire",
        "county",
        "East Midlands",
        (
            "Amber Valley",
            "Bolsover",
            "Chesterfield",
            "Derbyshire Dales",
            "Erewash",
            "High Peak",
            "North East Derbyshire",
            "South Derbyshire",
        ),
        "District",
    ),
    Area(
        "Nottinghamshire",
        "county",
        "East Midlands",
        ("Ashfield", "Bassetlaw", "Broxtowe", "Gedling", "Mansfield", "Newark and Sherwood", "Rushcliffe"),
        "District",
    ),
    Area(
        "Hampshire",
        "county",
        "South East",
        (
            "Basingstoke and Deane",
            "East Hampshire",
            "Eastleigh",
            "Fareham",
            "Gosport",
            "Hart",
            "Havant",
            "New Forest",
            "Rushmoor",
            "Test Valley",
            "Winchester",
        ),
        "District",
    ),
    Area(
        "Devon",
        "county",
        "South West",
        (
            "East Devon",
            "Exeter",
            "Mid Devon",
            "North Devon",
            "South Hams",
            "Teignbridge",
            "Torridge",
            "West Devon",
        ),
        "District",
    ),
)

# Areas that exist only as police or fire areas (a fire service covering two counties).
SERVICE_AREAS = (
    Area(
        "Devon and Somerset",
        "fire",
        "South West",
        (
            "East Devon",
            "Exeter",
            "Mid Devon",
            "North Devon",
            "Plymouth",
            "Somerset",
            "South Hams",
            "Teignbridge",
            "Torbay",
        ),
        "Area",
    ),
    Area(
        "Hampshire and Isle of Wight",
        "fire",
        "South East",
        (
            "Basingstoke and Deane",
            "Eastleigh",
            "Fareham",
            "Gosport",
            "Havant",
            "Isle of Wight",
            "New Forest",
            "Portsmouth",
            "Southampton",
            "Winchester",
        ),
        "District",
    ),
    Area(
        "South Wales",
        "police",
        "Wales",
        (
            "Bridgend",
            "Cardiff",
            "Merthyr Tydfil",
            "Neath Port Talbot",
            "Rhondda Cynon Taf",
            "Swansea",
            "Vale of Glamorgan",
        ),
        "Area",
    ),
)

# Cities, metropolitan boroughs and districts: their parts are wards or towns.
DISTRICTS = (
    Area(
        "Leeds",
        "city",
        "Yorkshire and The Humber",
        (
            "Armley",
            "Beeston and Holbeck",
            "Chapel Allerton",
            "Gipton and Harehills",
            "Headingley and Hyde Park",
            "Hunslet and Riverside",
            "Kirkstall",
            "Morley South",
            "Pudsey",
            "Roundhay",
        ),
        "Ward",
        "Leeds City Council",
    ),
    Area(
        "Barnsley",
        "metropolitan",
        "Yorkshire and The Humber",
        (
            "Darfield",
            "Dearne North",
            "Dearne South",
            "Hoyland Milton",
            "Kingstone",
            "Monk Bretton",
            "Penistone West",
            "Royston",
            "Worsbrough",
        ),
        "Ward",
        "Barnsley Metropolitan Borough Council",
    ),
    Area(
        "North Tyneside",
        "metropolitan",
        "North East",
        (
            "Battle Hill",
            "Cullercoats",
            "Killingworth",
            "Longbenton",
            "North Shields",
            "Tynemouth",
            "Wallsend",
            "Whitley Bay",
        ),
        "Locality",
        "North Tyneside Council",
    ),
    Area(
        "Southampton",
        "city",
        "South East",
        (
            "Bargate",
            "Bevois",
            "Bitterne Park",
            "Coxford",
            "Freemantle",
            "Millbrook",
            "Peartree",
            "Portswood",
            "Shirley",
            "Woolston",
        ),
        "Ward",
        "Southampton City Council",
    ),
    Area(
        "Sheffield",
        "city",
        "Yorkshire and The Humber",
        (
            "Burngreave",
            "Crookes and Crosspool",
            "Darnall",
            "Ecclesall",
            "Firth Park",
            "Gleadless Valley",
            "Hillsborough",
            "Manor Castle",
            "Nether Edge and Sharrow",
            "Walkley",
        ),
        "Ward",
        "Sheffield City Council",
    ),
    Area(
        "Bristol",
        "city",
        "South West",
        (
            "Ashley",
            "Avonmouth and Lawrence Weston",
            "Bedminster",
            "Clifton",
            "Easton",
            "Filwood",
            "Hartcliffe and Withywood",
            "Lawrence Hill",
            "Southmead",
            "Stockwood",
        ),
        "Ward",
        "Bristol City Council",
    ),
    Area(
        "Manchester",
        "city",
        "North West",
        (
            "Ancoats and Beswick",
            "Ardwick",
            "Cheetham",
            "Chorlton",
            "Didsbury West",
            "Fallowfield",
            "Hulme",
            "Levenshulme",
            "Moss Side",
            "Rusholme",
        ),
        "Ward",
        "Manchester City Council",
    ),
    Area(
        "Coventry",
        "city",
        "West Midlands",
        (
            "Earlsdon",
            "Foleshill",
            "Henley",
            "Longford",
            "Lower Stoke",
            "Radford",
            "Upper Stoke",
            "Wainbody",
            "Whoberley",
        ),
        "Ward",
        "Coventry City Council",
    ),
    Area(
        "Nottingham",
        "city",
        "East Midlands",
        ("Aspley", "Basford", "Berridge", "Bulwell", "Dales", "Mapperley", "Radford", "Sherwood", "St Ann's"),
        "Ward",
        "Nottingham City Council",
    ),
    Area(
        "Brighton and Hove",
        "unitary",
        "South East",
        (
            "Brunswick and Adelaide",
            "Central Hove",
            "Hanover and Elm Grove",
            "Hollingdean and Fiveways",
            "Kemptown",
            "Moulsecoomb and Bevendean",
            "Queen's Park",
            "Regency",
            "Whitehawk and Marina",
        ),
        "Ward",
        "Brighton and Hove City Council",
    ),
    Area(
        "Maidstone",
        "district",
        "South East",
        (
            "Allington",
            "Bearsted",
            "Boxley",
            "Fant",
            "Harrietsham and Lenham",
            "Marden and Yalding",
            "Park Wood",
            "Shepway North",
        ),
        "Ward",
        "Maidstone Borough Council",
    ),
    Area(
        "Colchester",
        "district",
        "East of England",
        (
            "Castle",
            "Greenstead",
            "Highwoods",
            "Lexden and Braiswick",
            "Mile End",
            "Old Heath and The Hythe",
            "Prettygate",
            "Shrub End",
            "Wivenhoe",
        ),
        "Ward",
        "Colchester City Council",
    ),
    Area(
        "Preston",
        "district",
        "North West",
        (
            "Ashton",
            "Brookfield",
            "Cadley",
            "Deepdale",
            "Fishwick and Frenchwood",
            "Ingol and Cottam",
            "Ribbleton",
            "Sharoe Green",
        ),
        "Ward",
        "Preston City Council",
    ),
    Area(
        "Rugby",
        "district",
        "West Midlands",
        (
            "Benn",
            "Bilton",
            "Coton and Boughton",
            "Eastlands",
            "Hillmorton",
            "New Bilton",
            "Newbold and Brownsover",
            "Paddox",
        ),
        "Ward",
        "Rugby Borough Council",
    ),
    Area(
        "Cardiff",
        "unitary",
        "Wales",
        (
            "Adamsdown",
            "Butetown",
            "Canton",
            "Cathays",
            "Ely",
            "Grangetown",
            "Llandaff",
            "Riverside",
            "Roath",
            "Splott",
        ),
        "Ward",
        "Cardiff Council",
    ),
    Area(
        "Swansea",
        "unitary",
        "Wales",
        ("Castle", "Cockett", "Morriston", "Penderry", "Sketty", "Townhill", "Uplands"),
        "Ward",
        "Swansea Council",
    ),
    Area(
        "Wakefield",
        "metropolitan",
        "Yorkshire and The Humber",
        ("Castleford", "Featherstone", "Hemsworth", "Knottingley", "Normanton", "Ossett", "Pontefract"),
        "Locality",
        "Wakefield Council",
    ),
)

COMPARATOR_GROUP = "Comparator group"
COMPARATOR_LABELS = (
    "Nearest neighbours average",
    "Most similar group average",
    "CIPFA nearest neighbours",
    "Similar authorities average",
)


@dataclass(frozen=True)
class Publisher:
    name: str  # as printed in the title block
    area: Area
    domain: str  # council | police | fire | health | partnership


def publishers_for(area: Area) -> list[Publisher]:
    """The bodies that plausibly publish about an area, each with its subject domain."""
    n = area.name
    if area.kind == "county":
        return [
            Publisher(f"{n} County Council", area, "council"),
            Publisher(f"{n} Police and Crime Commissioner", area, "police"),
            Publisher(f"{n} Police", area, "police"),
            Publisher(f"{n} Fire and Rescue Service", area, "fire"),
            Publisher(f"{n} County Council Public Health", area, "health"),
        ]
    if area.kind == "fire":
        return [Publisher(f"{n} Fire and Rescue Service", area, "fire")]
    if area.kind == "police":
        return [
            Publisher(f"{n} Police and Crime Commissioner", area, "police"),
            Publisher(f"{n} Police", area, "police"),
        ]
    council = area.council or f"{n} Council"
    return [
        Publisher(council, area, "council"),
        Publisher(council, area, "health"),
        Publisher(f"Safer {n} Partnership", area, "partnership"),
        Publisher(f"{n} Community Safety Partnership", area, "partnership"),
        Publisher(f"{n} Health and Wellbeing Board", area, "health"),
    ]


ALL_AREAS = COUNTIES + SERVICE_AREAS + DISTRICTS
ALL_PUBLISHERS = tuple(p for a in ALL_AREAS for p in publishers_for(a))
