# Pactum (it), places: indirizzi dallo stradario, e quartieri su più livelli.

## Address fields
places-address-hint = Una via e un numero civico, per esempio Via Zamboni 33. Se lasci vuote le coordinate, vengono prese dall'indirizzo.
places-address-several = Più indirizzi corrispondono: scegline uno.
places-address-none = Nessun indirizzo dello stradario comunale corrisponde. Controlla come è scritto, oppure indica le coordinate.
places-address-pick = Quale indirizzo intendi?
places-address-more = Corrispondono altri indirizzi: aggiungi il numero civico per restringere.
places-suggestions-count = Suggerimenti:
places-suggestions-none = Nessun indirizzo corrisponde.
places-near-label = Indirizzo
places-near-hint = Una via e un numero civico, per esempio Via Zamboni 33; oppure indica le coordinate.
places-near-address = Vicino a { $address }

## District levels
places-level-n = Livello { $level }
places-stats-level = Raggruppa i quartieri per livello
places-stats-level-submit = Mostra
places-district-layer = Mostra i confini dei quartieri sulla mappa
