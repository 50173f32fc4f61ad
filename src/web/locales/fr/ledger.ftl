# Pactum (fr), ledger: the civic ledger and its public explorer.

## Civic ledger
nav-ledger = Registre public
ledger-title = Registre public
ledger-intro = Chaque engagement pris ici par la Ville, chaque résultat de vote et chaque jeton est inscrit dans ce registre, auquel on ne peut qu’ajouter des entrées. Chacun peut vérifier, sans avoir à faire confiance à ce serveur, que rien de ce qui y est inscrit n’a été modifié ni supprimé.
ledger-checkpoint-heading = Dernier point de contrôle signé
ledger-size = Taille
ledger-entry-count = { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
}
ledger-root = Hachage racine
ledger-signed-note = Le point de contrôle signé, tel que publié
ledger-no-checkpoint = Aucun point de contrôle n’a encore été signé. Le premier apparaît quelques secondes après le démarrage du serveur.
ledger-search-heading = Trouver une entrée
ledger-search-label = Numéro ou hachage de l’entrée
ledger-search-hint = Un numéro d’entrée (par exemple 42) ou le hachage d’une entrée en hex ou en base64, tel qu’il figure sur un reçu.
ledger-search-found = Trouvée :
ledger-search-none = Aucune entrée ne correspond à ce numéro ou à ce hachage.
ledger-newest-heading = Entrées les plus récentes
ledger-empty = Le registre ne contient encore aucune entrée.
ledger-index = Numéro
ledger-kind = Type
ledger-time = Date d’inscription
ledger-verify-heading = Comment vérifier vous-même le registre
ledger-verify-intro = Journalistes, chercheurs et citoyens peuvent vérifier l’ensemble du registre sur leur propre ordinateur avec le logiciel libre pactum (ou tout autre outil pour journaux de transparence).
ledger-verify-step-key = Notez la clé publique du registre, publiée ici et, par ailleurs, par la Ville :
ledger-verify-step-run = Lancez l’outil d’audit : il télécharge le point de contrôle, les tuiles et toutes les entrées, vérifie la signature et recalcule l’arbre entier.
ledger-verify-step-again = Relancez-le plus tard avec le même fichier d’état : il prouve aussi que le registre n’a fait que grandir et que rien n’a été réécrit.
ledger-verify-formats = Le registre est publié dans les formats standard des journaux de transparence (points de contrôle C2SP signed-note et tlog-tiles) :
ledger-entry-title = Entrée { $index } du registre
ledger-leaf-hash = Hachage de l’entrée
ledger-status = État
ledger-in-checkpoint = Incluse dans le point de contrôle signé de taille { $size }.
ledger-not-yet-signed = Inscrite ; elle figurera d’ici quelques secondes dans le prochain point de contrôle signé.
ledger-entry-content = Contenu (identifiants pseudonymes et hachages uniquement)
ledger-proof-link = Preuve que cette entrée figure dans le registre signé (JSON)
ledger-kind-role-granted = Un rôle a été attribué
ledger-kind-role-revoked = Un rôle a été retiré
ledger-kind-test-event = Événement de test
ledger-kind-other = Autre événement
ledger-kind-vote-closed = Un vote a été clos et dépouillé
# --- added by recs ---
ledger-kind-recommendation-sent = Une assemblée ou une chambre a envoyé une recommandation à la ville
ledger-kind-recommendation-answered = La ville a répondu à une recommandation
ledger-kind-token-programme = La ville a ouvert un programme de jetons de décarbonation
ledger-kind-token-methodology-published = Une méthodologie de jetons a été publiée
ledger-kind-token-verifier-accredited = Un vérificateur a été accrédité pour un programme de jetons
ledger-kind-token-claim-reviewed = Un vérificateur a statué sur une demande de décarbonation
ledger-kind-token-issued = Des jetons ont été émis pour une demande vérifiée
ledger-kind-token-transferred = Des jetons ont été transférés
ledger-kind-token-spent = Des jetons ont été dépensés dans un point d’acceptation
ledger-kind-token-exchange-held = Des jetons ont été bloqués pour un échange
ledger-kind-token-exchange-paid = Un échange de jetons contre des euros a été payé
ledger-kind-token-exchange-voided = Un échange de jetons a été annulé
ledger-kind-token-fund-deposit = De l’argent a été versé au fonds civique
