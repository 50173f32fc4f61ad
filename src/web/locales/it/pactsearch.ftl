# Pactum (it), pactsearch: searching the list of collaboration pacts.

## Patti di collaborazione: cercare nell’elenco
pact-search-form = Cerca tra i patti
pact-search-label = Parole da cercare
pact-search-hint = Cerca nel titolo, negli obiettivi e nelle attività dei patti pubblici e nei nomi dei loro beni comuni. Lascia vuoto per vedere tutti i patti.
pact-search-results = { $count ->
    [0] Nessun patto trovato
    [one] Un patto trovato
   *[other] { $count } patti trovati
}
pact-search-unavailable = La ricerca non è disponibile in questo momento. Riprova tra qualche minuto.
pact-search-browse = Sfoglia i patti senza parole da cercare
