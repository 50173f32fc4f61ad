# Het onderhoud van het register: bewerken, opheffen, heroverwegen, dubbels samenvoegen, foto's modereren.
owner-unknown = Niet bekend
condition-good = Goed
condition-fair = Redelijk
condition-poor = Slecht
condition-unusable = Niet bruikbaar
condition-unknown = Niet bekend
status-retired = Opgeheven
status-merged = Samengevoegd met een ander gemeengoed
commons-event-edited = Bewerkt
commons-event-retired = Opgeheven door de stad
commons-event-reconsidered = Heroverwogen door de stad
commons-event-merged-into = Als dubbel samengevoegd met een ander gemeengoed
commons-event-merged-from = Een dubbel werd met dit gemeengoed samengevoegd
commons-event-photo-deleted = Foto verwijderd
commons-event-photo-hidden = Foto verborgen door de stad
commons-event-photo-shown = Foto weer zichtbaar
ledger-kind-commons-retired = Een gemeengoed werd opgeheven
ledger-kind-commons-merged = Een dubbel gemeengoed werd met een ander samengevoegd
field-commons-condition-invalid = Kies een staat uit de lijst
field-commons-edit-reason-required = Zeg waarom je dit wijzigt (minstens 5 tekens)
error-commons-edited-meanwhile = Iemand heeft dit gemeengoed gewijzigd terwijl jij het bewerkte. Open het formulier opnieuw om die wijziging te zien, en maak dan de jouwe.
error-commons-merged = Dit gemeengoed werd al met een ander samengevoegd.
field-commons-merge-unknown = Er is geen gemeengoed met dit nummer
field-commons-merge-same = Een gemeengoed kan niet met zichzelf worden samengevoegd
field-commons-merge-unfit = Dit gemeengoed kan de dubbel niet opnemen: het werd afgewezen of zelf samengevoegd
field-commons-merge-into-invalid = Typ het nummer van het gemeengoed dat blijft, bijvoorbeeld 12
commons-edited = De wijzigingen zijn bewaard en aan de geschiedenis toegevoegd.
commons-edit-nothing = Er werd niets gewijzigd.
commons-merged = De dubbel werd samengevoegd: de pacten, oproepen en foto's staan nu hier, en het oude adres leidt hierheen.
commons-retired = Het gemeengoed werd opgeheven. Het blijft zichtbaar als opgeheven.
commons-reconsidered = Het voorstel wordt opnieuw beoordeeld.
commons-photo-deleted = De foto werd verwijderd.
commons-photo-hidden = De foto is verborgen voor het publiek.
commons-photo-shown = De foto is weer zichtbaar.
commons-office-fields = Wat de dienst gemeengoed bijhoudt
commons-office-fields-hint = Alleen ambtenaren van de stad wijzigen deze velden.
field-commons-asset-code = Patrimonium- of kadastrale code
field-commons-asset-code-hint = Zoals in het patrimoniumregister van de stad of het kadaster, als die er is.
field-commons-condition = Staat
field-commons-restrictions = Erfgoed- of gebruiksbeperkingen
field-commons-restrictions-hint = Beschermd gebouw, beschermde bomen, openingsuren van de eigenaar en dergelijke.
commons-edit-title = “{ $name }” bewerken
commons-edit-intro = Elke wijziging blijft in de openbare geschiedenis van het gemeengoed, met je naam en je reden.
field-commons-edit-reason = Waarom je dit wijzigt
field-commons-edit-reason-hint = Staat in de geschiedenis, bijvoorbeeld “Het adres was fout”.
commons-edit-submit = Wijzigingen bewaren
commons-edit-cancel = Annuleren
commons-edit-link = Dit gemeengoed bewerken
commons-retired-on = Opgeheven op { $date }.
commons-photo-is-hidden = Verborgen voor het publiek:
commons-photo-delete = Verwijderen
commons-photo-delete-named = De foto “{ $alt }” verwijderen
commons-photo-show = Weer tonen
commons-photo-hide = Deze foto verbergen
field-photo-hide-reasons = Waarom ze verborgen wordt (minstens 10 tekens)
commons-photo-hide-submit = Foto verbergen
commons-changes-count = { $count ->
    [one] Eén veld gewijzigd
   *[other] { $count } velden gewijzigd
}
commons-field-name = Naam
commons-field-description = Beschrijving
commons-field-kind = Soort
commons-field-category = Categorie
commons-field-provisioning = Voorzieningssystemen
commons-field-location = Ligging
commons-field-site = Omtrek
commons-field-address = Adres
commons-field-owner = Eigenaar
commons-field-why = Waarom het gemeengoed is
commons-field-rules = Gebruiksregels
commons-field-licence = Licentie
commons-field-asset-code = Patrimonium- of kadastrale code
commons-field-condition = Staat
commons-field-restrictions = Beperkingen
commons-decision-retire = Opheffen
commons-decision-reconsider = Heroverwegen
commons-merge-title = Een dubbel samenvoegen
commons-merge-intro = Werd dit gemeengoed twee keer geregistreerd, voeg het dan samen met het gemeengoed dat blijft: de pacten, oproepen en foto's gaan mee en het adres van deze pagina leidt erheen.
field-commons-merge-into = Nummer van het gemeengoed dat blijft
field-commons-merge-into-hint = Het nummer aan het einde van het adres, zoals in /commons/12.
commons-merge-submit = Samenvoegen met dat gemeengoed
commons-timeline = Tijdlijn van de zorg
commons-volunteer-hours = { $hours ->
    [one] Eén vrijwilligersuur gemeld
   *[other] { $hours } vrijwilligersuren gemeld
}
commons-timeline-json = De tijdlijn als JSON
timeline-pact-draft = Er werd een pact ontworpen
timeline-pact-submitted = Er werd een pact voorgesteld
timeline-pact-awaiting-integration = De stad vroeg meer over een pact
timeline-pact-published = Een pact werd gepubliceerd voor opmerkingen
timeline-pact-in-review = Een pact ging naar de diensten van de stad
timeline-pact-co-design = Een pact ging in co-design
timeline-pact-rejected = Een pact werd afgewezen
timeline-pact-awaiting-signatures = De tekst van een pact wacht op handtekeningen
timeline-pact-signed = Een pact werd ondertekend
timeline-pact-monitoring = Een pact is van kracht en wordt opgevolgd
timeline-pact-suspended = Een pact werd opgeschort
timeline-pact-concluded = Een pact werd afgesloten
timeline-pact-withdrawn = Een pact werd ingetrokken
timeline-pact-report = { $hours ->
    [one] Een opvolgingsverslag: één vrijwilligersuur
   *[other] Een opvolgingsverslag: { $hours } vrijwilligersuren
}
timeline-pact-adherents = { $count ->
    [one] Eén persoon sloot zich aan bij een pact
   *[other] { $count } mensen sloten zich aan bij een pact
}
timeline-call-published = De stad publiceerde een oproep
timeline-call-chosen = De stad koos een voorstel in een oproep
timeline-call-cancelled = De stad annuleerde een oproep
