"""Synthetic patrons for the demo usage: plausible initials, birth years, genders and groups.

Đắk Nông's communes are home to M'Nông, Ê Đê, Mạ and northern minorities (Tày, Nùng,
H'Mông, Dao), so their share of patrons is high at commune points.
"""

from __future__ import annotations

import datetime as dt
import random

from pacnet.usage.models import Gender, Patron

KINH_FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
KINH_GIVEN = "ABCDGHKLMNPQSTVXY"
# M'Nông and Ê Đê names start with Y (men) or H' (women); Điểu, K' and Thị are common too.
MINORITY_MEN = ["Y", "Điểu", "K'", "Hoàng", "Lò", "Sùng", "Triệu"]
MINORITY_WOMEN = ["H'", "Thị", "Lò Thị", "Sùng Thị", "Triệu Thị"]
MINORITY_GIVEN = ["B", "Br", "Kr", "Ng", "Bh", "Đ", "Nh", "S", "T", "Kh", "Ph", "M"]

# Share of patrons from an ethnic minority, by kind of point.
MINORITY_SHARE = {"provincial_library": 0.15, "district_library": 0.3, "commune_library": 0.55}


def patron_new(rng: random.Random, *, card_number: str, site, day: dt.date, kind: str) -> Patron:
    """An unsaved patron registered at `site` on `day`, with consent recorded that day."""
    minority = rng.random() < MINORITY_SHARE.get(kind, 0.3)
    gender = Gender.FEMALE if rng.random() < 0.48 else Gender.MALE
    roll = rng.random()
    if roll < 0.45:
        age = rng.randint(11, 22)
    elif roll < 0.92:
        age = rng.randint(23, 59)
    else:
        age = rng.randint(60, 80)
    patron = Patron(
        card_number=card_number,
        display_name=_initials(rng, minority=minority, female=gender == Gender.FEMALE),
        birth_year=day.year - age,
        gender=gender,
        ethnic_minority=minority,
        student=age <= 22 and rng.random() < 0.85,
        farmer=23 <= age < 60 and rng.random() < (0.6 if kind == "commune_library" else 0.2),
        poor_household=rng.random() < (0.2 if minority else 0.05),
        disability=rng.random() < 0.02,
        elderly=age >= 60,
        consent_given_on=day,
        registered_at=site,
        registered_on=day,
    )
    if rng.random() < 0.04:  # some patrons give no birth year or gender at all
        patron.birth_year, patron.gender = None, ""
    return patron


def _initials(rng: random.Random, *, minority: bool, female: bool) -> str:
    if minority:
        prefix = rng.choice(MINORITY_WOMEN if female else MINORITY_MEN)
        return f"{prefix} {rng.choice(MINORITY_GIVEN)}."
    middle = "T." if female else "V."
    return f"{rng.choice(KINH_FAMILIES)} {middle} {rng.choice(KINH_GIVEN)}."
