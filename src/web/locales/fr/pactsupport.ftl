# Pactum (fr), pactsupport: the support ledger of collaboration pacts (promised and delivered support, the insurance alert).

## Le formulaire de proposition : la valeur estimée de chaque ligne de soutien
field-pact-support-value = Valeur estimée (€)
field-pact-support-value-hint = La valeur estimée de chaque ligne en euros (par exemple 120,50), si elle en a une. Elle est publiée, et ce que la Ville fournit y est comparé.
field-pact-support-value-invalid = La valeur d’une ligne doit être un montant en euros, de 0,01 à 1 000 000

## La page du pacte : promis et fourni
pact-support-title = Soutien : promis et fourni
pact-support-intro-signed = Ce que la Ville a promis dans le texte signé (version { $n }), et ce que son service a fourni jusqu’ici.
pact-support-intro-estimate = La valeur estimée de chaque ligne de soutien. Ce que la Ville promet est fixé à la signature du pacte.
pact-support-line = Ligne
pact-support-promised = Promis
pact-support-delivered = Fourni
pact-support-value = Valeur
pact-support-no-value = aucune valeur indiquée
pact-support-total = Total
pact-support-unvalued = { $count ->
    [one] Une ligne de soutien n’a pas de valeur estimée et n’entre pas dans le total promis.
   *[other] { $count } lignes de soutien n’ont pas de valeur estimée et n’entrent pas dans le total promis.
}
pact-support-deliveries = Fournitures
pact-support-no-deliveries = Rien n’a encore été enregistré comme fourni.
pact-support-unmatched = Certaines fournitures ont été enregistrées sur une ligne qu’une version ultérieure du texte n’a plus ; elles comptent dans le total fourni.
pact-support-insurance-short = L’assurance indiquée dans le pacte expire le { $date }, avant la fin du pacte. Les proposants doivent la renouveler et envoyer la nouvelle police au service.
pact-support-record = Enregistrer une fourniture
pact-support-record-hint = Ce que la Ville a donné au titre d’une ligne du texte signé. C’est publié sur cette page et dans les données ouvertes, et le registre civique en note le montant et le jour.
pact-support-field-line = Ligne de soutien
pact-support-field-what = Ce qui a été fourni
pact-support-field-what-hint = Par exemple « 20 sacs de compost » ou « cours de taille, 12 participants ».
pact-support-field-on = Fourni le
pact-support-field-on-hint = Pas dans le futur, et pas avant la signature du pacte.
pact-support-field-value = Valeur (€)
pact-support-field-value-hint = En euros, par exemple 120,50 ; au plus 1 000 000.
pact-support-record-submit = Enregistrer la fourniture
pact-support-delivery-recorded = La fourniture est enregistrée.
pact-support-not-signed = Les fournitures de soutien s’enregistrent une fois le pacte signé.
field-pact-delivery-line = Choisissez une ligne de soutien du texte signé
field-pact-delivery-future = Le jour de la fourniture ne peut pas être dans le futur
field-pact-delivery-before-signature = Le jour de la fourniture ne peut pas précéder la signature du pacte
field-pact-delivery-value = Indiquez la valeur en euros, par exemple 120,50
field-pact-delivery-value-too-high = Une fourniture vaut au plus 1 000 000 d’euros
pact-event-support-delivered = Soutien fourni
ledger-kind-pact-support-delivered = La Ville a enregistré une fourniture de son soutien à un pacte

## Statistiques
pact-stats-support = Le soutien de la Ville : promis et fourni
pact-stats-support-intro = Pour les pactes signés (en vigueur, suspendus ou conclus) : la valeur estimée du soutien promis par la Ville, par année de signature, et ce que ses services ont fourni, par année de fourniture.
pact-stats-support-promised = Promis : { $amount } €
pact-stats-support-delivered = Fourni : { $amount } €
pact-stats-support-by-district = Soutien par quartier
pact-stats-support-by-office = Soutien par service responsable
pact-stats-support-office = Service
pact-stats-support-no-office = Aucun service désigné
pact-stats-support-by-year = Soutien par année
pact-stats-support-year = Année
pact-stats-support-download = Télécharger toutes les lignes de soutien en CSV
pact-stats-support-totals-download = Télécharger ces totaux en CSV

## Courriel : l’alerte sur l’assurance
mail-pact-insurance-expiring-subject = L’assurance d’un pacte expire bientôt : { $title }
mail-pact-insurance-expiring-intro = L’assurance indiquée dans le pacte « { $title } » expire dans les 30 jours, avant la fin du pacte. Les proposants devraient la renouveler et envoyer la nouvelle police au service.
mail-pact-insurance-expiring-action = { mail-pact-action }
mail-pact-insurance-expiring-outro = { mail-pact-outro }
