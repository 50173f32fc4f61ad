# Pactum (it), accounts: registration, sign-in, accounts and sessions, roles, groups, officials and the administration, with their e-mails.

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
account-password-body = Se hai dimenticato la password attuale, richiedi invece un link di reimpostazione.
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
admin-users-count = { $count ->
    [one] { $count } account
   *[other] { $count } account
}
admin-verified = Confermato
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

## Sessions and account safety (hardening)
verify-other-account-body = Questo link conferma il cambio di indirizzo e-mail di un altro account. Esci, accedi con l’account che ha chiesto il cambio e apri di nuovo il link.
verify-sign-in-to-confirm = Accedi per confermare il nuovo indirizzo e-mail.
signout-everywhere-done = Sei uscito da tutti i dispositivi.
account-email-password-hint = Per sicurezza, scrivi la tua password attuale.
account-password-submit = Cambia password
account-password-changed = La password è stata cambiata. Le altre sessioni sono state chiuse.
account-sessions-heading = Dove hai effettuato l’accesso
account-sessions-body = Sessioni aperte del tuo account, compresa questa: { $count }. Le sessioni si chiudono dopo un periodo di inattività e alcuni giorni dopo l’accesso.
account-sessions-end = Esci da tutti i dispositivi
undo-email-title = Ripristina l’indirizzo e-mail precedente
undo-email-explain = L’indirizzo e-mail del tuo account è stato cambiato. Se non sei stato tu, ripristina questo indirizzo: tutte le sessioni dell’account verranno chiuse e potrai scegliere una nuova password.
undo-email-submit = Ripristina questo indirizzo ed esci ovunque
undo-email-done-title = L’indirizzo e-mail precedente è stato ripristinato
undo-email-done-body = Tutte le sessioni del tuo account sono state chiuse. Per sicurezza, scegli subito una nuova password.
undo-email-invalid-body = Questo link non è valido, è già stato usato oppure ha più di 7 giorni.
email-changed-subject = L’indirizzo e-mail del tuo account { $city } è stato cambiato
email-changed-intro = L’indirizzo e-mail del tuo account è stato cambiato in { $new }. D’ora in poi i messaggi arriveranno a quell’indirizzo.
email-changed-action = Non sono stato io: ripristina questo indirizzo
email-changed-outro = Se il cambio l’hai fatto tu, ignora questo messaggio. Il link è valido per 7 giorni.
invitation-other-address = Questo invito è stato inviato a un altro indirizzo e-mail. Accedi con quell’indirizzo oppure chiedi al referente del gruppo di invitare l’indirizzo di questo account.

## Issue 11, pacts hardening: bounded version comparison, the coordinating office. (part)
admin-coordinating = Ufficio di coordinamento
admin-coordinating-help = L'ufficio che riceve le proposte e decide su di esse finché al patto non è assegnato un ufficio. Finché non è indicato, sulle nuove proposte possono intervenire solo gli amministratori.
admin-coordinating-office = Ufficio che riceve le proposte
admin-coordinating-none = Nessuno (solo amministratori)
admin-coordinating-submit = Salva
admin-coordinating-tag = Ufficio di coordinamento: riceve le proposte
admin-coordinating-set = L'ufficio di coordinamento è salvato.

## Absences and substitutes
absence-title = Assenze e sostituti
absence-intro = Quando sarai assente, indica un collega dello stesso ufficio che agisca al posto tuo: vedrà le tue pratiche nella sua coda, agirà per tuo conto (lo storico lo riporta) e riceverà i tuoi promemoria.
absence-covering = Sostituisci
absence-covering-line = { $name }
absence-mine = Le tue assenze
absence-none = Nessuna assenza registrata.
absence-now = in corso
absence-substitute-is = sostituto: { $name }
absence-cancel = Annulla questa assenza
absence-new = Registra un'assenza
absence-office = Ufficio
absence-substitute = Sostituto
absence-substitute-hint = Un funzionario dello stesso ufficio.
absence-starts-on = Primo giorno di assenza
absence-ends-on = Ultimo giorno di assenza
absence-submit = Registra l'assenza
absence-recorded = Assenza registrata: in quei giorni agisce il tuo sostituto.
absence-cancelled = L'assenza è annullata.
absence-not-cancellable = Questa assenza è terminata o già annullata.
field-absence-office = Scegli uno dei tuoi uffici.
field-absence-substitute-self = Il sostituto deve essere un'altra persona.
field-absence-substitute-office = Il sostituto deve essere un funzionario dello stesso ufficio.
field-absence-substitute-away = Il sostituto è assente in alcuni di quei giorni.
field-absence-order = L'ultimo giorno precede il primo.
field-absence-past = Questa assenza è già terminata.
field-absence-too-long = Un'assenza dura al massimo 366 giorni; registrane un'altra dopo.
field-absence-overlap = Hai già registrato un'assenza in alcuni di quei giorni.
field-absence-too-many = Hai troppe assenze registrate in anticipo; annullane una prima.
office-council-taken = Quel quartiere ha già un consiglio.
