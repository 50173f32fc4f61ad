# Pactum (nl), pactsupport: the support ledger of collaboration pacts (promised and delivered support, the insurance alert).

## Het voorstelformulier: de geschatte waarde van elke regel steun
field-pact-support-value = Geschatte waarde (€)
field-pact-support-value-hint = De geschatte waarde van elke regel in euro (bijvoorbeeld 120,50), als die er is. Ze wordt gepubliceerd, en wat de stad levert wordt ermee vergeleken.
field-pact-support-value-invalid = De waarde van een regel moet een bedrag in euro zijn, van 0,01 tot 1.000.000

## De pagina van de overeenkomst: beloofd en geleverd
pact-support-title = Steun: beloofd en geleverd
pact-support-intro-signed = Wat de stad beloofde in de ondertekende tekst (versie { $n }), en wat haar dienst tot nu toe leverde.
pact-support-intro-estimate = De geschatte waarde van elke regel steun. Wat de stad belooft, ligt vast bij de ondertekening.
pact-support-line = Regel
pact-support-promised = Beloofd
pact-support-delivered = Geleverd
pact-support-value = Waarde
pact-support-no-value = geen waarde opgegeven
pact-support-total = Totaal
pact-support-unvalued = { $count ->
    [one] Eén regel steun heeft geen geschatte waarde en telt niet mee in het beloofde totaal.
   *[other] { $count } regels steun hebben geen geschatte waarde en tellen niet mee in het beloofde totaal.
}
pact-support-deliveries = Leveringen
pact-support-no-deliveries = Er is nog niets als geleverd geregistreerd.
pact-support-unmatched = Sommige leveringen werden geregistreerd op een regel die een latere versie van de tekst niet meer heeft; ze tellen mee in het geleverde totaal.
pact-support-insurance-short = De verzekering in de overeenkomst vervalt op { $date }, voor het einde van de overeenkomst. De indieners moeten ze vernieuwen en de nieuwe polis aan de dienst bezorgen.
pact-support-record = Een levering registreren
pact-support-record-hint = Wat de stad gaf onder een regel van de ondertekende tekst. Het wordt gepubliceerd op deze pagina en in de open data, en het openbaar register noteert bedrag en dag.
pact-support-field-line = Regel steun
pact-support-field-what = Wat werd geleverd
pact-support-field-what-hint = Bijvoorbeeld "20 zakken compost" of "snoeicursus, 12 deelnemers".
pact-support-field-on = Geleverd op
pact-support-field-on-hint = Niet in de toekomst, en niet voor de ondertekening van de overeenkomst.
pact-support-field-value = Waarde (€)
pact-support-field-value-hint = In euro, bijvoorbeeld 120,50; hoogstens 1.000.000.
pact-support-record-submit = De levering registreren
pact-support-delivery-recorded = De levering is geregistreerd.
pact-support-not-signed = Leveringen van steun worden geregistreerd zodra de overeenkomst ondertekend is.
field-pact-delivery-line = Kies een regel steun van de ondertekende tekst
field-pact-delivery-future = De dag van levering kan niet in de toekomst liggen
field-pact-delivery-before-signature = De dag van levering kan niet voor de ondertekening liggen
field-pact-delivery-value = Geef de waarde in euro, bijvoorbeeld 120,50
field-pact-delivery-value-too-high = Een levering is hoogstens 1.000.000 euro waard
pact-event-support-delivered = Steun geleverd
ledger-kind-pact-support-delivered = De stad registreerde een levering van haar steun aan een overeenkomst

## Statistieken
pact-stats-support = De steun van de stad: beloofd en geleverd
pact-stats-support-intro = Voor de ondertekende overeenkomsten (lopend, geschorst of afgesloten): de geschatte waarde van de steun die de stad beloofde, per jaar van ondertekening, en wat haar diensten leverden, per jaar van levering.
pact-stats-support-promised = Beloofd: { $amount } €
pact-stats-support-delivered = Geleverd: { $amount } €
pact-stats-support-by-district = Steun per wijk
pact-stats-support-by-office = Steun per verantwoordelijke dienst
pact-stats-support-office = Dienst
pact-stats-support-no-office = Geen dienst toegewezen
pact-stats-support-by-year = Steun per jaar
pact-stats-support-year = Jaar
pact-stats-support-download = Alle regels steun downloaden als CSV
pact-stats-support-totals-download = Deze totalen downloaden als CSV

## E-mail: de waarschuwing over de verzekering
mail-pact-insurance-expiring-subject = De verzekering van een overeenkomst vervalt binnenkort: { $title }
mail-pact-insurance-expiring-intro = De verzekering in de overeenkomst "{ $title }" vervalt binnen 30 dagen, voor het einde van de overeenkomst. De indieners moeten ze vernieuwen en de nieuwe polis aan de dienst bezorgen.
mail-pact-insurance-expiring-action = { mail-pact-action }
mail-pact-insurance-expiring-outro = { mail-pact-outro }
