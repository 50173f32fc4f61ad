#!/usr/bin/env python3
"""Generates a city's earlier registry for the import benchmark (tests/bench/import.sh):
four districts (GeoJSON), COMMONS commons (CSV, the /commons.csv columns) and PACTS
pacts (CSV, the Italian /pacts.csv columns, each linked to one or two commons by
external id). Deterministic (seeded).

    tests/bench/gen_import.py OUT_DIR [COMMONS] [PACTS]     # defaults: 10000 1000
"""
import csv
import json
import os
import random
import sys

out = sys.argv[1]
n_commons = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
n_pacts = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000
os.makedirs(out, exist_ok=True)
rnd = random.Random(16)

# Four districts in a 2x2 grid over 11.20-11.40 E, 44.45-44.55 N.
names = ["Borgo Nord", "Borgo Est", "Borgo Sud", "Borgo Ovest"]
features = []
for i, name in enumerate(names):
    x0, y0 = 11.20 + 0.10 * (i % 2), 44.45 + 0.05 * (i // 2)
    ring = [[x0, y0], [x0 + 0.1, y0], [x0 + 0.1, y0 + 0.05], [x0, y0 + 0.05], [x0, y0]]
    features.append({"type": "Feature", "properties": {"name": name},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
with open(os.path.join(out, "districts.geojson"), "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)

categories = ["green_area", "square_street", "building", "school_space", "wall_art",
              "cultural", "food", "energy", "mobility", "care"]
statuses = ["recognised"] * 8 + ["proposed", "dormant"]
with open(os.path.join(out, "commons.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["external_id", "name", "category", "status", "district", "lat", "lng",
                "address", "owner", "description", "why", "recognised_on", "condition"])
    for i in range(1, n_commons + 1):
        d = rnd.randrange(4)
        lng = 11.20 + 0.10 * (d % 2) + rnd.uniform(0.001, 0.099)
        lat = 44.45 + 0.05 * (d // 2) + rnd.uniform(0.001, 0.049)
        w.writerow([f"REG-C-{i}", f"Commons {i} of {names[d]}", rnd.choice(categories),
                    rnd.choice(statuses), names[d], f"{lat:.6f}", f"{lng:.6f}",
                    f"Via {rnd.randrange(1, 400)} Maggio {rnd.randrange(1, 120)}",
                    rnd.choice(["city", "other_public", "unknown"]),
                    "Neighbours look after it on Saturdays. " * 3,
                    "It is used by everyone in the block.",
                    f"20{rnd.randrange(14, 26)}-0{rnd.randrange(1, 10)}-1{rnd.randrange(0, 9)}",
                    rnd.choice(["good", "fair", "poor"])])

states = ["Patto stipulato"] * 5 + ["Archiviata", "Proroga e/o Monitoraggio e valutazione dei risultati"]
with open(os.path.join(out, "pacts.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "titolo", "proponente", "Rappresentante", "quartiere", "stato",
                "data_presentazione", "data_sottoscrizione", "data_inizio_patto",
                "data_fine_patto", "descrizione", "commons"])
    for i in range(1, n_pacts + 1):
        y = rnd.randrange(2014, 2025)
        linked = sorted({rnd.randrange(1, n_commons + 1) for _ in range(rnd.randrange(1, 3))})
        w.writerow([f"REG-P-{i}", f"Cura condivisa n. {i}", f"Associazione {i % 97}",
                    f"Persona {i}", names[i % 4], rnd.choice(states),
                    f"{y}-03-01", f"{y}-05-02", f"{y}-05-03", f"{y + 2}-05-02",
                    "Pulizia, piccola manutenzione e animazione dello spazio.",
                    "; ".join(f"REG-C-{c}" for c in linked)])
print(f"wrote {n_commons} commons and {n_pacts} pacts to {out}")
