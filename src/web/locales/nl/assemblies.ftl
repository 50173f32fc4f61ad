# Assemblees en Kamers van de Commons

nav-assemblies = Assemblees
bodies-title = Assemblees en Kamers van de Commons
bodies-intro = Assemblees brengen de mensen samen die zorgen voor de commons van een gebied of een thema; Kamers brengen de organisaties samen die ervoor werken. Beide spreken met één stem tot de stad.
bodies-none = Er is nog geen assemblee of kamer.
bodies-new = Nieuwe assemblee of kamer
bodies-create = Aanmaken
body-kind-assembly = Assemblee van de Commons
body-kind-chamber = Kamer van de Commons
body-joining-open = Iedereen kan lid worden
body-joining-approval = Een facilitator laat elke aanvraag toe
member-status-pending = aanvraag wacht
member-status-member = lid
member-status-refused = aanvraag geweigerd
member-status-left = vertrokken
body-whole-city = Hele stad
body-member-count = { $count ->
    [0] Nog geen leden
    [one] Eén lid
   *[other] { $count } leden
}
body-supporters-count = { $count ->
    [one] Eén steunbetuiging
   *[other] { $count } steunbetuigingen
}
body-requests-count = { $count ->
    [0] Geen aanvraag wacht
    [one] Eén aanvraag wacht
   *[other] { $count } aanvragen wachten
}
body-charter = Charter
body-members = Leden
body-see-members = bekijk de lijst
body-chamber-admits = Organisaties toegelaten door een facilitator:
body-motion-threshold = Een motie gaat naar een stemming met
body-facilitators = Facilitatoren
body-no-facilitators = Nog niemand aangewezen.
body-facilitator-remove = Verwijderen
body-facilitator-add = Facilitator aanwijzen
body-facilitator-added = De facilitator is aangewezen.
body-facilitator-removed = De facilitator is verwijderd.
body-your-membership = Uw lidmaatschap
body-you-are-member = U bent lid.
body-you-asked = U vroeg om lid te worden; een facilitator beslist.
body-join = Lid worden
body-ask-to-join = Vragen om lid te worden
body-leave = Verlaten
body-withdraw-request = Mijn aanvraag intrekken
body-joined = U bent lid geworden.
body-requested = Uw aanvraag is naar de facilitatoren gestuurd.
body-left = Klaar: het lidmaatschap is beëindigd.
body-chamber-how = De leden van een kamer zijn organisaties. De referent van een vereniging, coöperatie, sociale onderneming of informele groep vraagt het lidmaatschap aan.
body-group-not-member = geen lid
body-ask-for-group = Lidmaatschap aanvragen voor { $group }
body-take-group-out = { $group } laten uittreden
body-delegate-referent = De referent
body-delegate-save = Opslaan
body-delegate-saved = De afgevaardigde is opgeslagen.
body-run = Dit orgaan leiden
body-edit = De instellingen wijzigen
body-save = Opslaan
body-saved = De instellingen zijn opgeslagen.
body-created = Het orgaan is aangemaakt. Wijs hieronder zijn facilitatoren aan.
body-requests = Aanvragen om lid te worden
body-no-requests = Er wacht geen aanvraag.
body-no-members = Nog geen leden.
body-member-name = Naam
body-member-voter = Stemt ervoor
body-member-since = Lid sinds
body-member-asked = Aangevraagd op
body-decision = Beslissing
body-admit = { $name } toelaten
body-refuse = { $name } weigeren
body-decided = De beslissing is vastgelegd.
body-member-removed = Het lid is verwijderd.
body-already-member = Dat lidmaatschap bestaat al.
body-request-decided = Over die aanvraag is al beslist.
body-not-member = Dat is geen huidig lid.
body-not-referent = Alleen de referent van een groep kan ervoor optreden.
field-body-kind = Soort orgaan
field-body-kind-invalid = Kies een assemblee of een kamer
field-body-kind-fixed = De soort van een orgaan kan niet veranderen
field-body-name = Naam
field-body-name-required = Vul de naam in
field-body-name-invalid = Vul een naam in van hoogstens 120 tekens met letters of cijfers
field-body-name-taken = Een ander orgaan heeft deze naam al
field-body-charter = Charter
field-body-charter-hint = Waarvoor het orgaan dient en hoe het werkt.
field-body-district = Gebied
field-body-district-invalid = Kies een wijk uit de lijst
field-body-theme = Thema (niet verplicht)
field-body-theme-hint = Bijvoorbeeld: stadstuinen, digitale commons.
field-body-theme-invalid = Vul een thema in van hoogstens 120 tekens
field-body-joining = Lid worden
field-body-joining-invalid = Kies hoe men lid wordt
field-body-chamber-approval = Een kamer laat elke organisatie toe: kies goedkeuring door een facilitator
field-body-admits = Organisaties die een kamer toelaat
field-body-admits-hint = Alleen voor een kamer.
field-body-admits-invalid = Kies soorten uit de lijst
field-body-admits-required = Kies minstens één soort organisatie voor een kamer
field-body-admits-assembly = De leden van een assemblee zijn mensen: laat de soorten organisatie leeg
field-body-threshold = Steunbetuigingen die een motie nodig heeft om naar een stemming te gaan
field-body-threshold-hint = Een geheel getal van 1 tot 1000.
field-body-threshold-invalid = Vul een geheel getal in van 1 tot 1000
field-body-facilitator = E-mailadres van de facilitator
field-body-facilitator-hint = De persoon moet een account hebben.
field-body-facilitator-unknown = Geen account heeft dit e-mailadres
field-body-delegate = Wie ervoor stemt
field-body-delegate-invalid = Kies een lid van de groep
field-body-reason = Reden
field-body-reason-required = Geef de reden op

# Vergaderingen
meetings = Vergaderingen
meetings-calendar-feed = Agendafeed (.ics)
meetings-upcoming = Gepland
meetings-past = Vorige vergaderingen
meetings-none-upcoming = Geen vergadering gepland.
meeting-new = Een vergadering plannen
meeting-plan = De vergadering plannen
meeting-planned = De vergadering is gepland.
meeting-when = Wanneer
meeting-attendance = Aanwezigheid
meeting-present-count = { $count ->
    [0] Aanwezigheid nog niet opgenomen
    [one] Eén lid aanwezig
   *[other] { $count } leden aanwezig
}
meeting-add-to-calendar = Aan mijn agenda toevoegen (.ics)
meeting-agenda = Agenda
meeting-no-agenda = Nog geen agenda.
meeting-minutes = Verslag
meeting-no-minutes = Het verslag is nog niet gepubliceerd.
meeting-minutes-published-on = Gepubliceerd op
meeting-minutes-published = Het verslag is gepubliceerd.
meeting-take-attendance = Aanwezigheid opnemen
meeting-who-present = Wie aanwezig was
meeting-save-attendance = Aanwezigheid opslaan
meeting-attendance-saved = De aanwezigheid is opgeslagen.
meeting-publish-minutes = Het verslag publiceren
meeting-cancel = De vergadering afgelasten
meeting-cancelled-done = De vergadering is afgelast.
meeting-is-cancelled = Afgelast
meeting-cancelled = Die vergadering is afgelast.
agenda-kind-free = punt
agenda-kind-pact = pact
agenda-kind-commons = common
field-meeting-title = Titel
field-meeting-title-required = Vul de titel in
field-meeting-title-invalid = Vul een titel in van hoogstens 200 tekens
field-meeting-starts = Begint
field-meeting-ends = Eindigt
field-meeting-time-hint = Datum en uur, bijvoorbeeld 2026-12-10 18:30.
field-meeting-time-invalid = Vul een datum en een uur in
field-meeting-end-invalid = De vergadering moet na het begin eindigen, binnen een dag
field-meeting-place = Plaats
field-meeting-place-hint = Een adres of een zaal; laat leeg voor een onlinevergadering.
field-meeting-place-invalid = Vul een plaats in van hoogstens 300 tekens
field-meeting-where-required = Vul een plaats, een onlinelink of beide in
field-meeting-url = Onlinelink
field-meeting-url-invalid = Vul een link in die begint met https://
field-meeting-agenda = Agenda
field-meeting-agenda-hint = Eén punt per regel. Om een pact of een common te koppelen, begin de regel met het adres, bijvoorbeeld /pacts/12.
field-meeting-agenda-too-long = Een agenda heeft hoogstens 50 punten
field-meeting-agenda-invalid = Elk punt heeft hoogstens 200 tekens
field-meeting-agenda-link-unknown = Een gekoppeld pact of common bestaat niet of is niet openbaar
field-meeting-minutes-required = Schrijf het verslag
