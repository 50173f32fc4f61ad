# Pactum: italiano (tutte le chiavi di en.ftl; registro informale con il "tu").
lang-name = Italiano

## Layout
skip-to-content = Vai al contenuto principale
lang-switch-label = Lingua
lang-switch-submit = Cambia
nav-label = Principale
nav-home = Home
nav-groups = I miei gruppi
nav-official = Area funzionari
nav-admin = Amministrazione
nav-account = Il mio account
nav-signout = Esci
nav-signin = Accedi
nav-register = Crea un account
footer-city = { $city } gestisce questo sito con Pactum, software libero per la collaborazione tra amministrazione e cittadini nella cura dei beni comuni.
footer-licence = Pactum è distribuito con licenza GNU Affero General Public License, versione 3 o successiva.
footer-software = Questo sito usa Pactum, software libero per la collaborazione tra amministrazione e cittadini nella cura dei beni comuni.

## Home
home-title = Home
home-heading = Prendersi cura insieme dei beni comuni di { $city }
home-heading-unnamed = Prendersi cura insieme dei beni comuni della città
home-lead = Parchi, piazze, cortili scolastici, edifici e servizi digitali sono beni condivisi. Qui cittadini, gruppi e Comune si accordano su come prendersene cura, decidono insieme e tengono un registro pubblico che chiunque può consultare.
home-cta-register = Crea un account
home-what-heading = Cosa puoi fare qui
home-commons-title = Beni comuni urbani
home-commons-body = Trova i luoghi e le risorse di cui si prende cura la comunità e proponine di nuovi da far riconoscere al Comune.
home-pacts-title = Patti di collaborazione
home-pacts-body = Proponi un patto per prenderti cura di un bene comune: il Comune lo esamina, indica quale sostegno offre e lo firma insieme a te.
home-assemblies-title = Assemblee e Camere
home-assemblies-body = Riunisciti, discuti le mozioni e vota, con risultati che chiunque può ricontare.
home-tokens-title = Token di decarbonizzazione
home-tokens-body = Le riduzioni di emissioni verificate fanno guadagnare token da usare nei servizi comunali, il tutto su un registro pubblico.
home-start-heading = Da dove cominciare
home-start-1 = Crea un account e conferma il tuo indirizzo e-mail.
home-start-2 = Crea un gruppo con i tuoi vicini o la tua associazione, oppure unisciti a uno già esistente.
home-start-3 = Cerca un bene comune vicino a te e proponi come prendertene cura.

## Errors
error-status = Codice di errore { $status }
error-home-link = Vai alla pagina iniziale
error-bad-request-title = Non è stato possibile interpretare la richiesta
error-bad-request-body = Nella richiesta mancava qualcosa oppure qualcosa non era scritto correttamente. Torna indietro, controlla il modulo e riprova.
error-bad-request-body-detail = Non è stato possibile leggere i dati del modulo.
error-bad-request-too-large = La richiesta era troppo grande.
error-sign-in-required-title = Accedi per continuare
error-sign-in-required-body = Devi accedere per vedere questa pagina.
error-forbidden-title = Non puoi eseguire questa operazione
error-forbidden-body = Il tuo account non ha i permessi per questa pagina o azione. Se pensi che dovrebbe averli, rivolgiti agli amministratori del Comune.
error-csrf-title = Il modulo è scaduto
error-csrf-body = Per la tua sicurezza non abbiamo potuto accettare questo modulo. Torna indietro, ricarica la pagina e invialo di nuovo.
error-not-found-title = Pagina non trovata
error-not-found-body = A questo indirizzo non c’è nessuna pagina. Controlla l’indirizzo oppure ricomincia dalla pagina iniziale.
error-conflict-title = Questa modifica è in conflitto con informazioni esistenti
error-conflict-body = Non è stato possibile apportare la modifica perché è in conflitto con quanto già registrato.
error-conflict-duplicate = Esiste già un elemento con lo stesso nome o indirizzo.
error-invalid-title = Alcune informazioni non sono valide
error-invalid-body = Controlla i dati inseriti e riprova.
error-too-many-requests-title = Troppi tentativi
error-too-many-requests-body = Hai fatto troppi tentativi. Attendi qualche minuto e riprova.
error-unavailable-title = Servizio temporaneamente non disponibile
error-unavailable-body = Al momento non riusciamo a raggiungere il nostro database. Riprova tra qualche minuto.
error-internal-title = Qualcosa è andato storto
error-internal-body = Si è verificato un errore imprevisto da parte nostra ed è stato registrato. Riprova più tardi.

## Forms
form-error-summary = C’è un problema
form-error-prefix = Errore:
field-email = Indirizzo e-mail
field-email-required = Inserisci il tuo indirizzo e-mail
field-email-invalid = Inserisci un indirizzo e-mail nel formato corretto, ad esempio nome@example.org
field-email-unchanged = Questo è già il tuo indirizzo e-mail
field-name = Nome
field-name-hint = Il nome che vedono gli altri, ad esempio il tuo nome e cognome.
field-name-required = Inserisci il tuo nome
field-name-invalid = Il nome può avere al massimo 100 caratteri, senza caratteri di controllo speciali
field-password = Password
field-password-hint = Almeno 12 caratteri. Una breve frase è facile da ricordare e difficile da indovinare.
field-password-confirm = Ripeti la password
field-password-new = Nuova password
field-password-current = La tua password attuale
field-password-too-short = La password deve contenere almeno 12 caratteri
field-password-too-long = La password è troppo lunga
field-password-common = Questa password è troppo comune o troppo facile da indovinare: scegline un’altra
field-password-mismatch = Le due password non coincidono
field-password-wrong = La password non è corretta
field-language = Lingua
field-language-invalid = Scegli una delle lingue proposte
field-new-email = Nuovo indirizzo e-mail
field-role-invalid = Scegli uno dei ruoli elencati
field-office-name = Nome dell’ufficio
field-office-name-invalid = Inserisci un nome da 1 a 100 caratteri, con almeno una lettera o una cifra
field-office-name-taken = Esiste già un ufficio con questo nome
field-group-name = Nome del gruppo
field-group-name-required = Inserisci il nome del gruppo
field-group-name-invalid = Il nome può avere al massimo 120 caratteri
field-group-kind = Che tipo di gruppo è?
field-group-kind-invalid = Scegli il tipo di gruppo
field-description = Descrizione
field-description-too-long = La descrizione può avere al massimo 4.000 caratteri
field-location-not-numbers = Inserisci latitudine e longitudine come numeri, per esempio 44,4949 e 11,3426
field-location-outside-world = La latitudine deve essere tra -90 e 90 e la longitudine tra -180 e 180

## Registration and e-mail verification
register-title = Crea un account
register-intro = Con un account puoi entrare nei gruppi, proporre beni comuni e patti e partecipare alle assemblee. Ti invieremo un link per confermare il tuo indirizzo e-mail.
register-submit = Crea l’account
register-have-account = Hai già un account?
register-done-title = Controlla la tua casella e-mail
register-done-body = Abbiamo inviato un messaggio all’indirizzo che hai indicato. Segui il link contenuto nel messaggio per confermare il tuo indirizzo. Se entro qualche minuto non ricevi nulla, controlla la cartella della posta indesiderata.
verify-ok-title = Il tuo indirizzo e-mail è confermato
verify-ok-body = Grazie. Il tuo account è attivo: ora puoi partecipare come cittadina o cittadino.
verify-changed-title = Il tuo indirizzo e-mail è stato modificato
verify-changed-body = D’ora in poi accedi con il tuo nuovo indirizzo e-mail.
verify-failed-title = Questo link non può essere usato
verify-failed-body = Il link non è valido, è già stato usato oppure è scaduto. Accedi e richiedine uno nuovo dalla pagina del tuo account.
verify-taken-body = Questo indirizzo e-mail è già usato da un altro account.

## Sign in
signin-title = Accedi
signin-submit = Accedi
signin-forgot = Hai dimenticato la password?
signin-no-account = Non hai ancora un account?
signin-failed = L’indirizzo e-mail o la password non sono corretti
signin-welcome = Accesso effettuato.
signout-done = Disconnessione effettuata.

## Password reset
forgot-title = Reimposta la password
forgot-intro = Inserisci l’indirizzo e-mail del tuo account. Se esiste, ti invieremo un link per scegliere una nuova password. Il link funziona una sola volta, per un’ora.
forgot-submit = Invia il link
forgot-done-title = Controlla la tua casella e-mail
forgot-done-body = Se esiste un account con questo indirizzo, è in arrivo un messaggio con un link. Il link funziona una sola volta, per un’ora.
reset-title = Scegli una nuova password
reset-submit = Salva la nuova password
reset-invalid-title = Questo link non può essere usato
reset-link-invalid = Il link non è valido, è già stato usato oppure è scaduto. Richiedine uno nuovo.
reset-done = La tua password è stata modificata. Accedi con quella nuova.

## Account
account-title = Il mio account
account-unverified = Il tuo indirizzo e-mail non è ancora confermato. Finché non lo sarà, non potrai creare gruppi né fare proposte.
account-resend = Invia di nuovo il link di conferma
account-roles = Ruoli
account-no-roles = nessuno
account-profile = Profilo
account-save = Salva
account-email-heading = Cambia indirizzo e-mail
account-email-hint = Invieremo un link al nuovo indirizzo; la modifica avrà effetto quando lo aprirai.
account-email-submit = Cambia indirizzo e-mail
account-password-heading = Password
account-password-body = Per cambiare la password, richiedi un link di reimpostazione.
account-saved = Le modifiche sono state salvate.
account-email-sent = Abbiamo inviato un link di conferma al nuovo indirizzo.
account-verification-sent = Abbiamo inviato un nuovo link di conferma.
account-deleted = Il tuo account è stato eliminato e i tuoi dati personali sono stati cancellati.
delete-title = Elimina il mio account
delete-link = Elimina il mio account e cancella i miei dati personali
delete-explain = Il tuo nome, il tuo indirizzo e-mail e la tua password vengono cancellati, e lasci i tuoi gruppi e uffici. Ciò che hai fatto pubblicamente (ad esempio un patto firmato) resta agli atti con un codice anonimo, senza il tuo nome. L’operazione non può essere annullata.
delete-submit = Elimina il mio account
delete-cancel = Mantieni il mio account

## Roles
role-citizen = Cittadino
role-official = Funzionario comunale
role-signatory = Firmatario per il Comune
role-facilitator = Facilitatore
role-verifier = Verificatore
role-admin = Amministratore
user-former = Ex membro

## Groups
groups-title = I miei gruppi
groups-intro = Con i gruppi i cittadini agiscono insieme: gruppi informali di vicini, associazioni, cooperative, scuole.
groups-new = Crea un gruppo
groups-none = Non fai ancora parte di nessun gruppo.
groups-member-count = { $count ->
    [one] { $count } membro
   *[other] { $count } membri
}
groups-new-intro = Diventi il referente del gruppo: la persona di contatto che può firmare a suo nome. In seguito potrai passare questo ruolo a un altro membro.
groups-create = Crea il gruppo
group-kind-informal-group = Gruppo informale
group-kind-association = Associazione
group-kind-cooperative = Cooperativa
group-kind-social-enterprise = Impresa sociale
group-kind-school = Scuola
group-kind-business = Impresa
group-referent = Referente
group-members = Membri
group-make-referent = Nomina referente { $name }
group-invite-heading = Invita un membro
group-invite-hint = Invieremo un link di invito a questo indirizzo. È valido per 14 giorni.
group-invite-submit = Invia l’invito
group-leave = Lascia questo gruppo
group-created = Il gruppo è stato creato. Ne sei il referente.
group-invited = L’invito è stato inviato.
group-left = Hai lasciato il gruppo.
group-referent-changed = Il gruppo ha un nuovo referente.
group-joined = Ti diamo il benvenuto nel gruppo!
group-referent-must-hand-over = Prima di lasciare il gruppo, nomina referente un altro membro.
group-referent-not-member = Solo un membro del gruppo può diventarne referente.
invitation-title = Invito
invitation-heading = Hai ricevuto un invito a unirti a { $group }
invitation-accept = Unisciti al gruppo
invitation-sign-in-first = Accedi, o crea un account, per accettare l’invito.
invitation-unusable = Questo invito è già stato usato oppure è scaduto.

## Officials
official-title = Area funzionari
official-intro = Il tuo lavoro di funzionario comunale: gli uffici di cui fai parte. Qui compariranno le proposte da esaminare.
official-offices = I tuoi uffici
official-no-office = Non fai ancora parte di nessun ufficio. Rivolgiti a un amministratore.
official-colleagues = Funzionari di questo ufficio:

## Administration
admin-title = Amministrazione
admin-stat-users = account
admin-stat-verified = account confermati
admin-stat-offices = uffici
admin-stat-groups = gruppi
admin-stat-mail-pending = e-mail in attesa di invio
admin-stat-mail-failed = e-mail non recapitate
admin-users = Persone e ruoli
admin-offices = Uffici
admin-audit = Modifiche dei ruoli
admin-audit-intro = Ogni ruolo assegnato o revocato, da chi e quando. Questo registro non può essere modificato.
admin-users-search = Cerca per nome o e-mail
search-submit = Cerca
admin-users-count = { $count ->
    [one] { $count } account
   *[other] { $count } account
}
admin-verified = Confermato
yes = Sì
no = No
pagination-label = Pagine
pagination-prev = Pagina precedente
pagination-next = Pagina successiva
pagination-page = Pagina { $page }
admin-pseudonym = Codice pubblico
admin-role = Ruolo
admin-role-held = Assegnato
admin-action = Azione
admin-grant = Assegna “{ $role }”
admin-revoke = Revoca “{ $role }”
admin-audit-when = Quando
admin-audit-who = Da
admin-audit-whom = Persona
admin-audit-system = il sistema
admin-audit-action-grant = assegnato
admin-audit-action-revoke = revocato
admin-audit-action-erase = cancellato insieme all’account
admin-office-empty = Nessun funzionario è ancora assegnato.
admin-office-remove = Rimuovi { $name }
admin-office-assign = Assegna un funzionario
admin-office-assign-submit = Assegna
admin-office-new = Nuovo ufficio
admin-office-create = Crea l’ufficio
admin-role-granted = Il ruolo è stato assegnato.
admin-role-revoked = Il ruolo è stato revocato.
admin-last-admin = L’ultimo amministratore non può perdere il ruolo: prima assegnalo a un’altra persona.
admin-office-created = L’ufficio è stato creato.
admin-official-assigned = Il funzionario è stato assegnato all’ufficio.
admin-official-removed = Il funzionario è stato rimosso dall’ufficio.
office-needs-official = Solo le persone con il ruolo di funzionario comunale possono far parte di un ufficio.
district-empty = Il quartiere non ha un’area definita.

## E-mail
email-greeting = Gentile { $name },
email-signature = { $city }, con Pactum
email-verify-subject = Conferma il tuo indirizzo e-mail per { $city }
email-verify-intro = Hai creato un account sulla piattaforma dei beni comuni di { $city }. Conferma che questo indirizzo è tuo.
email-verify-action = Conferma il mio indirizzo e-mail
email-verify-outro = Il link è valido per 48 ore. Se non hai creato un account, ignora questo messaggio.
email-exists-subject = Hai già un account sulla piattaforma di { $city }
email-exists-intro = Qualcuno ha provato a creare un account con questo indirizzo e-mail, ma ne hai già uno.
email-exists-action = Accedi
email-exists-outro = Se hai dimenticato la password, usa "Hai dimenticato la password?" nella pagina di accesso. Se non eri tu, puoi ignorare questo messaggio.
email-reset-subject = Reimposta la tua password per { $city }
email-reset-intro = Abbiamo ricevuto una richiesta di reimpostazione della password del tuo account.
email-reset-action = Scegli una nuova password
email-reset-outro = Il link funziona una sola volta, per un’ora. Se non l’hai richiesto tu, ignora questo messaggio: la tua password resta invariata.
email-change-subject = Conferma il tuo nuovo indirizzo e-mail per { $city }
email-change-intro = Hai chiesto di usare questo indirizzo per il tuo account.
email-change-action = Conferma il nuovo indirizzo
email-change-outro = Il link è valido per 48 ore. Se non l’hai chiesto tu, ignora questo messaggio.
email-invite-subject = Hai ricevuto un invito a unirti a { $name }
email-invite-intro = Hai ricevuto un invito a unirti al gruppo "{ $name }" sulla piattaforma dei beni comuni di { $city }.
email-invite-action = Vedi l’invito
email-invite-outro = L’invito è valido per 14 giorni. Per accettarlo ti serve un account.

## Civic ledger
nav-ledger = Registro pubblico
ledger-title = Registro pubblico
ledger-intro = Ogni impegno che il Comune prende qui, ogni risultato di voto e ogni token viene annotato in questo registro, a cui si possono solo aggiungere voci. Chiunque può verificare, senza doversi fidare di questo server, che nulla di ciò che è stato registrato sia stato modificato o rimosso.
ledger-checkpoint-heading = Ultimo checkpoint firmato
ledger-size = Dimensione
ledger-entry-count = { $count ->
    [one] { $count } voce
   *[other] { $count } voci
}
ledger-root = Hash radice
ledger-signed-note = Il checkpoint firmato così come è stato pubblicato
ledger-no-checkpoint = Non è stato ancora firmato nessun checkpoint. Il primo compare entro pochi secondi dall’avvio del server.
ledger-search-heading = Trova una voce
ledger-search-label = Numero o hash della voce
ledger-search-hint = Il numero di una voce (ad esempio 42) oppure il suo hash in hex o base64, come riportato su una ricevuta.
ledger-search-found = Trovata:
ledger-search-none = Nessuna voce corrisponde a questo numero o hash.
ledger-newest-heading = Voci più recenti
ledger-empty = Il registro non contiene ancora nessuna voce.
ledger-index = Numero
ledger-kind = Tipo
ledger-time = Registrata
ledger-verify-heading = Come verificare il registro da te
ledger-verify-intro = Giornalisti, ricercatori e cittadini possono verificare l’intero registro sul proprio computer con il programma libero pactum (o con qualsiasi strumento per i log di trasparenza).
ledger-verify-step-key = Annota la chiave pubblica del registro, pubblicata qui e, altrove, dal Comune:
ledger-verify-step-run = Esegui il programma di verifica: scarica il checkpoint, i tile e tutte le voci, controlla la firma e ricalcola l’intero albero.
ledger-verify-step-again = Eseguilo di nuovo più tardi con lo stesso file di stato: dimostra anche che il registro è soltanto cresciuto e che nulla è stato riscritto.
ledger-verify-formats = Il registro è pubblicato nei formati standard dei log di trasparenza (checkpoint C2SP signed-note e tlog-tiles):
ledger-entry-title = Voce { $index } del registro
ledger-leaf-hash = Hash della voce
ledger-status = Stato
ledger-in-checkpoint = Inclusa nel checkpoint firmato di dimensione { $size }.
ledger-not-yet-signed = Registrata; comparirà entro pochi secondi nel prossimo checkpoint firmato.
ledger-entry-content = Contenuto (solo identificativi pseudonimi e hash)
ledger-proof-link = Prova che questa voce è nel registro firmato (JSON)
ledger-kind-role-granted = È stato assegnato un ruolo
ledger-kind-role-revoked = È stato revocato un ruolo
ledger-kind-test-event = Evento di prova
ledger-kind-other = Altro evento
