# Pactum (nl), pactdoc: the signed pact as a PDF document, and its protocol number.

## The document
pactdoc-download = Ondertekende overeenkomst (PDF)
pactdoc-download-hint = De ondertekende tekst met de partijen, de handtekeningen, de SHA-256 en de vermelding in het openbaar register, klaar om af te drukken of op te bergen.
pactdoc-type = Soort
pactdoc-version = Ondertekende versie
pactdoc-protocol = Registratienummer
pactdoc-scan = Scan om deze vermelding in het openbaar register te openen
pactdoc-on-behalf-of = namens { $name }

## The protocol number
pactdoc-section = Ondertekend document
pactdoc-protocol-field = Registratienummer
pactdoc-protocol-hint = Het nummer dat het register van de stad aan de ondertekende overeenkomst gaf, hoogstens 40 tekens. Een nieuw nummer vervangt het oude; de geschiedenis bewaart beide.
pactdoc-protocol-submit = Registratienummer vastleggen
pactdoc-protocol-registered = Het registratienummer is vastgelegd.
pactdoc-protocol-too-long = Het registratienummer mag hoogstens 40 tekens lang zijn
pactdoc-protocol-invalid = Het registratienummer moet één regel gewone tekst zijn
pactdoc-protocol-not-signed = Een registratienummer wordt vastgelegd zodra de overeenkomst ondertekend is.
pact-event-protocol-registered = Registratienummer vastgelegd
