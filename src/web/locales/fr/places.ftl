# Pactum (fr), places : adresses du répertoire des voies, et quartiers en niveaux.

## Address fields
places-address-hint = Une rue et un numéro, par exemple Via Zamboni 33. Laissez les coordonnées vides : elles sont prises de l'adresse.
places-address-several = Plusieurs adresses correspondent : choisissez-en une.
places-address-none = Aucune adresse du répertoire des voies de la ville ne correspond. Vérifiez l'orthographe, ou indiquez les coordonnées.
places-address-pick = Quelle adresse voulez-vous dire ?
places-address-more = D'autres adresses correspondent : ajoutez le numéro pour préciser.
places-suggestions-count = Suggestions :
places-suggestions-none = Aucune adresse ne correspond.
places-near-label = Adresse
places-near-hint = Une rue et un numéro, par exemple Via Zamboni 33 ; ou indiquez les coordonnées.
places-near-address = Près de { $address }

## District levels
places-level-n = Niveau { $level }
places-stats-level = Regrouper les quartiers par niveau
places-stats-level-submit = Afficher
places-district-layer = Afficher les limites des quartiers sur la carte
