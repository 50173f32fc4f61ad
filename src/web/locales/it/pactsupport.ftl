# Pactum (it), pactsupport: the support ledger of collaboration pacts (promised and delivered support, the insurance alert).

## Il modulo della proposta: il valore stimato di ogni riga di sostegno
field-pact-support-value = Valore stimato (€)
field-pact-support-value-hint = Il valore stimato di ogni riga in euro (per esempio 120,50), se ne ha uno. È pubblicato, e ciò che il Comune eroga è confrontato con esso.
field-pact-support-value-invalid = Il valore di una riga deve essere un importo in euro, da 0,01 a 1.000.000

## La pagina del patto: promesso ed erogato
pact-support-title = Sostegno: promesso ed erogato
pact-support-intro-signed = Ciò che il Comune ha promesso nel testo sottoscritto (versione { $n }) e ciò che il suo ufficio ha erogato finora.
pact-support-intro-estimate = Il valore stimato di ogni riga di sostegno. Ciò che il Comune promette è fissato alla sottoscrizione del patto.
pact-support-line = Riga
pact-support-promised = Promesso
pact-support-delivered = Erogato
pact-support-value = Valore
pact-support-no-value = nessun valore indicato
pact-support-total = Totale
pact-support-unvalued = { $count ->
    [one] Una riga di sostegno non ha un valore stimato e non è nel totale promesso.
   *[other] { $count } righe di sostegno non hanno un valore stimato e non sono nel totale promesso.
}
pact-support-deliveries = Erogazioni
pact-support-no-deliveries = Non è ancora stata registrata alcuna erogazione.
pact-support-unmatched = Alcune erogazioni sono state registrate su una riga che una versione successiva del testo non ha più; contano nel totale erogato.
pact-support-insurance-short = L’assicurazione indicata nel patto scade il { $date }, prima della fine del patto. I proponenti devono rinnovarla e inviare la nuova polizza all’ufficio.
pact-support-record = Registra un’erogazione
pact-support-record-hint = Ciò che il Comune ha dato per una riga del testo sottoscritto. È pubblicato su questa pagina e negli open data, e il registro civico ne annota importo e giorno.
pact-support-field-line = Riga di sostegno
pact-support-field-what = Che cosa è stato erogato
pact-support-field-what-hint = Per esempio "20 sacchi di compost" o "corso di potatura, 12 partecipanti".
pact-support-field-on = Erogato il
pact-support-field-on-hint = Non nel futuro, e non prima della sottoscrizione del patto.
pact-support-field-value = Valore (€)
pact-support-field-value-hint = In euro, per esempio 120,50; al massimo 1.000.000.
pact-support-record-submit = Registra l’erogazione
pact-support-delivery-recorded = L’erogazione è registrata.
pact-support-not-signed = Le erogazioni di sostegno si registrano dopo la sottoscrizione del patto.
field-pact-delivery-line = Scegli una riga di sostegno del testo sottoscritto
field-pact-delivery-future = Il giorno dell’erogazione non può essere nel futuro
field-pact-delivery-before-signature = Il giorno dell’erogazione non può precedere la sottoscrizione del patto
field-pact-delivery-value = Indica il valore in euro, per esempio 120,50
field-pact-delivery-value-too-high = Un’erogazione può valere al massimo 1.000.000 di euro
pact-event-support-delivered = Sostegno erogato
ledger-kind-pact-support-delivered = Il Comune ha registrato un’erogazione del suo sostegno a un patto

## Statistiche
pact-stats-support = Il sostegno del Comune: promesso ed erogato
pact-stats-support-intro = Per i patti sottoscritti (in vigore, sospesi o conclusi): il valore stimato del sostegno promesso dal Comune, per anno di sottoscrizione, e ciò che i suoi uffici hanno erogato, per anno di erogazione.
pact-stats-support-promised = Promesso: { $amount } €
pact-stats-support-delivered = Erogato: { $amount } €
pact-stats-support-by-district = Sostegno per quartiere
pact-stats-support-by-office = Sostegno per ufficio responsabile
pact-stats-support-office = Ufficio
pact-stats-support-no-office = Nessun ufficio assegnato
pact-stats-support-by-year = Sostegno per anno
pact-stats-support-year = Anno
pact-stats-support-download = Scarica tutte le righe di sostegno in CSV
pact-stats-support-totals-download = Scarica questi totali in CSV

## E-mail: l’avviso sull’assicurazione
mail-pact-insurance-expiring-subject = L’assicurazione di un patto scade presto: { $title }
mail-pact-insurance-expiring-intro = L’assicurazione indicata nel patto "{ $title }" scade entro 30 giorni, prima della fine del patto. I proponenti dovrebbero rinnovarla e inviare la nuova polizza all’ufficio.
mail-pact-insurance-expiring-action = { mail-pact-action }
mail-pact-insurance-expiring-outro = { mail-pact-outro }
