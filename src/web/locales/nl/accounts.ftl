# Pactum (nl), accounts: registration, sign-in, accounts and sessions, roles, groups, officials and the administration, with their e-mails.

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
account-password-body = Ben je je huidige wachtwoord vergeten? Vraag dan een link aan om het opnieuw in te stellen.
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
admin-users-count = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
admin-verified = Bevestigd
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

## Sessions and account safety (hardening)
verify-other-account-body = Deze link bevestigt een adreswijziging van een ander account. Meld je af, meld je aan met het account dat de wijziging vroeg en open de link opnieuw.
verify-sign-in-to-confirm = Meld je aan om je nieuwe e-mailadres te bevestigen.
signout-everywhere-done = Je bent op alle toestellen afgemeld.
account-email-password-hint = Typ voor je veiligheid je huidige wachtwoord.
account-password-submit = Wachtwoord wijzigen
account-password-changed = Je wachtwoord is gewijzigd. Je andere sessies zijn afgemeld.
account-sessions-heading = Waar je aangemeld bent
account-sessions-body = Open sessies van je account, deze meegerekend: { $count }. Sessies eindigen na een tijd zonder gebruik en enkele dagen na het aanmelden.
account-sessions-end = Overal afmelden
undo-email-title = Je vorige e-mailadres terugzetten
undo-email-explain = Het e-mailadres van je account is gewijzigd. Heb jij dat niet gedaan, zet dan dit adres terug: alle sessies van het account worden afgemeld en je kunt een nieuw wachtwoord kiezen.
undo-email-submit = Dit adres terugzetten en overal afmelden
undo-email-done-title = Je vorige e-mailadres is terug
undo-email-done-body = Alle sessies van je account zijn afgemeld. Kies voor de zekerheid nu een nieuw wachtwoord.
undo-email-invalid-body = Deze link is niet geldig, werd al gebruikt of is ouder dan 7 dagen.
email-changed-subject = Het e-mailadres van je account bij { $city } is gewijzigd
email-changed-intro = Het e-mailadres van je account is gewijzigd in { $new }. Berichten gaan voortaan naar dat adres.
email-changed-action = Dit was ik niet: zet dit adres terug
email-changed-outro = Heb je deze wijziging zelf gedaan, negeer dit bericht dan. De link werkt 7 dagen.
invitation-other-address = Deze uitnodiging is naar een ander e-mailadres gestuurd. Meld je aan met dat adres, of vraag de referent van de groep om het adres van dit account uit te nodigen.

## Issue 11, pacts hardening: bounded version comparison, the coordinating office. (part)
admin-coordinating = Coördinerende afdeling
admin-coordinating-help = De afdeling die voorstellen ontvangt en erover beslist tot er een afdeling aan het pact is toegewezen. Zolang er geen is ingesteld, mogen alleen beheerders op nieuwe voorstellen handelen.
admin-coordinating-office = Afdeling die voorstellen ontvangt
admin-coordinating-none = Geen (alleen beheerders)
admin-coordinating-submit = Opslaan
admin-coordinating-tag = Coördinerende afdeling: ontvangt de voorstellen
admin-coordinating-set = De coördinerende afdeling is opgeslagen.

## Absences and substitutes
absence-title = Afwezigheden en vervangers
absence-intro = Geef een collega van dezelfde dienst op die voor je optreedt wanneer je afwezig bent: die ziet je pacten in de wachtrij, handelt namens jou (de geschiedenis vermeldt het) en krijgt je herinneringen.
absence-covering = Je vervangt
absence-covering-line = { $name }
absence-mine = Je afwezigheden
absence-none = Geen afwezigheid geregistreerd.
absence-now = nu
absence-substitute-is = vervanger: { $name }
absence-cancel = Deze afwezigheid annuleren
absence-new = Afwezigheid registreren
absence-office = Dienst
absence-substitute = Vervanger
absence-substitute-hint = Een medewerker van dezelfde dienst.
absence-starts-on = Eerste dag afwezig
absence-ends-on = Laatste dag afwezig
absence-submit = Afwezigheid registreren
absence-recorded = Je afwezigheid is geregistreerd; je vervanger treedt die dagen voor je op.
absence-cancelled = De afwezigheid is geannuleerd.
absence-not-cancellable = Deze afwezigheid is voorbij of al geannuleerd.
field-absence-office = Kies een van je diensten.
field-absence-substitute-self = Je vervanger moet iemand anders zijn.
field-absence-substitute-office = De vervanger moet een medewerker van dezelfde dienst zijn.
field-absence-substitute-away = Je vervanger is op sommige van die dagen afwezig.
field-absence-order = De laatste dag valt voor de eerste.
field-absence-past = Deze afwezigheid is al voorbij.
field-absence-too-long = Een afwezigheid duurt hoogstens 366 dagen; registreer daarna een nieuwe.
field-absence-overlap = Je hebt op sommige van die dagen al een afwezigheid geregistreerd.
field-absence-too-many = Je hebt te veel afwezigheden vooruit geregistreerd; annuleer er eerst een.
office-council-taken = Die wijk heeft al een wijkraad.
