# Assemblées et Chambres des Communs

nav-assemblies = Assemblées
bodies-title = Assemblées et Chambres des Communs
bodies-intro = Les assemblées réunissent les personnes qui prennent soin des communs d'un territoire ou d'un thème ; les chambres réunissent les organisations qui œuvrent pour eux. Les unes et les autres parlent d'une seule voix à la ville.
bodies-none = Il n'y a encore aucune assemblée ni chambre.
bodies-new = Nouvelle assemblée ou chambre
bodies-create = Créer
body-kind-assembly = Assemblée des Communs
body-kind-chamber = Chambre des Communs
body-joining-open = Tout le monde peut adhérer
body-joining-approval = Un facilitateur admet chaque demande
member-status-pending = demande en attente
member-status-member = membre
member-status-refused = demande refusée
member-status-left = parti
body-whole-city = Toute la ville
body-member-count = { $count ->
    [0] Aucun membre pour l'instant
    [one] Un membre
   *[other] { $count } membres
}
body-supporters-count = { $count ->
    [one] Un soutien
   *[other] { $count } soutiens
}
body-requests-count = { $count ->
    [0] Aucune demande en attente
    [one] Une demande en attente
   *[other] { $count } demandes en attente
}
body-charter = Charte
body-members = Membres
body-see-members = voir la liste
body-chamber-admits = Organisations admises par un facilitateur :
body-motion-threshold = Une motion est mise aux voix avec
body-facilitators = Facilitateurs
body-no-facilitators = Personne n'est encore nommé.
body-facilitator-remove = Retirer
body-facilitator-add = Nommer le facilitateur
body-facilitator-added = Le facilitateur a été nommé.
body-facilitator-removed = Le facilitateur a été retiré.
body-your-membership = Votre adhésion
body-you-are-member = Vous êtes membre.
body-you-asked = Vous avez demandé à adhérer ; un facilitateur décidera.
body-join = Adhérer
body-ask-to-join = Demander à adhérer
body-leave = Quitter
body-withdraw-request = Retirer ma demande
body-joined = Vous avez adhéré.
body-requested = Votre demande a été envoyée aux facilitateurs.
body-left = C'est fait : l'adhésion a pris fin.
body-chamber-how = Les membres d'une chambre sont des organisations. Le référent d'une association, d'une coopérative, d'une entreprise sociale ou d'un groupe informel demande son adhésion.
body-group-not-member = pas membre
body-ask-for-group = Demander l'adhésion de { $group }
body-take-group-out = Retirer { $group }
body-delegate-referent = Le référent
body-delegate-save = Enregistrer
body-delegate-saved = Le délégué a été enregistré.
body-run = Animer cet organe
body-edit = Modifier les réglages
body-save = Enregistrer
body-saved = Les réglages ont été enregistrés.
body-created = L'organe a été créé. Nommez ci-dessous ses facilitateurs.
body-requests = Demandes d'adhésion
body-no-requests = Aucune demande en attente.
body-no-members = Aucun membre pour l'instant.
body-member-name = Nom
body-member-voter = Vote pour elle
body-member-since = Membre depuis
body-member-asked = Demandé le
body-decision = Décision
body-admit = Admettre { $name }
body-refuse = Refuser { $name }
body-decided = La décision a été enregistrée.
body-member-removed = Le membre a été retiré.
body-already-member = Cette adhésion existe déjà.
body-request-decided = Cette demande a déjà été tranchée.
body-not-member = Ce n'est pas un membre actuel.
body-not-referent = Seul le référent d'un groupe peut agir en son nom.
field-body-kind = Type d'organe
field-body-kind-invalid = Choisissez une assemblée ou une chambre
field-body-kind-fixed = Le type d'un organe ne peut pas changer
field-body-name = Nom
field-body-name-required = Saisissez le nom
field-body-name-invalid = Saisissez un nom d'au plus 120 caractères avec des lettres ou des chiffres
field-body-name-taken = Un autre organe porte déjà ce nom
field-body-charter = Charte
field-body-charter-hint = À quoi sert l'organe et comment il fonctionne.
field-body-district = Territoire
field-body-district-invalid = Choisissez un quartier dans la liste
field-body-theme = Thème (facultatif)
field-body-theme-hint = Par exemple : jardins urbains, communs numériques.
field-body-theme-invalid = Saisissez un thème d'au plus 120 caractères
field-body-joining = Adhésion
field-body-joining-invalid = Choisissez comment on adhère
field-body-chamber-approval = Une chambre admet chaque organisation : choisissez l'approbation par un facilitateur
field-body-admits = Organisations qu'une chambre admet
field-body-admits-hint = Seulement pour une chambre.
field-body-admits-invalid = Choisissez des types dans la liste
field-body-admits-required = Choisissez au moins un type d'organisation pour une chambre
field-body-admits-assembly = Les membres d'une assemblée sont des personnes : laissez vides les types d'organisation
field-body-threshold = Soutiens nécessaires pour qu'une motion soit mise aux voix
field-body-threshold-hint = Un nombre entier de 1 à 1000.
field-body-threshold-invalid = Saisissez un nombre entier de 1 à 1000
field-body-facilitator = Adresse e-mail du facilitateur
field-body-facilitator-hint = La personne doit avoir un compte.
field-body-facilitator-unknown = Aucun compte n'a cette adresse e-mail
field-body-delegate = Qui vote pour elle
field-body-delegate-invalid = Choisissez un membre du groupe
field-body-reason = Motif
field-body-reason-required = Indiquez le motif

# Réunions
meetings = Réunions
meetings-calendar-feed = Flux d'agenda (.ics)
meetings-upcoming = À venir
meetings-past = Réunions passées
meetings-none-upcoming = Aucune réunion prévue.
meeting-new = Prévoir une réunion
meeting-plan = Prévoir la réunion
meeting-planned = La réunion a été prévue.
meeting-when = Quand
meeting-attendance = Présences
meeting-present-count = { $count ->
    [0] Présences pas encore relevées
    [one] Un membre présent
   *[other] { $count } membres présents
}
meeting-add-to-calendar = Ajouter à mon agenda (.ics)
meeting-agenda = Ordre du jour
meeting-no-agenda = Pas encore d'ordre du jour.
meeting-minutes = Procès-verbal
meeting-no-minutes = Le procès-verbal n'est pas encore publié.
meeting-minutes-published-on = Publié le
meeting-minutes-published = Le procès-verbal a été publié.
meeting-take-attendance = Relever les présences
meeting-who-present = Qui était présent
meeting-save-attendance = Enregistrer les présences
meeting-attendance-saved = Les présences ont été enregistrées.
meeting-publish-minutes = Publier le procès-verbal
meeting-cancel = Annuler la réunion
meeting-cancelled-done = La réunion a été annulée.
meeting-is-cancelled = Annulée
meeting-cancelled = Cette réunion a été annulée.
agenda-kind-free = point
agenda-kind-pact = pacte
agenda-kind-commons = commun
field-meeting-title = Titre
field-meeting-title-required = Saisissez le titre
field-meeting-title-invalid = Saisissez un titre d'au plus 200 caractères
field-meeting-starts = Début
field-meeting-ends = Fin
field-meeting-time-hint = Date et heure, par exemple 2026-12-10 18:30.
field-meeting-time-invalid = Saisissez une date et une heure
field-meeting-end-invalid = La réunion doit finir après son début, dans la journée
field-meeting-place = Lieu
field-meeting-place-hint = Une adresse ou une salle ; laissez vide pour une réunion en ligne.
field-meeting-place-invalid = Saisissez un lieu d'au plus 300 caractères
field-meeting-where-required = Saisissez un lieu, un lien en ligne ou les deux
field-meeting-url = Lien en ligne
field-meeting-url-invalid = Saisissez un lien commençant par https://
field-meeting-agenda = Ordre du jour
field-meeting-agenda-hint = Un point par ligne. Pour lier un pacte ou un commun, commencez la ligne par son adresse, par exemple /pacts/12.
field-meeting-agenda-too-long = Un ordre du jour a au plus 50 points
field-meeting-agenda-invalid = Chaque point a au plus 200 caractères
field-meeting-agenda-link-unknown = Un pacte ou un commun lié n'existe pas ou n'est pas public
field-meeting-minutes-required = Rédigez le procès-verbal
