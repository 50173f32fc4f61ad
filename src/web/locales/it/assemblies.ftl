# Assemblee e Camere dei Beni Comuni

nav-assemblies = Assemblee
bodies-title = Assemblee e Camere dei Beni Comuni
bodies-intro = Le assemblee riuniscono le persone che si prendono cura dei beni comuni di un territorio o di un tema; le camere riuniscono le organizzazioni che lavorano per essi. Entrambe parlano con una sola voce alla città.
bodies-none = Non c'è ancora nessuna assemblea o camera.
bodies-new = Nuova assemblea o camera
bodies-create = Crea
body-kind-assembly = Assemblea dei Beni Comuni
body-kind-chamber = Camera dei Beni Comuni
body-joining-open = Chiunque può aderire
body-joining-approval = Un facilitatore ammette ogni richiesta
member-status-pending = richiesta in attesa
member-status-member = membro
member-status-refused = richiesta respinta
member-status-left = uscito
body-whole-city = Tutta la città
body-member-count = { $count ->
    [0] Ancora nessun membro
    [one] Un membro
   *[other] { $count } membri
}
body-supporters-count = { $count ->
    [one] Un sostenitore
   *[other] { $count } sostenitori
}
body-requests-count = { $count ->
    [0] Nessuna richiesta in attesa
    [one] Una richiesta in attesa
   *[other] { $count } richieste in attesa
}
body-charter = Statuto
body-members = Membri
body-see-members = vedi l'elenco
body-chamber-admits = Organizzazioni ammesse da un facilitatore:
body-motion-threshold = Una mozione va al voto con
body-facilitators = Facilitatori
body-no-facilitators = Nessuno ancora nominato.
body-facilitator-remove = Rimuovi
body-facilitator-add = Nomina facilitatore
body-facilitator-added = Il facilitatore è stato nominato.
body-facilitator-removed = Il facilitatore è stato rimosso.
body-your-membership = La tua adesione
body-you-are-member = Sei membro.
body-you-asked = Hai chiesto di aderire; deciderà un facilitatore.
body-join = Aderisci
body-ask-to-join = Chiedi di aderire
body-leave = Esci
body-withdraw-request = Ritira la mia richiesta
body-joined = Hai aderito.
body-requested = La tua richiesta è stata inviata ai facilitatori.
body-left = Fatto: l'adesione è terminata.
body-chamber-how = I membri di una camera sono organizzazioni. Il referente di un'associazione, cooperativa, impresa sociale o gruppo informale chiede che aderisca.
body-group-not-member = non è membro
body-ask-for-group = Chiedi l'adesione di { $group }
body-take-group-out = Fai uscire { $group }
body-delegate-referent = Il referente
body-delegate-save = Salva
body-delegate-saved = Il delegato è stato salvato.
body-run = Gestisci questo organismo
body-edit = Modifica le impostazioni
body-save = Salva
body-saved = Le impostazioni sono state salvate.
body-created = L'organismo è stato creato. Nomina qui sotto i suoi facilitatori.
body-requests = Richieste di adesione
body-no-requests = Nessuna richiesta in attesa.
body-no-members = Ancora nessun membro.
body-member-name = Nome
body-member-voter = Vota per essa
body-member-since = Membro dal
body-member-asked = Richiesta il
body-decision = Decisione
body-admit = Ammetti { $name }
body-refuse = Respingi { $name }
body-decided = La decisione è stata registrata.
body-member-removed = Il membro è stato rimosso.
body-already-member = Questa adesione esiste già.
body-request-decided = Su questa richiesta si è già deciso.
body-not-member = Non è un membro attuale.
body-not-referent = Solo il referente di un gruppo può agire per esso.
field-body-kind = Tipo di organismo
field-body-kind-invalid = Scegli un'assemblea o una camera
field-body-kind-fixed = Il tipo di un organismo non può cambiare
field-body-name = Nome
field-body-name-required = Inserisci il nome
field-body-name-invalid = Inserisci un nome di al massimo 120 caratteri con lettere o cifre
field-body-name-taken = Un altro organismo ha già questo nome
field-body-charter = Statuto
field-body-charter-hint = A cosa serve l'organismo e come funziona.
field-body-district = Territorio
field-body-district-invalid = Scegli un quartiere dall'elenco
field-body-theme = Tema (facoltativo)
field-body-theme-hint = Per esempio: orti urbani, beni comuni digitali.
field-body-theme-invalid = Inserisci un tema di al massimo 120 caratteri
field-body-joining = Adesione
field-body-joining-invalid = Scegli come si aderisce
field-body-chamber-approval = Una camera ammette ogni organizzazione: scegli l'approvazione di un facilitatore
field-body-admits = Organizzazioni che una camera ammette
field-body-admits-hint = Solo per una camera.
field-body-admits-invalid = Scegli i tipi dall'elenco
field-body-admits-required = Scegli almeno un tipo di organizzazione per una camera
field-body-admits-assembly = I membri di un'assemblea sono persone: lascia vuoti i tipi di organizzazione
field-body-threshold = Sostenitori di cui una mozione ha bisogno per andare al voto
field-body-threshold-hint = Un numero intero da 1 a 1000.
field-body-threshold-invalid = Inserisci un numero intero da 1 a 1000
field-body-facilitator = Indirizzo e-mail del facilitatore
field-body-facilitator-hint = La persona deve avere un account.
field-body-facilitator-unknown = Nessun account ha questo indirizzo e-mail
field-body-delegate = Chi vota per essa
field-body-delegate-invalid = Scegli un membro del gruppo
field-body-reason = Motivo
field-body-reason-required = Indica il motivo

# Riunioni
meetings = Riunioni
meetings-calendar-feed = Calendario (.ics)
meetings-upcoming = In programma
meetings-past = Riunioni passate
meetings-none-upcoming = Nessuna riunione in programma.
meeting-new = Programma una riunione
meeting-plan = Programma la riunione
meeting-planned = La riunione è stata programmata.
meeting-when = Quando
meeting-attendance = Presenze
meeting-present-count = { $count ->
    [0] Presenze non ancora rilevate
    [one] Un membro presente
   *[other] { $count } membri presenti
}
meeting-add-to-calendar = Aggiungi al mio calendario (.ics)
meeting-agenda = Ordine del giorno
meeting-no-agenda = Nessun ordine del giorno per ora.
meeting-minutes = Verbale
meeting-no-minutes = Il verbale non è ancora pubblicato.
meeting-minutes-published-on = Pubblicato il
meeting-minutes-published = Il verbale è stato pubblicato.
meeting-take-attendance = Rileva le presenze
meeting-who-present = Chi era presente
meeting-save-attendance = Salva le presenze
meeting-attendance-saved = Le presenze sono state salvate.
meeting-publish-minutes = Pubblica il verbale
meeting-cancel = Annulla la riunione
meeting-cancelled-done = La riunione è stata annullata.
meeting-is-cancelled = Annullata
meeting-cancelled = Quella riunione è stata annullata.
agenda-kind-free = punto
agenda-kind-pact = patto
agenda-kind-commons = bene comune
field-meeting-title = Titolo
field-meeting-title-required = Inserisci il titolo
field-meeting-title-invalid = Inserisci un titolo di al massimo 200 caratteri
field-meeting-starts = Inizio
field-meeting-ends = Fine
field-meeting-time-hint = Data e ora, per esempio 2026-12-10 18:30.
field-meeting-time-invalid = Inserisci una data e un'ora
field-meeting-end-invalid = La riunione deve finire dopo l'inizio, entro un giorno
field-meeting-place = Luogo
field-meeting-place-hint = Un indirizzo o una sala; lascia vuoto per una riunione online.
field-meeting-place-invalid = Inserisci un luogo di al massimo 300 caratteri
field-meeting-where-required = Inserisci un luogo, un link online o entrambi
field-meeting-url = Link online
field-meeting-url-invalid = Inserisci un link che inizi con https://
field-meeting-agenda = Ordine del giorno
field-meeting-agenda-hint = Un punto per riga. Per collegare un patto o un bene comune, inizia la riga con il suo indirizzo, per esempio /pacts/12.
field-meeting-agenda-too-long = Un ordine del giorno ha al massimo 50 punti
field-meeting-agenda-invalid = Ogni punto ha al massimo 200 caratteri
field-meeting-agenda-link-unknown = Un patto o un bene comune collegato non esiste o non è pubblico
field-meeting-minutes-required = Scrivi il verbale
