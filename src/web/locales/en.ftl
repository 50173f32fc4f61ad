# Pactum: English (the reference catalogue; every key must exist here).
lang-name = English

## Layout
skip-to-content = Skip to main content
lang-switch-label = Language
lang-switch-submit = Change
nav-label = Main
nav-home = Home
nav-groups = My groups
nav-official = Official desk
nav-admin = Administration
nav-account = My account
nav-signout = Sign out
nav-signin = Sign in
nav-register = Create an account
footer-city = { $city } runs this site with Pactum, free software for public-commons partnerships.
footer-licence = Pactum is licensed under the GNU Affero General Public License, version 3 or later.
footer-software = This site runs Pactum, free software for public-commons partnerships.

## Home
home-title = Home
home-heading = Caring for { $city }'s commons, together
home-heading-unnamed = Caring for the city’s commons, together
home-lead = Parks, squares, school yards, buildings and digital services are shared goods. Here citizens, groups and the city agree on how to look after them, decide together, and keep a public record anyone can check.
home-cta-register = Create an account
home-what-heading = What you can do here
home-commons-title = Urban commons
home-commons-body = Find the places and resources cared for by the community, and propose new ones for the city to recognise.
home-pacts-title = Collaboration pacts
home-pacts-body = Propose a pact to care for a commons; the city reviews it, says what support it gives, and signs it with you.
home-assemblies-title = Assemblies and chambers
home-assemblies-body = Meet, discuss motions and vote, with results anyone can recount.
home-tokens-title = Decarbonisation tokens
home-tokens-body = Verified reductions of emissions earn tokens you can use at city services, all on a public ledger.
home-start-heading = Where to start
home-start-1 = Create an account and confirm your e-mail address.
home-start-2 = Start or join a group with your neighbours or your association.
home-start-3 = Look for a commons near you and propose how to care for it.

## Errors
error-status = Error code { $status }
error-home-link = Go to the home page
error-bad-request-title = The request could not be understood
error-bad-request-body = Something in the request was missing or malformed. Go back, check the form and try again.
error-bad-request-body-detail = The form data could not be read.
error-bad-request-too-large = The request was too large.
error-sign-in-required-title = Please sign in
error-sign-in-required-body = You need to sign in to see this page.
error-forbidden-title = You cannot do this
error-forbidden-body = Your account does not have permission for this page or action. If you think it should, ask the city's administrators.
error-csrf-title = The form has expired
error-csrf-body = For your safety we could not accept this form. Go back, reload the page and send it again.
error-not-found-title = Page not found
error-not-found-body = There is no page at this address. Check the address, or start again from the home page.
error-conflict-title = This conflicts with existing information
error-conflict-body = The change could not be made because it conflicts with what is already recorded.
error-conflict-duplicate = Something with the same name or address already exists.
error-invalid-title = Some information is not valid
error-invalid-body = Please check what you entered and try again.
error-too-many-requests-title = Too many attempts
error-too-many-requests-body = You have tried this too many times. Please wait a few minutes and try again.
error-unavailable-title = Service temporarily unavailable
error-unavailable-body = We cannot reach our database right now. Please try again in a few minutes.
error-internal-title = Something went wrong
error-internal-body = An unexpected error happened on our side. It has been logged. Please try again later.

## Forms
form-error-summary = There is a problem
form-error-prefix = Error:
field-email = E-mail address
field-email-required = Enter your e-mail address
field-email-invalid = Enter an e-mail address in the correct format, like name@example.org
field-email-unchanged = This is already your e-mail address
field-name = Name
field-name-hint = The name others see, for example your first and last name.
field-name-required = Enter your name
field-name-invalid = The name must be at most 100 characters, without special control characters
field-password = Password
field-password-hint = At least 12 characters. A short sentence is easy to remember and hard to guess.
field-password-confirm = Repeat the password
field-password-new = New password
field-password-current = Your current password
field-password-too-short = The password must be at least 12 characters long
field-password-too-long = The password is too long
field-password-common = This password is too common or too easy to guess: choose another one
field-password-mismatch = The two passwords do not match
field-password-wrong = The password is not correct
field-language = Language
field-language-invalid = Choose one of the offered languages
field-new-email = New e-mail address
field-role-invalid = Choose one of the listed roles
field-office-name = Name of the office
field-office-name-invalid = Enter a name of 1 to 100 characters, with at least one letter or digit
field-office-name-taken = An office with this name already exists
field-group-name = Name of the group
field-group-name-required = Enter the group's name
field-group-name-invalid = The name must be at most 120 characters
field-group-kind = What kind of group is it?
field-group-kind-invalid = Choose the kind of group
field-description = Description
field-description-too-long = The description must be at most 4,000 characters
field-location-not-numbers = Enter the latitude and longitude as numbers, such as 44.4949 and 11.3426
field-location-outside-world = Latitude must be between -90 and 90 and longitude between -180 and 180

## Registration and e-mail verification
register-title = Create an account
register-intro = With an account you can join groups, propose commons and pacts, and take part in assemblies. We send a link to confirm your e-mail address.
register-submit = Create account
register-have-account = Already have an account?
register-done-title = Check your e-mail
register-done-body = We have sent a message to the address you gave. Follow the link in it to confirm your address. If nothing arrives within a few minutes, check your spam folder.
verify-ok-title = Your e-mail address is confirmed
verify-ok-body = Thank you. Your account is active: you can now take part as a citizen.
verify-changed-title = Your e-mail address has been changed
verify-changed-body = From now on, sign in with your new e-mail address.
verify-failed-title = This link cannot be used
verify-failed-body = The link is not valid, has already been used, or has expired. Sign in and ask for a new one from your account page.
verify-taken-body = Another account already uses this e-mail address.

## Sign in
signin-title = Sign in
signin-submit = Sign in
signin-forgot = Forgot your password?
signin-no-account = No account yet?
signin-failed = The e-mail address or the password is not correct
signin-welcome = You are signed in.
signout-done = You are signed out.

## Password reset
forgot-title = Reset your password
forgot-intro = Enter the e-mail address of your account. If it exists, we send you a link to choose a new password. The link works once, for one hour.
forgot-submit = Send the link
forgot-done-title = Check your e-mail
forgot-done-body = If an account uses this address, a message with a link is on its way. The link works once, for one hour.
reset-title = Choose a new password
reset-submit = Save the new password
reset-invalid-title = This link cannot be used
reset-link-invalid = The link is not valid, has already been used, or has expired. Ask for a new one.
reset-done = Your password has been changed. Sign in with the new one.

## Account
account-title = My account
account-unverified = Your e-mail address is not confirmed yet. Until it is, you cannot create groups or propose anything.
account-resend = Send the confirmation link again
account-roles = Roles
account-no-roles = none
account-profile = Profile
account-save = Save
account-email-heading = Change e-mail address
account-email-hint = We send a link to the new address; the change happens when you follow it.
account-email-submit = Change e-mail address
account-password-heading = Password
account-password-body = To change your password, ask for a reset link.
account-saved = Your changes have been saved.
account-email-sent = We have sent a confirmation link to the new address.
account-verification-sent = We have sent a new confirmation link.
account-deleted = Your account has been deleted and your personal data erased.
delete-title = Delete my account
delete-link = Delete my account and erase my personal data
delete-explain = Your name, e-mail address and password are erased, and you leave your groups and offices. What you did in public (for example a signed pact) stays on record under an anonymous code, without your name. This cannot be undone.
delete-submit = Delete my account
delete-cancel = Keep my account

## Roles
role-citizen = Citizen
role-official = City official
role-signatory = Signatory for the city
role-facilitator = Facilitator
role-verifier = Verifier
role-admin = Administrator
user-former = Former member

## Groups
groups-title = My groups
groups-intro = Groups are how citizens act together: informal groups of neighbours, associations, cooperatives, schools.
groups-new = Start a group
groups-none = You are not in any group yet.
groups-member-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
groups-new-intro = You become the group's referent: the contact person who may sign for it. You can hand this role to another member later.
groups-create = Create the group
group-kind-informal-group = Informal group
group-kind-association = Association
group-kind-cooperative = Cooperative
group-kind-social-enterprise = Social enterprise
group-kind-school = School
group-kind-business = Business
group-referent = Referent
group-members = Members
group-make-referent = Make { $name } the referent
group-invite-heading = Invite a member
group-invite-hint = We send an invitation link to this address. It works for 14 days.
group-invite-submit = Send the invitation
group-leave = Leave this group
group-created = The group has been created. You are its referent.
group-invited = The invitation has been sent.
group-left = You have left the group.
group-referent-changed = The group has a new referent.
group-joined = Welcome to the group!
group-referent-must-hand-over = Make another member the referent before you leave.
group-referent-not-member = Only a member can become the referent.
invitation-title = Invitation
invitation-heading = You are invited to join { $group }
invitation-accept = Join the group
invitation-sign-in-first = Sign in, or create an account, to accept the invitation.
invitation-unusable = This invitation has already been used or has expired.

## Officials
official-title = Official desk
official-intro = Your work as a city official: the offices you belong to. Proposals to review will appear here.
official-offices = Your offices
official-no-office = You are not assigned to an office yet. Ask an administrator.
official-colleagues = Officials in this office:

## Administration
admin-title = Administration
admin-stat-users = accounts
admin-stat-verified = confirmed accounts
admin-stat-offices = offices
admin-stat-groups = groups
admin-stat-mail-pending = e-mails waiting to be sent
admin-stat-mail-failed = e-mails that could not be delivered
admin-users = People and roles
admin-offices = Offices
admin-audit = Role changes
admin-audit-intro = Every role granted or revoked, by whom and when. This record cannot be edited.
admin-users-search = Search by name or e-mail
search-submit = Search
admin-users-count = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
admin-verified = Confirmed
yes = Yes
no = No
pagination-label = Pages
pagination-prev = Previous page
pagination-next = Next page
pagination-page = Page { $page }
admin-pseudonym = Public code
admin-role = Role
admin-role-held = Held
admin-action = Action
admin-grant = Grant “{ $role }”
admin-revoke = Revoke “{ $role }”
admin-audit-when = When
admin-audit-who = By
admin-audit-whom = Person
admin-audit-system = the system
admin-audit-action-grant = granted
admin-audit-action-revoke = revoked
admin-audit-action-erase = erased with the account
admin-office-empty = No official is assigned yet.
admin-office-remove = Remove { $name }
admin-office-assign = Assign an official
admin-office-assign-submit = Assign
admin-office-new = New office
admin-office-create = Create the office
admin-role-granted = The role has been granted.
admin-role-revoked = The role has been revoked.
admin-last-admin = The last administrator cannot lose the role: grant it to someone else first.
admin-office-created = The office has been created.
admin-official-assigned = The official has been assigned to the office.
admin-official-removed = The official has been removed from the office.
office-needs-official = Only people with the city official role can join an office.
district-empty = The district has no area.

## E-mail
email-greeting = Hello { $name },
email-signature = { $city }, with Pactum
email-verify-subject = Confirm your e-mail address for { $city }
email-verify-intro = You created an account on { $city }'s commons platform. Please confirm that this address is yours.
email-verify-action = Confirm my e-mail address
email-verify-outro = The link works for 48 hours. If you did not create an account, ignore this message.
email-exists-subject = You already have an account with { $city }
email-exists-intro = Someone tried to create an account with this e-mail address, but you already have one.
email-exists-action = Sign in
email-exists-outro = If you forgot your password, use "Forgot your password?" on the sign-in page. If it was not you, you can ignore this message.
email-reset-subject = Reset your password for { $city }
email-reset-intro = We received a request to reset the password of your account.
email-reset-action = Choose a new password
email-reset-outro = The link works once, for one hour. If you did not ask for it, ignore this message: your password stays the same.
email-change-subject = Confirm your new e-mail address for { $city }
email-change-intro = You asked to use this address for your account.
email-change-action = Confirm the new address
email-change-outro = The link works for 48 hours. If you did not ask for this, ignore this message.
email-invite-subject = You are invited to join { $name }
email-invite-intro = You have been invited to join the group "{ $name }" on { $city }'s commons platform.
email-invite-action = See the invitation
email-invite-outro = The invitation works for 14 days. You need an account to accept it.

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
