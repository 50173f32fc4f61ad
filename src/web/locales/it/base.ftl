# Pactum: italiano (tutte le chiavi di en/; registro informale con il "tu").
# base: the layout, home page, errors, forms, pagination, search bounds and the frame of every e-mail.
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

## Administration (part)
search-submit = Cerca
yes = Sì
no = No
pagination-label = Pagine
pagination-prev = Pagina precedente
pagination-next = Pagina successiva
pagination-page = Pagina { $page }

## E-mail (part)
email-greeting = Gentile { $name },
email-signature = { $city }, con Pactum

## Commons registry (part)
pagination-first = Prima pagina

## Sessions and account safety (hardening) (part)
error-too-many-requests-wait = Potrai riprovare tra { $minutes ->
    [one] un minuto
   *[other] { $minutes } minuti
}.

## Issue 11 (web hardening): request size limits, content types, malformed forms
error-too-large-title = La richiesta è troppo grande
error-too-large-body = Quello che hai inviato supera quanto questa pagina accetta, quindi non è stato salvato nulla.
error-too-large-detail = Il limite qui è { $size }. Torna indietro, invia qualcosa di più piccolo e riprova.
error-unsupported-type-title = Questo tipo di contenuto non è accettato
error-unsupported-type-body = La richiesta è stata inviata in un formato che questo indirizzo non accetta, quindi non è stato salvato nulla.
error-unsupported-type-detail = Questo indirizzo accetta solo { $type }.
size-megabytes = { $n } MB
size-kibibytes = { $n } KiB
error-form-invalid-text = Un campo del modulo contiene byte che non sono testo valido (UTF-8). Non è stato salvato nulla: controlla ciò che hai scritto o incollato e invia di nuovo il modulo.
error-form-repeated-field = Un campo del modulo è stato inviato più di una volta. Non è stato salvato nulla: ricarica la pagina e invia di nuovo il modulo.
error-form-too-many-fields = Il modulo ha più campi di quanti ne accetti. Non è stato salvato nulla: ricarica la pagina e invia di nuovo il modulo.
error-form-too-many-files = Il modulo accetta un solo file. Non è stato salvato nulla: scegli un solo file e invia di nuovo il modulo.

## Hardening: limiti della ricerca (issue 11, punti 1 e 22)
search-error-too-long = Il testo da cercare è troppo lungo: usa al massimo 200 caratteri.
search-error-too-many-words = Il testo da cercare ha troppe parole: usane al massimo 10.
