# Pactum (en), ledger: the civic ledger and its public explorer.

## Civic ledger
nav-ledger = Public ledger
ledger-title = Public ledger
ledger-intro = Every commitment the city makes here, every vote result and every token is recorded in this append-only log. Anyone can check, without trusting this server, that nothing recorded was changed or removed.
ledger-checkpoint-heading = Latest signed checkpoint
ledger-size = Size
ledger-entry-count = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
ledger-root = Root hash
ledger-signed-note = The signed checkpoint as published
ledger-no-checkpoint = No checkpoint has been signed yet. The first one appears within a few seconds of the server starting.
ledger-search-heading = Find an entry
ledger-search-label = Entry number or hash
ledger-search-hint = An entry number (such as 42) or an entry's hash in hex or base64, as on a receipt.
ledger-search-found = Found:
ledger-search-none = No entry matches this number or hash.
ledger-newest-heading = Newest entries
ledger-empty = The ledger has no entries yet.
ledger-index = Number
ledger-kind = Kind
ledger-time = Recorded
ledger-verify-heading = How to verify the ledger yourself
ledger-verify-intro = Journalists, researchers and citizens can check the whole ledger on their own computer with the free pactum program (or any tool for transparency logs).
ledger-verify-step-key = Note the ledger's public key, published here and by the city elsewhere:
ledger-verify-step-run = Run the auditor: it downloads the checkpoint, the tiles and every entry, checks the signature and recomputes the whole tree.
ledger-verify-step-again = Run it again later with the same state file: it also proves the ledger only grew and nothing was rewritten.
ledger-verify-formats = The ledger is published in the standard formats of transparency logs (C2SP signed-note checkpoints and tlog-tiles):
ledger-entry-title = Ledger entry { $index }
ledger-leaf-hash = Entry hash
ledger-status = Status
ledger-in-checkpoint = Included in the signed checkpoint of size { $size }.
ledger-not-yet-signed = Recorded; it will be in the next signed checkpoint within seconds.
ledger-entry-content = Content (pseudonymous ids and hashes only)
ledger-proof-link = Proof that this entry is in the signed ledger (JSON)
ledger-kind-role-granted = A role was granted
ledger-kind-role-revoked = A role was revoked
ledger-kind-test-event = Test event
ledger-kind-other = Other event
ledger-kind-vote-closed = A vote was closed and counted
# --- added by recs ---
ledger-kind-recommendation-sent = An assembly or chamber sent a recommendation to the city
ledger-kind-recommendation-answered = The city answered a recommendation
ledger-kind-token-programme = The city opened a decarbonisation token programme
ledger-kind-token-methodology-published = A token methodology was published
ledger-kind-token-verifier-accredited = A verifier was accredited to a token programme
ledger-kind-token-claim-reviewed = A verifier decided on a decarbonisation claim
ledger-kind-token-issued = Tokens were issued for a verified claim
ledger-kind-token-transferred = Tokens were transferred
ledger-kind-token-spent = Tokens were spent at an acceptance point
ledger-kind-token-exchange-held = Tokens were held for an exchange
ledger-kind-token-exchange-paid = An exchange of tokens for euros was paid
ledger-kind-token-exchange-voided = An exchange of tokens was voided
ledger-kind-token-fund-deposit = Money was deposited into the civic fund
