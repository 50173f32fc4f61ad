# Jetons de décarbonation.

field-claim-methodology-invalid = Choisissez une méthodologie et sa version, par exemple PV01@1
field-claim-asset-invalid = Indiquez l'identifiant de l'installation ou du compteur : lettres, chiffres, - _ . ou /, 64 au plus
field-claim-date-invalid = Indiquez une date au format AAAA-MM-JJ
field-claim-not-finished = Une demande porte sur une période terminée : elle doit finir avant aujourd'hui
field-claim-ends-before-start = La période doit finir le jour où elle commence ou après
field-claim-too-long = Une demande couvre au plus 366 jours
