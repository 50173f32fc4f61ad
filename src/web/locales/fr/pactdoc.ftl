# Pactum (fr), pactdoc: the signed pact as a PDF document, and its protocol number.

## The document
pactdoc-download = Pacte signé (PDF)
pactdoc-download-hint = Le texte signé avec ses parties, ses signatures, son SHA-256 et son entrée dans le registre civique, prêt à imprimer ou à classer.
pactdoc-type = Type
pactdoc-version = Version signée
pactdoc-protocol = Numéro de protocole
pactdoc-scan = Scannez pour ouvrir cette entrée du registre civique
pactdoc-on-behalf-of = pour { $name }

## The protocol number
pactdoc-section = Document signé
pactdoc-protocol-field = Numéro de protocole
pactdoc-protocol-hint = Le numéro que le registre de la Ville a donné au pacte signé, 40 caractères au plus. Un nouveau numéro remplace l’ancien ; l’historique garde les deux.
pactdoc-protocol-submit = Enregistrer le numéro de protocole
pactdoc-protocol-registered = Le numéro de protocole est enregistré.
pactdoc-protocol-too-long = Le numéro de protocole compte 40 caractères au plus
pactdoc-protocol-invalid = Le numéro de protocole doit tenir sur une ligne de texte simple
pactdoc-protocol-not-signed = Le numéro de protocole s’enregistre une fois le pacte signé.
pact-event-protocol-registered = Numéro de protocole enregistré
