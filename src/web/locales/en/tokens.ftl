# Decarbonisation tokens.

field-claim-methodology-invalid = Choose a methodology and its version, such as PV01@1
field-claim-asset-invalid = Give the asset or meter id: letters, digits, - _ . or /, at most 64
field-claim-date-invalid = Give a date as YYYY-MM-DD
field-claim-not-finished = A claim is for a finished period: it must end before today
field-claim-ends-before-start = The period must end on or after the day it starts
field-claim-too-long = One claim covers at most 366 days
