# Pactum (fr), pactsearch: searching the list of collaboration pacts.

## Pactes de collaboration : rechercher dans la liste
pact-search-form = Rechercher dans les pactes
pact-search-label = Mots à rechercher
pact-search-hint = Cherche dans le titre, les objectifs et les activités des pactes publics et dans les noms de leurs communs. Laissez vide pour voir tous les pactes.
pact-search-results = { $count ->
    [0] Aucun pacte trouvé
    [one] Un pacte trouvé
   *[other] { $count } pactes trouvés
}
pact-search-unavailable = La recherche n’est pas disponible pour le moment. Réessayez dans quelques minutes.
pact-search-browse = Parcourir les pactes sans mots de recherche
