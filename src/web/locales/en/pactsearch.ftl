# Pactum (en), pactsearch: searching the list of collaboration pacts.

## Collaboration pacts: searching the list
pact-search-form = Search the pacts
pact-search-label = Words to look for
pact-search-hint = Searches the title, objectives and activities of public pacts and the names of their commons. Leave it empty to see every pact.
pact-search-results = { $count ->
    [0] No pact found
    [one] One pact found
   *[other] { $count } pacts found
}
pact-search-unavailable = Search is not available right now. Please try again in a few minutes.
pact-search-browse = Browse the pacts without search words
