# Pactum: Nederlands (alle sleutels van en/; aanspreekvorm "je").
# base: the layout, home page, errors, forms, pagination, search bounds and the frame of every e-mail.
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

## Administration (part)
search-submit = Zoeken
yes = Ja
no = Nee
pagination-label = Pagina’s
pagination-prev = Vorige pagina
pagination-next = Volgende pagina
pagination-page = Pagina { $page }

## E-mail (part)
email-greeting = Beste { $name },
email-signature = { $city }, met Pactum

## Commons registry (part)
pagination-first = Eerste pagina

## Sessions and account safety (hardening) (part)
error-too-many-requests-wait = Je kunt het opnieuw proberen over { $minutes ->
    [one] één minuut
   *[other] { $minutes } minuten
}.

## Issue 11 (web hardening): request size limits, content types, malformed forms
error-too-large-title = Het verzoek is te groot
error-too-large-body = Wat u stuurde is groter dan deze pagina aanneemt, daarom is er niets opgeslagen.
error-too-large-detail = De limiet is hier { $size }. Ga terug, stuur iets kleiners en probeer het opnieuw.
error-unsupported-type-title = Dit soort inhoud wordt niet aangenomen
error-unsupported-type-body = Het verzoek is verstuurd in een vorm die dit adres niet aanneemt, daarom is er niets opgeslagen.
error-unsupported-type-detail = Dit adres neemt alleen { $type } aan.
size-megabytes = { $n } MB
size-kibibytes = { $n } KiB
error-form-invalid-text = Een veld van het formulier bevat bytes die geen geldige tekst (UTF-8) zijn. Er is niets opgeslagen: controleer wat u typte of plakte en verstuur het formulier opnieuw.
error-form-repeated-field = Een veld van het formulier is meer dan eens verstuurd. Er is niets opgeslagen: laad de pagina opnieuw en verstuur het formulier nog eens.
error-form-too-many-fields = Het formulier heeft meer velden dan het aanneemt. Er is niets opgeslagen: laad de pagina opnieuw en verstuur het formulier nog eens.
error-form-too-many-files = Het formulier neemt maar één bestand aan. Er is niets opgeslagen: kies één bestand en verstuur het formulier opnieuw.

## Hardening: grenzen van het zoeken (issue 11, punten 1 en 22)
search-error-too-long = De zoektekst is te lang: gebruik hoogstens 200 tekens.
search-error-too-many-words = De zoektekst heeft te veel woorden: gebruik er hoogstens 10.
