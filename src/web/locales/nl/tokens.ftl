# Decarbonisatietokens.

field-claim-methodology-invalid = Kies een methodologie en haar versie, bijvoorbeeld PV01@1
field-claim-asset-invalid = Geef de code van de installatie of meter: letters, cijfers, - _ . of /, hoogstens 64
field-claim-date-invalid = Geef een datum als JJJJ-MM-DD
field-claim-not-finished = Een aanvraag gaat over een afgelopen periode: die moet vóór vandaag eindigen
field-claim-ends-before-start = De periode moet eindigen op of na de dag waarop ze begint
field-claim-too-long = Eén aanvraag dekt hoogstens 366 dagen
