# Pactum : français (toutes les clés de en/ ; vouvoiement).
# base: the layout, home page, errors, forms, pagination, search bounds and the frame of every e-mail.
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

## Administration (part)
search-submit = Rechercher
yes = Oui
no = Non
pagination-label = Pages
pagination-prev = Page précédente
pagination-next = Page suivante
pagination-page = Page { $page }

## E-mail (part)
email-greeting = Bonjour { $name },
email-signature = { $city }, avec Pactum

## Commons registry (part)
pagination-first = Première page

## Sessions and account safety (hardening) (part)
error-too-many-requests-wait = Vous pourrez réessayer dans { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}.

## Issue 11 (web hardening): request size limits, content types, malformed forms
error-too-large-title = La requête est trop volumineuse
error-too-large-body = Ce que vous avez envoyé dépasse ce que cette page accepte : rien n’a été enregistré.
error-too-large-detail = La limite ici est de { $size }. Revenez en arrière, envoyez quelque chose de plus petit et réessayez.
error-unsupported-type-title = Ce type de contenu n’est pas accepté
error-unsupported-type-body = La requête a été envoyée sous une forme que cette adresse n’accepte pas : rien n’a été enregistré.
error-unsupported-type-detail = Cette adresse n’accepte que { $type }.
size-megabytes = { $n } Mo
size-kibibytes = { $n } Kio
error-form-invalid-text = Un champ du formulaire contient des octets qui ne sont pas du texte valide (UTF-8). Rien n’a été enregistré : vérifiez ce que vous avez saisi ou collé et renvoyez le formulaire.
error-form-repeated-field = Un champ du formulaire a été envoyé plusieurs fois. Rien n’a été enregistré : rechargez la page et renvoyez le formulaire.
error-form-too-many-fields = Le formulaire a plus de champs qu’il n’en accepte. Rien n’a été enregistré : rechargez la page et renvoyez le formulaire.
error-form-too-many-files = Le formulaire n’accepte qu’un seul fichier. Rien n’a été enregistré : choisissez un seul fichier et renvoyez le formulaire.

## Hardening : limites de la recherche (issue 11, points 1 et 22)
search-error-too-long = Le texte recherché est trop long : utilisez au plus 200 caractères.
search-error-too-many-words = Le texte recherché contient trop de mots : utilisez-en au plus 10.
