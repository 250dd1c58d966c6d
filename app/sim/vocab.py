"""Word lists and catalogues the simulated tenant is made of (README §6, §8).

Names carry the quirks real tenants show: trailing spaces, accents (ñ, ü, é,
ã), ampersands; states come from the README's lists; worksheet values are the
free text labs type (``ND``, ``TNTC``, ``>1%``, ``33,333``...).
"""

from __future__ import annotations

import random


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


FIRST_NAMES = _words(
    "Adam María José Jürgen Zoë Renée Chloé Noël Iñaki Björn Amélie Sofía Liam "
    "Olivia Noah Emma Ava Mateo Lucía Chen Priya Kwame Fatima Dmitri Ana Luis Grace "
    "Hannah Ethan Mia"
)
LAST_NAMES = _words(
    "Mandel Peñalosa Müller García Núñez Söderberg Dubois Smith Johnson Nguyen "
    "O'Brien Kowalski Rossi Tanaka Silva Hernández Brown Lee Patel Okafor Schröder "
    "Lefèvre Yılmaz Walker Ibáñez"
)
_COMPANY_A = _words(
    "Green Valley|Blue River|Sunrise|Mountain High|Coastal|Northern Lights|Pine Tree|"
    "Golden State|Evergreen|Desert Bloom|Riverbend|Cascade|Harbor|Prairie|Summit|"
    "Maple Leaf|Red Rock|Silver Creek|Oak Hollow|Lakeside|Señor Verde|Über Grün",
    "|",
)
_COMPANY_B = _words(
    "Farms|Labs|Botanicals|Cannabis Co.|Extracts|Wellness|Growers|Dispensary|"
    "Organics|Naturals|Hemp Co.|Apothecary|Cultivation|Collective|Café",
    "|",
)
_SUFFIXES = ("", "", " LLC", " Inc.", ", LLC", " Corp.")
# The first customers always show the name quirks, so even ``tiny`` has them.
SPECIAL_CUSTOMERS = (
    "Laboratorio Peñalosa ",
    "Análisis São Paulo",
    "Adam Mandel ",
    "Ñandú Hemp Co. ",
    "Müller & Söhne Kräuter",
)
DIVISIONS = (
    {"id": 1, "name": "Maine", "global_division": False},
    {"id": 3, "name": "Massachusetts", "global_division": False},
    {"id": 4, "name": "Nevada", "global_division": False},
    {"id": 7, "name": "Global", "global_division": True},
)
USERS = (
    {"id": 11, "first_name": "Ana", "last_name": "Núñez", "email": "ana@lab.example"},
    {"id": 12, "first_name": "Ben", "last_name": "Okafor", "email": "ben@lab.example"},
    {"id": 14, "first_name": "Zoë", "last_name": "Müller", "email": "zoe@lab.example"},
    {"id": 15, "first_name": "Raj", "last_name": "Patel", "email": "raj@lab.example"},
    {"id": 19, "first_name": "Eve", "last_name": "Dubois", "email": "eve@lab.example"},
)
API_CLIENT_ID = "5f2b8e4c-9a71-4d3e-b0c6-2a9d7e1f3b58"
ACCESSIONING_TYPES = ("Adult Use", "AU Cliente R&D", "Medical MJ", "Hemp", "R&D")
LOCATIONS = _words(
    "Receiving|Walk-in Fridge|Freezer -20°C|Shelf A|Retention Room|Prep Lab|"
    "Instrument Bay|Archive|Microbiology|Quarantine|Overflow|Annex",
    "|",
)
LOCATION_TYPES = ({"id": 1, "name": "Room"}, {"id": 2, "name": "Storage"})
CATEGORIES = ({"id": 1, "name": "Chemistry"}, {"id": 2, "name": "Microbiology"})
_ASSAYS = (
    ("Potency", "POT", "potency"),
    ("Microbials", "MICRO", "micro"),
    ("Heavy Metals", "HM", "metals"),
    ("Pesticides", "PEST", "pest"),
    ("Residual Solvents", "RS", "solvent"),
    ("Moisture Content", "MC", "moisture"),
    ("Water Activity", "WA", "moisture"),
    ("Terpenes", "TERP", "terp"),
    ("Mycotoxins", "MYCO", "micro"),
    ("Foreign Matter", "FM", "pass"),
    ("Homogeneity", "HOMO", "potency"),
    ("Yeast & Mold", "YM", "micro"),
    ("Salmonella", "SAL", "micro"),
    ("E. coli (STEC)", "STEC", "micro"),
    ("Total Aerobic Count", "TAC", "micro"),
    ("Filth & Foreign Material", "FFM", "pass"),
)
_METHODS = ("HPLC", "GC-MS", "LC-MS/MS", "ICP-MS", "qPCR", "Plating", "Visual")
_KIND_BY_LABEL = {label: kind for _, label, kind in _ASSAYS}
WORKSHEET_KEYS = {
    "potency": ("thc_percent", "cbd_percent", "total_thc", "cbn_percent"),
    "micro": ("tnt_count", "ecoli", "salmonella", "result"),
    "metals": ("arsenic", "lead", "cadmium", "mercury"),
    "pest": ("result", "bifenazate", "myclobutanil"),
    "solvent": ("butane", "ethanol", "acetone"),
    "moisture": ("moisture_percent", "water_activity"),
    "terp": ("limonene", "myrcene", "total_terpenes"),
    "pass": ("result",),
}
# README §6.4: worksheet values are free text per tenant.
WORKSHEET_VALUES = _words(
    "ND DET NT PASS TNTC TRACE >20 >1% 33,333 0..1 0.12 21.4 <LOQ 1.07 FAIL 4,500"
)
PANELS = _words(
    "Full Compliance Panel|Potency + Terpenes|Microbial Panel|Safety Panel|"
    "R&D Panel|Edible Panel|Concentrate Panel|Hemp Panel",
    "|",
)
STRAINS = _words(
    "Blue Dream|OG Kush|Sour Diesel|Gelato #33|Wedding Cake|Jack Herer|"
    "Durban Poison|Piña Colada|Crème Brûlée|Maine Wowie",
    "|",
)
MATRICES = _words(
    "Concentrate|Sugary CIP-edible|Cured Flower/Kief|LDB|CIP-edible|Infused PreRoll|"
    "Uncured Plant Material|Solventless Concentrate",
    "|",
)
CITIES = (
    ("Portland", "ME", "04101", "USA"),
    ("Bangor", "ME", "04401", "USA"),
    ("Boston", "MA", "02108", "USA"),
    ("Las Vegas", "NV", "89101", "USA"),
    ("Reno", "NV", "89501", "USA"),
    ("São Paulo", "SP", "01310-100", "Brasil"),
    ("Tijuana", "BC", "22000", "México"),
)
STREETS = ("Main St", "Oak Ave", "Calle Real", "Rua Augusta", "Commerce Dr", "Route 9")
ORDER_STATES_NEW = ("CREATED", "IN PROGRESS", "ON HOLD")
ORDER_STATES_MID = ("IN PROGRESS", "COMPLETED", "REPORTED", "ON HOLD")
ORDER_STATES_OLD = ("REPORTED", "COMPLETED", "CANCELLED", "ON HOLD")
SAMPLE_STATES = ("COMPLETED", "NOT REPORTABLE", "DISCONTINUED", "IN PROGRESS")
# README §6.4, the [DL] and [OT] tenants' test states.
_TESTS_DONE = (
    ("COMPLETED", "REPORTED", "NOT REPORTABLE", "CANCELLED", "CLIENT CANCELLED"),
    (65, 25, 4, 3, 3),
)
_TESTS_OPEN = (
    (
        "NOT STARTED",
        "IN PROGRESS",
        "WEIGHED",
        "IN DATA REVIEW",
        "ON HOLD",
        "RETEST - DILUTION REQUIRED",
        "NEEDS LC DATA",
        "COMPLETED",
    ),
    (30, 25, 10, 10, 5, 4, 3, 13),
)
TEST_STATES = tuple(dict.fromkeys(_TESTS_DONE[0] + _TESTS_OPEN[0]))


def customer_name(rng: random.Random, index: int) -> str:
    """A customer name; some people, some companies, some with trailing spaces."""
    if index < len(SPECIAL_CUSTOMERS):
        return SPECIAL_CUSTOMERS[index]
    if rng.random() < 0.35:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    else:
        company = f"{rng.choice(_COMPANY_A)} {rng.choice(_COMPANY_B)}"
        name = company + rng.choice(_SUFFIXES)
    return name + " " if rng.random() < 0.1 else name


def assay_title(index: int) -> tuple[str, str]:
    """Title and label of the ``index``-th assay (variants once the base runs out)."""
    title, label, _ = _ASSAYS[index % len(_ASSAYS)]
    variant = index // len(_ASSAYS)
    if variant:
        method = _METHODS[(variant - 1) % len(_METHODS)]
        round_ = (variant - 1) // len(_METHODS)
        title = f"{title} ({method})" + (f" v{round_ + 1}" if round_ else "")
        label = f"{label}{variant}"
    return title, label


def worksheet_kind(label_abbr: str) -> str:
    """Which worksheet template an assay label uses."""
    return _KIND_BY_LABEL.get(label_abbr.rstrip("0123456789"), "pass")


def panel_title(index: int) -> str:
    """Title of the ``index``-th panel."""
    base = PANELS[index % len(PANELS)]
    return base if index < len(PANELS) else f"{base} #{index // len(PANELS) + 1}"


def test_state_weights(sample_state: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Population and weights of a test's state given its sample's state."""
    if sample_state == "COMPLETED":
        return _TESTS_DONE
    if sample_state == "NOT REPORTABLE":
        return ("NOT REPORTABLE",), (1,)
    if sample_state == "DISCONTINUED":
        return ("CANCELLED", "CLIENT CANCELLED"), (2, 1)
    return _TESTS_OPEN


# -- ids and custom fields the v2 records of the core entities name ---------
# Tenant custom fields (README Q12) by v2 path: flattened at the top level of
# each v2 record, beside the properties of the official v2 document.
CUSTOM_FIELDS: dict[str, frozenset[str]] = {
    "customers": frozenset(
        ("allied_username", "lab", "license_number", "account_number")
        + ("initial_quickbooks_details",)
    ),
    "orders": frozenset(("Dup_Aw_value", "collected_mcr", "collected_datetime")),
    "samples": frozenset(("lot_number", "ExtInvID", "sample_weight")),
}
# Catalogue ids every profile's tenant holds, so a core record may name them:
# teams and turnarounds 1–2, worksheet templates 1–40 (batches already name
# worksheet ids 1–40), report configurations 1–6 (reports name 1–6).
ACCESSIONING_TYPE_IDS = (1, 2, 3)  # generated in every profile (tiny has 3)
TEAM_IDS = (1, 2)
TURNAROUND_IDS = (1, 2)
WORKSHEET_IDS = tuple(range(1, 41))
REPORT_CONFIG_IDS = tuple(range(1, 7))
