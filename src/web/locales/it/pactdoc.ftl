# Pactum (it), pactdoc: the signed pact as a PDF document, and its protocol number.

## The document
pactdoc-download = Patto firmato (PDF)
pactdoc-download-hint = Il testo firmato con le parti, le firme, lo SHA-256 e la voce nel registro civico, pronto da stampare o archiviare.
pactdoc-type = Tipo
pactdoc-version = Versione firmata
pactdoc-protocol = Numero di protocollo
pactdoc-scan = Inquadra per aprire questa voce del registro civico
pactdoc-on-behalf-of = per conto di { $name }

## The protocol number
pactdoc-section = Documento firmato
pactdoc-protocol-field = Numero di protocollo
pactdoc-protocol-hint = Il numero che il protocollo del Comune ha dato al patto firmato, al massimo 40 caratteri. Un nuovo numero sostituisce il precedente; la cronologia li conserva entrambi.
pactdoc-protocol-submit = Registra il numero di protocollo
pactdoc-protocol-registered = Il numero di protocollo è registrato.
pactdoc-protocol-too-long = Il numero di protocollo può avere al massimo 40 caratteri
pactdoc-protocol-invalid = Il numero di protocollo deve essere una sola riga di testo semplice
pactdoc-protocol-not-signed = Il numero di protocollo si registra quando il patto è firmato.
pact-event-protocol-registered = Numero di protocollo registrato
