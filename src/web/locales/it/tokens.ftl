# Token di decarbonizzazione.

field-claim-methodology-invalid = Scegli una metodologia e la sua versione, per esempio PV01@1
field-claim-asset-invalid = Indica il codice dell'impianto o del contatore: lettere, cifre, - _ . o /, al massimo 64
field-claim-date-invalid = Indica una data nel formato AAAA-MM-GG
field-claim-not-finished = Una richiesta riguarda un periodo concluso: deve terminare prima di oggi
field-claim-ends-before-start = Il periodo deve terminare il giorno in cui inizia o dopo
field-claim-too-long = Una richiesta copre al massimo 366 giorni
