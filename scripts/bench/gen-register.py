#!/usr/bin/env python3
"""Write N synthetic national-register persons (Berkut Person JSONL) to stdout.

Deterministic (seeded). Used by scripts/bench/import.sh to measure import
speed at 1 M persons; the names are plausible, not real people.
"""
import json
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
family = ["Иванов", "Петров", "Сидоров", "Тоқаев", "Назарбаев", "Ахметов", "Сулейменов", "Каримов",
          "Рахимов", "Юсупов", "Абдуллаев", "Исмаилов", "Ким", "Ли", "Пак", "Омаров", "Алиев"]
given = ["Юрий", "Алексей", "Қасым", "Нұрсұлтан", "Ерлан", "Айгүл", "Дина", "Мария", "Олег",
         "Тимур", "Азамат", "Руслан", "Гульнара", "Жанна", "Бауыржан", "Асель", "Ильяс"]
grounds = ["terrorism", "extremism", "organised_crime", "serious_crime", "prior_deportation",
           "migration_violation", "sexual_offence_against_minor", "public_security_other"]
nat = ["KAZ", "RUS", "UZB", "KGZ", "TJK", "TKM", "AFG", "CHN", "TUR"]
out = sys.stdout
for i in range(n):
    f, g, p = rng.choice(family), rng.choice(given), rng.choice(given)
    y, m, d = rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)
    rec = {
        "id": f"W-{i:07d}",
        "names": [f"{f} {g} {p}ович", f"{g} {f}"],
        "birth_dates": [f"{y:04d}-{m:02d}-{d:02d}"],
        "nationalities": [rng.choice(nat)],
        "sex": rng.choice("MF"),
        "documents": [{"number": f"N{rng.randint(0, 99_999_999):08d}", "country": rng.choice(nat), "type": "P"}],
        "ground": rng.choice(grounds),
        "authority": "Migration Police",
        "basis": f"Decision {i}/2025",
        "until": None,
    }
    out.write(json.dumps(rec, ensure_ascii=False))
    out.write("\n")
