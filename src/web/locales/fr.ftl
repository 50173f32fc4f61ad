# Pactum : français (toutes les clés de en.ftl ; vouvoiement).
lang-name = Français

## Layout
skip-to-content = Aller au contenu principal
lang-switch-label = Langue
lang-switch-submit = Changer
nav-label = Menu principal
nav-home = Accueil
nav-groups = Mes groupes
nav-official = Espace agents
nav-admin = Administration
nav-account = Mon compte
nav-signout = Se déconnecter
nav-signin = Se connecter
nav-register = Créer un compte
footer-city = { $city } fait fonctionner ce site avec Pactum, logiciel libre au service des partenariats public-communs.
footer-licence = Pactum est distribué sous la licence GNU Affero General Public License, version 3 ou ultérieure.
footer-software = Ce site fonctionne avec Pactum, logiciel libre au service des partenariats public-communs.

## Home
home-title = Accueil
home-heading = Prendre soin ensemble des communs de { $city }
home-heading-unnamed = Prendre soin ensemble des communs de la ville
home-lead = Parcs, places, cours d’école, bâtiments et services numériques sont des biens partagés. Ici, citoyens, groupes et Ville s’accordent sur la manière d’en prendre soin, décident ensemble et tiennent un registre public que chacun peut consulter.
home-cta-register = Créer un compte
home-what-heading = Ce que vous pouvez faire ici
home-commons-title = Communs urbains
home-commons-body = Découvrez les lieux et les ressources dont la communauté prend soin, et proposez-en de nouveaux à faire reconnaître par la Ville.
home-pacts-title = Pactes de collaboration
home-pacts-body = Proposez un pacte pour prendre soin d’un commun ; la Ville l’examine, précise le soutien qu’elle apporte et le signe avec vous.
home-assemblies-title = Assemblées et chambres
home-assemblies-body = Réunissez-vous, débattez des motions et votez, avec des résultats que chacun peut recompter.
home-tokens-title = Jetons de décarbonation
home-tokens-body = Les réductions d’émissions vérifiées rapportent des jetons utilisables auprès des services municipaux, le tout inscrit dans un registre public.
home-start-heading = Par où commencer
home-start-1 = Créez un compte et confirmez votre adresse e-mail.
home-start-2 = Créez un groupe avec vos voisins ou votre association, ou rejoignez un groupe existant.
home-start-3 = Cherchez un commun près de chez vous et proposez une manière d’en prendre soin.

## Errors
error-status = Code d’erreur { $status }
error-home-link = Aller à la page d’accueil
error-bad-request-title = La demande n’a pas pu être comprise
error-bad-request-body = Un élément de la demande était manquant ou mal formé. Revenez en arrière, vérifiez le formulaire et réessayez.
error-bad-request-body-detail = Les données du formulaire n’ont pas pu être lues.
error-bad-request-too-large = La demande était trop volumineuse.
error-sign-in-required-title = Veuillez vous connecter
error-sign-in-required-body = Vous devez vous connecter pour voir cette page.
error-forbidden-title = Vous ne pouvez pas effectuer cette action
error-forbidden-body = Votre compte n’a pas l’autorisation d’accéder à cette page ou d’effectuer cette action. Si vous pensez qu’il devrait l’avoir, adressez-vous aux administrateurs de la Ville.
error-csrf-title = Le formulaire a expiré
error-csrf-body = Pour votre sécurité, nous n’avons pas pu accepter ce formulaire. Revenez en arrière, rechargez la page et envoyez-le de nouveau.
error-not-found-title = Page introuvable
error-not-found-body = Il n’y a aucune page à cette adresse. Vérifiez l’adresse ou repartez de la page d’accueil.
error-conflict-title = Conflit avec des informations existantes
error-conflict-body = La modification n’a pas pu être effectuée, car elle entre en conflit avec ce qui est déjà enregistré.
error-conflict-duplicate = Un élément portant le même nom ou la même adresse existe déjà.
error-invalid-title = Certaines informations ne sont pas valides
error-invalid-body = Veuillez vérifier votre saisie et réessayer.
error-too-many-requests-title = Trop de tentatives
error-too-many-requests-body = Vous avez fait trop de tentatives. Veuillez patienter quelques minutes, puis réessayer.
error-unavailable-title = Service temporairement indisponible
error-unavailable-body = Nous ne parvenons pas à joindre notre base de données pour le moment. Veuillez réessayer dans quelques minutes.
error-internal-title = Une erreur s’est produite
error-internal-body = Une erreur inattendue s’est produite de notre côté. Elle a été enregistrée. Veuillez réessayer plus tard.

## Forms
form-error-summary = Il y a un problème
form-error-prefix = Erreur :
field-email = Adresse e-mail
field-email-required = Saisissez votre adresse e-mail
field-email-invalid = Saisissez une adresse e-mail au bon format, par exemple nom@example.org
field-email-unchanged = C’est déjà votre adresse e-mail
field-name = Nom
field-name-hint = Le nom que les autres voient, par exemple vos prénom et nom.
field-name-required = Saisissez votre nom
field-name-invalid = Le nom doit comporter au maximum 100 caractères, sans caractères de contrôle spéciaux
field-password = Mot de passe
field-password-hint = Au moins 12 caractères. Une courte phrase est facile à retenir et difficile à deviner.
field-password-confirm = Répétez le mot de passe
field-password-new = Nouveau mot de passe
field-password-current = Votre mot de passe actuel
field-password-too-short = Le mot de passe doit comporter au moins 12 caractères
field-password-too-long = Le mot de passe est trop long
field-password-common = Ce mot de passe est trop courant ou trop facile à deviner : choisissez-en un autre
field-password-mismatch = Les deux mots de passe ne correspondent pas
field-password-wrong = Le mot de passe est incorrect
field-language = Langue
field-language-invalid = Choisissez l’une des langues proposées
field-new-email = Nouvelle adresse e-mail
field-role-invalid = Choisissez l’un des rôles proposés
field-office-name = Nom du service
field-office-name-invalid = Saisissez un nom de 1 à 100 caractères, comportant au moins une lettre ou un chiffre
field-office-name-taken = Un service portant ce nom existe déjà
field-group-name = Nom du groupe
field-group-name-required = Saisissez le nom du groupe
field-group-name-invalid = Le nom doit comporter au maximum 120 caractères
field-group-kind = De quel type de groupe s’agit-il ?
field-group-kind-invalid = Choisissez le type de groupe
field-description = Description
field-description-too-long = La description doit comporter au maximum 4 000 caractères
field-location-not-numbers = Saisissez la latitude et la longitude sous forme de nombres, par exemple 44,4949 et 11,3426
field-location-outside-world = La latitude doit être comprise entre -90 et 90 et la longitude entre -180 et 180

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
account-password-body = Pour modifier votre mot de passe, demandez un lien de réinitialisation.
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
search-submit = Rechercher
admin-users-count = { $count ->
    [one] { $count } compte
   *[other] { $count } comptes
}
admin-verified = Confirmé
yes = Oui
no = Non
pagination-label = Pages
pagination-prev = Page précédente
pagination-next = Page suivante
pagination-page = Page { $page }
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
email-greeting = Bonjour { $name },
email-signature = { $city }, avec Pactum
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

## Civic ledger
nav-ledger = Registre public
ledger-title = Registre public
ledger-intro = Chaque engagement pris ici par la Ville, chaque résultat de vote et chaque jeton est inscrit dans ce registre, auquel on ne peut qu’ajouter des entrées. Chacun peut vérifier, sans avoir à faire confiance à ce serveur, que rien de ce qui y est inscrit n’a été modifié ni supprimé.
ledger-checkpoint-heading = Dernier point de contrôle signé
ledger-size = Taille
ledger-entry-count = { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
}
ledger-root = Hachage racine
ledger-signed-note = Le point de contrôle signé, tel que publié
ledger-no-checkpoint = Aucun point de contrôle n’a encore été signé. Le premier apparaît quelques secondes après le démarrage du serveur.
ledger-search-heading = Trouver une entrée
ledger-search-label = Numéro ou hachage de l’entrée
ledger-search-hint = Un numéro d’entrée (par exemple 42) ou le hachage d’une entrée en hex ou en base64, tel qu’il figure sur un reçu.
ledger-search-found = Trouvée :
ledger-search-none = Aucune entrée ne correspond à ce numéro ou à ce hachage.
ledger-newest-heading = Entrées les plus récentes
ledger-empty = Le registre ne contient encore aucune entrée.
ledger-index = Numéro
ledger-kind = Type
ledger-time = Date d’inscription
ledger-verify-heading = Comment vérifier vous-même le registre
ledger-verify-intro = Journalistes, chercheurs et citoyens peuvent vérifier l’ensemble du registre sur leur propre ordinateur avec le logiciel libre pactum (ou tout autre outil pour journaux de transparence).
ledger-verify-step-key = Notez la clé publique du registre, publiée ici et, par ailleurs, par la Ville :
ledger-verify-step-run = Lancez l’outil d’audit : il télécharge le point de contrôle, les tuiles et toutes les entrées, vérifie la signature et recalcule l’arbre entier.
ledger-verify-step-again = Relancez-le plus tard avec le même fichier d’état : il prouve aussi que le registre n’a fait que grandir et que rien n’a été réécrit.
ledger-verify-formats = Le registre est publié dans les formats standard des journaux de transparence (points de contrôle C2SP signed-note et tlog-tiles) :
ledger-entry-title = Entrée { $index } du registre
ledger-leaf-hash = Hachage de l’entrée
ledger-status = État
ledger-in-checkpoint = Incluse dans le point de contrôle signé de taille { $size }.
ledger-not-yet-signed = Inscrite ; elle figurera d’ici quelques secondes dans le prochain point de contrôle signé.
ledger-entry-content = Contenu (identifiants pseudonymes et hachages uniquement)
ledger-proof-link = Preuve que cette entrée figure dans le registre signé (JSON)
ledger-kind-role-granted = Un rôle a été attribué
ledger-kind-role-revoked = Un rôle a été retiré
ledger-kind-test-event = Événement de test
ledger-kind-other = Autre événement
