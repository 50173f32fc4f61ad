# Pactum (en), pactdoc: the signed pact as a PDF document, and its protocol number.

## The document
pactdoc-download = Signed pact (PDF)
pactdoc-download-hint = The signed text with its parties, signatures, SHA-256 and civic ledger entry, ready to print or file.
pactdoc-type = Type
pactdoc-version = Signed version
pactdoc-protocol = Protocol number
pactdoc-scan = Scan to open this entry of the civic ledger
pactdoc-on-behalf-of = on behalf of { $name }

## The protocol number
pactdoc-section = Signed document
pactdoc-protocol-field = Protocol number
pactdoc-protocol-hint = The number the city's register gave the signed pact, at most 40 characters. A new number replaces the old one; the history keeps both.
pactdoc-protocol-submit = Register the protocol number
pactdoc-protocol-registered = The protocol number is registered.
pactdoc-protocol-too-long = The protocol number must be at most 40 characters
pactdoc-protocol-invalid = The protocol number must be one line of plain text
pactdoc-protocol-not-signed = A protocol number is registered once the pact is signed.
pact-event-protocol-registered = Protocol number registered
