"""The IATI code lists cbmatch maps its own words to and from (docs/IATI.md has them as tables).

Sectors live in ``seed_data/iati_dac_sectors.json`` (topic -> DAC purpose code, and the way
back); the shorter lists are here.
"""

from __future__ import annotations

from functools import cache

from seed_data import reference

#: The version of the IATI Standard cbmatch writes, and the major version it reads.
VERSION = "2.03"
#: cbmatch's extension of the activity (IATI allows elements of other namespaces at its end):
#: the interchange fields IATI has no place for, so that cbmatch reads back what it wrote.
EXTENSION_NS = "urn:cbmatch:iati:1"
#: The sector vocabulary 99 ("reporting organisation") of cbmatch's topics.
TOPIC_VOCABULARY_URI = "urn:cbmatch:topics"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI OrganisationRole.
ROLE_FUNDING = "1"
ROLE_ACCOUNTABLE = "2"
ROLE_EXTENDING = "3"
ROLE_IMPLEMENTING = "4"

# IATI OrganisationType: the type each provider type is exported as, and the way back.
ORG_TYPE = {
    "state": "10",  # Government
    "business": "70",  # Private Sector
    "ngo": "21",  # International NGO
    "academia": "80",  # Academic, Training and Research
    "intergovernmental": "40",  # Multilateral
    "other": "90",  # Other
}
PROVIDER_TYPE = {
    "10": "state",  # Government
    "11": "state",  # Local Government
    "15": "state",  # Other Public Sector
    "21": "ngo",  # International NGO
    "22": "ngo",  # National NGO
    "23": "ngo",  # Regional NGO
    "24": "ngo",  # Partner Country based NGO
    "60": "ngo",  # Foundation
    "30": "business",  # Public Private Partnership
    "70": "business",  # Private Sector
    "71": "business",  # Private Sector in Provider Country
    "72": "business",  # Private Sector in Aid Recipient Country
    "73": "business",  # Private Sector in Third Country
    "40": "intergovernmental",  # Multilateral
    "80": "academia",  # Academic, Training and Research
    "90": "other",  # Other
}

# IATI ActivityStatus.
STATUS_PIPELINE = "1"  # an open offer: waiting for the need it will serve
STATUS_IMPLEMENTATION = "2"  # a match in progress
STATUS_FINALISATION = "3"  # a completed match whose outcome the State has not confirmed
STATUS_CLOSED = "4"  # a completed match whose outcome the State confirmed
#: The statuses whose activities are imported as offers: the others are over or halted.
IMPORTED_STATUSES = frozenset({STATUS_PIPELINE, STATUS_IMPLEMENTATION})
STATUS_NAMES = {
    "1": "pipeline/identification",
    "2": "implementation",
    "3": "finalisation",
    "4": "closed",
    "5": "cancelled",
    "6": "suspended",
}

# IATI ActivityDateType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"

# IATI DescriptionType.
DESCRIPTION_GENERAL, DESCRIPTION_OBJECTIVES, DESCRIPTION_OTHER = "1", "2", "4"

# Policy marker vocabulary 1 (OECD DAC CRS), code 1: gender equality.
GENDER_MARKER_CODE = "1"

# RegionVocabulary 2 is the UN M49 list: every region, sub-region and intermediate region
# an eligibility item can name has its code there.
REGION_VOCABULARY_DAC = "1"
REGION_VOCABULARY_M49 = "2"
M49_REGION_CODES = {
    "Africa": "002",
    "Northern Africa": "015",
    "Sub-Saharan Africa": "202",
    "Eastern Africa": "014",
    "Middle Africa": "017",
    "Southern Africa": "018",
    "Western Africa": "011",
    "Americas": "019",
    "Latin America and the Caribbean": "419",
    "Caribbean": "029",
    "Central America": "013",
    "South America": "005",
    "Northern America": "021",
    "Asia": "142",
    "Central Asia": "143",
    "Eastern Asia": "030",
    "South-eastern Asia": "035",
    "Southern Asia": "034",
    "Western Asia": "145",
    "Europe": "150",
    "Eastern Europe": "151",
    "Northern Europe": "154",
    "Southern Europe": "039",
    "Western Europe": "155",
    "Oceania": "009",
    "Australia and New Zealand": "053",
    "Melanesia": "054",
    "Micronesia": "057",
    "Polynesia": "061",
}
M49_REGION_NAMES = {code: name for name, code in M49_REGION_CODES.items()}
#: An offer open to every State is exported as DAC region 998, "Developing countries,
#: unspecified" (IATI has no "all countries"), and that region is read back as open to all.
OPEN_TO_ALL_REGION = "998"
#: The OECD DAC regions (vocabulary 1) that are one M49 area; the others (88 ex-Yugoslavia,
#: 380 West Indies, 389 North and Central America, 589 Middle East, 689 South and Central Asia,
#: 789 Far East Asia) straddle M49 areas and are reported as skipped on import.
DAC_REGIONS = {
    "89": "Europe",
    "189": "Northern Africa",
    "289": "Sub-Saharan Africa",
    "298": "Africa",
    "489": "South America",
    "498": "Americas",
    "619": "Central Asia",
    "679": "Southern Asia",
    "798": "Asia",
    "889": "Oceania",
    "1027": "Eastern Africa",
    "1028": "Middle Africa",
    "1029": "Southern Africa",
    "1030": "Western Africa",
    "1031": "Caribbean",
    "1032": "Central America",
    "1033": "Melanesia",
    "1034": "Micronesia",
    "1035": "Polynesia",
}


@cache
def dac_code(topic: str) -> str:
    """The DAC 5-digit purpose code a topic is exported as."""
    code: str = reference.iati_sectors()["export"][topic]["code"]
    return code


@cache
def topic_of(code: str) -> str | None:
    """The topic a DAC 5-digit purpose code is imported as, or None when there is none."""
    topic: str | None = reference.iati_sectors()["import"].get(code)
    return topic


def percentages(count: int) -> list[str]:
    """``count`` equal shares of 100 with two decimals that add up to exactly 100."""
    if count == 0:
        return []
    cents = [10000 // count] * count
    cents[-1] += 10000 - sum(cents)
    return [f"{c // 100}.{c % 100:02d}".replace(".00", "") for c in cents]
