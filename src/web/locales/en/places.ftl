# Pactum (en), places: addresses from the street gazetteer, and districts in levels.

## Address fields
places-address-hint = A street and house number, for example Via Zamboni 33. Leave the coordinates empty and they are taken from the address.
places-address-several = Several addresses match: pick one.
places-address-none = No address in the city's street list matches. Check the spelling, or give the coordinates.
places-address-pick = Which address do you mean?
places-address-more = More addresses match: add the house number to narrow them.
places-suggestions-count = Suggestions:
places-suggestions-none = No address matches.
places-near-label = Address
places-near-hint = A street and house number, for example Via Zamboni 33; or give the coordinates.
places-near-address = Near { $address }

## District levels
places-level-n = Level { $level }
places-stats-level = Group the districts by level
places-stats-level-submit = Show
places-district-layer = Show the district outlines on the map
