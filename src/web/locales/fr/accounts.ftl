# Pactum (fr), accounts: registration, sign-in, accounts and sessions, roles, groups, officials and the administration, with their e-mails.

## Registration and e-mail verification
register-title = Créer un compte
register-intro = Avec un compte, vous pouvez rejoindre des groupes, proposer des communs et des pactes, et participer aux assemblées. Nous vous envoyons un lien pour confirmer votre adresse e-mail.
register-submit = Créer le compte
register-have-account = Vous avez déjà un compte ?
register-done-title = Consultez votre messagerie
register-done-body = Nous avons envoyé un message à l’adresse indiquée. Suivez le lien qu’il contient pour confirmer votre adresse. Si rien n’arrive d’ici quelques minutes, vérifiez votre dossier de courrier indésirable.
verify-ok-title = Votre adresse e-mail est confirmée
verify-ok-body = Merci. Votre compte est actif : vous pouvez désormais participer en tant que citoyenne ou citoyen.
verify-changed-title = Votre adresse e-mail a été modifiée
verify-changed-body = Désormais, connectez-vous avec votre nouvelle adresse e-mail.
verify-failed-title = Ce lien ne peut pas être utilisé
verify-failed-body = Le lien n’est pas valide, a déjà été utilisé ou a expiré. Connectez-vous et demandez-en un nouveau depuis la page de votre compte.
verify-taken-body = Un autre compte utilise déjà cette adresse e-mail.

## Sign in
signin-title = Connexion
signin-submit = Se connecter
signin-forgot = Mot de passe oublié ?
signin-no-account = Pas encore de compte ?
signin-failed = L’adresse e-mail ou le mot de passe est incorrect
signin-welcome = Connexion réussie.
signout-done = Déconnexion réussie.

## Password reset
forgot-title = Réinitialiser votre mot de passe
forgot-intro = Saisissez l’adresse e-mail de votre compte. Si ce compte existe, nous vous envoyons un lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une seule fois, pendant une heure.
forgot-submit = Envoyer le lien
forgot-done-title = Consultez votre messagerie
forgot-done-body = Si un compte utilise cette adresse, un message contenant un lien est en route. Le lien ne fonctionne qu’une seule fois, pendant une heure.
reset-title = Choisissez un nouveau mot de passe
reset-submit = Enregistrer le nouveau mot de passe
reset-invalid-title = Ce lien ne peut pas être utilisé
reset-link-invalid = Le lien n’est pas valide, a déjà été utilisé ou a expiré. Demandez-en un nouveau.
reset-done = Votre mot de passe a été modifié. Connectez-vous avec le nouveau mot de passe.

## Account
account-title = Mon compte
account-unverified = Votre adresse e-mail n’est pas encore confirmée. Tant qu’elle ne l’est pas, vous ne pouvez ni créer de groupe ni faire de proposition.
account-resend = Renvoyer le lien de confirmation
account-roles = Rôles
account-no-roles = aucun
account-profile = Profil
account-save = Enregistrer
account-email-heading = Modifier l’adresse e-mail
account-email-hint = Nous envoyons un lien à la nouvelle adresse ; la modification prend effet lorsque vous le suivez.
account-email-submit = Modifier l’adresse e-mail
account-password-heading = Mot de passe
account-password-body = Si vous avez oublié votre mot de passe actuel, demandez plutôt un lien de réinitialisation.
account-saved = Vos modifications ont été enregistrées.
account-email-sent = Nous avons envoyé un lien de confirmation à la nouvelle adresse.
account-verification-sent = Nous avons envoyé un nouveau lien de confirmation.
account-deleted = Votre compte a été supprimé et vos données personnelles ont été effacées.
delete-title = Supprimer mon compte
delete-link = Supprimer mon compte et effacer mes données personnelles
delete-explain = Votre nom, votre adresse e-mail et votre mot de passe sont effacés, et vous quittez vos groupes et vos services. Ce que vous avez fait publiquement (par exemple un pacte signé) reste enregistré sous un code anonyme, sans votre nom. Cette action est irréversible.
delete-submit = Supprimer mon compte
delete-cancel = Conserver mon compte

## Roles
role-citizen = Citoyen
role-official = Agent municipal
role-signatory = Signataire pour la Ville
role-facilitator = Facilitateur
role-verifier = Vérificateur
role-admin = Administrateur
user-former = Ancien membre

## Groups
groups-title = Mes groupes
groups-intro = Les groupes permettent aux citoyens d’agir ensemble : groupes informels de voisins, associations, coopératives, écoles.
groups-new = Créer un groupe
groups-none = Vous ne faites encore partie d’aucun groupe.
groups-member-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
}
groups-new-intro = Vous devenez le référent du groupe : la personne de contact habilitée à signer en son nom. Vous pourrez confier ce rôle à un autre membre plus tard.
groups-create = Créer le groupe
group-kind-informal-group = Groupe informel
group-kind-association = Association
group-kind-cooperative = Coopérative
group-kind-social-enterprise = Entreprise sociale
group-kind-school = École
group-kind-business = Entreprise
group-referent = Référent
group-members = Membres
group-make-referent = Désigner { $name } comme référent
group-invite-heading = Inviter un membre
group-invite-hint = Nous envoyons un lien d’invitation à cette adresse. Il est valable 14 jours.
group-invite-submit = Envoyer l’invitation
group-leave = Quitter ce groupe
group-created = Le groupe a été créé. Vous en êtes le référent.
group-invited = L’invitation a été envoyée.
group-left = Vous avez quitté le groupe.
group-referent-changed = Le groupe a un nouveau référent.
group-joined = Bienvenue dans le groupe !
group-referent-must-hand-over = Désignez un autre membre comme référent avant de quitter le groupe.
group-referent-not-member = Seul un membre du groupe peut en devenir le référent.
invitation-title = Invitation
invitation-heading = Vous êtes invité à rejoindre { $group }
invitation-accept = Rejoindre le groupe
invitation-sign-in-first = Connectez-vous, ou créez un compte, pour accepter l’invitation.
invitation-unusable = Cette invitation a déjà été utilisée ou a expiré.

## Officials
official-title = Espace agents
official-intro = Votre travail d’agent municipal : les services dont vous faites partie. Les propositions à examiner apparaîtront ici.
official-offices = Vos services
official-no-office = Vous n’êtes encore affecté à aucun service. Adressez-vous à un administrateur.
official-colleagues = Agents de ce service :

## Administration
admin-title = Administration
admin-stat-users = comptes
admin-stat-verified = comptes confirmés
admin-stat-offices = services
admin-stat-groups = groupes
admin-stat-mail-pending = e-mails en attente d’envoi
admin-stat-mail-failed = e-mails qui n’ont pas pu être remis
admin-users = Personnes et rôles
admin-offices = Services
admin-audit = Modifications de rôles
admin-audit-intro = Chaque rôle attribué ou retiré, par qui et quand. Ce registre ne peut pas être modifié.
admin-users-search = Rechercher par nom ou adresse e-mail
admin-users-count = { $count ->
    [one] { $count } compte
   *[other] { $count } comptes
}
admin-verified = Confirmé
admin-pseudonym = Code public
admin-role = Rôle
admin-role-held = Attribué
admin-action = Action
admin-grant = Attribuer « { $role } »
admin-revoke = Retirer « { $role } »
admin-audit-when = Quand
admin-audit-who = Par
admin-audit-whom = Personne
admin-audit-system = le système
admin-audit-action-grant = attribué
admin-audit-action-revoke = retiré
admin-audit-action-erase = effacé avec le compte
admin-office-empty = Aucun agent n’est encore affecté.
admin-office-remove = Retirer { $name }
admin-office-assign = Affecter un agent
admin-office-assign-submit = Affecter
admin-office-new = Nouveau service
admin-office-create = Créer le service
admin-role-granted = Le rôle a été attribué.
admin-role-revoked = Le rôle a été retiré.
admin-last-admin = Le dernier administrateur ne peut pas perdre ce rôle : attribuez-le d’abord à quelqu’un d’autre.
admin-office-created = Le service a été créé.
admin-official-assigned = L’agent a été affecté au service.
admin-official-removed = L’agent a été retiré du service.
office-needs-official = Seules les personnes ayant le rôle d’agent municipal peuvent rejoindre un service.
district-empty = Le quartier n’a pas de périmètre défini.

## E-mail
email-verify-subject = Confirmez votre adresse e-mail pour { $city }
email-verify-intro = Vous avez créé un compte sur la plateforme des communs de { $city }. Veuillez confirmer que cette adresse est bien la vôtre.
email-verify-action = Confirmer mon adresse e-mail
email-verify-outro = Le lien est valable 48 heures. Si vous n’avez pas créé de compte, ignorez ce message.
email-exists-subject = Vous avez déjà un compte auprès de { $city }
email-exists-intro = Quelqu’un a essayé de créer un compte avec cette adresse e-mail, mais vous en avez déjà un.
email-exists-action = Se connecter
email-exists-outro = Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié ? » sur la page de connexion. Si ce n’était pas vous, vous pouvez ignorer ce message.
email-reset-subject = Réinitialisez votre mot de passe pour { $city }
email-reset-intro = Nous avons reçu une demande de réinitialisation du mot de passe de votre compte.
email-reset-action = Choisir un nouveau mot de passe
email-reset-outro = Le lien ne fonctionne qu’une seule fois, pendant une heure. Si vous n’en avez pas fait la demande, ignorez ce message : votre mot de passe reste inchangé.
email-change-subject = Confirmez votre nouvelle adresse e-mail pour { $city }
email-change-intro = Vous avez demandé à utiliser cette adresse pour votre compte.
email-change-action = Confirmer la nouvelle adresse
email-change-outro = Le lien est valable 48 heures. Si vous n’avez pas fait cette demande, ignorez ce message.
email-invite-subject = Vous êtes invité à rejoindre { $name }
email-invite-intro = Vous avez été invité à rejoindre le groupe « { $name } » sur la plateforme des communs de { $city }.
email-invite-action = Voir l’invitation
email-invite-outro = L’invitation est valable 14 jours. Vous avez besoin d’un compte pour l’accepter.

## Sessions and account safety (hardening)
verify-other-account-body = Ce lien confirme un changement d’adresse d’un autre compte. Déconnectez-vous, connectez-vous au compte qui a demandé le changement et ouvrez à nouveau le lien.
verify-sign-in-to-confirm = Connectez-vous pour confirmer votre nouvelle adresse e-mail.
signout-everywhere-done = Vous êtes déconnecté sur tous vos appareils.
account-email-password-hint = Par sécurité, saisissez votre mot de passe actuel.
account-password-submit = Changer le mot de passe
account-password-changed = Votre mot de passe a été changé. Vos autres sessions ont été déconnectées.
account-sessions-heading = Où vous êtes connecté
account-sessions-body = Sessions ouvertes de votre compte, y compris celle-ci : { $count }. Les sessions se terminent après une période sans utilisation et quelques jours après la connexion.
account-sessions-end = Se déconnecter partout
undo-email-title = Rétablir votre adresse e-mail précédente
undo-email-explain = L’adresse e-mail de votre compte a été changée. Si ce n’est pas vous, rétablissez cette adresse : toutes les sessions du compte seront déconnectées et vous pourrez choisir un nouveau mot de passe.
undo-email-submit = Rétablir cette adresse et se déconnecter partout
undo-email-done-title = Votre adresse e-mail précédente est rétablie
undo-email-done-body = Toutes les sessions de votre compte ont été déconnectées. Par sécurité, choisissez maintenant un nouveau mot de passe.
undo-email-invalid-body = Ce lien n’est pas valide, a déjà été utilisé ou date de plus de 7 jours.
email-changed-subject = L’adresse e-mail de votre compte { $city } a été changée
email-changed-intro = L’adresse e-mail de votre compte a été changée en { $new }. Désormais, les messages sont envoyés à cette adresse.
email-changed-action = Ce n’était pas moi : rétablir cette adresse
email-changed-outro = Si vous avez fait ce changement, ignorez ce message. Le lien est valable 7 jours.
invitation-other-address = Cette invitation a été envoyée à une autre adresse e-mail. Connectez-vous avec cette adresse ou demandez au référent du groupe d’inviter l’adresse de ce compte.

## Issue 11, pacts hardening: bounded version comparison, the coordinating office. (part)
admin-coordinating = Service coordinateur
admin-coordinating-help = Le service qui reçoit les propositions et en décide tant qu'aucun service n'est chargé du pacte. Tant qu'il n'est pas désigné, seuls les administrateurs peuvent agir sur les nouvelles propositions.
admin-coordinating-office = Service qui reçoit les propositions
admin-coordinating-none = Aucun (administrateurs seulement)
admin-coordinating-submit = Enregistrer
admin-coordinating-tag = Service coordinateur : reçoit les propositions
admin-coordinating-set = Le service coordinateur est enregistré.

## Absences and substitutes
absence-title = Absences et suppléants
absence-intro = Quand vous serez absent·e, désignez un·e collègue du même service qui agit pour vous : il ou elle voit vos pactes dans sa file, agit en votre nom (l'historique l'indique) et reçoit vos rappels.
absence-covering = Vous remplacez
absence-covering-line = { $name }
absence-mine = Vos absences
absence-none = Aucune absence enregistrée.
absence-now = en cours
absence-substitute-is = suppléant·e : { $name }
absence-cancel = Annuler cette absence
absence-new = Enregistrer une absence
absence-office = Service
absence-substitute = Suppléant·e
absence-substitute-hint = Un·e agent·e du même service.
absence-starts-on = Premier jour d'absence
absence-ends-on = Dernier jour d'absence
absence-submit = Enregistrer l'absence
absence-recorded = Votre absence est enregistrée ; votre suppléant·e agit pour vous ces jours-là.
absence-cancelled = L'absence est annulée.
absence-not-cancellable = Cette absence est terminée ou déjà annulée.
field-absence-office = Choisissez l'un de vos services.
field-absence-substitute-self = Votre suppléant·e doit être une autre personne.
field-absence-substitute-office = Le ou la suppléant·e doit être agent·e du même service.
field-absence-substitute-away = Votre suppléant·e est absent·e certains de ces jours.
field-absence-order = Le dernier jour précède le premier.
field-absence-past = Cette absence est déjà terminée.
field-absence-too-long = Une absence dure au plus 366 jours ; enregistrez-en une autre ensuite.
field-absence-overlap = Vous avez déjà enregistré une absence certains de ces jours.
field-absence-too-many = Vous avez trop d'absences à venir ; annulez-en une d'abord.
office-council-taken = Ce quartier a déjà un conseil.
