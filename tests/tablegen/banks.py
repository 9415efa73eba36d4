"""Indicators as the reports name them, with the unit an analyst would key and a plausible
range. `suffix` is the unit wording printed after the label when nothing else in the table
states the unit ("Smoking prevalence in adults" + " (%)").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ind:
    label: str
    unit: str  # count | percent | rate_per_1000 | rate_per_10000 | rate_per_100000 | other | gbp
    lo: float
    hi: float
    dp: int = 0
    better: str = "up"  # which way is good (status and direction of travel)
    suffix: str = ""
    flow: bool = True  # a count over a period (quarters add up) rather than a stock
    period_form: str = "fy"  # health profiles: fy | cal | cal_span | fy_span

    def printed(self, with_unit: bool = True) -> str:
        return self.label + (self.suffix if with_unit else "")


def I(*a, **k) -> Ind:  # noqa: E743 - short constructor for the tables below
    return Ind(*a, **k)


# fmt: off
P, R1, R4, R5 = "percent", "rate_per_1000", "rate_per_10000", "rate_per_100000"
KPI = {
    "council": {
        "Housing and health": [
            I("Households in temporary accommodation", "count", 60, 400, better="down", flow=False),
            I("Households prevented or relieved from homelessness", "count", 150, 700),
            I("Affordable homes delivered", "count", 40, 400),
            I("Average days to re-let council homes", "other", 20, 60, 1, "down"),
            I("Disabled facilities grants completed", "count", 40, 200),
            I("Children in care", R4, 45, 110, 1, "down", " per 10,000 children", flow=False),
        ],
        "Environment": [
            I("Household waste sent for reuse, recycling and composting", P, 35, 60, 1, suffix=" (%)",
              flow=False),
            I("Residual household waste per household (kg)", "other", 380, 560, 0, "down", flow=False),
            I("Missed bin collections", R5, 20, 90, 0, "down", " per 100,000 collections", flow=False),
            I("Fly-tipping incidents reported", "count", 300, 2500, better="down"),
            I("Fly-tips cleared within 2 working days", P, 85, 99, 1, suffix=" (%)", flow=False),
        ],
        "Corporate health": [
            I("Council Tax collected", P, 94, 98.5, 2, suffix=" (%)", flow=False),
            I("Business rates collected", P, 94, 99, 2, suffix=" (%)", flow=False),
            I("Average days to process new Housing Benefit claims", "other", 12, 30, 1, "down", flow=False),
            I("Staff sickness absence (days per FTE)", "other", 6, 11, 1, "down", flow=False),
            I("Complaints responded to within the service standard", P, 75, 98, 1, suffix=" (%)", flow=False),
            I("Calls to the contact centre answered", P, 80, 97, 1, suffix=" (%)", flow=False),
        ],
        "Communities and economy": [
            I("Leisure centre visits", "count", 150000, 900000),
            I("Library visits", "count", 100000, 600000),
            I("Major planning applications determined in time", P, 70, 100, 1, suffix=" (%)", flow=False),
            I("Business start-ups supported", "count", 40, 300),
            I("Working age residents claiming out-of-work benefits", P, 2, 7, 1, "down", " (%)", flow=False),
            I("Permanent admissions to residential care, aged 65+", R5, 400, 800, 1, "down", " per 100,000",
              flow=False),
        ],
    },
    "police": {
        "Reducing crime": [
            I("Total recorded crime", "count", 40000, 160000, better="down"),
            I("Violence with injury", "count", 5000, 20000, better="down"),
            I("Residential burglary", "count", 1500, 8000, better="down"),
            I("Knife crime offences", "count", 300, 1500, better="down"),
            I("Crime rate", R1, 60, 110, 1, "down", " per 1,000 population", flow=False),
            I("Anti-social behaviour incidents", "count", 10000, 50000, better="down"),
        ],
        "Supporting victims": [
            I("Victims satisfied with the overall service", P, 65, 85, 1, suffix=" (%)", flow=False),
            I("Repeat victims of domestic abuse", P, 20, 35, 1, "down", " (%)", flow=False),
            I("Positive outcome rate for all crime", P, 8, 15, 1, suffix=" (%)", flow=False),
        ],
        "Responding to the public": [
            I("Emergency calls answered within 10 seconds", P, 80, 96, 1, suffix=" (%)", flow=False),
            I("Average attendance time to emergency incidents (minutes)", "other", 8, 15, 1, "down",
              flow=False),
            I("Police officers (full-time equivalent)", "count", 1800, 4000, flow=False),
            I("Road traffic collisions killed or seriously injured", "count", 300, 900, better="down"),
        ],
    },
    "fire": {
        "Prevention": [
            I("Accidental dwelling fires", "count", 200, 700, better="down"),
            I("Deliberate fires", "count", 300, 1500, better="down"),
            I("Safe and well visits completed", "count", 5000, 20000),
            I("Primary fires", R4, 8, 18, 1, "down", " per 10,000 population", flow=False),
        ],
        "Protection": [
            I("Fire safety audits completed", "count", 800, 3000),
            I("False alarms attended", "count", 2000, 8000, better="down"),
        ],
        "Response": [
            I("Fire-related injuries", "count", 20, 80, better="down"),
            I("Average response time to dwelling fires (minutes)", "other", 7, 11, 1, "down", flow=False),
            I("On-call appliance availability", P, 70, 95, 1, suffix=" (%)", flow=False),
            I("Road traffic collisions attended", "count", 500, 1500, better="down"),
        ],
    },
}
KPI["partnership"] = {"Safer communities": KPI["police"]["Reducing crime"] + KPI["police"]["Supporting victims"]}

# label, unit, range, decimals, better, unit wording, flow, the form of its latest period
HEALTH = [
    I("Admission episodes for alcohol-specific conditions", R5, 300, 1400, 0, "down", " (per 100,000)",
      False, "fy"),
    I("Admission episodes for alcohol-related conditions, narrow", R5, 400, 800, 0, "down", " (per 100,000)",
      False, "fy"),
    I("Admission episodes for alcohol-specific conditions, under 18s", R5, 15, 80, 1, "down",
      " (per 100,000)", False, "fy_span"),
    I("Alcohol-specific mortality", R5, 8, 25, 1, "down", " (per 100,000)", False, "cal_span"),
    I("Alcohol-related mortality", R5, 30, 60, 1, "down", " (per 100,000)", False, "cal"),
    I("Suicide rate", R5, 7, 16, 1, "down", " (per 100,000)", False, "cal_span"),
    I("Emergency hospital admissions for intentional self-harm", R5, 120, 400, 1, "down", " (per 100,000)",
      False, "fy"),
    I("Hospital admissions due to falls, aged 65 and over", R5, 1600, 2600, 0, "down", " (per 100,000)",
      False, "fy"),
    I("Smoking prevalence in adults", P, 8, 20, 1, "down", " (%)", False, "cal"),
    I("Physically active adults", P, 55, 72, 1, "up", " (%)", False, "fy"),
    I("Adults drinking over 14 units of alcohol a week", P, 18, 30, 1, "down", " (%)", False, "cal_span"),
    I("Successful completion of alcohol treatment", P, 28, 45, 1, "up", " (%)", False, "cal"),
    I("Children in low income families", P, 12, 30, 1, "down", " (%)", False, "fy"),
    I("Under 18s conception rate", R1, 8, 25, 1, "down", " (per 1,000)", False, "cal"),
    I("Infant mortality rate", R1, 2.5, 6, 1, "down", " (per 1,000 live births)", False, "cal_span"),
]
# fmt: on

CRIMES = [
    ("Violence against the person", 0.36),
    ("Violence with injury", 0.11),
    ("Stalking and harassment", 0.12),
    ("Sexual offences", 0.03),
    ("Robbery of personal property", 0.01),
    ("Residential burglary", 0.04),
    ("Burglary (business and community)", 0.015),
    ("Vehicle offences", 0.06),
    ("Theft from the person", 0.012),
    ("Shoplifting", 0.07),
    ("Criminal damage and arson", 0.09),
    ("Drug offences", 0.025),
    ("Possession of weapons offences", 0.008),
    ("Public order offences", 0.08),
    ("Hate crime", 0.02),
    ("Domestic abuse related crime", 0.17),
]

# What a table of places counts, by the publisher's domain: (measure name, count per
# 1,000 residents a year, the rate's base).
AREA_MEASURES = {
    "police": [
        ("Recorded crime", 80, 1000),
        ("Anti-social behaviour incidents", 30, 1000),
        ("Domestic abuse incidents", 18, 1000),
        ("Residential burglaries", 3, 1000),
        ("Violence with injury offences", 9, 1000),
        ("Shoplifting offences", 6, 1000),
    ],
    "fire": [
        ("Accidental dwelling fires", 0.5, 10000),
        ("Deliberate fires", 1.2, 10000),
        ("Incidents attended", 12, 10000),
        ("Safe and well visits", 9, 10000),
    ],
    "council": [
        ("Fly-tipping incidents", 8, 1000),
        ("Households on the housing register", 12, 1000),
        ("Noise complaints", 4, 1000),
        ("Council Tax Support claimants", 40, 1000),
    ],
    "health": [
        ("Alcohol-specific admission episodes", 6, 100000),
        ("Emergency admissions for falls", 20, 100000),
        ("Hospital admissions for self-harm", 2.5, 100000),
        ("Alcohol-related admission episodes", 5, 100000),
    ],
}
AREA_MEASURES["partnership"] = AREA_MEASURES["police"]

RATE_UNITS = {1000: "rate_per_1000", 10000: "rate_per_10000", 100000: "rate_per_100000"}
RATE_WORDS = {1000: "per 1,000 population", 10000: "per 10,000 population", 100000: "per 100,000 population"}

BUDGET = {
    "People": [
        "Adult social care",
        "Children's social care",
        "Education and skills",
        "Public health",
        "Learning disability services",
    ],
    "Place": [
        "Highways and transport",
        "Waste and recycling",
        "Planning and regeneration",
        "Housing services",
        "Leisure and culture",
        "Parking services",
    ],
    "Resources": [
        "Finance and audit",
        "Legal and democratic services",
        "Human resources",
        "Customer services",
        "ICT and digital",
    ],
}

RAG = ("Green", "Amber", "Red")
DIRECTION_WORDS = {"good": "Improving", "bad": "Declining", "same": "Stable"}
ARROWS = {"up": "\u2191", "down": "\u2193", "same": "\u2192"}
NOTES = (
    "Provisional figure",
    "Ahead of target",
    "Reported a quarter in arrears",
    "Data only",
    "Validated",
    "Annual measure",
    "Below target, action plan agreed",
    "New measure this year",
    "Seasonal variation",
    "Awaiting national data",
)
SOURCES = (
    "Home Office",
    "Police recorded data",
    "ONS",
    "OHID Fingertips",
    "NHS England",
    "Local data",
    "DLUHC",
    "Council records",
)
GROUPS_CRIME = ("Victim-based crime", "Other crimes against society")
INTROS = (
    "This report sets out performance against the measures agreed by the board.",
    "The tables below summarise performance and the latest comparator data.",
    "Figures are provisional and may be revised when the data are validated.",
    "Performance is reported by exception where a measure is off track.",
    "This summary accompanies the full report to the scrutiny committee.",
)
