# Pactum (nl), places: adressen uit het stratenregister, en wijken in niveaus.

## Address fields
places-address-hint = Een straat en huisnummer, bijvoorbeeld Via Zamboni 33. Laat de coördinaten leeg, dan worden ze uit het adres gehaald.
places-address-several = Meerdere adressen komen overeen: kies er één.
places-address-none = Geen adres uit het stratenregister van de stad komt overeen. Controleer de spelling, of geef de coördinaten.
places-address-pick = Welk adres bedoelt u?
places-address-more = Er komen meer adressen overeen: voeg het huisnummer toe om te verfijnen.
places-suggestions-count = Suggesties:
places-suggestions-none = Geen adres komt overeen.
places-near-label = Adres
places-near-hint = Een straat en huisnummer, bijvoorbeeld Via Zamboni 33; of geef de coördinaten.
places-near-address = In de buurt van { $address }

## District levels
places-level-n = Niveau { $level }
places-stats-level = Groepeer de wijken per niveau
places-stats-level-submit = Tonen
places-district-layer = Toon de wijkgrenzen op de kaart
