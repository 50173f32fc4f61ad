# L'entretien du registre : modifier, retirer, réexaminer, fusionner les doublons, modérer les photos.
owner-unknown = Inconnu
condition-good = Bon
condition-fair = Moyen
condition-poor = Mauvais
condition-unusable = Inutilisable
condition-unknown = Inconnu
status-retired = Retiré
status-merged = Fusionné avec un autre commun
commons-event-edited = Modifié
commons-event-retired = Retiré par la ville
commons-event-reconsidered = Réexaminé par la ville
commons-event-merged-into = Fusionné comme doublon avec un autre commun
commons-event-merged-from = Un doublon a été fusionné avec ce commun
commons-event-photo-deleted = Photo supprimée
commons-event-photo-hidden = Photo masquée par la ville
commons-event-photo-shown = Photo de nouveau visible
ledger-kind-commons-retired = Un commun a été retiré
ledger-kind-commons-merged = Un commun en double a été fusionné avec un autre
field-commons-condition-invalid = Choisissez un état dans la liste
field-commons-edit-reason-required = Dites pourquoi vous faites ce changement (au moins 5 caractères)
error-commons-edited-meanwhile = Quelqu'un a modifié ce commun pendant que vous le modifiiez. Rouvrez le formulaire pour voir sa modification, puis faites la vôtre.
error-commons-merged = Ce commun a déjà été fusionné avec un autre.
field-commons-merge-unknown = Il n'y a pas de commun avec ce numéro
field-commons-merge-same = Un commun ne peut pas être fusionné avec lui-même
field-commons-merge-unfit = Ce commun ne peut pas recevoir le doublon : il a été refusé ou fusionné lui-même
field-commons-merge-into-invalid = Tapez le numéro du commun à garder, par exemple 12
commons-edited = Les modifications sont enregistrées et ajoutées à l'historique.
commons-edit-nothing = Rien n'a été changé.
commons-merged = Le doublon a été fusionné : ses pactes, appels et photos sont maintenant ici, et son ancienne adresse mène ici.
commons-retired = Le commun a été retiré. Il reste visible comme retiré.
commons-reconsidered = La proposition est de nouveau à l'examen.
commons-photo-deleted = La photo a été supprimée.
commons-photo-hidden = La photo est masquée au public.
commons-photo-shown = La photo est de nouveau visible.
commons-office-fields = Ce que le service des communs enregistre
commons-office-fields-hint = Seuls les agents de la ville modifient ces champs.
field-commons-asset-code = Code patrimonial ou cadastral
field-commons-asset-code-hint = Comme dans l'inventaire du patrimoine de la ville ou au cadastre, s'il existe.
field-commons-condition = État
field-commons-restrictions = Contraintes patrimoniales ou d'usage
field-commons-restrictions-hint = Bâtiment classé, arbres protégés, horaires fixés par le propriétaire, etc.
commons-edit-title = Modifier « { $name } »
commons-edit-intro = Chaque modification reste dans l'historique public du commun, avec votre nom et votre raison.
field-commons-edit-reason = Pourquoi vous faites ce changement
field-commons-edit-reason-hint = Affiché dans l'historique, par exemple « L'adresse était fausse ».
commons-edit-submit = Enregistrer les modifications
commons-edit-cancel = Annuler
commons-edit-link = Modifier ce commun
commons-retired-on = Retiré le { $date }.
commons-photo-is-hidden = Masquée au public :
commons-photo-delete = Supprimer
commons-photo-delete-named = Supprimer la photo « { $alt } »
commons-photo-show = La rendre visible
commons-photo-hide = Masquer cette photo
field-photo-hide-reasons = Pourquoi elle est masquée (au moins 10 caractères)
commons-photo-hide-submit = Masquer la photo
commons-changes-count = { $count ->
    [one] Un champ modifié
   *[other] { $count } champs modifiés
}
commons-field-name = Nom
commons-field-description = Description
commons-field-kind = Type
commons-field-category = Catégorie
commons-field-provisioning = Systèmes d'approvisionnement
commons-field-location = Emplacement
commons-field-site = Périmètre
commons-field-address = Adresse
commons-field-owner = Propriétaire
commons-field-why = Pourquoi c'est un commun
commons-field-rules = Règles d'usage
commons-field-licence = Licence
commons-field-asset-code = Code patrimonial ou cadastral
commons-field-condition = État
commons-field-restrictions = Contraintes
commons-decision-retire = Retirer
commons-decision-reconsider = Réexaminer
commons-merge-title = Fusionner un doublon
commons-merge-intro = Si ce commun a été enregistré deux fois, fusionnez-le avec celui à garder : ses pactes, appels et photos y passent et l'adresse de cette page y mène.
field-commons-merge-into = Numéro du commun à garder
field-commons-merge-into-hint = Le numéro à la fin de son adresse, comme dans /commons/12.
commons-merge-submit = Fusionner avec ce commun
commons-timeline = Chronologie de l'entretien
commons-volunteer-hours = { $hours ->
    [one] Une heure de bénévolat déclarée
   *[other] { $hours } heures de bénévolat déclarées
}
commons-timeline-json = La chronologie en JSON
timeline-pact-draft = Un pacte a été rédigé
timeline-pact-submitted = Un pacte a été proposé
timeline-pact-awaiting-integration = La ville a demandé des compléments sur un pacte
timeline-pact-published = Un pacte a été publié pour observations
timeline-pact-in-review = Un pacte est passé à l'instruction des services
timeline-pact-co-design = Un pacte est entré en co-conception
timeline-pact-rejected = Un pacte a été refusé
timeline-pact-awaiting-signatures = Le texte d'un pacte attend les signatures
timeline-pact-signed = Un pacte a été signé
timeline-pact-monitoring = Un pacte est en vigueur et suivi
timeline-pact-suspended = Un pacte a été suspendu
timeline-pact-concluded = Un pacte a été conclu
timeline-pact-withdrawn = Un pacte a été retiré
timeline-pact-report = { $hours ->
    [one] Un rapport de suivi : une heure de bénévolat
   *[other] Un rapport de suivi : { $hours } heures de bénévolat
}
timeline-pact-adherents = { $count ->
    [one] Une personne a rejoint un pacte
   *[other] { $count } personnes ont rejoint un pacte
}
timeline-call-published = La ville a publié un appel
timeline-call-chosen = La ville a choisi une proposition dans un appel
timeline-call-cancelled = La ville a annulé un appel
