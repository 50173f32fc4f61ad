# Pactum: Nederlands (alle sleutels van en.ftl; aanspreekvorm "je").
lang-name = Nederlands

## Layout
skip-to-content = Naar de hoofdinhoud
lang-switch-label = Taal
lang-switch-submit = Wijzigen
nav-label = Hoofdmenu
nav-home = Home
nav-groups = Mijn groepen
nav-official = Loket stadsmedewerkers
nav-admin = Beheer
nav-account = Mijn account
nav-signout = Afmelden
nav-signin = Aanmelden
nav-register = Account aanmaken
footer-city = { $city } beheert deze website met Pactum, vrije software voor samenwerking tussen overheid en burgers rond gemeengoed.
footer-licence = Pactum valt onder de GNU Affero General Public License, versie 3 of later.
footer-software = Deze website draait op Pactum, vrije software voor samenwerking tussen overheid en burgers rond gemeengoed.

## Home
home-title = Home
home-heading = Samen zorgen voor de commons van { $city }
home-heading-unnamed = Samen zorgen voor het gemeengoed van de stad
home-lead = Parken, pleinen, speelplaatsen, gebouwen en digitale diensten zijn gedeelde goederen. Hier spreken burgers, groepen en de stad af hoe ze ervoor zorgen, beslissen ze samen en houden ze een openbaar register bij dat iedereen kan raadplegen.
home-cta-register = Account aanmaken
home-what-heading = Wat je hier kunt doen
home-commons-title = Stedelijke commons
home-commons-body = Ontdek de plekken en middelen waar de gemeenschap voor zorgt, en stel nieuwe voor die de stad kan erkennen.
home-pacts-title = Samenwerkingsovereenkomsten
home-pacts-body = Stel een samenwerkingsovereenkomst voor om voor een commons te zorgen; de stad beoordeelt je voorstel, laat weten welke steun ze biedt en ondertekent de overeenkomst samen met jou.
home-assemblies-title = Assemblees en kamers
home-assemblies-body = Kom samen, bespreek moties en stem, met resultaten die iedereen kan hertellen.
home-tokens-title = Decarbonisatietokens
home-tokens-body = Geverifieerde emissiereducties leveren tokens op die je kunt gebruiken bij stedelijke diensten, allemaal in een openbaar register.
home-start-heading = Waar begin je?
home-start-1 = Maak een account aan en bevestig je e-mailadres.
home-start-2 = Start een groep met je buren of je vereniging, of sluit je aan bij een bestaande groep.
home-start-3 = Zoek een commons in je buurt en stel voor hoe je ervoor wilt zorgen.

## Errors
error-status = Foutcode { $status }
error-home-link = Naar de startpagina
error-bad-request-title = Het verzoek kon niet worden begrepen
error-bad-request-body = Er ontbrak iets in het verzoek of iets was niet correct opgemaakt. Ga terug, controleer het formulier en probeer het opnieuw.
error-bad-request-body-detail = De formuliergegevens konden niet worden gelezen.
error-bad-request-too-large = Het verzoek was te groot.
error-sign-in-required-title = Meld je aan
error-sign-in-required-body = Je moet aangemeld zijn om deze pagina te bekijken.
error-forbidden-title = Dit mag je niet doen
error-forbidden-body = Je account heeft geen toestemming voor deze pagina of actie. Denk je dat dat wel zou moeten, neem dan contact op met de beheerders van de stad.
error-csrf-title = Het formulier is verlopen
error-csrf-body = Voor je veiligheid konden we dit formulier niet aanvaarden. Ga terug, laad de pagina opnieuw en verstuur het nog eens.
error-not-found-title = Pagina niet gevonden
error-not-found-body = Op dit adres staat geen pagina. Controleer het adres of begin opnieuw vanaf de startpagina.
error-conflict-title = Dit is in strijd met bestaande gegevens
error-conflict-body = De wijziging kon niet worden doorgevoerd omdat ze in strijd is met wat al geregistreerd is.
error-conflict-duplicate = Er bestaat al iets met dezelfde naam of hetzelfde adres.
error-invalid-title = Sommige gegevens zijn niet geldig
error-invalid-body = Controleer wat je hebt ingevuld en probeer het opnieuw.
error-too-many-requests-title = Te veel pogingen
error-too-many-requests-body = Je hebt dit te vaak geprobeerd. Wacht enkele minuten en probeer het dan opnieuw.
error-unavailable-title = Dienst tijdelijk niet beschikbaar
error-unavailable-body = We kunnen onze database op dit moment niet bereiken. Probeer het over enkele minuten opnieuw.
error-internal-title = Er is iets misgegaan
error-internal-body = Er is bij ons een onverwachte fout opgetreden. De fout is geregistreerd. Probeer het later opnieuw.

## Forms
form-error-summary = Er is een probleem
form-error-prefix = Fout:
field-email = E-mailadres
field-email-required = Vul je e-mailadres in
field-email-invalid = Vul een e-mailadres in met de juiste vorm, zoals naam@example.org
field-email-unchanged = Dit is al je e-mailadres
field-name = Naam
field-name-hint = De naam die anderen zien, bijvoorbeeld je voor- en achternaam.
field-name-required = Vul je naam in
field-name-invalid = De naam mag hoogstens 100 tekens lang zijn, zonder speciale stuurtekens
field-password = Wachtwoord
field-password-hint = Minstens 12 tekens. Een korte zin is makkelijk te onthouden en moeilijk te raden.
field-password-confirm = Herhaal het wachtwoord
field-password-new = Nieuw wachtwoord
field-password-current = Je huidige wachtwoord
field-password-too-short = Het wachtwoord moet minstens 12 tekens lang zijn
field-password-too-long = Het wachtwoord is te lang
field-password-common = Dit wachtwoord komt te vaak voor of is te makkelijk te raden: kies een ander
field-password-mismatch = De twee wachtwoorden komen niet overeen
field-password-wrong = Het wachtwoord is niet juist
field-language = Taal
field-language-invalid = Kies een van de aangeboden talen
field-new-email = Nieuw e-mailadres
field-role-invalid = Kies een van de vermelde rollen
field-office-name = Naam van de dienst
field-office-name-invalid = Vul een naam in van 1 tot 100 tekens, met minstens één letter of cijfer
field-office-name-taken = Er bestaat al een dienst met deze naam
field-group-name = Naam van de groep
field-group-name-required = Vul de naam van de groep in
field-group-name-invalid = De naam mag hoogstens 120 tekens lang zijn
field-group-kind = Wat voor groep is het?
field-group-kind-invalid = Kies het soort groep
field-description = Beschrijving
field-description-too-long = De beschrijving mag hoogstens 4.000 tekens lang zijn
field-location-not-numbers = Vul de breedte- en lengtegraad in als getallen, bijvoorbeeld 51,0543 en 3,7174
field-location-outside-world = De breedtegraad moet tussen -90 en 90 liggen en de lengtegraad tussen -180 en 180

## Registration and e-mail verification
register-title = Account aanmaken
register-intro = Met een account kun je lid worden van groepen, commons en samenwerkingsovereenkomsten voorstellen en deelnemen aan assemblees. We sturen je een link om je e-mailadres te bevestigen.
register-submit = Account aanmaken
register-have-account = Heb je al een account?
register-done-title = Bekijk je mailbox
register-done-body = We hebben een bericht gestuurd naar het adres dat je hebt opgegeven. Volg de link in dat bericht om je adres te bevestigen. Komt er binnen enkele minuten niets aan, kijk dan in je spammap.
verify-ok-title = Je e-mailadres is bevestigd
verify-ok-body = Bedankt. Je account is actief: je kunt nu als burger deelnemen.
verify-changed-title = Je e-mailadres is gewijzigd
verify-changed-body = Meld je voortaan aan met je nieuwe e-mailadres.
verify-failed-title = Deze link kan niet worden gebruikt
verify-failed-body = De link is ongeldig, werd al gebruikt of is verlopen. Meld je aan en vraag een nieuwe link aan via je accountpagina.
verify-taken-body = Een ander account gebruikt dit e-mailadres al.

## Sign in
signin-title = Aanmelden
signin-submit = Aanmelden
signin-forgot = Wachtwoord vergeten?
signin-no-account = Nog geen account?
signin-failed = Het e-mailadres of het wachtwoord is niet juist
signin-welcome = Je bent aangemeld.
signout-done = Je bent afgemeld.

## Password reset
forgot-title = Je wachtwoord opnieuw instellen
forgot-intro = Vul het e-mailadres van je account in. Als dat account bestaat, sturen we je een link om een nieuw wachtwoord te kiezen. De link werkt één keer, gedurende één uur.
forgot-submit = Link versturen
forgot-done-title = Bekijk je mailbox
forgot-done-body = Als er een account met dit adres bestaat, is er een bericht met een link onderweg. De link werkt één keer, gedurende één uur.
reset-title = Kies een nieuw wachtwoord
reset-submit = Nieuw wachtwoord opslaan
reset-invalid-title = Deze link kan niet worden gebruikt
reset-link-invalid = De link is ongeldig, werd al gebruikt of is verlopen. Vraag een nieuwe link aan.
reset-done = Je wachtwoord is gewijzigd. Meld je aan met je nieuwe wachtwoord.

## Account
account-title = Mijn account
account-unverified = Je e-mailadres is nog niet bevestigd. Zolang dat niet gebeurd is, kun je geen groepen aanmaken en niets voorstellen.
account-resend = Bevestigingslink opnieuw versturen
account-roles = Rollen
account-no-roles = geen
account-profile = Profiel
account-save = Opslaan
account-email-heading = E-mailadres wijzigen
account-email-hint = We sturen een link naar het nieuwe adres; de wijziging gaat in zodra je die link volgt.
account-email-submit = E-mailadres wijzigen
account-password-heading = Wachtwoord
account-password-body = Vraag een link aan om je wachtwoord opnieuw in te stellen.
account-saved = Je wijzigingen zijn opgeslagen.
account-email-sent = We hebben een bevestigingslink naar het nieuwe adres gestuurd.
account-verification-sent = We hebben een nieuwe bevestigingslink gestuurd.
account-deleted = Je account is verwijderd en je persoonsgegevens zijn gewist.
delete-title = Mijn account verwijderen
delete-link = Mijn account verwijderen en mijn persoonsgegevens wissen
delete-explain = Je naam, e-mailadres en wachtwoord worden gewist, en je verlaat je groepen en diensten. Wat je publiek hebt gedaan (bijvoorbeeld een ondertekende samenwerkingsovereenkomst) blijft geregistreerd onder een anonieme code, zonder je naam. Dit kan niet ongedaan worden gemaakt.
delete-submit = Mijn account verwijderen
delete-cancel = Mijn account behouden

## Roles
role-citizen = Burger
role-official = Stadsmedewerker
role-signatory = Ondertekenaar namens de stad
role-facilitator = Facilitator
role-verifier = Verificateur
role-admin = Beheerder
user-former = Voormalig lid

## Groups
groups-title = Mijn groepen
groups-intro = In groepen handelen burgers samen: informele buurtgroepen, verenigingen, coöperaties, scholen.
groups-new = Groep starten
groups-none = Je bent nog geen lid van een groep.
groups-member-count = { $count ->
    [one] { $count } lid
   *[other] { $count } leden
}
groups-new-intro = Je wordt het aanspreekpunt van de groep: de contactpersoon die namens de groep mag ondertekenen. Je kunt deze rol later doorgeven aan een ander lid.
groups-create = Groep aanmaken
group-kind-informal-group = Informele groep
group-kind-association = Vereniging
group-kind-cooperative = Coöperatie
group-kind-social-enterprise = Sociale onderneming
group-kind-school = School
group-kind-business = Bedrijf
group-referent = Aanspreekpunt
group-members = Leden
group-make-referent = { $name } aanduiden als aanspreekpunt
group-invite-heading = Een lid uitnodigen
group-invite-hint = We sturen een uitnodigingslink naar dit adres. De link blijft 14 dagen geldig.
group-invite-submit = Uitnodiging versturen
group-leave = Deze groep verlaten
group-created = De groep is aangemaakt. Jij bent het aanspreekpunt.
group-invited = De uitnodiging is verstuurd.
group-left = Je hebt de groep verlaten.
group-referent-changed = De groep heeft een nieuw aanspreekpunt.
group-joined = Welkom in de groep!
group-referent-must-hand-over = Duid een ander lid aan als aanspreekpunt voordat je de groep verlaat.
group-referent-not-member = Alleen een lid van de groep kan aanspreekpunt worden.
invitation-title = Uitnodiging
invitation-heading = Je bent uitgenodigd om lid te worden van { $group }
invitation-accept = Lid worden van de groep
invitation-sign-in-first = Meld je aan of maak een account aan om de uitnodiging te aanvaarden.
invitation-unusable = Deze uitnodiging werd al gebruikt of is verlopen.

## Officials
official-title = Loket stadsmedewerkers
official-intro = Je werk als stadsmedewerker: de diensten waartoe je behoort. Voorstellen die je moet beoordelen, verschijnen hier.
official-offices = Je diensten
official-no-office = Je bent nog niet aan een dienst toegewezen. Vraag het aan een beheerder.
official-colleagues = Stadsmedewerkers van deze dienst:

## Administration
admin-title = Beheer
admin-stat-users = accounts
admin-stat-verified = bevestigde accounts
admin-stat-offices = diensten
admin-stat-groups = groepen
admin-stat-mail-pending = e-mails die nog verstuurd moeten worden
admin-stat-mail-failed = e-mails die niet konden worden afgeleverd
admin-users = Personen en rollen
admin-offices = Diensten
admin-audit = Rolwijzigingen
admin-audit-intro = Elke toegekende of ingetrokken rol, door wie en wanneer. Dit register kan niet worden bewerkt.
admin-users-search = Zoeken op naam of e-mailadres
search-submit = Zoeken
admin-users-count = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
admin-verified = Bevestigd
yes = Ja
no = Nee
pagination-label = Pagina’s
pagination-prev = Vorige pagina
pagination-next = Volgende pagina
pagination-page = Pagina { $page }
admin-pseudonym = Openbare code
admin-role = Rol
admin-role-held = Toegekend
admin-action = Actie
admin-grant = “{ $role }” toekennen
admin-revoke = “{ $role }” intrekken
admin-audit-when = Wanneer
admin-audit-who = Door
admin-audit-whom = Persoon
admin-audit-system = het systeem
admin-audit-action-grant = toegekend
admin-audit-action-revoke = ingetrokken
admin-audit-action-erase = gewist samen met het account
admin-office-empty = Er is nog geen stadsmedewerker toegewezen.
admin-office-remove = { $name } verwijderen
admin-office-assign = Een stadsmedewerker toewijzen
admin-office-assign-submit = Toewijzen
admin-office-new = Nieuwe dienst
admin-office-create = Dienst aanmaken
admin-role-granted = De rol is toegekend.
admin-role-revoked = De rol is ingetrokken.
admin-last-admin = De laatste beheerder kan deze rol niet verliezen: ken de rol eerst aan iemand anders toe.
admin-office-created = De dienst is aangemaakt.
admin-official-assigned = De stadsmedewerker is aan de dienst toegewezen.
admin-official-removed = De stadsmedewerker is uit de dienst verwijderd.
office-needs-official = Alleen personen met de rol stadsmedewerker kunnen lid worden van een dienst.
district-empty = De wijk heeft geen afgebakend gebied.

## E-mail
email-greeting = Beste { $name },
email-signature = { $city }, met Pactum
email-verify-subject = Bevestig je e-mailadres voor { $city }
email-verify-intro = Je hebt een account aangemaakt op het commonsplatform van { $city }. Bevestig dat dit adres van jou is.
email-verify-action = Mijn e-mailadres bevestigen
email-verify-outro = De link werkt 48 uur. Heb je geen account aangemaakt, negeer dit bericht dan.
email-exists-subject = Je hebt al een account bij { $city }
email-exists-intro = Iemand probeerde een account aan te maken met dit e-mailadres, maar je hebt er al een.
email-exists-action = Aanmelden
email-exists-outro = Ben je je wachtwoord vergeten, gebruik dan "Wachtwoord vergeten?" op de aanmeldpagina. Was jij het niet, dan kun je dit bericht negeren.
email-reset-subject = Je wachtwoord opnieuw instellen voor { $city }
email-reset-intro = We hebben een verzoek ontvangen om het wachtwoord van je account opnieuw in te stellen.
email-reset-action = Kies een nieuw wachtwoord
email-reset-outro = De link werkt één keer, gedurende één uur. Heb je hier niet om gevraagd, negeer dit bericht dan: je wachtwoord blijft ongewijzigd.
email-change-subject = Bevestig je nieuwe e-mailadres voor { $city }
email-change-intro = Je hebt gevraagd om dit adres voor je account te gebruiken.
email-change-action = Nieuw adres bevestigen
email-change-outro = De link werkt 48 uur. Heb je hier niet om gevraagd, negeer dit bericht dan.
email-invite-subject = Je bent uitgenodigd om lid te worden van { $name }
email-invite-intro = Je bent uitgenodigd om lid te worden van de groep "{ $name }" op het commonsplatform van { $city }.
email-invite-action = Uitnodiging bekijken
email-invite-outro = De uitnodiging is 14 dagen geldig. Je hebt een account nodig om ze te aanvaarden.

## Civic ledger
nav-ledger = Openbaar register
ledger-title = Openbaar register
ledger-intro = Elke toezegging die de stad hier doet, elke stemuitslag en elk token wordt vastgelegd in dit register, waaraan alleen iets kan worden toegevoegd. Iedereen kan, zonder deze server te hoeven vertrouwen, nagaan dat niets van wat is vastgelegd werd gewijzigd of verwijderd.
ledger-checkpoint-heading = Laatste ondertekende checkpoint
ledger-size = Grootte
ledger-entry-count = { $count ->
    [one] { $count } vermelding
   *[other] { $count } vermeldingen
}
ledger-root = Roothash
ledger-signed-note = Het ondertekende checkpoint zoals gepubliceerd
ledger-no-checkpoint = Er is nog geen checkpoint ondertekend. Het eerste verschijnt binnen enkele seconden nadat de server is gestart.
ledger-search-heading = Een vermelding zoeken
ledger-search-label = Nummer of hash van de vermelding
ledger-search-hint = Een vermeldingsnummer (zoals 42) of de hash van een vermelding in hex of base64, zoals op een ontvangstbewijs.
ledger-search-found = Gevonden:
ledger-search-none = Geen enkele vermelding komt overeen met dit nummer of deze hash.
ledger-newest-heading = Nieuwste vermeldingen
ledger-empty = Het register bevat nog geen vermeldingen.
ledger-index = Nummer
ledger-kind = Soort
ledger-time = Vastgelegd
ledger-verify-heading = Zo controleer je het register zelf
ledger-verify-intro = Journalisten, onderzoekers en burgers kunnen het hele register op hun eigen computer controleren met het vrije programma pactum (of met eender welke tool voor transparantielogs).
ledger-verify-step-key = Noteer de publieke sleutel van het register, die hier en ook elders door de stad wordt gepubliceerd:
ledger-verify-step-run = Voer de controle uit: het programma downloadt het checkpoint, de tiles en alle vermeldingen, controleert de handtekening en berekent de hele boom opnieuw.
ledger-verify-step-again = Voer de controle later opnieuw uit met hetzelfde statusbestand: zo wordt ook bewezen dat het register alleen is gegroeid en dat er niets is herschreven.
ledger-verify-formats = Het register wordt gepubliceerd in de standaardformaten van transparantielogs (C2SP signed-note-checkpoints en tlog-tiles):
ledger-entry-title = Vermelding { $index } in het register
ledger-leaf-hash = Hash van de vermelding
ledger-status = Status
ledger-in-checkpoint = Opgenomen in het ondertekende checkpoint met grootte { $size }.
ledger-not-yet-signed = Vastgelegd; binnen enkele seconden wordt dit opgenomen in het volgende ondertekende checkpoint.
ledger-entry-content = Inhoud (alleen pseudonieme id’s en hashes)
ledger-proof-link = Bewijs dat deze vermelding in het ondertekende register staat (JSON)
ledger-kind-role-granted = Er werd een rol toegekend
ledger-kind-role-revoked = Er werd een rol ingetrokken
ledger-kind-test-event = Testgebeurtenis
ledger-kind-other = Andere gebeurtenis
