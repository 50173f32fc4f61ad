# La cura del registro: modifiche, ritiro, riesame, unione di duplicati, moderazione delle foto.
owner-unknown = Non nota
condition-good = Buono
condition-fair = Discreto
condition-poor = Cattivo
condition-unusable = Non utilizzabile
condition-unknown = Non noto
status-retired = Dismesso
status-merged = Unito a un altro bene comune
commons-event-edited = Modificato
commons-event-retired = Dismesso dal Comune
commons-event-reconsidered = Riesaminato dal Comune
commons-event-merged-into = Unito a un altro bene comune come duplicato
commons-event-merged-from = Un duplicato è stato unito a questo bene comune
commons-event-photo-deleted = Foto eliminata
commons-event-photo-hidden = Foto nascosta dal Comune
commons-event-photo-shown = Foto di nuovo visibile
ledger-kind-commons-retired = Un bene comune è stato dismesso
ledger-kind-commons-merged = Un bene comune duplicato è stato unito a un altro
field-commons-condition-invalid = Scegli uno stato di conservazione dall'elenco
field-commons-edit-reason-required = Indica perché fai questa modifica (almeno 5 caratteri)
error-commons-edited-meanwhile = Qualcuno ha modificato questo bene comune mentre lo stavi modificando. Riapri il modulo per vedere la sua modifica, poi fai la tua.
error-commons-merged = Questo bene comune è già stato unito a un altro.
field-commons-merge-unknown = Non esiste un bene comune con questo numero
field-commons-merge-same = Un bene comune non può essere unito a sé stesso
field-commons-merge-unfit = Questo bene comune non può accogliere il duplicato: è stato respinto o unito a sua volta
field-commons-merge-into-invalid = Scrivi il numero del bene comune da tenere, per esempio 12
commons-edited = Le modifiche sono state salvate e aggiunte alla cronologia.
commons-edit-nothing = Non è stato cambiato nulla.
commons-merged = Il duplicato è stato unito: i suoi patti, avvisi e foto sono ora qui, e il suo vecchio indirizzo porta qui.
commons-retired = Il bene comune è stato dismesso. Resta visibile come dismesso.
commons-reconsidered = La proposta è di nuovo in esame.
commons-photo-deleted = La foto è stata eliminata.
commons-photo-hidden = La foto è nascosta al pubblico.
commons-photo-shown = La foto è di nuovo visibile.
commons-office-fields = Ciò che registra l'ufficio beni comuni
commons-office-fields-hint = Solo il personale del Comune modifica questi campi.
field-commons-asset-code = Codice patrimoniale o catastale
field-commons-asset-code-hint = Come nell'inventario dei beni del Comune o al catasto, se c'è.
field-commons-condition = Stato di conservazione
field-commons-restrictions = Vincoli storici o d'uso
field-commons-restrictions-hint = Edificio vincolato, alberi tutelati, orari decisi dal proprietario e simili.
commons-edit-title = Modifica «{ $name }»
commons-edit-intro = Ogni modifica resta nella cronologia pubblica del bene comune, con il tuo nome e la tua motivazione.
field-commons-edit-reason = Perché fai questa modifica
field-commons-edit-reason-hint = Compare nella cronologia, per esempio «L'indirizzo era sbagliato».
commons-edit-submit = Salva le modifiche
commons-edit-cancel = Annulla
commons-edit-link = Modifica questo bene comune
commons-retired-on = Dismesso il { $date }.
commons-photo-is-hidden = Nascosta al pubblico:
commons-photo-delete = Elimina
commons-photo-delete-named = Elimina la foto «{ $alt }»
commons-photo-show = Rendila di nuovo visibile
commons-photo-hide = Nascondi questa foto
field-photo-hide-reasons = Perché è nascosta (almeno 10 caratteri)
commons-photo-hide-submit = Nascondi la foto
commons-changes-count = { $count ->
    [one] Un campo modificato
   *[other] { $count } campi modificati
}
commons-field-name = Nome
commons-field-description = Descrizione
commons-field-kind = Tipo
commons-field-category = Categoria
commons-field-provisioning = Sistemi di approvvigionamento
commons-field-location = Posizione
commons-field-site = Perimetro
commons-field-address = Indirizzo
commons-field-owner = Proprietà
commons-field-why = Motivazione
commons-field-rules = Regole d'uso
commons-field-licence = Licenza
commons-field-asset-code = Codice patrimoniale o catastale
commons-field-condition = Stato di conservazione
commons-field-restrictions = Vincoli
commons-decision-retire = Dismetti
commons-decision-reconsider = Riesamina
commons-merge-title = Unisci un duplicato
commons-merge-intro = Se questo bene comune è stato registrato due volte, uniscilo a quello da tenere: i suoi patti, avvisi e foto passano lì e l'indirizzo di questa pagina porta lì.
field-commons-merge-into = Numero del bene comune da tenere
field-commons-merge-into-hint = Il numero alla fine del suo indirizzo, come in /commons/12.
commons-merge-submit = Unisci a quel bene comune
commons-timeline = La storia della cura
commons-volunteer-hours = { $hours ->
    [one] Un'ora di volontariato dichiarata
   *[other] { $hours } ore di volontariato dichiarate
}
commons-timeline-json = La storia in formato JSON
timeline-pact-draft = È stata scritta una bozza di patto
timeline-pact-submitted = È stato proposto un patto
timeline-pact-awaiting-integration = Il Comune ha chiesto integrazioni a un patto
timeline-pact-published = Un patto è stato pubblicato per le osservazioni
timeline-pact-in-review = Un patto è passato all'istruttoria degli uffici
timeline-pact-co-design = Un patto è entrato in co-progettazione
timeline-pact-rejected = Un patto è stato respinto
timeline-pact-awaiting-signatures = Il testo di un patto attende le firme
timeline-pact-signed = Un patto è stato sottoscritto
timeline-pact-monitoring = Un patto è in vigore e monitorato
timeline-pact-suspended = Un patto è stato sospeso
timeline-pact-concluded = Un patto si è concluso
timeline-pact-withdrawn = Un patto è stato ritirato
timeline-pact-report = { $hours ->
    [one] Un rapporto di monitoraggio: un'ora di volontariato
   *[other] Un rapporto di monitoraggio: { $hours } ore di volontariato
}
timeline-pact-adherents = { $count ->
    [one] Una persona ha aderito a un patto
   *[other] { $count } persone hanno aderito a un patto
}
timeline-call-published = Il Comune ha pubblicato un avviso
timeline-call-chosen = Il Comune ha scelto una proposta in un avviso
timeline-call-cancelled = Il Comune ha annullato un avviso
