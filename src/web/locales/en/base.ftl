# Pactum: English (the reference catalogue; every key must exist here).
# base: the layout, home page, errors, forms, pagination, search bounds and the frame of every e-mail.
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

## Administration (part)
search-submit = Search
yes = Yes
no = No
pagination-label = Pages
pagination-prev = Previous page
pagination-next = Next page
pagination-page = Page { $page }

## E-mail (part)
email-greeting = Hello { $name },
email-signature = { $city }, with Pactum

## Commons registry (part)
pagination-first = First page

## Sessions and account safety (hardening) (part)
error-too-many-requests-wait = You can try again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.

## Issue 11 (web hardening): request size limits, content types, malformed forms
error-too-large-title = The request is too large
error-too-large-body = What you sent is larger than this page accepts, so none of it was saved.
error-too-large-detail = The limit here is { $size }. Go back, send something smaller and try again.
error-unsupported-type-title = This kind of content is not accepted
error-unsupported-type-body = The request was sent in a form this address does not accept, so nothing was saved.
error-unsupported-type-detail = This address accepts only { $type }.
size-megabytes = { $n } MB
size-kibibytes = { $n } KiB
error-form-invalid-text = A field of the form contains bytes that are not valid text (UTF-8). Nothing was saved: check what you typed or pasted and send the form again.
error-form-repeated-field = A field of the form was sent more than once. Nothing was saved: reload the page and send the form again.
error-form-too-many-fields = The form has more fields than it accepts. Nothing was saved: reload the page and send the form again.
error-form-too-many-files = The form accepts one file only. Nothing was saved: choose a single file and send the form again.

## Hardening: search bounds (issue 11, items 1 and 22)
search-error-too-long = The search text is too long: use at most 200 characters.
search-error-too-many-words = The search text has too many words: use at most 10.
