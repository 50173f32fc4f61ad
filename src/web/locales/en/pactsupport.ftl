# Pactum (en), pactsupport: the support ledger of collaboration pacts (promised and delivered support, the insurance alert).

## The proposal form: each support line's estimated value
field-pact-support-value = Estimated value (€)
field-pact-support-value-hint = The estimated value of each line in euros (for example 120,50), when it has one. It is published, and what the city delivers is counted against it.
field-pact-support-value-invalid = A line's value must be an amount in euros, from 0.01 to 1,000,000

## The pact page: promised and delivered
pact-support-title = Support: promised and delivered
pact-support-intro-signed = What the city promised in the signed text (version { $n }), and what its office has delivered so far.
pact-support-intro-estimate = The estimated value of each line of support. What the city promises is fixed when the pact is signed.
pact-support-line = Line
pact-support-promised = Promised
pact-support-delivered = Delivered
pact-support-value = Value
pact-support-no-value = no value given
pact-support-total = Total
pact-support-unvalued = { $count ->
    [one] One line of support has no estimated value and is not in the promised total.
   *[other] { $count } lines of support have no estimated value and are not in the promised total.
}
pact-support-deliveries = Deliveries
pact-support-no-deliveries = Nothing has been recorded as delivered yet.
pact-support-unmatched = Some deliveries were recorded against a line a later version of the text no longer has; they count in the total delivered.
pact-support-insurance-short = The insurance named in the pact expires on { $date }, before the pact ends. The proposers must renew it and send the new policy to the office.
pact-support-record = Record a delivery
pact-support-record-hint = What the city gave under a line of the signed text. It is published on this page and in the open data, and the civic ledger records its amount and day.
pact-support-field-line = Line of support
pact-support-field-what = What was delivered
pact-support-field-what-hint = For example "20 bags of compost" or "pruning course, 12 participants".
pact-support-field-on = Delivered on
pact-support-field-on-hint = Not in the future, and not before the pact was signed.
pact-support-field-value = Value (€)
pact-support-field-value-hint = In euros, for example 120,50; at most 1,000,000.
pact-support-record-submit = Record the delivery
pact-support-delivery-recorded = The delivery is recorded.
pact-support-not-signed = Deliveries of support are recorded once the pact is signed.
field-pact-delivery-line = Choose a line of support of the signed text
field-pact-delivery-future = The day of delivery cannot be in the future
field-pact-delivery-before-signature = The day of delivery cannot be before the pact was signed
field-pact-delivery-value = Give the value in euros, for example 120,50
field-pact-delivery-value-too-high = A delivery can be worth at most 1,000,000 euros
pact-event-support-delivered = Support delivered
ledger-kind-pact-support-delivered = The city recorded a delivery of its support to a pact

## Statistics
pact-stats-support = The city's support: promised and delivered
pact-stats-support-intro = For the signed pacts (in force, suspended or concluded): the estimated value of the support the city promised, by year of signature, and what its offices delivered, by year of delivery.
pact-stats-support-promised = Promised: { $amount } €
pact-stats-support-delivered = Delivered: { $amount } €
pact-stats-support-by-district = Support by district
pact-stats-support-by-office = Support by lead office
pact-stats-support-office = Office
pact-stats-support-no-office = No office assigned
pact-stats-support-by-year = Support by year
pact-stats-support-year = Year
pact-stats-support-download = Download every line of support as CSV
pact-stats-support-totals-download = Download these totals as CSV

## E-mail: the insurance alert
mail-pact-insurance-expiring-subject = The insurance of a pact expires soon: { $title }
mail-pact-insurance-expiring-intro = The insurance named in the pact "{ $title }" expires within 30 days, before the pact ends. The proposers should renew it and send the new policy to the office.
mail-pact-insurance-expiring-action = { mail-pact-action }
mail-pact-insurance-expiring-outro = { mail-pact-outro }
