# Pactum (en), accounts: registration, sign-in, accounts and sessions, roles, groups, officials and the administration, with their e-mails.

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
account-password-body = If you forgot your current password, ask for a reset link instead.
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
admin-users-count = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
admin-verified = Confirmed
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

## Sessions and account safety (hardening)
verify-other-account-body = This link confirms an e-mail change for another account. Sign out, sign in to the account that asked for the change, and open the link again.
verify-sign-in-to-confirm = Sign in to confirm your new e-mail address.
signout-everywhere-done = You are signed out on every device.
account-email-password-hint = For your safety, type your current password.
account-password-submit = Change password
account-password-changed = Your password has been changed. Your other sessions have been signed out.
account-sessions-heading = Where you are signed in
account-sessions-body = Open sessions of your account, this one included: { $count }. Sessions end after a period without use and some days after signing in.
account-sessions-end = Sign out everywhere
undo-email-title = Put back your previous e-mail address
undo-email-explain = The e-mail address of your account was changed. If you did not do this, put back this address: every session of the account is then signed out, and you can choose a new password.
undo-email-submit = Put back this address and sign out everywhere
undo-email-done-title = Your previous e-mail address is back
undo-email-done-body = Every session of your account has been signed out. To be safe, choose a new password now.
undo-email-invalid-body = This link is not valid, has already been used, or is more than 7 days old.
email-changed-subject = The e-mail address of your { $city } account was changed
email-changed-intro = The e-mail address of your account was changed to { $new }. From now on, messages go to that address.
email-changed-action = This was not me: put back this address
email-changed-outro = If you made this change, ignore this message. The link works for 7 days.
invitation-other-address = This invitation was sent to another e-mail address. Sign in with that address, or ask the group's referent to invite the address of this account.

## Issue 11, pacts hardening: bounded version comparison, the coordinating office. (part)
admin-coordinating = Coordinating office
admin-coordinating-help = The office that receives proposals and decides on them until an office is assigned to the pact. Until one is set, only administrators may act on new proposals.
admin-coordinating-office = Office that receives proposals
admin-coordinating-none = None (administrators only)
admin-coordinating-submit = Save
admin-coordinating-tag = Coordinating office: receives proposals
admin-coordinating-set = The coordinating office is saved.

## Absences and substitutes
absence-title = Absences and substitutes
absence-intro = When you will be away, name a colleague of the same office who acts for you meanwhile: they see your pacts in their queue, act on your behalf (the history says so), and receive your reminders.
absence-covering = You stand in for
absence-covering-line = { $name }
absence-mine = Your absences
absence-none = No absence recorded.
absence-now = now
absence-substitute-is = substitute: { $name }
absence-cancel = Cancel this absence
absence-new = Record an absence
absence-office = Office
absence-substitute = Substitute
absence-substitute-hint = An official of the same office.
absence-starts-on = First day away
absence-ends-on = Last day away
absence-submit = Record the absence
absence-recorded = Your absence is recorded; your substitute acts for you on those days.
absence-cancelled = The absence is cancelled.
absence-not-cancellable = This absence is over or already cancelled.
field-absence-office = Choose one of your offices.
field-absence-substitute-self = Your substitute must be someone else.
field-absence-substitute-office = The substitute must be an official of the same office.
field-absence-substitute-away = Your substitute is away on some of those days.
field-absence-order = The last day comes before the first.
field-absence-past = This absence is already over.
field-absence-too-long = An absence is at most 366 days; record a new one after.
field-absence-overlap = You already recorded an absence on some of those days.
field-absence-too-many = You have too many absences recorded ahead; cancel one first.
office-council-taken = That district already has a council office.
