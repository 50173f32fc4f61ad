# Pactum (nl), pactsearch: searching the list of collaboration pacts.

## Samenwerkingsovereenkomsten: zoeken in de lijst
pact-search-form = Zoeken in de overeenkomsten
pact-search-label = Woorden om te zoeken
pact-search-hint = Zoekt in de titel, de doelen en de activiteiten van openbare overeenkomsten en in de namen van hun commons. Laat leeg om alle overeenkomsten te zien.
pact-search-results = { $count ->
    [0] Geen overeenkomst gevonden
    [one] Eén overeenkomst gevonden
   *[other] { $count } overeenkomsten gevonden
}
pact-search-unavailable = Zoeken is op dit moment niet beschikbaar. Probeer het over een paar minuten opnieuw.
pact-search-browse = De overeenkomsten bekijken zonder zoekwoorden
