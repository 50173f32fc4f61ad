# Pactum (it), ledger: the civic ledger and its public explorer.

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
ledger-kind-vote-closed = Una votazione è stata chiusa e scrutinata
# --- added by recs ---
ledger-kind-recommendation-sent = Un'assemblea o una camera ha inviato una raccomandazione al Comune
ledger-kind-recommendation-answered = Il Comune ha risposto a una raccomandazione
ledger-kind-token-programme = Il Comune ha aperto un programma di token di decarbonizzazione
ledger-kind-token-methodology-published = È stata pubblicata una metodologia dei token
ledger-kind-token-verifier-accredited = Un verificatore è stato accreditato a un programma di token
ledger-kind-token-claim-reviewed = Un verificatore ha deciso su una richiesta di decarbonizzazione
ledger-kind-token-issued = Sono stati emessi token per una richiesta verificata
ledger-kind-token-transferred = Sono stati trasferiti token
ledger-kind-token-spent = Sono stati spesi token presso un punto di accettazione
ledger-kind-token-exchange-held = Sono stati trattenuti token per un cambio
ledger-kind-token-exchange-paid = È stato pagato un cambio di token in euro
ledger-kind-token-exchange-voided = Un cambio di token è stato annullato
ledger-kind-token-fund-deposit = È stato versato denaro nel fondo civico
