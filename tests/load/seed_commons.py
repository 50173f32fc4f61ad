#!/usr/bin/env python3
"""Seeds synthetic commons into a migrated Pactum database, for the load benchmark.

    tests/load/seed_commons.py --database-url sqlite://DATA_DIR/pactum.db --count 100000
    tests/load/seed_commons.py --database-url postgres://user@127.0.0.1/pactum_bench --count 100000

The database must already hold the demo city (`pactum demo`): the commons are placed in
its districts and proposed by its users. Rows are added, never replaced; the ids come
from the database. The same --seed gives the same commons on both backends. Run
`pactum reindex` afterwards so that search sees them.

Standard library only. SQLite goes through the sqlite3 module (one transaction);
PostgreSQL through `psql` (COPY ... FROM STDIN, one transaction), found on PATH, in
/usr/lib/postgresql/*/bin, or as $PSQL.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import glob
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse

# ---------------------------------------------------------------------------------------
# Vocabulary (the codes of src/commons/model.rs)
# ---------------------------------------------------------------------------------------

# Category and its weight (green areas and culture are the most common kinds of commons).
CATEGORIES = [
    ("green_area", 22),
    ("square_street", 8),
    ("building", 10),
    ("school_space", 7),
    ("wall_art", 5),
    ("digital_service", 5),
    ("cultural", 14),
    ("food", 9),
    ("energy", 5),
    ("mobility", 7),
    ("care", 8),
]
PROVISIONING = ["food", "energy", "shelter", "mobility", "care", "knowledge"]
OWNERS = [("city", 60), ("other_public", 25), ("private_with_consent", 15)]
LICENCES = [("", 55), ("CC BY-SA 4.0", 20), ("CC BY 4.0", 12), ("CC0 1.0", 8), ("ODbL 1.0", 5)]

# The demo districts' union box (src/demo/mod.rs).
MIN_LON, MAX_LON = 11.270, 11.420
MIN_LAT, MAX_LAT = 44.470, 44.540

# Created between these instants (fixed, so that a seed always gives the same rows).
FIRST_CREATED = dt.datetime(2023, 1, 1)
LAST_CREATED = dt.datetime(2026, 10, 31)
LATEST = dt.datetime(2026, 11, 1)

# ---------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------

STREETS = [
    "Via Saragozza", "Via del Pratello", "Via San Vitale", "Strada Maggiore", "Via Zamboni",
    "Via Mascarella", "Via delle Moline", "Via Irnerio", "Via Castiglione", "Via Santo Stefano",
    "Via Murri", "Via Andrea Costa", "Via Emilia Ponente", "Via delle Lame", "Via Marconi",
    "Via Riva di Reno", "Via del Borgo di San Pietro", "Via Guerrazzi", "Via Azzo Gardino",
    "Via Fondazza", "Via Petroni", "Via Galliera", "Via dell'Indipendenza", "Via Nosadella",
    "Via Broccaindosso", "Via San Felice", "Via Sant'Isaia", "Via Mazzini", "Via Massarenti",
    "Via del Pilastro", "Via Ferrarese", "Via di Corticella", "Via Bolognese", "Via Toscana",
    "Via Libia", "Via della Barca", "Via Agucchi", "Via Battindarno", "Via Vittorio Veneto",
    "Via Arcoveggio", "Via Stalingrado", "Via San Donato", "Piazza Verdi", "Piazza Aldrovandi",
    "Piazza dell'Unità", "Piazza San Francesco", "Piazza Santo Stefano", "Via Orfeo",
    "Via Solferino", "Via Mirasole", "Via Cartoleria", "Vicolo Bolognetti", "Via del Piombo",
]
PLACES = [
    "Bolognina", "Saragozza", "San Donato", "Navile", "Savena", "Borgo Panigale", "Cirenaica",
    "Corticella", "Barca", "Pilastro", "Croce del Biacco", "Lame", "Mazzini", "Costa Saragozza",
    "Centro Storico", "Borgo Fiume", "San Vitale", "Porta Ovest", "Santa Viola", "Dozza",
    "Arcoveggio", "Birra", "Fossolo", "San Ruffillo", "Beverara", "Noce", "Casaralta",
]
NICK_IT = [
    "La Lucciola", "Il Girasole", "La Serra", "Il Melograno", "Le Api", "La Quercia",
    "Il Ponte", "La Rondine", "Il Cortile", "La Tana", "Il Gelso", "La Formica", "Il Fico",
    "La Lanterna", "Il Nido", "La Bussola", "Il Tiglio", "La Fucina", "L'Alveare", "Il Pozzo",
]
NICK_EN = [
    "Sunflower", "Beehive", "Old Mill", "Lantern", "Acorn", "Swallow", "Fig Tree", "Compass",
    "Courtyard", "Riverside", "Linden", "Greenhouse", "Open Door", "Red Brick", "Walnut",
]

# Names of commons, by category: (Italian nouns, English nouns).
NOUNS = {
    "green_area": (
        ["Orto condiviso", "Giardino di comunità", "Giardino condiviso", "Aiuola condivisa",
         "Parco di quartiere", "Frutteto urbano", "Bosco urbano", "Orto sociale",
         "Giardino delle farfalle", "Prato comune"],
        ["Community garden", "Shared garden", "Pocket park", "Urban orchard",
         "Neighbourhood park", "Butterfly garden", "Allotment garden", "Urban forest"],
    ),
    "square_street": (
        ["Piazzetta condivisa", "Strada scolastica", "Portico vivo", "Slargo di quartiere",
         "Strada giocabile", "Panchine comuni"],
        ["Play street", "School street", "Shared square", "Living arcade", "Parklet"],
    ),
    "building": (
        ["Casa di quartiere", "Ex magazzino", "Spazio comune", "Ex scuola",
         "Laboratorio di quartiere", "Ex caserma", "Officina condivisa"],
        ["Neighbourhood house", "Former warehouse", "Community centre", "Old school building",
         "Makerspace", "Repair café"],
    ),
    "school_space": (
        ["Cortile scolastico aperto", "Giardino della scuola", "Palestra aperta",
         "Aula all'aperto", "Biblioteca scolastica aperta"],
        ["Open school yard", "School garden", "Open gym", "Outdoor classroom"],
    ),
    "wall_art": (
        ["Murale", "Muro dipinto", "Parete creativa", "Murale collettivo", "Sottopasso dipinto"],
        ["Mural", "Painted wall", "Community mural", "Street art wall"],
    ),
    "digital_service": (
        ["Rete wifi comunitaria", "Mappa aperta", "Archivio digitale", "Piattaforma di scambio",
         "Dati aperti del quartiere", "Bacheca digitale"],
        ["Community wifi", "Open map", "Digital archive", "Sharing platform",
         "Neighbourhood open data", "Community forum"],
    ),
    "cultural": (
        ["Biblioteca di quartiere", "Cinema all'aperto", "Teatro di comunità", "Festa di strada",
         "Archivio della memoria", "Coro popolare", "Biblioteca degli attrezzi",
         "Sala prove condivisa"],
        ["Community library", "Open-air cinema", "Community theatre", "Street festival",
         "Memory archive", "Neighbourhood choir", "Library of things"],
    ),
    "food": (
        ["Emporio solidale", "Cucina di comunità", "Mercato contadino", "Dispensa condivisa",
         "Forno comune", "Frigo solidale"],
        ["Solidarity pantry", "Community kitchen", "Farmers' market", "Community fridge",
         "Shared bakery oven"],
    ),
    "energy": (
        ["Comunità energetica", "Tetto solare condiviso", "Officina dell'energia"],
        ["Community energy cooperative", "Shared solar roof", "Energy help desk"],
    ),
    "mobility": (
        ["Ciclofficina popolare", "Bici condivise", "Deposito bici", "Pedibus",
         "Cargo bike di quartiere"],
        ["Bike kitchen", "Shared bikes", "Bike shelter", "Walking bus", "Neighbourhood cargo bike"],
    ),
    "care": (
        ["Portineria di quartiere", "Banca del tempo", "Ambulatorio popolare",
         "Spazio per anziani", "Ludoteca", "Sportello di ascolto"],
        ["Neighbourhood concierge", "Time bank", "Community clinic", "Seniors' corner",
         "Toy library", "Listening desk"],
    ),
}

# Description sentences: (Italian, English), general and by category.
GENERAL_IT = [
    "Ci troviamo ogni sabato mattina per curare lo spazio insieme ai vicini.",
    "Lo spazio era abbandonato da anni prima che il comitato di quartiere lo riaprisse.",
    "Chiunque può partecipare, senza iscrizione e senza costi.",
    "Organizziamo laboratori per bambini, pranzi condivisi e incontri aperti a tutte e tutti.",
    "Le decisioni si prendono in un'assemblea mensile aperta a chiunque voglia esserci.",
    "Gli attrezzi sono custoditi in un deposito comune e si prestano gratuitamente.",
    "Collaboriamo con la scuola elementare vicina e con il centro anziani del quartiere.",
    "In estate lo spazio ospita concerti, letture e serate di cinema.",
    "Un piccolo gruppo di volontari apre e chiude ogni giorno.",
    "Le spese sono coperte da una cassa comune e dalle feste di autofinanziamento.",
    "Il progetto è nato durante la pandemia, quando i vicini hanno cominciato ad aiutarsi.",
    "Accogliamo volentieri nuove persone, anche solo per un'ora alla settimana.",
    "Ogni mese pubblichiamo un resoconto delle attività e delle spese.",
    "Lo spazio è accessibile anche a chi si muove in sedia a rotelle.",
]
GENERAL_EN = [
    "We meet every Saturday morning to look after the place together with the neighbours.",
    "The site had been abandoned for years before the neighbourhood committee reopened it.",
    "Anyone can take part, with no membership and no fees.",
    "We run workshops for children, shared lunches and open meetings.",
    "Decisions are taken at a monthly assembly open to everyone who wants to come.",
    "Tools are kept in a shared shed and lent for free.",
    "We work with the primary school next door and the local seniors' centre.",
    "In summer the space hosts concerts, readings and film nights.",
    "A small group of volunteers opens and closes it every day.",
    "Costs are covered by a common fund and by fundraising parties.",
    "The project started during the pandemic, when neighbours began helping each other.",
    "New people are always welcome, even for just one hour a week.",
    "Every month we publish a report of our activities and expenses.",
    "The space is step-free and accessible to wheelchair users.",
]
SPECIFIC = {
    "green_area": (
        ["Coltiviamo ortaggi di stagione, erbe aromatiche e fiori per gli impollinatori.",
         "Il giardino è aperto dall'alba al tramonto e ospita un compostaggio di comunità.",
         "Abbiamo piantato alberi da frutto e un piccolo orto didattico per le scuole vicine.",
         "L'orto condiviso è diviso in parcelle curate da famiglie, scuole e associazioni."],
        ["We grow seasonal vegetables, herbs and flowers for pollinators.",
         "The garden is open from dawn to dusk and hosts a community compost bin.",
         "We planted fruit trees and a small teaching garden for the nearby schools.",
         "The shared garden is split into plots looked after by families, schools and associations."],
    ),
    "square_street": (
        ["La piazzetta è chiusa al traffico la domenica e diventa un luogo di gioco.",
         "Abbiamo sistemato panchine, fioriere e una bacheca per gli annunci del quartiere."],
        ["The square is closed to traffic on Sundays and becomes a place to play.",
         "We installed benches, planters and a notice board for neighbourhood announcements."],
    ),
    "building": (
        ["L'edificio ospita una sala per le assemblee, un laboratorio e uno sportello di ascolto.",
         "Stiamo ristrutturando il piano terra con l'aiuto di artigiani volontari."],
        ["The building houses a meeting room, a workshop and a help desk.",
         "We are renovating the ground floor with the help of volunteer craftspeople."],
    ),
    "school_space": (
        ["Dopo le lezioni il cortile della scuola resta aperto alle famiglie del quartiere.",
         "I genitori si alternano per aprire il giardino della scuola nei fine settimana."],
        ["After lessons the school yard stays open to the families of the neighbourhood.",
         "Parents take turns opening the school garden at weekends."],
    ),
    "wall_art": (
        ["Il murale racconta la storia del quartiere ed è stato dipinto da oltre cento persone.",
         "Ogni anno la parete viene ridipinta da giovani artisti scelti in assemblea."],
        ["The mural tells the story of the neighbourhood and was painted by over a hundred people.",
         "Every year the wall is repainted by young artists chosen by the assembly."],
    ),
    "digital_service": (
        ["Il servizio è software libero e i dati sono pubblicati con licenza aperta.",
         "La rete è gestita da volontari e copre i portici e i cortili della zona."],
        ["The service is free software and its data is published under an open licence.",
         "The network is run by volunteers and covers the arcades and courtyards of the area."],
    ),
    "cultural": (
        ["La biblioteca di quartiere presta libri, giochi da tavolo e attrezzi.",
         "Le proiezioni all'aperto sono gratuite e i film si scelgono insieme."],
        ["The community library lends books, board games and tools.",
         "Open-air screenings are free and the films are chosen together."],
    ),
    "food": (
        ["Raccogliamo le eccedenze dei mercati e le distribuiamo alle famiglie del quartiere.",
         "La cucina è aperta a chi vuole cucinare insieme e condividere il pranzo."],
        ["We collect surplus food from the markets and share it with local families.",
         "The kitchen is open to anyone who wants to cook together and share lunch."],
    ),
    "energy": (
        ["I pannelli solari sul tetto alimentano la scuola e le famiglie che aderiscono.",
         "Offriamo consulenze gratuite per ridurre le bollette e la povertà energetica."],
        ["Solar panels on the roof power the school and the member households.",
         "We offer free advice on cutting energy bills and energy poverty."],
    ),
    "mobility": (
        ["Nella ciclofficina si impara a riparare la propria bici con attrezzi condivisi.",
         "Il pedibus accompagna ogni mattina i bambini a scuola a piedi."],
        ["At the bike kitchen you learn to fix your own bike with shared tools.",
         "The walking bus takes the children to school on foot every morning."],
    ),
    "care": (
        ["La portineria di quartiere custodisce pacchi, chiavi e piccoli favori tra vicini.",
         "Nella banca del tempo ogni ora di aiuto vale quanto un'altra."],
        ["The neighbourhood concierge keeps parcels, keys and small favours between neighbours.",
         "In the time bank every hour of help is worth the same as any other."],
    ),
}
WHY_IT = [
    "Perché il quartiere non ha altri spazi verdi accessibili e i vicini vogliono prendersene cura insieme.",
    "Perché uno spazio pubblico curato da chi lo vive resta aperto, sicuro e accogliente.",
    "Per restituire alla città un luogo chiuso da anni e farne un bene comune.",
    "Perché la cura condivisa crea legami tra generazioni e culture diverse.",
    "Perché le famiglie del quartiere hanno bisogno di un luogo gratuito dove incontrarsi.",
    "Per sottrarre lo spazio al degrado e all'abbandono.",
]
WHY_EN = [
    "Because the neighbourhood has no other accessible green space and neighbours want to care for it together.",
    "Because a public place looked after by the people who use it stays open, safe and welcoming.",
    "To give back to the city a place that has been closed for years and make it a commons.",
    "Because shared care builds ties between generations and cultures.",
    "Because local families need a free place to meet.",
    "To rescue the place from neglect and decay.",
]
RULES_IT = [
    "Lo spazio è aperto a tutte e tutti, senza distinzioni.",
    "Chi usa gli attrezzi li rimette a posto.",
    "Niente auto né motorini all'interno.",
    "Le decisioni si prendono in assemblea, per consenso.",
    "Silenzio dopo le 22.",
    "Ogni mese si pubblica un resoconto delle spese.",
    "I cani sono benvenuti al guinzaglio.",
    "Le chiavi sono custodite dalla portineria di quartiere.",
]
RULES_EN = [
    "The place is open to everyone, without distinction.",
    "Whoever uses the tools puts them back.",
    "No cars or scooters inside.",
    "Decisions are taken by the assembly, by consensus.",
    "Quiet after 10 pm.",
    "A report of expenses is published every month.",
    "Dogs are welcome on a lead.",
    "The keys are kept by the neighbourhood concierge.",
]
# Extra rules of gardens and food places.
GARDEN_RULES = (
    ["Il raccolto si divide tra chi partecipa e l'emporio solidale.",
     "Vietato l'uso di pesticidi chimici."],
    ["The harvest is shared between participants and the solidarity pantry.",
     "No chemical pesticides."],
)
DORMANT_IT = [
    "Il gruppo che se ne occupava si è sciolto e lo spazio è chiuso da mesi.",
    "Nessuna attività da oltre un anno: in attesa che la comunità torni.",
]
DORMANT_EN = [
    "The group that looked after it has dissolved and the place has been closed for months.",
    "No activity for over a year: waiting for the community to come back.",
]

# ---------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------


def weighted(pairs):
    values = [v for v, _ in pairs]
    cum, total = [], 0
    for _, w in pairs:
        total += w
        cum.append(total)
    return values, cum


def with_counts(sentences):
    return [(s, len(s.split())) for s in sentences]


def fit_words(text, lo, hi):
    """`text` cut to at most `hi` words (ending with a full stop); `lo` is not enforced."""
    words = text.split()
    if len(words) <= hi:
        return text
    return " ".join(words[:hi]).rstrip(",;:.'") + "."


class Generator:
    """Makes commons rows deterministically from a seed."""

    def __init__(self, seed, districts, users, groups):
        self.rng = random.Random(seed)
        # Axis-aligned boxes, by id, so the first one that contains a point wins.
        self.districts = sorted(districts)
        self.users = sorted(users)
        self.groups = sorted(groups)
        self.cat_values, self.cat_cum = weighted(CATEGORIES)
        self.owner_values, self.owner_cum = weighted(OWNERS)
        self.lic_values, self.lic_cum = weighted(LICENCES)
        self.general = (with_counts(GENERAL_IT), with_counts(GENERAL_EN))
        self.why_pool = (with_counts(WHY_IT), with_counts(WHY_EN))
        self.specific = {c: (with_counts(it), with_counts(en)) for c, (it, en) in SPECIFIC.items()}

    def pick(self, values, cum):
        return values[bisect.bisect_right(cum, self.rng.random() * cum[-1])]

    def district_of(self, lon, lat):
        for did, min_lon, min_lat, max_lon, max_lat in self.districts:
            if min_lon <= lon <= max_lon and min_lat <= lat <= max_lat:
                return did
        return None

    def kind_of(self, category):
        r = self.rng.random()
        if category == "digital_service":
            return "digital"
        if category == "cultural":
            return "intangible" if r < 0.5 else ("digital" if r < 0.6 else "tangible")
        if category in ("care", "mobility"):
            return "intangible" if r < 0.35 else "tangible"
        return "tangible"

    def name(self, lang, category, street, number, place):
        rng = self.rng
        noun = rng.choice(NOUNS[category][lang])
        form = rng.randrange(4)
        if lang == 0:
            if form == 0:
                return f"{noun} di {street} {number}"
            if form == 1:
                return f"{noun} {place}"
            if form == 2:
                return f"{noun} \u201c{rng.choice(NICK_IT)}\u201d"
            return f"{noun} di {street}"
        if form == 0:
            return f"{noun} on {street}"
        if form == 1:
            return f"{place} {noun[0].lower()}{noun[1:]}"
        if form == 2:
            return f"The {rng.choice(NICK_EN)} {noun[0].lower()}{noun[1:]}"
        return f"{noun} at {street} {number}"

    def description(self, lang, category):
        rng = self.rng
        target = rng.randint(20, 60)
        pool = self.specific[category][lang] + self.general[lang]
        first = rng.choice(self.specific[category][lang])
        chosen, words = [first[0]], first[1]
        order = rng.sample(pool, len(pool))
        for s, n in order:
            if words >= target:
                break
            if s == first[0]:
                continue
            chosen.append(s)
            words += n
        return fit_words(" ".join(chosen), 20, 60)

    def why(self, lang):
        """One or two sentences, 10 to 20 words."""
        rng = self.rng
        pool = self.why_pool[lang]
        text, n = rng.choice(pool)
        if n < 10 or rng.random() < 0.3:
            fits = [(s, m) for s, m in pool if s != text and n + m <= 20]
            if fits:
                more, m = rng.choice(fits)
                text, n = f"{text} {more}", n + m
        return fit_words(text, 10, 20)

    def rules(self, lang, category):
        """Two to four lines."""
        rng = self.rng
        pool = RULES_IT if lang == 0 else RULES_EN
        if category in ("green_area", "food"):
            pool = pool + GARDEN_RULES[lang]
        lines = rng.sample(pool, rng.randint(2, 4))
        bullet = "- " if rng.random() < 0.5 else ""
        return "\n".join(bullet + line for line in lines)

    def rows(self, count):
        """Yields (row tuple, provisioning codes); the row's columns are COLUMNS."""
        rng = self.rng
        span = int((LAST_CREATED - FIRST_CREATED).total_seconds())
        created = sorted(rng.randrange(span) for _ in range(count))
        statuses = ["recognised"] * 18 + ["dormant", "proposed"]
        fmt = "%Y-%m-%d %H:%M:%S"
        for offset in created:
            lang = 0 if rng.random() < 0.6 else 1
            category = self.pick(self.cat_values, self.cat_cum)
            kind = self.kind_of(category)
            owner = self.pick(self.owner_values, self.owner_cum)
            street = rng.choice(STREETS)
            number = rng.randint(1, 220)
            place = rng.choice(PLACES)
            lon = round(rng.uniform(MIN_LON, MAX_LON), 6)
            lat = round(rng.uniform(MIN_LAT, MAX_LAT), 6)
            status = rng.choice(statuses)
            created_at = FIRST_CREATED + dt.timedelta(seconds=offset)
            recognised_at = None
            updated_at = created_at
            reasons = None
            if status != "proposed":
                recognised_at = min(created_at + dt.timedelta(seconds=rng.randint(3600, 60 * 86400)), LATEST)
                updated_at = recognised_at
                if status == "dormant":
                    updated_at = min(recognised_at + dt.timedelta(days=rng.randint(30, 400)), LATEST)
                    reasons = rng.choice(DORMANT_IT if lang == 0 else DORMANT_EN)
            in_group = rng.random() < 0.05
            group = rng.choice(self.groups) if in_group and self.groups else None
            provisioning = sorted(rng.sample(PROVISIONING, rng.randint(0, 3)))
            row = (
                self.name(lang, category, street, number, place),
                self.description(lang, category),
                kind,
                category,
                owner,
                "" if kind == "digital" else f"{street} {number}",
                self.why(lang),
                self.rules(lang, category),
                self.pick(self.lic_values, self.lic_cum),
                lat,
                lon,
                None,  # site
                self.district_of(lon, lat),
                status,
                status != "proposed",  # listed: recognised or dormant
                reasons,
                rng.choice(self.users),
                group,
                created_at.strftime(fmt),
                updated_at.strftime(fmt),
                recognised_at.strftime(fmt) if recognised_at else None,
            )
            yield row, provisioning


COLUMNS = (
    "name", "description", "kind", "category", "owner", "address", "why", "rules", "licence",
    "lat", "lng", "site", "district_id", "status", "listed", "status_reasons", "proposer_id",
    "group_id",
    "created_at", "updated_at", "recognised_at",
)

# ---------------------------------------------------------------------------------------
# SQLite
# ---------------------------------------------------------------------------------------


def sqlite_path(url):
    for prefix in ("sqlite://", "sqlite:"):
        if url.startswith(prefix):
            return url[len(prefix):]
    return url


def seed_sqlite(path, count, seed):
    if not os.path.isfile(path):
        sys.exit(f"seed_commons: {path} is not a database file (run 'pactum demo' first)")
    con = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN IMMEDIATE")
        try:
            districts = con.execute(
                "SELECT id, min_lon, min_lat, max_lon, max_lat FROM districts").fetchall()
            users = [r[0] for r in con.execute("SELECT id FROM users")]
            has_groups = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'groups'").fetchone()
            groups = [r[0] for r in con.execute("SELECT id FROM groups")] if has_groups else []
            check_city(districts, users)
            gen = Generator(seed, districts, users, groups)
            before = con.execute("SELECT COALESCE(MAX(id), 0) FROM commons").fetchone()[0]
            provisioning = []
            rows = []
            for row, prov in gen.rows(count):
                rows.append(row)
                provisioning.append(prov)
            placeholders = ", ".join("?" for _ in COLUMNS)
            con.executemany(
                f"INSERT INTO commons ({', '.join(COLUMNS)}) VALUES ({placeholders})", rows)
            # AUTOINCREMENT ids grow in insertion order, and the write lock is ours.
            ids = [r[0] for r in con.execute(
                "SELECT id FROM commons WHERE id > ? ORDER BY id", (before,))]
            if len(ids) != count:
                raise RuntimeError(f"expected {count} new commons, found {len(ids)}")
            prov_rows = [(cid, p) for cid, prov in zip(ids, provisioning) for p in prov]
            con.executemany(
                "INSERT INTO commons_provisioning (commons_id, provisioning) VALUES (?, ?)",
                prov_rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    return count, len(prov_rows)


# ---------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------


def find_psql():
    candidates = [os.environ.get("PSQL"), shutil.which("psql")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), reverse=True)
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    sys.exit("seed_commons: psql not found (install postgresql-client or set PSQL)")


def psql_query(psql, url, sql):
    out = subprocess.run(
        [psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
        check=True, stdout=subprocess.PIPE, text=True, env=psql_env())
    return [line for line in out.stdout.splitlines() if line]


def psql_env():
    env = dict(os.environ)
    env["PGCLIENTENCODING"] = "UTF8"
    return env


def copy_field(v):
    """One field in COPY's text format."""
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    return (v.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def seed_postgres(url, count, seed):
    psql = find_psql()
    districts = [tuple(float(x) if i else int(x) for i, x in enumerate(line.split("|")))
                 for line in psql_query(
                     psql, url, "SELECT id, min_lon, min_lat, max_lon, max_lat FROM districts")]
    users = [int(x) for x in psql_query(psql, url, "SELECT id FROM users")]
    has_groups = psql_query(psql, url, "SELECT to_regclass('groups') IS NOT NULL")[0] == "t"
    groups = [int(x) for x in psql_query(psql, url, "SELECT id FROM groups")] if has_groups else []
    check_city(districts, users)
    # Ids from the table's own identity sequence, taken up front so that the provisioning
    # rows can name them; sorted so that newer commons get larger ids.
    ids = sorted(int(x) for x in psql_query(
        psql, url,
        f"SELECT nextval(pg_get_serial_sequence('commons', 'id')) "
        f"FROM generate_series(1, {int(count)})"))
    gen = Generator(seed, districts, users, groups)

    proc = subprocess.Popen(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"],
        stdin=subprocess.PIPE, env=psql_env())
    out = proc.stdin
    n_prov = 0
    try:
        out.write(b"SET client_encoding = 'UTF8';\nBEGIN;\n")
        out.write(f"COPY commons (id, {', '.join(COLUMNS)}) FROM STDIN;\n".encode())
        provisioning = []
        buf = []
        for cid, (row, prov) in zip(ids, gen.rows(count)):
            buf.append(str(cid) + "\t" + "\t".join(copy_field(v) for v in row) + "\n")
            provisioning.append((cid, prov))
            if len(buf) >= 5000:
                out.write("".join(buf).encode())
                buf.clear()
        buf.append("\\.\n")
        out.write("".join(buf).encode())
        out.write(b"COPY commons_provisioning (commons_id, provisioning) FROM STDIN;\n")
        buf = []
        for cid, prov in provisioning:
            for p in prov:
                buf.append(f"{cid}\t{p}\n")
                n_prov += 1
        buf.append("\\.\n")
        out.write("".join(buf).encode())
        out.write(b"COMMIT;\nANALYZE commons;\nANALYZE commons_provisioning;\n")
        out.close()
    except BrokenPipeError:
        pass  # psql stopped on an error: its message is on stderr
    except BaseException:
        proc.kill()  # the transaction was not committed
        proc.wait()
        raise
    if proc.wait() != 0:
        sys.exit(f"seed_commons: psql failed (exit status {proc.returncode}); nothing was inserted")
    return count, n_prov


# ---------------------------------------------------------------------------------------


def check_city(districts, users):
    if not users:
        sys.exit("seed_commons: the database has no users: load the demo city first (pactum demo)")
    if not districts:
        print("seed_commons: warning: no districts; every commons gets district_id NULL",
              file=sys.stderr)


def redacted(url):
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.password is not None:
            host = parts.hostname or ""
            if parts.port:
                host += f":{parts.port}"
            return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
    except ValueError:
        pass
    return url


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Insert N synthetic commons into a migrated Pactum database "
                    "that holds the demo city (for the load benchmark).")
    ap.add_argument("--database-url", required=True,
                    help="sqlite://PATH, sqlite:///abs/path, postgres://... or postgresql://...")
    ap.add_argument("--count", required=True, type=int, help="how many commons to insert")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args(argv)
    if args.count < 0:
        ap.error("--count must be >= 0")
    url = args.database_url.strip()

    started = time.monotonic()
    try:
        if args.count == 0:
            n, n_prov = 0, 0
        elif url.startswith(("postgres://", "postgresql://")):
            n, n_prov = seed_postgres(url, args.count, args.seed)
        elif url.startswith("sqlite:") or "://" not in url:
            n, n_prov = seed_sqlite(sqlite_path(url), args.count, args.seed)
        else:
            ap.error(f"unknown database URL scheme: {url.split('://', 1)[0]}")
    except subprocess.CalledProcessError as e:
        sys.exit(f"seed_commons: psql failed (exit status {e.returncode}); nothing was inserted")
    except sqlite3.Error as e:
        sys.exit(f"seed_commons: SQLite error: {e}; nothing was inserted")
    elapsed = time.monotonic() - started
    print(f"Inserted {n} commons and {n_prov} provisioning rows into {redacted(url)} "
          f"in {elapsed:.1f} s (seed {args.seed}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
