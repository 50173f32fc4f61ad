# Pactum (nl), ledger: the civic ledger and its public explorer.

## Civic ledger
nav-ledger = Openbaar register
ledger-title = Openbaar register
ledger-intro = Elke toezegging die de stad hier doet, elke stemuitslag en elk token wordt vastgelegd in dit register, waaraan alleen iets kan worden toegevoegd. Iedereen kan, zonder deze server te hoeven vertrouwen, nagaan dat niets van wat is vastgelegd werd gewijzigd of verwijderd.
ledger-checkpoint-heading = Laatste ondertekende checkpoint
ledger-size = Grootte
ledger-entry-count = { $count ->
    [one] { $count } vermelding
   *[other] { $count } vermeldingen
}
ledger-root = Roothash
ledger-signed-note = Het ondertekende checkpoint zoals gepubliceerd
ledger-no-checkpoint = Er is nog geen checkpoint ondertekend. Het eerste verschijnt binnen enkele seconden nadat de server is gestart.
ledger-search-heading = Een vermelding zoeken
ledger-search-label = Nummer of hash van de vermelding
ledger-search-hint = Een vermeldingsnummer (zoals 42) of de hash van een vermelding in hex of base64, zoals op een ontvangstbewijs.
ledger-search-found = Gevonden:
ledger-search-none = Geen enkele vermelding komt overeen met dit nummer of deze hash.
ledger-newest-heading = Nieuwste vermeldingen
ledger-empty = Het register bevat nog geen vermeldingen.
ledger-index = Nummer
ledger-kind = Soort
ledger-time = Vastgelegd
ledger-verify-heading = Zo controleer je het register zelf
ledger-verify-intro = Journalisten, onderzoekers en burgers kunnen het hele register op hun eigen computer controleren met het vrije programma pactum (of met eender welke tool voor transparantielogs).
ledger-verify-step-key = Noteer de publieke sleutel van het register, die hier en ook elders door de stad wordt gepubliceerd:
ledger-verify-step-run = Voer de controle uit: het programma downloadt het checkpoint, de tiles en alle vermeldingen, controleert de handtekening en berekent de hele boom opnieuw.
ledger-verify-step-again = Voer de controle later opnieuw uit met hetzelfde statusbestand: zo wordt ook bewezen dat het register alleen is gegroeid en dat er niets is herschreven.
ledger-verify-formats = Het register wordt gepubliceerd in de standaardformaten van transparantielogs (C2SP signed-note-checkpoints en tlog-tiles):
ledger-entry-title = Vermelding { $index } in het register
ledger-leaf-hash = Hash van de vermelding
ledger-status = Status
ledger-in-checkpoint = Opgenomen in het ondertekende checkpoint met grootte { $size }.
ledger-not-yet-signed = Vastgelegd; binnen enkele seconden wordt dit opgenomen in het volgende ondertekende checkpoint.
ledger-entry-content = Inhoud (alleen pseudonieme id’s en hashes)
ledger-proof-link = Bewijs dat deze vermelding in het ondertekende register staat (JSON)
ledger-kind-role-granted = Er werd een rol toegekend
ledger-kind-role-revoked = Er werd een rol ingetrokken
ledger-kind-test-event = Testgebeurtenis
ledger-kind-other = Andere gebeurtenis
ledger-kind-vote-closed = Een stemming is gesloten en geteld
# --- added by recs ---
ledger-kind-recommendation-sent = Een vergadering of kamer stuurde een aanbeveling naar de stad
ledger-kind-recommendation-answered = De stad beantwoordde een aanbeveling
ledger-kind-token-programme = De stad opende een programma voor decarbonisatietokens
ledger-kind-token-methodology-published = Een tokenmethodologie werd gepubliceerd
ledger-kind-token-verifier-accredited = Een verificateur werd erkend voor een tokenprogramma
ledger-kind-token-claim-reviewed = Een verificateur besliste over een decarbonisatieclaim
ledger-kind-token-issued = Tokens werden uitgegeven voor een geverifieerde claim
ledger-kind-token-transferred = Tokens werden overgedragen
ledger-kind-token-spent = Tokens werden besteed bij een acceptatiepunt
ledger-kind-token-exchange-held = Tokens werden vastgehouden voor een omwisseling
ledger-kind-token-exchange-paid = Een omwisseling van tokens voor euro werd uitbetaald
ledger-kind-token-exchange-voided = Een omwisseling van tokens werd geannuleerd
ledger-kind-token-fund-deposit = Er werd geld gestort in het burgerfonds
